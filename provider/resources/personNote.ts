import * as pulumi from "@pulumi/pulumi";
import { propsWithUnknownArgs, refuseImportOption } from "../core/resourceArgs";
import { warnAboutConfigOnce } from "../plugin/configWarnings";
import { SERVICES, type NoteCrmName } from "../services";
import { providerShim } from "../shim";

// One shim object for every resource of this kind: @pulumi/pulumi caches the serialized
// provider by object identity, so the closure serializer runs once per kind, not once per
// resource (issue #14). The text is the same either way (test/pure/shim/identity.test.ts).
const NOTE_PROVIDER = providerShim("crm:PersonNote");

/** Arguments of a {@link PersonNote}. */
export interface PersonNoteArgs {
  /** The id of the person the note is on (a `CrmPerson`'s `id`). A change replaces the note. */
  readonly personId: pulumi.Input<string>;
  /** The CRM: one with a notes API. Default: the first such CRM of the registry. A change replaces the note. */
  readonly crm?: NoteCrmName;
  /** The note's title. */
  readonly title?: pulumi.Input<string>;
  /** The note's text. */
  readonly description?: pulumi.Input<string>;
  /** Whether the note is flagged (flagged notes are listed first). */
  readonly flagged?: pulumi.Input<boolean>;
  /** Whether the note is private to its author. */
  readonly isPrivate?: pulumi.Input<boolean>;
  /** The author, an IRI `/users/{id}`. */
  readonly author?: pulumi.Input<string>;
  /** The category, an IRI `/note_categories/{id}`. */
  readonly category?: pulumi.Input<string>;
  /**
   * Adopt an existing note of the person instead of creating one: the note's id. On create
   * the provider reads the note and patches it to this program's values.
   */
  readonly importId?: pulumi.Input<string>;
}

/**
 * A note on a CRM person (in a CRM with a notes API: RogerRoger). Only the fields the program sets are managed, as for
 * {@link CrmPerson}; updates are one RFC 7396 merge PATCH; a change of `personId` replaces
 * the note; deleting the person deletes its notes with it.
 */
export class PersonNote extends pulumi.dynamic.Resource {
  /** The id of the person the note is on. */
  declare readonly personId: pulumi.Output<string>;
  /** The CRM the note is in. */
  declare readonly crm: pulumi.Output<NoteCrmName>;
  /** The title, as the CRM holds it (when managed). */
  declare readonly title: pulumi.Output<string | undefined>;
  /** The text (when managed). */
  declare readonly description: pulumi.Output<string | undefined>;
  /** Whether the note is flagged (when managed). */
  declare readonly flagged: pulumi.Output<boolean | undefined>;
  /** Whether the note is private (when managed). */
  declare readonly isPrivate: pulumi.Output<boolean | undefined>;
  /** The author IRI (when managed). */
  declare readonly author: pulumi.Output<string | undefined>;
  /** The category IRI (when managed). */
  declare readonly category: pulumi.Output<string | undefined>;
  /** The id of the adopted note, when adopted with `importId`. */
  declare readonly importId: pulumi.Output<string | undefined>;
  /** The note fields the program manages. */
  declare readonly managedFields: pulumi.Output<string[]>;

  constructor(name: string, args: PersonNoteArgs, opts?: pulumi.CustomResourceOptions) {
    warnAboutConfigOnce(SERVICES); // config keys that are typos, once per program run
    refuseImportOption("PersonNote", name, opts);
    const props = {
      personId: args.personId,
      crm: args.crm,
      title: args.title,
      description: args.description,
      flagged: args.flagged,
      isPrivate: args.isPrivate,
      author: args.author,
      category: args.category,
      importId: args.importId,
      managedFields: undefined,
      // Its own name, for the warning about a rename without aliases (core/check.ts RESOURCE_NAME_KEY).
      __resourceName: name,
    };
    super(NOTE_PROVIDER, name, propsWithUnknownArgs(props, args), opts, "crm", "PersonNote");
  }
}

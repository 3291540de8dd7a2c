import * as pulumi from "@pulumi/pulumi";
import { propsWithUnknownArgs, refuseImportOption } from "../core/resourceArgs";
import type { PhoneNumber, PostalAddress } from "../crm/types";
import { warnAboutConfigOnce } from "../plugin/configWarnings";
import { SERVICES, type CrmName, type CrmPersonArgs } from "../services";
import { providerShim } from "../shim";

// One shim object for every resource of this kind: @pulumi/pulumi caches the serialized
// provider by object identity, so the closure serializer runs once per kind, not once per
// resource (issue #14). The text is the same either way (test/pure/shim/identity.test.ts).
const PERSON_PROVIDER = providerShim("crm:Person");

/**
 * A person in one CRM: RogerRoger, Outseta or the Rollout Universal CRM (`crm`).
 *
 * - Only the fields the program sets are managed: a field set by hand in the CRM is never
 *   cleared and never drift; a managed field changed by hand is drift; a field the program
 *   stops setting is cleared once, then left alone.
 * - create: looks the e-mail up first (shared with the creates of the moment), then one POST.
 *   A person holding the e-mail with exactly the program's values is adopted (an earlier,
 *   interrupted create of this resource may have made it); one with other values is never
 *   overwritten: the create refuses, unless `allowDuplicateEmail` (RogerRoger, the Universal
 *   CRM) lets it make a second person. With `importId`, adopts that person instead and
 *   patches it to the program's values.
 * - update: one request with what changed (RogerRoger: an RFC 7396 merge PATCH; Outseta and
 *   the Universal CRM: a PUT of the changed fields), none when nothing changed.
 * - delete: one DELETE (already gone counts as deleted). A change of `crm` replaces the person.
 */
export class CrmPerson extends pulumi.dynamic.Resource {
  /** The CRM the person lives in. */
  declare readonly crm: pulumi.Output<CrmName>;
  /** First name, as the CRM holds it (managed fields only; undefined when not managed). */
  declare readonly givenName: pulumi.Output<string | undefined>;
  /** Last name, as the CRM holds it (when managed). */
  declare readonly familyName: pulumi.Output<string | undefined>;
  /** E-mail addresses, primary first, lower-case (when managed). */
  declare readonly emails: pulumi.Output<string[] | undefined>;
  /** Phone numbers, primary first (when managed). */
  declare readonly phones: pulumi.Output<PhoneNumber[] | undefined>;
  /** The postal address, country as an ISO 3166-1 alpha-2 code (when managed). */
  declare readonly address: pulumi.Output<PostalAddress | undefined>;
  /** Job title (when managed). */
  declare readonly jobTitle: pulumi.Output<string | undefined>;
  /** The managed backend-native properties, by their API names. */
  declare readonly fields: pulumi.Output<Record<string, unknown> | undefined>;
  /** The id of the adopted person, when the person was adopted with `importId`. */
  declare readonly importId: pulumi.Output<string | undefined>;
  /** Whether the create could make a second person with an e-mail in use (RogerRoger, the Universal CRM). */
  declare readonly allowDuplicateEmail: pulumi.Output<boolean | undefined>;
  /** The fields the program manages, e.g. `["familyName", "emails", "fields.tags"]`. */
  declare readonly managedFields: pulumi.Output<string[]>;
  /** Backend ids the provider keeps for later updates (Outseta: `mailingAddressUid`). */
  declare readonly backendRefs: pulumi.Output<Record<string, string> | undefined>;

  constructor(name: string, args: CrmPersonArgs, opts?: pulumi.CustomResourceOptions) {
    warnAboutConfigOnce(SERVICES); // config keys that are typos, once per program run
    refuseImportOption("CrmPerson", name, opts);
    // Every output key must be among the props for the output to exist (undefined when absent).
    const props = {
      crm: args.crm,
      givenName: args.givenName,
      familyName: args.familyName,
      emails: args.emails,
      phones: args.phones,
      address: args.address,
      jobTitle: args.jobTitle,
      fields: args.fields,
      importId: args.importId,
      allowDuplicateEmail: "allowDuplicateEmail" in args ? args.allowDuplicateEmail : undefined,
      managedFields: undefined,
      backendRefs: undefined,
      // Its own name, for the warning about a rename without aliases (core/check.ts RESOURCE_NAME_KEY).
      __resourceName: name,
    };
    super(PERSON_PROVIDER, name, propsWithUnknownArgs(props, args), opts, "crm", "Person");
  }
}

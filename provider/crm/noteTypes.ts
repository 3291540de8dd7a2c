import type * as pulumi from "@pulumi/pulumi";

/** Arguments of a {@link PersonNote}. */
export interface PersonNoteArgs {
  /** The id of the person the note is on (a `CrmPerson`'s `id`). A change replaces the note. */
  readonly personId: pulumi.Input<string>;
  /** The CRM: only RogerRoger has a notes API here. Default `"rogerroger"`. A change replaces the note. */
  readonly crm?: "rogerroger";
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

/** The note fields, as the provider models them (absent = not set). */
export interface NoteFields {
  title?: string;
  description?: string;
  flagged?: boolean;
  isPrivate?: boolean;
  author?: string;
  category?: string;
}

/** Inputs after `check`. */
export interface PersonNoteInputs extends NoteFields {
  crm: "rogerroger";
  personId: string;
  importId?: string;
}

/** Outputs: the live values of the managed fields, and which fields are managed. */
export interface PersonNoteOutputs extends PersonNoteInputs {
  /** The note fields the program manages (see ownership.ts). */
  managedFields: string[];
}

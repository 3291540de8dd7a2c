/** The note fields, as the provider models them (absent = not set). */
export interface NoteFields {
  title?: string;
  description?: string;
  flagged?: boolean;
  isPrivate?: boolean;
  author?: string;
  category?: string;
}

/** Every note field, in the order they are shown. */
export const NOTE_FIELD_NAMES = ["title", "description", "flagged", "isPrivate", "author", "category"] as const;

/** Inputs after `check`. */
export interface PersonNoteInputs extends NoteFields {
  crm: string;
  personId: string;
  importId?: string;
  /** The resource's own name in the program (RESOURCE_NAME_KEY in core/check.ts); never diffed. */
  __resourceName?: string;
}

/** Outputs: the live values of the managed fields, and which fields are managed. */
export interface PersonNoteOutputs extends PersonNoteInputs {
  /** The note fields the program manages (see ownership.ts). */
  managedFields: string[];
}

/** A live note mapped to the model. */
export interface LiveNote {
  id: string;
  model: NoteFields;
}

/** The notes API of a backend: each method at most one request. */
export interface NotesApi {
  read(personId: string, id: string): Promise<LiveNote | undefined>;
  get(personId: string, id: string): Promise<LiveNote | undefined>;
  create(personId: string, after: NoteFields): Promise<LiveNote>;
  /** Every note of the person, through lookups shared with the other note creates on it (core/keyLookup.ts). */
  findExisting(personId: string): Promise<LiveNote[]>;
  /** Takes a found note for one resource; false when another resource of this process took it. */
  claim(personId: string, id: string): boolean;
  /** True when a resource of this process created or adopted the note. */
  taken(personId: string, id: string): boolean;
  /** Forgets what the lookups know about the person's notes. */
  forgetLookups(personId: string): void;
  /** One write from `before` to `after`; undefined (no request) when nothing changed. */
  update(personId: string, id: string, before: NoteFields, after: NoteFields): Promise<LiveNote | undefined>;
  delete(personId: string, id: string): Promise<void>;
}

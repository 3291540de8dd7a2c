/**
 * What a CRM service adds to its profile to back CrmPerson (and PersonNote): its rules and
 * its API in the resources' terms. The resources themselves (person/, note/) know no CRM.
 */
import type { Failures } from "../core/check";
import type { JsonValue } from "../core/normalize";
import type { ServiceProfile } from "../plugin/profile";
import type { PersonListing } from "./listing";
import type { CrmPresentation } from "./presentation";
import type { LiveNote, NotesApi, PersonNoteInputs } from "./note/types";
import type { CrmPersonInputs, PersonModel } from "./types";

/** A live person mapped to the model: the one mapping used after create, read and update. */
export interface LivePerson {
  /** The person's id in the CRM: the resource id. */
  id: string;
  /** Every field the model knows, as the CRM holds it. */
  model: PersonModel;
  /** Backend ids a later update needs (e.g. the id of an address row). */
  refs?: Record<string, string>;
}

/** The API side of one backend: each method is at most one request in the steady state. */
export interface PersonApi {
  /** Reads a person through the service's batched list reader; undefined when gone. */
  read(id: string): Promise<LivePerson | undefined>;
  /** Reads one person directly, one GET (`adopt --ids`); undefined when there is none with this id. */
  get(id: string): Promise<LivePerson | undefined>;
  /** Creates a person with the managed fields of `after` (one POST; see findExisting). */
  create(after: PersonModel): Promise<LivePerson>;
  /**
   * The people who may already be `after`: those holding its natural key (its e-mail), found
   * through lookups shared with the other creates of the moment (core/keyLookup.ts).
   * Undefined when `after` has no natural key on this CRM (no e-mail).
   */
  findExisting(after: PersonModel): Promise<LivePerson[] | undefined>;
  /**
   * Hints from `check` for the lookups of creates (core/keyLookup.ts): a person about to be
   * created (`announce`), or one that exists (`inUse`). Never a request.
   */
  announce(after: PersonModel): void;
  inUse(): void;
  /** Takes a found person for one resource; false when another resource of this process took it. */
  claim(id: string): boolean;
  /** True when a resource of this process created or adopted the person: it is not another's to find. */
  taken(id: string): boolean;
  /** Forgets what the lookups know (before looking again after a lost response). */
  forgetLookups(): void;
  /**
   * Writes the change from `before` to `after` (both documents of managed fields only, see
   * ownership.ts) in one request, or none when there is nothing to write (returns undefined).
   */
  update(id: string, before: PersonModel, after: PersonModel, refs: Record<string, string> | undefined): Promise<LivePerson | undefined>;
  /** Deletes a person; a person that is already gone counts as deleted. */
  delete(id: string): Promise<void>;
}

/** One CRM behind CrmPerson. */
export interface PersonBackend<S = unknown> {
  /** The CRM's name in messages. */
  readonly title: string;
  /**
   * Whether the CRM's API lets two people share an e-mail, so that a CrmPerson may opt in to
   * a second one (`allowDuplicateEmail`); where e-mails are unique the input is refused at check.
   */
  readonly duplicateEmails: boolean;
  /** The backend's own rules, checked locally (no API call) after the common ones. */
  check(inputs: CrmPersonInputs, failures: Failures): void;
  /** Normalises native field values so equal values compare equal (used by check and reads). */
  normalizeFields(fields: Record<string, JsonValue>): Record<string, JsonValue>;
  /** Normalises an importId (e.g. an IRI to its id). */
  normalizeId(id: string): string;
  /** The person API over the ready service. */
  api(service: S): PersonApi;
}

/** One CRM behind PersonNote. */
export interface NotesBackend<S = unknown> {
  /** The CRM's own rules (e.g. IRIs), checked locally after the common ones. */
  check(inputs: PersonNoteInputs, failures: Failures, news: Record<string, unknown>): void;
  /** Normalises a person id (e.g. its IRI to the id). */
  normalizePersonId(id: string): string;
  /** Normalises a note importId (e.g. its IRI to the id). */
  normalizeId(id: string): string;
  api(service: S): NotesApi;
}

/** The profile of a CRM service. `Args` is the type of CrmPerson's arguments on it (type only). */
export interface CrmProfile<S = any, Args = unknown> extends ServiceProfile<S> {
  /** The CRM's name in prose ("the Rollout Universal CRM"). */
  readonly prose: string;
  readonly person: PersonBackend<S>;
  readonly notes?: NotesBackend<S>;
  /** Every person, page by page (`adopt`, `drift --unmanaged`, `sweep`); without it those say no list is known. */
  readonly listing?: PersonListing<S, LivePerson>;
  /** Its titles and the names `adopt` gives it; undefined: derived from its name and `prose`. */
  readonly presentation?: CrmPresentation;
  /** Never set: carries `Args` so the registry can derive CrmPersonArgs. */
  readonly args?: Args;
}

export type { LiveNote };

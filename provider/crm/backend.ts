import type { Failures } from "../core/check";
import type { JsonValue } from "../core/normalize";
import type { CrmName, CrmPersonInputs, PersonModel } from "./types";

/** A live person mapped to the model: the one mapping used after create, read and update. */
export interface LivePerson {
  /** The person's id in the CRM: the resource id. */
  id: string;
  /** Every field the model knows, as the CRM holds it. */
  model: PersonModel;
  /** Backend ids a later update needs (Outseta: the mailing address's Uid). */
  refs?: Record<string, string>;
}

/** The API side of one backend: each method is at most one request in the steady state. */
export interface PersonApi {
  /** Reads a person through the service's batched list reader; undefined when gone. */
  read(id: string): Promise<LivePerson | undefined>;
  /** Reads one person directly (adoption); undefined when there is none with this id. */
  get(id: string): Promise<LivePerson | undefined>;
  /** Creates a person with the managed fields of `after`. */
  create(after: PersonModel): Promise<LivePerson>;
  /**
   * Writes the change from `before` to `after` (both documents of managed fields only, see
   * ownership.ts) in one request, or none when there is nothing to write (returns undefined).
   */
  update(id: string, before: PersonModel, after: PersonModel, refs: Record<string, string> | undefined): Promise<LivePerson | undefined>;
  /** Deletes a person; a person that is already gone counts as deleted. */
  delete(id: string): Promise<void>;
}

/** One CRM behind CrmPerson. */
export interface PersonBackend {
  readonly crm: CrmName;
  /** The CRM's name in messages. */
  readonly title: string;
  /** The backend's own rules, checked locally (no API call) after the common ones. */
  check(inputs: CrmPersonInputs, failures: Failures): void;
  /** Normalises native field values so equal values compare equal (used by check and reads). */
  normalizeFields(fields: Record<string, JsonValue>): Record<string, JsonValue>;
  /** Normalises an importId (e.g. an IRI to its id). */
  normalizeId(id: string): string;
  /** The backend's API, built from config on first use; throws ConfigError when a credential is missing. */
  connect(): PersonApi;
}

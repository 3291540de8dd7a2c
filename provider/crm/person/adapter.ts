/**
 * The generic person adapter: a CRM's person endpoints and its mapping to the model make
 * the PersonApi of CrmPerson. Each CRM folder brings only what differs (its endpoints, its
 * field names); the request pattern (one request per method, partial write bodies, the
 * natural-key guard around a create) is written once, here.
 */
import type { JsonObject, JsonValue } from "../../core/normalize";
import { ApiError } from "../../http/errors";
import { fieldPath, managedPerson, PERSON_OWNERSHIP, personManagedKeys, writePlan } from "../ownership";
import type { LivePerson, PersonApi } from "../profile";
import type { CommonField, PersonModel } from "../types";

/** One managed key of a person, typed: a common field, or one native property of `fields`. */
export type PersonPath = { readonly common: CommonField; readonly native?: undefined } | { readonly common?: undefined; readonly native: string };

export function personPath(key: string): PersonPath {
  const { member, field } = fieldPath(key, PERSON_OWNERSHIP);
  return member === undefined ? { common: field as CommonField } : { native: member };
}

/** Writes the API properties of one managed path of `after` into `body` (absent in `after`: cleared). */
export type PathWriter = (body: JsonObject, path: PersonPath, after: PersonModel, refs: Record<string, string> | undefined) => void;

/** Sets a property by name, even one named like an Object.prototype member (`constructor`). */
export function setProperty(body: JsonObject, name: string, value: JsonValue): void {
  Object.defineProperty(body, name, { value, enumerable: true, writable: true, configurable: true });
}

/** The native property of a path: `after`'s value, or null to clear it. */
export function writeNative(body: JsonObject, name: string, after: PersonModel): void {
  setProperty(body, name, after.fields?.[name] ?? null);
}

/** The body of a create: every managed field of `after`. */
export function createBodyOf(after: PersonModel, write: PathWriter): JsonObject {
  const body: JsonObject = {};
  for (const key of writePlan({}, after, PERSON_OWNERSHIP).set) write(body, personPath(key), after, undefined);
  return body;
}

/**
 * The body of a partial update: the managed fields that changed or stopped being managed
 * (cleared); undefined when nothing did.
 */
export function updateBodyOf(before: PersonModel, after: PersonModel, refs: Record<string, string> | undefined, write: PathWriter): JsonObject | undefined {
  const plan = writePlan(before, after, PERSON_OWNERSHIP);
  if (plan.set.length === 0 && plan.clear.length === 0) return undefined;
  const body: JsonObject = {};
  for (const key of [...plan.set, ...plan.clear]) write(body, personPath(key), after, refs);
  return body;
}

/** A CRM's person endpoints, one request each (`read` goes through the service's batched reader). */
export interface PersonEndpoints<T> {
  read(id: string): Promise<T | undefined>;
  get(id: string): Promise<T | undefined>;
  create(body: JsonObject): Promise<T>;
  update(id: string, body: JsonObject): Promise<T>;
  delete(id: string): Promise<unknown>;
  /**
   * The person holding the natural key of `after` (e.g. an e-mail unique in the account),
   * for CRMs that have one: looked up before a create, and after a create whose outcome is
   * unknown instead of repeating it.
   */
  findByNaturalKey?(after: PersonModel): Promise<T | undefined>;
}

/** The person methods every CRM API class here has, one request each. */
export interface PersonRequests<T> {
  getPerson(id: string): Promise<T | undefined>;
  createPerson(body: JsonObject): Promise<T>;
  /** The CRM's partial update (a merge PATCH or a partial PUT). */
  updatePerson(id: string, body: JsonObject): Promise<T>;
  deletePerson(id: string): Promise<unknown>;
}

/** The endpoints of a CRM API class, with reads through the service's batched reader. */
export function personEndpoints<T>(api: PersonRequests<T>, reader: { get(id: string): Promise<T | undefined> }): PersonEndpoints<T> {
  return {
    read: (id) => reader.get(id),
    get: (id) => api.getPerson(id),
    create: (body) => api.createPerson(body),
    update: (id, body) => api.updatePerson(id, body),
    delete: (id) => api.deletePerson(id),
  };
}

/** A CRM's mapping between its records and the model. */
export interface PersonMapping<T> {
  fromApi(record: T): LivePerson;
  createBody(after: PersonModel): JsonObject;
  updateBody(before: PersonModel, after: PersonModel, refs: Record<string, string> | undefined): JsonObject | undefined;
  /** The message when a create finds the natural key taken (with `findByNaturalKey`). */
  duplicate?(after: PersonModel, existing: LivePerson): string;
}

export function personAdapter<T>(endpoints: PersonEndpoints<T>, mapping: PersonMapping<T>): PersonApi {
  const live = (record: T | undefined): LivePerson | undefined => (record === undefined ? undefined : mapping.fromApi(record));
  const adapter: PersonApi = {
    read: async (id) => live(await endpoints.read(id)),
    get: async (id) => live(await endpoints.get(id)),

    async create(after) {
      const find = endpoints.findByNaturalKey?.bind(endpoints);
      if (find) {
        // An existing person is adopted, never overwritten.
        const existing = live(await find(after));
        if (existing) throw new Error(mapping.duplicate?.(after, existing) ?? `a person like this already exists (id ${existing.id})`);
      }
      try {
        return mapping.fromApi(await endpoints.create(mapping.createBody(after)));
      } catch (err) {
        // The create may have reached the CRM (lost response, 5xx): look the natural key up instead of repeating it.
        if (!find || !(err instanceof ApiError && err.outcomeUnknown)) throw err;
        const found = live(await find(after));
        if (!found) throw err;
        const before = managedPerson(found.model, personManagedKeys(after));
        return (await adapter.update(found.id, before, after, found.refs)) ?? found;
      }
    },

    async update(id, before, after, refs) {
      const body = mapping.updateBody(before, after, refs);
      return body === undefined ? undefined : mapping.fromApi(await endpoints.update(id, body));
    },

    async delete(id) {
      await endpoints.delete(id);
    },
  };
  return adapter;
}

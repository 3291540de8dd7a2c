/**
 * The generic person adapter: a CRM's person endpoints and its mapping to the model make
 * the PersonApi of CrmPerson. Each CRM folder brings only what differs (its endpoints, its
 * field names); the request pattern (one request per method, partial write bodies, the
 * natural-key lookups of creates) is written once, here.
 */
import type { JsonObject, JsonValue } from "../../core/normalize";
import type { KeyLookup } from "../../core/keyLookup";
import { fieldPath, PERSON_OWNERSHIP, writePlan } from "../ownership";
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
  /** A resource with state holds a person of this CRM (its `check`): a hint for the lookups and the reader, never a request. */
  inUse?(): void;
  /**
   * The CRM's people by lower-case e-mail, the natural key a create is checked against
   * (core/keyLookup.ts): shared between the creates of the moment, kept current by writes.
   */
  byEmail?: KeyLookup<T>;
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
export function personEndpoints<T>(api: PersonRequests<T>, reader: { get(id: string): Promise<T | undefined>; inUse?(): void }, byEmail?: KeyLookup<T>): PersonEndpoints<T> {
  return {
    byEmail,
    read: (id) => reader.get(id),
    inUse: () => {
      byEmail?.inUse();
      reader.inUse?.();
    },
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
}

/** The natural key of a person: its first e-mail, lower-case. */
function keyOf(after: PersonModel): string | undefined {
  const email = after.emails?.[0];
  return typeof email === "string" ? email.trim().toLowerCase() : undefined;
}

export function personAdapter<T>(endpoints: PersonEndpoints<T>, mapping: PersonMapping<T>): PersonApi {
  const live = (record: T | undefined): LivePerson | undefined => (record === undefined ? undefined : mapping.fromApi(record));
  const adapter: PersonApi = {
    read: async (id) => live(await endpoints.read(id)),
    get: async (id) => live(await endpoints.get(id)),

    // The natural-key guard around a create lives in person/provider.ts (findOwn): it needs
    // the program's managed fields to tell this program's own record from another.
    create: async (after) => mapping.fromApi(await endpoints.create(mapping.createBody(after))),
    async findExisting(after) {
      const email = keyOf(after);
      if (!endpoints.byEmail || email === undefined) return undefined;
      return (await endpoints.byEmail.find(email)).map(mapping.fromApi);
    },
    announce(after) {
      const email = keyOf(after);
      if (email !== undefined) endpoints.byEmail?.announce(email);
    },
    inUse: () => (endpoints.inUse ? endpoints.inUse() : endpoints.byEmail?.inUse()),
    claim: (id) => endpoints.byEmail?.claim(id) ?? true,
    taken: (id) => endpoints.byEmail?.taken(id) ?? false,
    forgetLookups: () => endpoints.byEmail?.invalidate(),

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

/**
 * `/people` and `/people/{id}` (the API's examples). POST → 201, PUT replaces every writable field,
 * PATCH is an RFC 7396 merge patch over the writable view then validated like a PUT (so a
 * patch that clears `familyName` is a 422), DELETE → 204 (not in RogerRoger's docs; API
 * Platform's default, flagged unverified in RogerRoger's API documentation).
 *
 * Note on PATCH: API Platform without `deep_object_to_populate` may replace an embedded
 * object such as `address` wholesale; the emulator follows RFC 7396 (nested merge), which
 * is what the `application/merge-patch+json` content type promises.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { applyMergePatch } from "../core/mergePatch";
import { resourceRoutes, type Route } from "../core/router";
import type { Handler } from "../core/service";
import type { ApiRequest } from "../core/types";
import { collection, paging, type SearchVariable } from "./collection";
import { deserialize } from "./serializer";
import { MERGE_PATCH, WRITE_FORMATS, assertValid, booleanParam, filterValues, ld, notFound, readBody } from "./http";
import { PERSON_FIELDS, personIri, personView, validatePerson, type PersonRecord } from "./schema";
import type { RogerRogerStore } from "./store";

type H = Handler<RogerRogerStore>;

const SEARCH: SearchVariable[] = [
  { variable: "q", property: null },
  { variable: "owner.id", property: "owner.id" },
  { variable: "owner.id[]", property: "owner.id" },
  { variable: "emailAddresses.email", property: "emailAddresses.email" },
  { variable: "emailAddresses.email[]", property: "emailAddresses.email" },
  { variable: "tags.id", property: "tags.id" },
  { variable: "tags.id[]", property: "tags.id" },
  { variable: "segments.uuid", property: "segments.uuid" },
  { variable: "segments.uuid[]", property: "segments.uuid" },
  { variable: "exists[archivedAt]", property: "archivedAt" },
  { variable: "order[familyName]", property: "familyName" },
  { variable: "order[createdAt]", property: "createdAt" },
  { variable: "view", property: null },
];

const lastSegment = (iri: unknown): string => (typeof iri === "string" ? iri.slice(iri.lastIndexOf("/") + 1) : "");

/**
 * The documented filters. `emailAddresses.email` is exact and case-insensitive (open
 * question 7: MySQL's default collation); relation filters take ids (or whole IRIs); `q`
 * is a case-insensitive substring search over names and e-mails (its fields are not
 * documented). Unknown parameters are ignored, as API Platform ignores them.
 */
function filter(req: ApiRequest, people: PersonRecord[]): PersonRecord[] {
  const anyOf = (values: string[]): ((ids: string[]) => boolean) => {
    const wanted = new Set(values.map((v) => lastSegment(v)));
    return (ids) => values.length === 0 || ids.some((id) => wanted.has(id));
  };
  const emails = new Set(filterValues(req, "emailAddresses.email").map((e) => e.toLowerCase()));
  const owner = anyOf(filterValues(req, "owner.id"));
  const tags = anyOf(filterValues(req, "tags.id"));
  const segments = anyOf(filterValues(req, "segments.uuid"));
  const archived = booleanParam(req.query.get("exists[archivedAt]"));
  const q = req.query.get("q")?.toLowerCase();
  return people.filter(({ fields: f }) => {
    const addresses = (f.emailAddresses as { email: string | null }[]).map((e) => (e.email ?? "").toLowerCase());
    if (emails.size > 0 && !addresses.some((e) => emails.has(e))) return false;
    if (!owner([lastSegment(f.owner)])) return false;
    if (!tags((f.tags as string[]).map(lastSegment))) return false;
    if (!segments((f.segments as string[]).map(lastSegment))) return false;
    if (archived !== undefined && (f.archivedAt !== null) !== archived) return false;
    if (q) {
      const text = [f.givenName, f.familyName, f.additionalName, ...addresses].join(" ").toLowerCase();
      if (!text.includes(q)) return false;
    }
    return true;
  });
}

/** `order[familyName]` and `order[createdAt]`, applied in the order they appear in the query. */
function order(req: ApiRequest, people: PersonRecord[]): PersonRecord[] {
  const keys = [...req.query.entries()].filter(([k, v]) => /^order\[(familyName|createdAt)\]$/.test(k) && /^(asc|desc)$/i.test(v));
  if (keys.length === 0) return people;
  return [...people].sort((a, b) => {
    for (const [key, direction] of keys) {
      const sign = direction.toLowerCase() === "desc" ? -1 : 1;
      const cmp = key === "order[createdAt]"
        ? a.createdAt - b.createdAt
        : String(a.fields.familyName ?? "").localeCompare(String(b.fields.familyName ?? ""));
      if (cmp !== 0) return sign * cmp;
    }
    return 0;
  });
}

function find(store: RogerRogerStore, id: string): PersonRecord {
  return store.people.get(id) ?? notFound();
}

function addressId(fields: Record<string, unknown>, previous: string | null): string | null {
  return fields.address === null ? null : (previous ?? randomBytes(8).toString("hex"));
}

const listPeople: H = (req, _params, { store }) => {
  const page = paging(req);
  const people = order(req, filter(req, [...store.people.values()]));
  // `view=idx` reduces members to their ids (open question 5).
  const members = req.query.get("view") === "idx"
    ? people.map((p) => ({ "@id": personIri(p.id), "@type": "Person", id: p.id }))
    : people.map(personView);
  return ld(200, collection(req, { context: "/contexts/Person", members, paging: page, search: SEARCH }));
};

const createPerson: H = (req, _params, { store, clock }) => {
  const fields = deserialize(PERSON_FIELDS, readBody(req, WRITE_FORMATS));
  assertValid(validatePerson(fields));
  const now = clock.now();
  const record: PersonRecord = { id: randomUUID(), createdAt: now, updatedAt: now, addressId: addressId(fields, null), fields };
  store.people.set(record.id, record);
  return ld(201, personView(record), { location: personIri(record.id), "content-location": personIri(record.id) });
};

const getPerson: H = (_req, params, { store }) => ld(200, personView(find(store, params.id)));

function update(store: RogerRogerStore, record: PersonRecord, fields: Record<string, unknown>, now: number): PersonRecord {
  assertValid(validatePerson(fields));
  const updated = { ...record, fields, updatedAt: now, addressId: addressId(fields, record.addressId) };
  store.people.set(record.id, updated);
  return updated;
}

const replacePerson: H = (req, params, { store, clock }) => {
  const record = find(store, params.id);
  const fields = deserialize(PERSON_FIELDS, readBody(req, WRITE_FORMATS));
  return ld(200, personView(update(store, record, fields, clock.now())));
};

const patchPerson: H = (req, params, { store, clock }) => {
  const record = find(store, params.id);
  const merged = applyMergePatch(record.fields, readBody(req, MERGE_PATCH));
  const fields = deserialize(PERSON_FIELDS, merged);
  return ld(200, personView(update(store, record, fields, clock.now())));
};

const deletePerson: H = (_req, params, { store }) => {
  store.deletePerson(find(store, params.id).id);
  return { status: 204 };
};

export const peopleRoutes: readonly Route<H>[] = resourceRoutes("/people", "id", {
  collection: { GET: listPeople, POST: createPerson },
  item: { GET: getPerson, PUT: replacePerson, PATCH: patchPerson, DELETE: deletePerson },
});

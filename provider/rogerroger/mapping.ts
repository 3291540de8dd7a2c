/**
 * The one mapping between RogerRoger's JSON-LD people and notes and the model, used after
 * create, read and update, and the RFC 7396 merge patches between two models.
 *
 * Reads drop what RogerRoger adds by itself (`@context`, `@id`, `@type`, `id`, timestamps,
 * the `@context`/`@type` of each e-mail and the blank-node `@id` of the address), turn
 * `null` into "not set", and lower-case e-mails, so an unchanged person reads back equal.
 */
import { canonicalInstant } from "../core/instant";
import { createMergePatch } from "../core/mergePatch";
import type { JsonObject, JsonValue } from "../core/normalize";
import { normalizeEmail } from "../core/check";
import { setProperty } from "../crm/person/adapter";
import { NOTE_FIELD_NAMES, type NoteFields } from "../crm/note/types";
import type { LivePerson } from "../crm/profile";
import type { PersonModel, PhoneNumber, PostalAddress } from "../crm/types";
import type { ApiNote, ApiPerson } from "./types";

/** Writable person properties without a common field, passed through `fields` (see schema.ts for their types). */
export const NATIVE_FIELDS = [
  "additionalName",
  "initials",
  "customerId",
  "honorificPrefix",
  "isTracked",
  "linkedinId",
  "externalSource",
  "archivedAt",
  "owner",
  "tags",
  "segments",
  "organizations",
  "integrationParticipants",
  "dealSize",
  "totalDeals",
  "totalLostDeals",
  "totalWonDeals",
] as const;

/** RogerRoger's names of the common fields, for check messages. */
export const COMMON_NAMES: Readonly<Record<string, string>> = {
  givenName: "givenName",
  familyName: "familyName",
  jobTitle: "jobTitle",
  emailAddresses: "emails",
  phoneNumbers: "phones",
  address: "address",
};

const text = (value: unknown): string | undefined => (typeof value === "string" ? value : undefined);

/** The id of a person or note: `id`, else the last segment of `@id`. */
export function idOf(doc: { id?: string; "@id"?: string }): string {
  if (typeof doc.id === "string" && doc.id !== "") return doc.id;
  const iri = doc["@id"] ?? "";
  return iri.slice(iri.lastIndexOf("/") + 1);
}

/**
 * Date-times compare as instants (core/instant.ts): the API answers `+00:00` where a program
 * may write `Z`, and microseconds where it writes milliseconds. Exact, and the same on every
 * machine: `Date.parse` dropped digits past the millisecond and read a value without a zone
 * in the machine's local time.
 */
export function normalizeNativeFields(fields: Record<string, JsonValue>): Record<string, JsonValue> {
  const out = { ...fields };
  const instant = typeof out.archivedAt === "string" ? canonicalInstant(out.archivedAt) : undefined;
  if (instant !== undefined) out.archivedAt = instant;
  return out;
}

/** The model of a live person. */
export function personFromApi(person: ApiPerson): LivePerson {
  const model: PersonModel = {};
  const given = text(person.givenName);
  const family = text(person.familyName);
  const job = text(person.jobTitle);
  if (given !== undefined) model.givenName = given;
  if (family !== undefined) model.familyName = family;
  if (job !== undefined) model.jobTitle = job;
  model.emails = (person.emailAddresses ?? [])
    .map((e) => text(e?.email))
    .filter((e): e is string => e !== undefined && e !== "")
    .map(normalizeEmail);
  model.phones = (person.phoneNumbers ?? [])
    .filter((p) => typeof p?.phoneNumber === "string" && p.phoneNumber !== "")
    .map((p) => {
      const phone: PhoneNumber = { number: p.phoneNumber as string };
      if (typeof p.phoneType === "string" && p.phoneType !== "") phone.type = p.phoneType;
      return phone;
    });
  const address: PostalAddress = {};
  for (const key of ["street", "city", "postalCode", "country"] as const) {
    const value = text(person.address?.[key]);
    if (value !== undefined && value !== "") address[key] = key === "country" ? value.toUpperCase() : value;
  }
  if (Object.keys(address).length > 0) model.address = address;
  const fields: Record<string, JsonValue> = {};
  for (const name of NATIVE_FIELDS) {
    const value = person[name];
    if (value !== undefined && value !== null) fields[name] = value as JsonValue;
  }
  model.fields = normalizeNativeFields(fields);
  return { id: idOf(person), model };
}

/** The API document of a model (its set fields only): the body of a create, one side of a merge patch. */
export function personToApi(person: PersonModel): JsonObject {
  const doc: JsonObject = {};
  if (person.familyName !== undefined) doc.familyName = person.familyName;
  if (person.givenName !== undefined) doc.givenName = person.givenName;
  if (person.jobTitle !== undefined) doc.jobTitle = person.jobTitle;
  if (person.emails !== undefined) doc.emailAddresses = person.emails.map((email) => ({ email }));
  if (person.phones !== undefined) {
    doc.phoneNumbers = person.phones.map((p): JsonObject => (p.type === undefined ? { phoneNumber: p.number } : { phoneNumber: p.number, phoneType: p.type }));
  }
  if (person.address !== undefined) {
    const address: JsonObject = {};
    for (const key of ["street", "postalCode", "city", "country"] as const) {
      if (person.address[key] !== undefined) address[key] = person.address[key];
    }
    doc.address = address;
  }
  for (const [name, value] of Object.entries(person.fields ?? {})) setProperty(doc, name, value);
  return doc;
}

/**
 * The merge patch from one managed person to the next, or undefined when nothing changed:
 * changed fields with their new value (arrays whole, the address member by member), `null`
 * for fields that stopped being managed (RFC 7396 section 2).
 */
export function personPatch(before: PersonModel, after: PersonModel): JsonObject | undefined {
  return createMergePatch(personToApi(before), personToApi(after));
}

/** The model of a live note (`null` = not set). */
export function noteFromApi(note: ApiNote): { id: string; model: NoteFields } {
  const model: NoteFields = {};
  for (const key of NOTE_FIELD_NAMES) {
    const value = note[key];
    if (value !== undefined && value !== null) (model as Record<string, unknown>)[key] = value;
  }
  return { id: idOf(note), model };
}

/** The merge patch from one managed note to the next, or undefined when nothing changed. */
export function notePatch(before: NoteFields, after: NoteFields): JsonObject | undefined {
  return createMergePatch(before as JsonObject, after as JsonObject);
}

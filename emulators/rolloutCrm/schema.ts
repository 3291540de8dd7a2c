/**
 * The Universal CRM Person (the Universal CRM API documentation "Object schema: Person"): the
 * PersonInput fields a client may write, their validation, and the response view.
 *
 * Gap choices: the API is schema-validated (400 "schema violations"), so unknown and
 * read-only properties are refused with 400 rather than ignored; no field is required;
 * `emails[].value` must be an address (open question 8). Items of `emails`, `phones` and
 * `addresses` are stored with every key, missing ones as null (`isPrimary` false), as a
 * normalising API returns them. `rating` is accepted but, as in the reference's response
 * schema, never returned.
 */
import { hasOwn, isPlainObject } from "../core/body";
import { ReplyError, json } from "../core/types";

type Kind = "string" | "number" | "strings" | "contacts" | "addresses" | "consent";

/** PersonInput: every writable property and its JSON kind (exported for the provider's schema test). */
export const INPUT: Readonly<Record<string, Kind>> = {
  firstName: "string",
  lastName: "string",
  emails: "contacts",
  phones: "contacts",
  addresses: "addresses",
  tags: "strings",
  stage: "string",
  stageId: "string",
  assignedUserId: "string",
  assignedPondId: "string",
  officeId: "string",
  timeframeId: "string",
  source: "string",
  sourceId: "string",
  systemSource: "string",
  contactTypes: "strings",
  jobTitle: "string",
  companyName: "string",
  birthday: "string",
  averageBeds: "number",
  averagePrice: "number",
  rating: "number",
  lastActivity: "string",
  lastActivityType: "string",
  communicationsConsent: "consent",
};

const READ_ONLY = ["id", "name", "originalIds", "original", "created", "updated", "rolloutUpdated"];
const CONTACT_KEYS: Readonly<Record<string, string>> = { value: "string", type: "string", status: "string", isPrimary: "boolean" };
const ADDRESS_KEYS: Readonly<Record<string, string>> = { type: "string", street: "string", city: "string", state: "string", code: "string", country: "string" };
const CONSENT_KEYS = ["email", "call", "text", "massEmail", "postalMail", "visit"];
const EMAIL = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;

export interface PersonRecord {
  id: string;
  created: number;
  updated: number;
  fields: Record<string, unknown>;
}

function invalid(message: string): never {
  throw new ReplyError(json(400, { error: message }));
}

/** Checks an object's keys and JSON types; fills missing keys with null (booleans with false). */
function item(where: string, value: unknown, keys: Readonly<Record<string, string>>): Record<string, unknown> {
  if (!isPlainObject(value)) invalid(`${where} must be an object`);
  const unknown = Object.keys(value).filter((k) => !hasOwn(keys, k));
  if (unknown.length > 0) invalid(`${where} has unknown properties: ${unknown.join(", ")}`);
  const result: Record<string, unknown> = {};
  for (const [key, type] of Object.entries(keys)) {
    const v = value[key] ?? null;
    if (v !== null && typeof v !== type) invalid(`${where}.${key} must be a ${type}`);
    result[key] = v ?? (type === "boolean" ? false : null);
  }
  return result;
}

function convert(name: string, kind: Kind, value: unknown): unknown {
  if (value === null) return kind === "strings" || kind === "contacts" || kind === "addresses" ? [] : null;
  const list = (): unknown[] => (Array.isArray(value) ? value : invalid(`${name} must be an array`));
  switch (kind) {
    case "string":
    case "number":
      return typeof value === kind ? value : invalid(`${name} must be a ${kind}`);
    case "strings":
      return list().map((v, i) => (typeof v === "string" ? v : invalid(`${name}[${i}] must be a string`)));
    case "contacts":
      return list().map((v, i) => {
        const contact = item(`${name}[${i}]`, v, CONTACT_KEYS);
        if (name === "emails" && !(typeof contact.value === "string" && EMAIL.test(contact.value))) {
          invalid(`${name}[${i}].value must be a valid email address`);
        }
        return contact;
      });
    case "addresses":
      return list().map((v, i) => item(`${name}[${i}]`, v, ADDRESS_KEYS));
    case "consent":
      return item(name, value, Object.fromEntries(CONSENT_KEYS.map((k) => [k, "boolean"])));
  }
}

/** Reads a PersonInput body onto `base` (the stored fields for PUT, `{}` for POST). */
export function readInput(body: unknown, base: Record<string, unknown>): Record<string, unknown> {
  if (!isPlainObject(body)) invalid("The request body must be a JSON object");
  const readOnly = Object.keys(body).filter((k) => READ_ONLY.includes(k));
  if (readOnly.length > 0) invalid(`Read-only properties cannot be written: ${readOnly.join(", ")}`);
  const unknown = Object.keys(body).filter((k) => !hasOwn(INPUT, k));
  if (unknown.length > 0) invalid(`Unknown properties: ${unknown.join(", ")}`);
  const fields = { ...base };
  for (const [name, value] of Object.entries(body)) fields[name] = convert(name, INPUT[name], value);
  return fields;
}

const iso = (ms: number): string => new Date(ms).toISOString();

export function personView(p: PersonRecord): Record<string, unknown> {
  const f = p.fields;
  const get = (name: string): unknown => f[name] ?? (["strings", "contacts", "addresses"].includes(INPUT[name]) ? [] : null);
  const name = [f.firstName, f.lastName].filter((s) => typeof s === "string" && s !== "").join(" ");
  const view: Record<string, unknown> = { id: p.id, name: name === "" ? null : name };
  for (const key of Object.keys(INPUT)) if (key !== "rating") view[key] = get(key);
  return {
    ...view,
    originalIds: { id: p.id },
    original: {},
    created: iso(p.created),
    updated: iso(p.updated),
    rolloutUpdated: iso(p.updated),
  };
}

export function emailsOf(p: PersonRecord): string[] {
  return ((p.fields.emails ?? []) as { value: string }[]).map((e) => e.value.toLowerCase());
}

/**
 * The one mapping between Universal CRM people and the model, and the PUT bodies of updates.
 *
 * - `firstName`, `lastName`, `jobTitle`.
 * - `emails` and `phones` are lists of `{ value, type, status, isPrimary }`: the model's
 *   first entry is written as the primary one, and reads put the primary entry first, so
 *   the order the CRM returns does not matter. E-mails are lower-cased.
 * - The address is the first entry of `addresses` (`state` = region, `code` = postal
 *   code); the country is written as the ISO code and read back from a code or a name. The
 *   API replaces `addresses` whole, so writing the address writes `addresses: [address]`:
 *   an extra address added by hand is dropped when the program changes the address.
 * - Native fields: the other PersonInput fields (`rating` is write-only and left out).
 *   `communicationsConsent` reads with every flag, missing ones false, on both sides.
 * - PUT is partial (the Universal CRM API documentation, open question 2): an update sends only
 *   the fields that changed, and `null` for those the program stopped setting.
 */
import type { JsonObject, JsonValue } from "../core/normalize";
import { normalizeEmail } from "../core/check";
import { countryCodeFromText } from "../crm/countries";
import { createBodyOf, updateBodyOf, writeNative, type PersonPath } from "../crm/person/adapter";
import type { LivePerson } from "../crm/profile";
import type { PersonModel, PhoneNumber, PostalAddress } from "../crm/types";
import type { ApiContact, ApiPerson } from "./types";

/** PersonInput fields without a common field, and their JSON kind. */
export const NATIVE_FIELDS: Readonly<Record<string, "string" | "number" | "strings" | "consent">> = {
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
  companyName: "string",
  birthday: "string",
  averageBeds: "number",
  averagePrice: "number",
  lastActivity: "string",
  lastActivityType: "string",
  communicationsConsent: "consent",
};

export const CONSENT_FLAGS = ["email", "call", "text", "massEmail", "postalMail", "visit"] as const;

/** The Universal CRM's names of the common fields. */
export const COMMON_NAMES: Readonly<Record<string, string>> = {
  firstName: "givenName",
  lastName: "familyName",
  jobTitle: "jobTitle",
  emails: "emails",
  phones: "phones",
  addresses: "address",
};

/** Fields the API sets itself. */
export const READ_ONLY = ["id", "name", "originalIds", "original", "created", "updated", "rolloutUpdated"];

const ADDRESS_PARTS: readonly [keyof PostalAddress, "street" | "city" | "state" | "code" | "country"][] = [
  ["street", "street"],
  ["city", "city"],
  ["postalCode", "code"],
  ["region", "state"],
  ["country", "country"],
];

const text = (value: unknown): string | undefined => (typeof value === "string" && value.trim() !== "" ? value : undefined);

/** Consent flags compare with every flag present (missing = false). */
export function normalizeNativeFields(fields: Record<string, JsonValue>): Record<string, JsonValue> {
  const consent = fields.communicationsConsent;
  if (typeof consent !== "object" || consent === null || Array.isArray(consent)) return fields;
  const full: JsonObject = {};
  for (const flag of CONSENT_FLAGS) full[flag] = consent[flag] ?? false;
  return { ...fields, communicationsConsent: full };
}

/** Primary entries first, then the others in the API's order. */
function primaryFirst(contacts: ApiContact[] | null | undefined): ApiContact[] {
  const list = (contacts ?? []).filter((c) => text(c?.value) !== undefined);
  return [...list.filter((c) => c.isPrimary === true), ...list.filter((c) => c.isPrimary !== true)];
}

export function personFromApi(person: ApiPerson): LivePerson {
  const model: PersonModel = {};
  const given = text(person.firstName);
  const family = text(person.lastName);
  const job = text(person.jobTitle);
  if (given !== undefined) model.givenName = given;
  if (family !== undefined) model.familyName = family;
  if (job !== undefined) model.jobTitle = job;
  model.emails = primaryFirst(person.emails).map((c) => normalizeEmail(c.value as string));
  model.phones = primaryFirst(person.phones).map((c) => {
    const phone: PhoneNumber = { number: c.value as string };
    if (text(c.type) !== undefined) phone.type = c.type as string;
    return phone;
  });
  const first = person.addresses?.[0];
  if (first) {
    const address: PostalAddress = {};
    for (const [part, name] of ADDRESS_PARTS) {
      const value = text(first[name]);
      if (value !== undefined) address[part] = part === "country" ? countryCodeFromText(value) : value;
    }
    if (Object.keys(address).length > 0) model.address = address;
  }
  const fields: Record<string, JsonValue> = {};
  for (const name of Object.keys(NATIVE_FIELDS)) {
    const value = person[name];
    if (value !== undefined && value !== null) fields[name] = value as JsonValue;
  }
  model.fields = normalizeNativeFields(fields);
  return { id: person.id ?? "", model };
}

function contacts(values: { value: string; type?: string }[]): JsonObject[] {
  return values.map((c, i) => {
    const entry: JsonObject = { value: c.value, isPrimary: i === 0 };
    if (c.type !== undefined) entry.type = c.type;
    return entry;
  });
}

/** The API value of one managed path of `after` (null = cleared). */
function writePath(body: JsonObject, path: PersonPath, after: PersonModel): void {
  switch (path.common) {
    case "givenName":
      body.firstName = after.givenName ?? null;
      return;
    case "familyName":
      body.lastName = after.familyName ?? null;
      return;
    case "jobTitle":
      body.jobTitle = after.jobTitle ?? null;
      return;
    case "emails":
      body.emails = after.emails ? contacts(after.emails.map((value) => ({ value }))) : null;
      return;
    case "phones":
      body.phones = after.phones ? contacts(after.phones.map((p) => ({ value: p.number, type: p.type }))) : null;
      return;
    case "address": {
      if (!after.address) {
        body.addresses = null;
        return;
      }
      const address: JsonObject = {};
      for (const [part, name] of ADDRESS_PARTS) if (after.address[part] !== undefined) address[name] = after.address[part] as string;
      body.addresses = [address];
      return;
    }
    case undefined:
      writeNative(body, path.native, after);
  }
}

/** The body of a create (POST /people). */
export function createBody(after: PersonModel): JsonObject {
  return createBodyOf(after, writePath);
}

/** The body of an update (PUT /people/{id}): what changed, null for what stopped being managed; undefined when nothing did. */
export function updateBody(before: PersonModel, after: PersonModel): JsonObject | undefined {
  return updateBodyOf(before, after, undefined, writePath);
}

import { resourceNameIn } from "../../core/takers";
import { checkUnknownKeys, Failures, isEmail, isPlainObject, isUnknown, normalizeEmail } from "../../core/check";
import type { JsonValue } from "../../core/normalize";
import { isCountryCode } from "../countries";
import type { PersonBackend } from "../profile";
import { COMMON_FIELDS, type CrmPersonInputs, type PhoneNumber, type PostalAddress } from "../types";

const KNOWN_KEYS = ["crm", ...COMMON_FIELDS, "fields", "importId", "allowDuplicateEmail"];
const PHONE_KEYS = ["number", "type"];
export const ADDRESS_KEYS = ["street", "city", "postalCode", "region", "country"] as const;
const STRING_FIELDS = ["givenName", "familyName", "jobTitle"] as const;

/** A non-empty string (or a value not known yet); the failure names `property`. */
export function checkText(value: unknown, property: string, failures: Failures): void {
  if (value === undefined || isUnknown(value)) return;
  if (typeof value !== "string") failures.add(property, `${property} must be a string`);
  else if (value.trim() === "") failures.add(property, `${property} must not be empty; leave it out to leave the field to the CRM`);
}

/**
 * Validates a CrmPerson's inputs without any API call and returns them normalised
 * (e-mails lower-cased, country codes upper-cased, native fields normalised by the
 * backend). Every failure names the property it is about.
 */
export function checkPerson(
  news: Record<string, any>,
  backends: Readonly<Record<string, PersonBackend<any>>>,
): { inputs: CrmPersonInputs; failures: Failures; backend?: PersonBackend<any> } {
  const failures = new Failures();
  checkUnknownKeys(news, KNOWN_KEYS, failures);
  const { crm, emails, phones, address, fields, importId, allowDuplicateEmail } = news;
  const names = Object.keys(backends);
  const backend = typeof crm === "string" && names.includes(crm) ? backends[crm] : undefined;
  if (crm === undefined || crm === null) failures.add("crm", `crm is required: one of ${names.map((c) => `"${c}"`).join(", ")}`);
  else if (!backend && !isUnknown(crm)) {
    failures.add("crm", `unknown crm ${JSON.stringify(crm)}; expected one of ${names.map((c) => `"${c}"`).join(", ")}`);
  }

  const inputs: CrmPersonInputs = { crm };
  for (const field of STRING_FIELDS) {
    checkText(news[field], field, failures);
    if (news[field] !== undefined && news[field] !== null) inputs[field] = news[field];
  }
  if (emails !== undefined && emails !== null) inputs.emails = checkEmails(emails, failures);
  if (phones !== undefined && phones !== null) inputs.phones = checkPhones(phones, failures);
  if (address !== undefined && address !== null) inputs.address = checkAddress(address, failures);
  if (fields !== undefined && fields !== null) inputs.fields = checkFields(fields, failures);
  if (importId !== undefined && importId !== null) {
    checkText(importId, "importId", failures);
    inputs.importId = backend && typeof importId === "string" && !isUnknown(importId) ? backend.normalizeId(importId.trim()) : importId;
  }
  if (allowDuplicateEmail !== undefined && allowDuplicateEmail !== null) {
    inputs.allowDuplicateEmail = allowDuplicateEmail;
    if (typeof allowDuplicateEmail !== "boolean" && !isUnknown(allowDuplicateEmail)) {
      failures.add("allowDuplicateEmail", `allowDuplicateEmail must be true or false, not ${JSON.stringify(allowDuplicateEmail)}`);
    } else if (allowDuplicateEmail !== false && backend && !backend.duplicateEmails) {
      failures.add(
        "allowDuplicateEmail",
        `allowDuplicateEmail is not available on ${backend.title}: its e-mails are unique, so it never holds two people with one e-mail; leave it out`,
      );
    }
  }
  if (backend) {
    backend.check(inputs, failures);
    // Normalised after the backend's check, so the check sees what the program wrote.
    if (isPlainObject(inputs.fields)) inputs.fields = backend.normalizeFields(inputs.fields as Record<string, JsonValue>);
  }
  Object.assign(inputs, resourceNameIn(news));
  return { inputs, failures, backend };
}

function checkEmails(emails: unknown, failures: Failures): string[] {
  if (isUnknown(emails)) return emails as unknown as string[];
  if (!Array.isArray(emails)) {
    failures.add("emails", "emails must be a list of e-mail addresses, the primary one first");
    return emails as string[];
  }
  return emails.map((email, i) => {
    if (isUnknown(email)) return email;
    if (typeof email !== "string") {
      failures.add(`emails[${i}]`, `emails[${i}] must be a string (one e-mail address), not ${JSON.stringify(email)}`);
      return email;
    }
    if (!isEmail(email)) {
      failures.add(`emails[${i}]`, `${JSON.stringify(email)} is not a valid e-mail address`);
      return email;
    }
    return normalizeEmail(email);
  });
}

function checkPhones(phones: unknown, failures: Failures): PhoneNumber[] {
  if (isUnknown(phones)) return phones as PhoneNumber[];
  if (!Array.isArray(phones)) {
    failures.add("phones", "phones must be a list of { number, type? }, the primary one first");
    return phones as PhoneNumber[];
  }
  return phones.map((phone, i) => {
    const where = `phones[${i}]`;
    if (isUnknown(phone)) return phone;
    if (!isPlainObject(phone)) {
      failures.add(where, `${where} must be { number, type? }`);
      return phone;
    }
    for (const key of Object.keys(phone)) {
      if (!PHONE_KEYS.includes(key) && phone[key] !== undefined) failures.add(`${where}.${key}`, `unknown property '${key}'; expected number, type`);
    }
    if (phone.number === undefined || phone.number === null) failures.add(`${where}.number`, `${where}.number is required`);
    checkText(phone.number, `${where}.number`, failures);
    checkText(phone.type ?? undefined, `${where}.type`, failures);
    const out: PhoneNumber = { number: typeof phone.number === "string" && !isUnknown(phone.number) ? phone.number.trim() : (phone.number as string) };
    if (phone.type !== undefined && phone.type !== null) out.type = phone.type as string;
    return out;
  });
}

function checkAddress(address: unknown, failures: Failures): PostalAddress {
  if (isUnknown(address)) return address as PostalAddress;
  if (!isPlainObject(address)) {
    failures.add("address", `address must be { ${ADDRESS_KEYS.join(", ")} }`);
    return address as PostalAddress;
  }
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(address)) {
    if (!(ADDRESS_KEYS as readonly string[]).includes(key) && address[key] !== undefined) {
      failures.add(`address.${key}`, `unknown property '${key}'; expected one of: ${ADDRESS_KEYS.join(", ")}`);
    }
  }
  for (const key of ADDRESS_KEYS) {
    const value = address[key];
    if (value === undefined || value === null) continue;
    checkText(value, `address.${key}`, failures);
    out[key] = value;
  }
  const country = out.country;
  if (typeof country === "string" && !isUnknown(country)) {
    const code = country.trim().toUpperCase();
    if (isCountryCode(code)) out.country = code;
    else if (country.trim() !== "") failures.add("address.country", `${JSON.stringify(country)} is not an ISO 3166-1 alpha-2 country code (e.g. "NL", "US")`);
  }
  if (Object.keys(out).length === 0) failures.add("address", "address has no parts; leave it out to leave the address to the CRM");
  return out as PostalAddress;
}

function checkFields(fields: unknown, failures: Failures): Record<string, JsonValue> {
  if (isUnknown(fields)) return fields as Record<string, JsonValue>;
  if (!isPlainObject(fields)) {
    failures.add("fields", "fields must be an object of the CRM's own properties");
    return fields as Record<string, JsonValue>;
  }
  const out: Record<string, JsonValue> = {};
  for (const [name, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    if (value === null) {
      failures.add(`fields.${name}`, `fields.${name} is null; leave it out to leave the field to the CRM`);
      continue;
    }
    Object.defineProperty(out, name, { value, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

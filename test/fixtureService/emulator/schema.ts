/**
 * The fixture CRM's contact: the fields a client may write, their validation, and the view
 * a client reads. The fixture is an API of our own, so this file is its specification:
 * - unknown and read-only fields are refused with 400 (never ignored);
 * - `email` is one address or null, unique in the account case-insensitively (409 otherwise);
 * - a write is a JSON merge patch over the stored contact: `null` clears a field.
 */
import { hasOwn, isPlainObject } from "../../../emulators/core/body";
import { error } from "./errors";

type Kind = "string" | "strings";

/** Every writable field and its JSON kind (the provider's schema.ts must say the same). */
export const WRITABLE: Readonly<Record<string, Kind>> = { firstName: "string", lastName: "string", email: "string", title: "string", company: "string", tags: "strings" };

const READ_ONLY = ["id", "createdAt", "updatedAt"];
const EMAIL = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;

export interface ContactRecord {
  id: string;
  createdAt: string;
  updatedAt: string;
  fields: Record<string, unknown>;
}

/** The fields of `current` with the merge patch `input` applied; 400 on anything the API does not take. */
export function readInput(input: unknown, current: Readonly<Record<string, unknown>>): Record<string, unknown> {
  if (!isPlainObject(input)) throw error(400, "The body must be a JSON object");
  const fields = { ...current };
  for (const [name, value] of Object.entries(input)) {
    if (READ_ONLY.includes(name)) throw error(400, `${name} is read-only`);
    if (!hasOwn(WRITABLE, name)) throw error(400, `Unknown field ${name}`);
    if (value === null) {
      delete fields[name];
      continue;
    }
    const kind = WRITABLE[name];
    if (kind === "string" && typeof value !== "string") throw error(400, `${name} must be a string`);
    if (kind === "strings" && !(Array.isArray(value) && value.every((v) => typeof v === "string"))) throw error(400, `${name} must be an array of strings`);
    if (name === "email" && !EMAIL.test(value as string)) throw error(400, `email is not an e-mail address: ${JSON.stringify(value)}`);
    fields[name] = value;
  }
  return fields;
}

/** The contact as the API answers it: every writable field, null when unset. */
export function contactView(contact: ContactRecord): Record<string, unknown> {
  const view: Record<string, unknown> = { id: contact.id };
  for (const name of Object.keys(WRITABLE)) view[name] = contact.fields[name] ?? null;
  return { ...view, createdAt: contact.createdAt, updatedAt: contact.updatedAt };
}

export function emailOf(contact: ContactRecord): string | undefined {
  const email = contact.fields.email;
  return typeof email === "string" ? email.toLowerCase() : undefined;
}

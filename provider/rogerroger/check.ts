/** RogerRoger's check rules for CrmPerson and PersonNote, local (no API call). */
import { isPlainObject, isUnknown, type Failures } from "../core/check";
import type { PersonNoteInputs } from "../crm/note/types";
import { checkNativeNames } from "../crm/person/check";
import type { CrmPersonInputs } from "../crm/types";
import { COMMON_NAMES, IRI_FIELDS, NATIVE_FIELDS } from "./mapping";

const TITLE = "RogerRoger";

/** RogerRoger's rules: a family name, no region, known native properties with IRIs where relations go. */
export function checkRogerRogerPerson(inputs: CrmPersonInputs, failures: Failures): void {
  if (inputs.familyName === undefined) failures.add("familyName", "familyName is required by RogerRoger (a person must always have one)");
  if (isPlainObject(inputs.address) && inputs.address.region !== undefined) {
    failures.add("address.region", "RogerRoger addresses have no region (only street, postalCode, city, country)");
  }
  const fields = inputs.fields;
  if (!isPlainObject(fields)) return;
  if (fields.avatar !== undefined) {
    failures.add("fields.avatar", "avatar is write-only in RogerRoger (reads answer avatarUrl), so it could never be compared; set it in RogerRoger");
  }
  checkNativeNames(fields, TITLE, (name) => name === "avatar" || (NATIVE_FIELDS as readonly string[]).includes(name), COMMON_NAMES, failures, NATIVE_FIELDS);
  for (const [name, prefix] of Object.entries(IRI_FIELDS)) {
    const value = fields[name];
    if (value === undefined || isUnknown(value)) continue;
    const items = Array.isArray(value) ? value : [value];
    const many = name !== "owner";
    if (many !== Array.isArray(value)) {
      failures.add(`fields.${name}`, many ? `${name} must be a list of IRIs ${prefix}{id}` : `${name} must be one IRI ${prefix}{id}`);
      continue;
    }
    for (const item of items) {
      if (isUnknown(item)) continue;
      if (typeof item !== "string" || !item.startsWith(prefix) || !/^[^/?#]+$/.test(item.slice(prefix.length))) {
        failures.add(`fields.${name}`, `${JSON.stringify(item)} is not an IRI ${prefix}{id}`);
      }
    }
  }
}

const NOTE_IRIS: Readonly<Record<string, string>> = { author: "/users/", category: "/note_categories/" };

/** RogerRoger's note rules: author and category are IRIs. */
export function checkRogerRogerNote(inputs: PersonNoteInputs, failures: Failures): void {
  for (const [key, prefix] of Object.entries(NOTE_IRIS) as ["author" | "category", string][]) {
    const value: unknown = inputs[key];
    if (value === undefined || value === null || isUnknown(value)) continue;
    if (typeof value !== "string" || !value.startsWith(prefix) || !/^[^/?#]+$/.test(value.slice(prefix.length))) {
      failures.add(key, `${key} must be an IRI ${prefix}{id}, not ${JSON.stringify(value)}`);
    }
  }
}

/** The Rollout Universal CRM's check rules for CrmPerson, local (no API call). */
import { isPlainObject, isUnknown, type Failures } from "../core/check";
import { containsUnknown } from "../crm/ownership";
import { checkNativeNames } from "../crm/person/check";
import type { CrmPersonInputs } from "../crm/types";
import { COMMON_NAMES, CONSENT_FLAGS, NATIVE_FIELDS, READ_ONLY } from "./mapping";

const TITLE = "the Rollout Universal CRM";

/** Native fields: known PersonInput names, with their JSON kinds (the API answers 400 otherwise). */
export function checkRolloutCrmPerson(inputs: CrmPersonInputs, failures: Failures): void {
  const fields = inputs.fields;
  if (!isPlainObject(fields)) return;
  for (const name of Object.keys(fields)) {
    if (READ_ONLY.includes(name)) failures.add(`fields.${name}`, `${name} is set by the Universal CRM itself and cannot be written`);
    if (name === "rating") failures.add("fields.rating", "rating is write-only in the Universal CRM (reads never return it), so it could never be compared");
  }
  const known = Object.keys(NATIVE_FIELDS);
  checkNativeNames(fields, TITLE, (name) => READ_ONLY.includes(name) || name === "rating" || known.includes(name), COMMON_NAMES, failures, known);
  for (const [name, value] of Object.entries(fields)) {
    const kind = NATIVE_FIELDS[name];
    if (!kind || containsUnknown(value)) continue;
    const ok =
      kind === "string"
        ? typeof value === "string"
        : kind === "number"
          ? typeof value === "number"
          : kind === "strings"
            ? Array.isArray(value) && value.every((v) => typeof v === "string")
            : isPlainObject(value) && Object.entries(value).every(([flag, v]) => (CONSENT_FLAGS as readonly string[]).includes(flag) && typeof v === "boolean");
    if (!ok) {
      const expected = kind === "strings" ? "a list of strings" : kind === "consent" ? `{ ${CONSENT_FLAGS.join(", ")} } with true/false values` : `a ${kind}`;
      failures.add(`fields.${name}`, `${name} must be ${expected}`);
    }
  }
}


/** The Rollout Universal CRM as a CrmPerson backend: its check rules and its API in the backend's terms. */
import { isPlainObject, isUnknown, type Failures } from "../core/check";
import type { PersonApi, PersonBackend } from "../crm/backend";
import { checkNativeNames } from "../crm/check";
import type { CrmPersonInputs } from "../crm/types";
import { COMMON_NAMES, CONSENT_FLAGS, NATIVE_FIELDS, READ_ONLY, createBody, normalizeNativeFields, personFromApi, updateBody } from "./mapping";
import { rolloutCrmService, type RolloutCrmService } from "./service";

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
    if (!kind || containsUnknownValue(value)) continue;
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

function containsUnknownValue(value: unknown): boolean {
  if (isUnknown(value)) return true;
  if (Array.isArray(value)) return value.some(containsUnknownValue);
  return isPlainObject(value) && Object.values(value).some(containsUnknownValue);
}

export function rolloutCrmPersonApi(service: RolloutCrmService): PersonApi {
  const { api, people } = service;
  return {
    read: async (id) => {
      const person = await people.get(id);
      return person ? personFromApi(person) : undefined;
    },
    get: async (id) => {
      const person = await api.getPerson(id);
      return person ? personFromApi(person) : undefined;
    },
    create: async (after) => personFromApi(await api.createPerson(createBody(after))),
    async update(id, before, after) {
      const body = updateBody(before, after);
      return body === undefined ? undefined : personFromApi(await api.updatePerson(id, body));
    },
    async delete(id) {
      await api.deletePerson(id);
    },
  };
}

/** The Universal CRM backend of CrmPerson; `service` is resolved on first use. */
export function rolloutCrmBackend(service: () => RolloutCrmService = rolloutCrmService): PersonBackend {
  return {
    crm: "rolloutCrm",
    title: "rolloutCrm",
    check: checkRolloutCrmPerson,
    normalizeFields: normalizeNativeFields,
    normalizeId: (id) => id,
    connect: () => rolloutCrmPersonApi(service()),
  };
}

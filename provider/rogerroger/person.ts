/** RogerRoger as a CrmPerson backend: its check rules and its API in the backend's terms. */
import { isPlainObject, isUnknown, type Failures } from "../core/check";
import type { PersonApi, PersonBackend } from "../crm/backend";
import { checkNativeNames } from "../crm/check";
import { COMMON_NAMES, IRI_FIELDS, NATIVE_FIELDS, normalizeNativeFields, personFromApi, personPatch, personToApi } from "./mapping";
import { rogerrogerService, type RogerRogerService } from "./service";
import type { CrmPersonInputs } from "../crm/types";

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

/** The CrmPerson API over a RogerRoger service. */
export function rogerrogerPersonApi(service: RogerRogerService): PersonApi {
  const { api, people } = service;
  const live = (person: Parameters<typeof personFromApi>[0] | undefined) => (person ? personFromApi(person) : undefined);
  return {
    read: async (id) => live(await people.get(id)),
    get: async (id) => live(await api.getPerson(id)),
    create: async (after) => personFromApi(await api.createPerson(personToApi(after))),
    async update(id, before, after) {
      const patch = personPatch(before, after);
      return patch === undefined ? undefined : personFromApi(await api.patchPerson(id, patch));
    },
    async delete(id) {
      await api.deletePerson(id);
    },
  };
}

/** The RogerRoger backend of CrmPerson; `service` is resolved on first use. */
export function rogerrogerBackend(service: () => RogerRogerService = rogerrogerService): PersonBackend {
  return {
    crm: "rogerroger",
    title: TITLE,
    check: checkRogerRogerPerson,
    normalizeFields: normalizeNativeFields,
    // An importId may be given as the person's IRI.
    normalizeId: (id) => id.replace(/^\/people\//, ""),
    connect: () => rogerrogerPersonApi(service()),
  };
}

/** RogerRoger as a CrmPerson backend: its check rules and its API in the backend's terms. */
import { isPlainObject, type Failures } from "../core/check";
import type { PersonApi, PersonBackend } from "../crm/backend";
import { checkNativeFields } from "../crm/nativeFields";
import { normalizeNativeFields, personFromApi, personPatch, personToApi } from "./mapping";
import { ROGERROGER_SCHEMA } from "./schema";
import { rogerrogerService, type RogerRogerService } from "./service";
import type { CrmPersonInputs } from "../crm/types";

const TITLE = "RogerRoger";

/** RogerRoger's rules: a family name, no region, known native properties of the right types (IRIs where relations go). */
export function checkRogerRogerPerson(inputs: CrmPersonInputs, failures: Failures): void {
  if (inputs.familyName === undefined) failures.add("familyName", "familyName is required by RogerRoger (a person must always have one)");
  if (isPlainObject(inputs.address) && inputs.address.region !== undefined) {
    failures.add("address.region", "RogerRoger addresses have no region (only street, postalCode, city, country)");
  }
  checkNativeFields(inputs.fields, ROGERROGER_SCHEMA, failures);
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

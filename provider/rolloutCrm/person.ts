/** The Rollout Universal CRM as a CrmPerson backend: its check rules and its API in the backend's terms. */
import type { Failures } from "../core/check";
import type { PersonApi, PersonBackend } from "../crm/backend";
import { checkNativeFields } from "../crm/nativeFields";
import type { CrmPersonInputs } from "../crm/types";
import { createBody, normalizeNativeFields, personFromApi, updateBody } from "./mapping";
import { ROLLOUT_CRM_SCHEMA } from "./schema";
import { rolloutCrmService, type RolloutCrmService } from "./service";

const TITLE = "the Rollout Universal CRM";

/** Native fields: known PersonInput names, with their JSON kinds (the API answers 400 otherwise). */
export function checkRolloutCrmPerson(inputs: CrmPersonInputs, failures: Failures): void {
  checkNativeFields(inputs.fields, ROLLOUT_CRM_SCHEMA, failures);
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

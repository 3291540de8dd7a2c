/** Outseta as a CrmPerson backend: its check rules and its API in the backend's terms. */
import { isPlainObject, isUnknown, type Failures } from "../core/check";
import type { LivePerson, PersonApi, PersonBackend } from "../crm/backend";
import { checkNativeFields } from "../crm/nativeFields";
import { managedPerson, personManagedKeys } from "../crm/ownership";
import type { CrmPersonInputs, PhoneNumber } from "../crm/types";
import { ApiError } from "../http/errors";
import { createBody, personFromApi, updateBody } from "./mapping";
import { OUTSETA_SCHEMA } from "./schema";
import { outsetaService, type OutsetaService } from "./service";

const TITLE = "Outseta";
const PHONE_TYPES = ["mobile", "work"];

/** Outseta's rules: exactly one e-mail, phones typed mobile/work (one each), writable native properties. */
export function checkOutsetaPerson(inputs: CrmPersonInputs, failures: Failures): void {
  const { emails, phones } = inputs;
  if (emails === undefined) failures.add("emails", "emails is required by Outseta: one e-mail, unique in the Outseta account");
  else if (Array.isArray(emails) && emails.length !== 1) {
    failures.add("emails", `Outseta holds exactly one e-mail per person; got ${emails.length}`);
  }
  if (Array.isArray(phones)) {
    phones.forEach((phone, i) => {
      if (!isPlainObject(phone) || isUnknown(phone.type)) return;
      if (!PHONE_TYPES.includes(phone.type as string)) {
        failures.add(`phones[${i}].type`, `Outseta has one "mobile" and one "work" number: type must be "mobile" or "work", not ${JSON.stringify(phone.type)}`);
      }
    });
    for (const type of PHONE_TYPES) {
      if (phones.filter((p) => isPlainObject(p) && p.type === type).length > 1) failures.add("phones", `Outseta holds one ${type} number per person`);
    }
    // Reads list the mobile number first: the program's list gets the same order.
    inputs.phones = [...phones].sort((a: PhoneNumber, b: PhoneNumber) => PHONE_TYPES.indexOf(a.type ?? "") - PHONE_TYPES.indexOf(b.type ?? ""));
  }
  if (typeof inputs.importId === "string" && !isUnknown(inputs.importId) && !/^[A-Za-z0-9]+$/.test(inputs.importId)) {
    failures.add("importId", `importId must be an Outseta person Uid (letters and digits, e.g. "DQ2DyknW"), not ${JSON.stringify(inputs.importId)}`);
  }
  checkNativeFields(inputs.fields, OUTSETA_SCHEMA, failures);
}

/** The CrmPerson API over an Outseta service. */
export function outsetaPersonApi(service: OutsetaService): PersonApi {
  const { api, people } = service;
  const live = (person: Parameters<typeof personFromApi>[0] | undefined): LivePerson | undefined => (person ? personFromApi(person) : undefined);
  const personApi: PersonApi = {
    read: async (uid) => live(await people.get(uid)),
    get: async (uid) => live(await api.getPerson(uid)),

    async create(after) {
      const email = after.emails?.[0];
      if (email === undefined) throw new Error("outseta: a person needs an e-mail"); // check() prevents this
      // E-mails are unique in an Outseta account: an existing person is adopted, never overwritten.
      const existing = await api.findByEmail(email);
      if (existing) {
        throw new Error(
          `outseta: a person with e-mail ${email} already exists (Uid ${existing.Uid}). ` +
            `To manage this person with Pulumi, adopt it: set importId: "${existing.Uid}" on the CrmPerson.`,
        );
      }
      try {
        return personFromApi(await api.createPerson(createBody(after)));
      } catch (err) {
        // The POST may have reached Outseta (lost response, 5xx): look the e-mail up instead of repeating it.
        if (!(err instanceof ApiError && err.outcomeUnknown)) throw err;
        const created = await api.findByEmail(email);
        if (!created) throw err;
        const found = personFromApi(created);
        const before = managedPerson(found.model, personManagedKeys(after));
        return (await personApi.update(found.id, before, after, found.refs)) ?? found;
      }
    },

    async update(uid, before, after, refs) {
      const body = updateBody(before, after, refs);
      return body === undefined ? undefined : personFromApi(await api.updatePerson(uid, body));
    },

    async delete(uid) {
      await api.deletePerson(uid);
    },
  };
  return personApi;
}

/** The Outseta backend of CrmPerson; `service` is resolved on first use. */
export function outsetaBackend(service: () => OutsetaService = outsetaService): PersonBackend {
  return {
    crm: "outseta",
    title: TITLE,
    check: checkOutsetaPerson,
    normalizeFields: (fields) => fields,
    normalizeId: (id) => id,
    connect: () => outsetaPersonApi(service()),
  };
}

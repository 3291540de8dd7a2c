/** Outseta's check rules for CrmPerson, local (no API call). */
import { isPlainObject, isUnknown, type Failures } from "../core/check";
import { checkNativeFields } from "../crm/nativeFields";
import type { CrmPersonInputs, PhoneNumber } from "../crm/types";
import { OUTSETA_SCHEMA } from "./schema";

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

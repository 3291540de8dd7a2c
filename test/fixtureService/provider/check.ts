/** The fixture CRM's check rules for CrmPerson, local (no API call). */
import type { Failures } from "../../../provider/core/check";
import { checkNativeFields } from "../../../provider/crm/nativeFields";
import type { CrmPersonInputs } from "../../../provider/crm/types";
import { FIXTURE_SCHEMA } from "./schema";

/** One e-mail at most, no phones, no address, known native fields. */
export function checkFixturePerson(inputs: CrmPersonInputs, failures: Failures): void {
  if (Array.isArray(inputs.emails) && inputs.emails.length > 1) failures.add("emails", `the fixture CRM holds one e-mail per contact; got ${inputs.emails.length}`);
  if (inputs.phones !== undefined) failures.add("phones", "the fixture CRM has no phone numbers: leave phones out");
  if (inputs.address !== undefined) failures.add("address", "the fixture CRM has no address: leave address out");
  checkNativeFields(inputs.fields, FIXTURE_SCHEMA, failures);
}

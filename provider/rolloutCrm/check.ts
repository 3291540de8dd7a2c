/** The Rollout Universal CRM's check rules for CrmPerson, local (no API call). */
import type { Failures } from "../core/check";
import { checkNativeFields } from "../crm/nativeFields";
import type { CrmPersonInputs } from "../crm/types";
import { ROLLOUT_CRM_SCHEMA } from "./schema";

/** Native fields: known PersonInput names, with their JSON kinds (the API answers 400 otherwise). */
export function checkRolloutCrmPerson(inputs: CrmPersonInputs, failures: Failures): void {
  checkNativeFields(inputs.fields, ROLLOUT_CRM_SCHEMA, failures);
}

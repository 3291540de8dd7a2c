/** RogerRoger's check rules for CrmPerson and PersonNote, local (no API call). */
import { isPlainObject, isUnknown, type Failures } from "../core/check";
import type { PersonNoteInputs } from "../crm/note/types";
import { checkNativeFields } from "../crm/nativeFields";
import type { CrmPersonInputs } from "../crm/types";
import { ROGERROGER_SCHEMA } from "./schema";

/** RogerRoger's rules: a family name, no region, known native properties of the right types (IRIs where relations go). */
export function checkRogerRogerPerson(inputs: CrmPersonInputs, failures: Failures): void {
  if (inputs.familyName === undefined) failures.add("familyName", "familyName is required by RogerRoger (a person must always have one)");
  if (isPlainObject(inputs.address) && inputs.address.region !== undefined) {
    failures.add("address.region", "RogerRoger addresses have no region (only street, postalCode, city, country)");
  }
  checkNativeFields(inputs.fields, ROGERROGER_SCHEMA, failures);
}

const NOTE_IRIS: Readonly<Record<string, string>> = { author: "/users/", category: "/note_categories/" };
// RogerRoger ids are UUIDs (RogerRoger's API documentation: `view=idx` returns "only UUIDs"; the emulator
// mints v4 UUIDs). A personId of another shape, known at preview, cannot name a RogerRoger
// person: an Outseta Uid ("DQ2DyknW") or a Universal CRM id is refused before any request.
const ROGERROGER_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** RogerRoger's note rules: the person id is a RogerRoger id; author and category are IRIs. */
export function checkRogerRogerNote(inputs: PersonNoteInputs, failures: Failures, news: Record<string, unknown>): void {
  const personId: unknown = inputs.personId;
  if (typeof personId === "string" && !isUnknown(personId) && personId !== "" && !ROGERROGER_ID.test(personId)) {
    failures.add(
      "personId",
      `personId must be the id of a RogerRoger person (a UUID, or its IRI /people/{id}), such as a rogerroger CrmPerson's id; ` +
        `${JSON.stringify(news.personId)} is not one (is it the id of a person in another CRM?)`,
    );
  }
  for (const [key, prefix] of Object.entries(NOTE_IRIS) as ["author" | "category", string][]) {
    const value: unknown = inputs[key];
    if (value === undefined || value === null || isUnknown(value)) continue;
    if (typeof value !== "string" || !value.startsWith(prefix) || !/^[^/?#]+$/.test(value.slice(prefix.length))) {
      failures.add(key, `${key} must be an IRI ${prefix}{id}, not ${JSON.stringify(value)}`);
    }
  }
}

/**
 * The one mapping between fixture CRM contacts and the model, and the write bodies.
 *
 * - `firstName`, `lastName`, `title` (jobTitle); `email` is the model's one e-mail,
 *   lower-cased on read.
 * - Native fields: `company` and `tags`.
 * - The fixture has no phones and no address: check refuses them (check.ts), so no write
 *   ever carries them.
 * - PATCH is a JSON merge patch: an update sends the fields that changed, and `null` for
 *   those the program stopped setting.
 */
import { normalizeEmail } from "../../../provider/core/check";
import type { JsonObject, JsonValue } from "../../../provider/core/normalize";
import { createBodyOf, updateBodyOf, writeNative, type PersonPath } from "../../../provider/crm/person/adapter";
import type { LivePerson } from "../../../provider/crm/profile";
import type { PersonModel } from "../../../provider/crm/types";
import type { ApiContact } from "./types";

/** Contact fields without a common field, and their JSON kinds. */
export const NATIVE_FIELDS = { company: "string", tags: "strings" } as const;

/** The fixture's names of the common fields. */
export const COMMON_NAMES: Readonly<Record<string, string>> = { firstName: "givenName", lastName: "familyName", title: "jobTitle", email: "emails" };

/** Fields the API sets itself. */
export const READ_ONLY = ["id", "createdAt", "updatedAt"];

const text = (value: unknown): string | undefined => (typeof value === "string" && value.trim() !== "" ? value : undefined);

export function personFromApi(contact: ApiContact): LivePerson {
  const model: PersonModel = {};
  const given = text(contact.firstName);
  const family = text(contact.lastName);
  const title = text(contact.title);
  const email = text(contact.email);
  if (given !== undefined) model.givenName = given;
  if (family !== undefined) model.familyName = family;
  if (title !== undefined) model.jobTitle = title;
  model.emails = email === undefined ? [] : [normalizeEmail(email)];
  const fields: Record<string, JsonValue> = {};
  for (const name of Object.keys(NATIVE_FIELDS)) {
    const value = contact[name];
    if (value !== undefined && value !== null) fields[name] = value as JsonValue;
  }
  model.fields = fields;
  return { id: contact.id ?? "", model };
}

/** The API value of one managed path of `after` (null = cleared). */
function writePath(body: JsonObject, path: PersonPath, after: PersonModel): void {
  switch (path.common) {
    case "givenName":
      body.firstName = after.givenName ?? null;
      return;
    case "familyName":
      body.lastName = after.familyName ?? null;
      return;
    case "jobTitle":
      body.title = after.jobTitle ?? null;
      return;
    case "emails":
      body.email = after.emails?.[0] ?? null;
      return;
    case "phones":
    case "address":
      // check.ts refuses them before any write.
      throw new Error(`fixtureCrm: the fixture CRM has no ${path.common}`);
    case undefined:
      writeNative(body, path.native, after);
  }
}

/** The body of a create (POST /contacts). */
export function createBody(after: PersonModel): JsonObject {
  return createBodyOf(after, writePath);
}

/** The merge patch of an update (PATCH /contacts/{id}); undefined when nothing changed. */
export function updateBody(before: PersonModel, after: PersonModel): JsonObject | undefined {
  return updateBodyOf(before, after, undefined, writePath);
}

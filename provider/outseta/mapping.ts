/**
 * The one mapping between Outseta people and the model, and the PUT bodies of updates.
 *
 * - Names and e-mail: `FirstName`, `LastName`, `Title`, `Email` (lower-cased). Outseta
 *   writes `""` for an unset string, so `""` reads as "not set", and clearing writes `""`.
 * - Phones: Outseta has one `PhoneMobile` and one `PhoneWork`; the model lists them as
 *   `{ number, type: "mobile" | "work" }`, mobile first (check orders the program's list).
 * - Address: `MailingAddress` with `AddressLine1` (street), `City`, `PostalCode`, `State`
 *   (region), `Country`. Outseta's Country is free text ("United States of America"), so
 *   the provider writes the country's English name from a fixed table (crm/countries.ts)
 *   and reads any name, alias or code back to the ISO code: the Outseta UI shows a name,
 *   and the program keeps ISO codes. An edit keeps the address's `Uid` (kept in
 *   `backendRefs`), which changes the address row in place instead of adding one (PM).
 *   `AddressLine2`/`AddressLine3` are not in the model: never written, never compared.
 * - Native fields: every other property Outseta returns (Timezone, Language, custom
 *   properties, ...), except the read-only ones the server fills in.
 */
import type { JsonObject, JsonValue } from "../core/normalize";
import { normalizeEmail } from "../core/check";
import { countryCodeFromText, countryName } from "../crm/countries";
import { createBodyOf, updateBodyOf, writeNative, type PersonPath } from "../crm/person/adapter";
import type { LivePerson } from "../crm/profile";
import type { PersonModel, PhoneNumber, PostalAddress } from "../crm/types";
import type { ApiAddress, ApiPerson } from "./types";

/** Outseta's names of the common fields. */
export const COMMON_NAMES: Readonly<Record<string, string>> = {
  Email: "emails",
  FirstName: "givenName",
  LastName: "familyName",
  Title: "jobTitle",
  PhoneMobile: "phones",
  PhoneWork: "phones",
  MailingAddress: "address",
};

/** Properties the server fills in (Outseta's API documentation, "Object schema: Person"): never written or compared. */
export const READ_ONLY = new Set([
  "Uid",
  "FullName",
  "Created",
  "Updated",
  "_objectType",
  "IPAddress",
  "Referer",
  "UserAgent",
  "UserAgentPlatformBrowser",
  "LastLoginDateTime",
  "HasLoggedIn",
  "PasswordLastUpdated",
  "OAuthGoogleProfileId",
  "OAuthIntegrationStatus",
  "EmailBounceDateTime",
  "EmailSpamDateTime",
  "EmailUnsubscribeDateTime",
  "EmailLastDeliveredDateTime",
  "PersonAccount",
  "DealPeople",
  "LeadFormSubmissions",
  "EmailListPerson",
  "Account",
  "AccountUids",
]);

const ADDRESS_PARTS: readonly [keyof PostalAddress, keyof ApiAddress][] = [
  ["street", "AddressLine1"],
  ["city", "City"],
  ["postalCode", "PostalCode"],
  ["region", "State"],
  ["country", "Country"],
];

const text = (value: unknown): string | undefined => (typeof value === "string" && value.trim() !== "" ? value : undefined);

/** The model of a live person; `refs.mailingAddressUid` when it has an address. */
export function personFromApi(person: ApiPerson): LivePerson {
  const model: PersonModel = {};
  const given = text(person.FirstName);
  const family = text(person.LastName);
  const title = text(person.Title);
  if (given !== undefined) model.givenName = given;
  if (family !== undefined) model.familyName = family;
  if (title !== undefined) model.jobTitle = title;
  const email = text(person.Email);
  model.emails = email === undefined ? [] : [normalizeEmail(email)];
  const phones: PhoneNumber[] = [];
  const mobile = text(person.PhoneMobile);
  const work = text(person.PhoneWork);
  if (mobile !== undefined) phones.push({ number: mobile, type: "mobile" });
  if (work !== undefined) phones.push({ number: work, type: "work" });
  model.phones = phones;
  const refs: Record<string, string> = {};
  const mailing = person.MailingAddress;
  if (mailing) {
    if (typeof mailing.Uid === "string" && mailing.Uid !== "") refs.mailingAddressUid = mailing.Uid;
    const address: PostalAddress = {};
    for (const [part, name] of ADDRESS_PARTS) {
      const value = text(mailing[name]);
      if (value !== undefined) address[part] = part === "country" ? countryCodeFromText(value) : value;
    }
    if (Object.keys(address).length > 0) model.address = address;
  }
  const fields: Record<string, JsonValue> = {};
  for (const [name, value] of Object.entries(person)) {
    if (COMMON_NAMES[name] || READ_ONLY.has(name) || value === null || value === undefined) continue;
    fields[name] = value as JsonValue;
  }
  model.fields = fields;
  return { id: person.Uid ?? "", model, refs };
}

function phoneOf(person: PersonModel, type: "mobile" | "work"): string {
  return person.phones?.find((p) => p.type === type)?.number ?? "";
}

function addressOf(address: PostalAddress | undefined, uid: string | undefined): ApiAddress | null {
  if (address === undefined) return null;
  const body: ApiAddress = {};
  // With the current address's Uid, Outseta edits that row in place (Outseta's API documentation, PUT).
  if (uid !== undefined) body.Uid = uid;
  for (const [part, name] of ADDRESS_PARTS) {
    const value = address[part];
    body[name] = value === undefined ? null : part === "country" ? countryName(value) : value;
  }
  return body;
}

/** Writes the Outseta properties of one managed path of `after` into `body` (absent = cleared). */
function writePath(body: JsonObject, path: PersonPath, after: PersonModel, refs: Record<string, string> | undefined): void {
  switch (path.common) {
    case "givenName":
      body.FirstName = after.givenName ?? "";
      return;
    case "familyName":
      body.LastName = after.familyName ?? "";
      return;
    case "jobTitle":
      body.Title = after.jobTitle ?? "";
      return;
    case "emails":
      // check() guarantees one e-mail on Outseta, and it cannot be cleared.
      if (after.emails?.[0] !== undefined) body.Email = after.emails[0];
      return;
    case "phones":
      body.PhoneMobile = phoneOf(after, "mobile");
      body.PhoneWork = phoneOf(after, "work");
      return;
    case "address":
      body.MailingAddress = addressOf(after.address, refs?.mailingAddressUid) as JsonObject | null;
      return;
    case undefined:
      writeNative(body, path.native, after);
  }
}

/** The body of a create (POST /crm/people): the managed fields of the program's person. */
export function createBody(after: PersonModel): JsonObject {
  return createBodyOf(after, writePath);
}

/**
 * The body of an update (PUT /crm/people/{uid}): only the properties of managed fields that
 * changed or stopped being managed (PUT is partial on Outseta); undefined when nothing changed.
 */
export function updateBody(before: PersonModel, after: PersonModel, refs: Record<string, string> | undefined): JsonObject | undefined {
  return updateBodyOf(before, after, refs, writePath);
}

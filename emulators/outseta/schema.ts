/**
 * Outseta entities (Outseta's API documentation "Object schema"): writable properties per type, their
 * reading from a request body, and the JSON views. PascalCase names, `""` for unset strings.
 *
 * Timestamps come in two forms, as responses recorded from Outseta show them
 * (https://github.com/tiltcamp/outseta-api-client/blob/055b3bd/test/api/crm/people/add.spec.ts,
 * update.spec.ts, get.spec.ts; accounts/add.spec.ts):
 * - stored values, as every read answers them: whole seconds, no zone, UTC
 *   (`2021-01-20T05:24:53`). Every recorded read shows whole seconds, so the store keeps no
 *   fraction; whether Outseta truncates or rounds it is not known: the emulator truncates.
 * - values written by the request being answered: .NET's DateTime in full, 7 fraction digits
 *   and `Z` (`2021-01-24T23:03:35.2226324Z`). A POST answers both `Created` and `Updated` so;
 *   a PUT only `Updated` (its `Created` is the stored value); a refused write echoes the
 *   entity with the same fresh values (and `Uid: null` on a create). A client must compare
 *   the two forms as instants, never as strings.
 */
import { randomInt } from "node:crypto";
import { hasOwn } from "../core/body";
import type { ValidationError } from "./errors";
import { OutsetaStore, type LinkRow, type PersonRow, type Row } from "./store";

type Kind = "string" | "boolean" | "integer";
type Props = Readonly<Record<string, Kind>>;

export const PERSON_PROPS: Props = {
  Email: "string",
  FirstName: "string",
  LastName: "string",
  PhoneMobile: "string",
  PhoneWork: "string",
  Title: "string",
  Timezone: "string",
  Language: "string",
  ProfileImageS3Url: "string",
  PasswordMustChange: "boolean",
  HasUnsubscribed: "boolean",
  OptInToEmailList: "boolean",
  IsConnectedToDiscord: "boolean",
};

export const ADDRESS_PROPS: Props = {
  AddressLine1: "string",
  AddressLine2: "string",
  AddressLine3: "string",
  City: "string",
  State: "string",
  PostalCode: "string",
  Country: "string",
};

export const ACCOUNT_PROPS: Props = {
  Name: "string",
  ClientIdentifier: "string",
  IsDemo: "boolean",
  AccountStage: "integer",
};

const NULL_BY_DEFAULT = new Set(["Timezone", "Language", "ProfileImageS3Url", "ClientIdentifier"]);

/** The stored values of properties a create body did not send (address lines are null, other strings ""). */
export function defaultProps(props: Props): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const [name, kind] of Object.entries(props)) {
    if (kind === "boolean") result[name] = false;
    else if (kind === "integer") result[name] = name === "AccountStage" ? 1 : 0;
    else result[name] = props === ADDRESS_PROPS || NULL_BY_DEFAULT.has(name) ? null : "";
  }
  return result;
}

/**
 * Copies the known properties present in `body` onto `target`, checking JSON types (Json.NET
 * would coerce some, but an emulator must not be more forgiving than the real API could be).
 * Unknown properties are ignored, as Json.NET ignores them; read-only ones likewise.
 */
export function readProps(props: Props, body: Record<string, unknown>, target: Record<string, unknown>, prefix = ""): ValidationError[] {
  const errors: ValidationError[] = [];
  for (const [name, kind] of Object.entries(props)) {
    if (!hasOwn(body, name)) continue;
    const value = body[name];
    const ok = value === null || (kind === "integer" ? Number.isInteger(value) : typeof value === kind);
    if (ok) target[name] = value;
    else errors.push({ PropertyName: `${prefix}${name}`, ErrorMessage: `The value ${JSON.stringify(value)} is not valid for ${name}.` });
  }
  return errors;
}

// ASP.NET's EmailAddressAttribute, simplified: one "@", no spaces, a dot in the domain.
const EMAIL = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;

/**
 * Email is required, a valid address, and unique in the Outseta account (case-insensitive).
 * An empty string is not "missing" but an invalid address: Outseta answered `Email: ""` with
 * "The Email field is not a valid e-mail address." on both POST and PUT (outseta-api-client's
 * recorded fixtures, test/api/crm/people/add.spec.ts and update.spec.ts). No recording shows
 * a body without Email or with `null`; "required" there is ASP.NET's RequiredAttribute text.
 */
export function emailErrors(store: OutsetaStore, email: unknown, selfUid?: string): ValidationError[] {
  if (email === null || email === undefined) {
    return [{ PropertyName: "Email", ErrorMessage: "The Email field is required." }];
  }
  if (typeof email !== "string" || !EMAIL.test(email)) {
    return [{ PropertyName: "Email", ErrorMessage: "The Email field is not a valid e-mail address." }];
  }
  const owner = store.personByEmail(email);
  if (owner && owner.Uid !== selfUid) return [{ PropertyName: "Email", ErrorMessage: "Email address is already in use." }];
  return [];
}

/** A stored timestamp as reads answer it: whole seconds (truncated), no zone. */
export function timestamp(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19);
}

/** The time of the write being answered, and how its answer renders it. */
export interface Fresh {
  readonly at: number;
  readonly text: string;
}

/**
 * The write's time as its answer renders it: 7 fraction digits and `Z`. The clock counts
 * milliseconds; the 4 digits below them are drawn once per write (never all zeros), so a
 * client that compares 3 digits with 7 as strings sees the difference it would see live.
 */
export function freshStamp(at: number): Fresh {
  const subMillisecond = String(randomInt(1, 10_000)).padStart(4, "0");
  return { at, text: `${new Date(at).toISOString().slice(0, 23)}${subMillisecond}Z` };
}

function meta(objectType: string, row: { Uid: string; Created: number; Updated: number }, fresh: Fresh | undefined): Record<string, unknown> {
  const stamp = (ms: number): string => (fresh !== undefined && ms === fresh.at ? fresh.text : timestamp(ms));
  return { _objectType: objectType, Uid: row.Uid, Created: stamp(row.Created), Updated: stamp(row.Updated) };
}

/**
 * JSON views down to `maxDepth` levels of child objects; deeper children are `null`. The
 * API's default is 1: "the root object plus immediate children", so a person's
 * `PersonAccount` items carry `Person: null, Account: null` until `fields` expands them.
 * `fresh`: the write being answered, whose timestamps render in full (see above).
 */
export function viewer(store: OutsetaStore, maxDepth: number, fresh?: Fresh) {
  const child = <T>(depth: number, make: () => T): T | null => (depth <= maxDepth ? make() : null);

  const address = (a: Row): Record<string, unknown> => ({ ...a.props, ...meta("Address", a, fresh) });

  const person = (p: PersonRow, depth: number): Record<string, unknown> => {
    const { FirstName, LastName, Email } = p.props;
    const fullName = [FirstName, LastName].filter((s) => typeof s === "string" && s !== "").join(" ");
    return {
      ...p.props,
      MailingAddress: p.address && child(depth + 1, () => address(p.address as Row)),
      FullName: fullName === "" ? Email : fullName,
      IPAddress: null,
      Referer: null,
      UserAgent: null,
      UserAgentPlatformBrowser: "Unknown (Unknown)",
      LastLoginDateTime: null,
      HasLoggedIn: false,
      PasswordLastUpdated: null,
      OAuthGoogleProfileId: null,
      OAuthIntegrationStatus: 0,
      PersonAccount: child(depth + 1, () => store.linksOfPerson(p.Uid).map((l) => link(l, depth + 1))),
      DealPeople: child(depth + 1, () => []),
      LeadFormSubmissions: child(depth + 1, () => []),
      EmailListPerson: child(depth + 1, () => []),
      Account: null,
      ...meta("Person", p, fresh),
    };
  };

  const account = (a: Row, depth: number): Record<string, unknown> => ({
    ...a.props,
    PersonAccount: child(depth + 1, () => store.linksOfAccount(a.Uid).map((l) => link(l, depth + 1))),
    ...meta("Account", a, fresh),
  });

  const link = (l: LinkRow, depth: number): Record<string, unknown> => {
    const p = store.people.get(l.personUid);
    const a = store.accounts.get(l.accountUid);
    return {
      Person: p ? child(depth + 1, () => person(p, depth + 1)) : null,
      Account: a ? child(depth + 1, () => account(a, depth + 1)) : null,
      IsPrimary: l.IsPrimary,
      ...meta("PersonAccount", l, fresh),
    };
  };

  return { person: (p: PersonRow) => person(p, 0), account: (a: Row) => account(a, 0) };
}

/** The relations between entity types, for checking filter paths such as `PersonAccount.Person.Email`. */
export const RELATIONS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  Person: { MailingAddress: "Address", PersonAccount: "PersonAccount" },
  PersonAccount: { Person: "Person", Account: "Account" },
  Account: { PersonAccount: "PersonAccount" },
  Address: {},
};

/** Properties that hold child objects or lists, whether or not they are empty or null. */
export const CHILD_KEYS: ReadonlySet<string> = new Set([
  ...Object.values(RELATIONS).flatMap((relations) => Object.keys(relations)),
  "DealPeople",
  "LeadFormSubmissions",
  "EmailListPerson",
  "Account",
]);

/** The property names of each entity type, read off the views of blank rows. */
export const KNOWN_KEYS: Readonly<Record<string, readonly string[]>> = (() => {
  const blank = { Uid: "", Created: 0, Updated: 0 };
  const views = viewer(new OutsetaStore(), 0);
  return {
    Person: Object.keys(views.person({ ...blank, props: defaultProps(PERSON_PROPS), address: null })),
    Account: Object.keys(views.account({ ...blank, props: defaultProps(ACCOUNT_PROPS) })),
    Address: [...Object.keys(ADDRESS_PROPS), "_objectType", "Uid", "Created", "Updated"],
    PersonAccount: ["Person", "Account", "IsPrimary", "_objectType", "Uid", "Created", "Updated"],
  };
})();

/**
 * The submitted entity of a refused create as the 400 body echoes it: not saved, so no Uid,
 * and the write's fresh timestamps (recorded: `"Uid": null, "Created":
 * "2021-01-24T23:00:08.7233628Z"`, outseta-api-client test/api/crm/people/add.spec.ts).
 */
export function draft(view: Record<string, unknown>): Record<string, unknown> {
  return { ...view, Uid: null };
}

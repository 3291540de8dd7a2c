/**
 * Outseta entities (Outseta's API documentation "Object schema"): writable properties per type, their
 * reading from a request body, and the JSON views. PascalCase names, `""` for unset strings,
 * timestamps without a zone (`2021-01-20T05:24:53`, UTC) as Outseta stores them.
 */
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

/** Email is required, a valid address, and unique in the Outseta account (case-insensitive). */
export function emailErrors(store: OutsetaStore, email: unknown, selfUid?: string): ValidationError[] {
  if (email === null || email === undefined || email === "") {
    return [{ PropertyName: "Email", ErrorMessage: "The Email field is required." }];
  }
  if (typeof email !== "string" || !EMAIL.test(email)) {
    return [{ PropertyName: "Email", ErrorMessage: "The Email field is not a valid e-mail address." }];
  }
  const owner = store.personByEmail(email);
  if (owner && owner.Uid !== selfUid) return [{ PropertyName: "Email", ErrorMessage: "Email address is already in use." }];
  return [];
}

export function timestamp(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19);
}

function meta(objectType: string, row: { Uid: string; Created: number; Updated: number }): Record<string, unknown> {
  return { _objectType: objectType, Uid: row.Uid, Created: timestamp(row.Created), Updated: timestamp(row.Updated) };
}

/**
 * JSON views down to `maxDepth` levels of child objects; deeper children are `null`. The
 * API's default is 1: "the root object plus immediate children", so a person's
 * `PersonAccount` items carry `Person: null, Account: null` until `fields` expands them.
 */
export function viewer(store: OutsetaStore, maxDepth: number) {
  const child = <T>(depth: number, make: () => T): T | null => (depth <= maxDepth ? make() : null);

  const address = (a: Row): Record<string, unknown> => ({ ...a.props, ...meta("Address", a) });

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
      ...meta("Person", p),
    };
  };

  const account = (a: Row, depth: number): Record<string, unknown> => ({
    ...a.props,
    PersonAccount: child(depth + 1, () => store.linksOfAccount(a.Uid).map((l) => link(l, depth + 1))),
    ...meta("Account", a),
  });

  const link = (l: LinkRow, depth: number): Record<string, unknown> => {
    const p = store.people.get(l.personUid);
    const a = store.accounts.get(l.accountUid);
    return {
      Person: p ? child(depth + 1, () => person(p, depth + 1)) : null,
      Account: a ? child(depth + 1, () => account(a, depth + 1)) : null,
      IsPrimary: l.IsPrimary,
      ...meta("PersonAccount", l),
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

/** The submitted entity as the 400 body echoes it: not saved, so no Uid and .NET's default dates. */
export function draft(view: Record<string, unknown>): Record<string, unknown> {
  return { ...view, Uid: null, Created: "0001-01-01T00:00:00", Updated: "0001-01-01T00:00:00" };
}

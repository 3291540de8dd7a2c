/**
 * Native `fields` checked against each backend's known properties and their JSON types, at
 * preview, before any request (issue #11, case 7). Without it a wrong type fails only at
 * `up` with the API's 400, and a property the API ignores (Outseta's `Foo`) is written on
 * every `up` forever, since the read never returns it. Each backend declares its writable
 * properties (from the services' API documentation, "Object schema", kept equal to its emulator's schema by a test).
 */
import { isPlainObject, isUnknown, type Failures } from "../core/check";
import { canonicalInstant } from "../core/instant";

/** The JSON type a native property takes. */
export type NativeKind =
  | "string"
  | "boolean"
  | "integer"
  | "number"
  /** An ISO 8601 date-time string. */
  | "datetime"
  | "strings"
  /** A list of absolute URIs. */
  | "uris"
  /** An IRI `/users/{id}`: `{ iri: "/users/" }`. */
  | { readonly iri: string }
  /** A list of IRIs. */
  | { readonly iris: string }
  /** An object whose members all take one kind, e.g. consent flags. */
  | { readonly members: readonly string[]; readonly kind: "boolean" };

/** What a backend tells the checker about its native properties. */
export interface NativeSchema {
  /** The CRM's name in messages, e.g. "RogerRoger". */
  readonly title: string;
  /** Writable properties without a common field, and their kinds. */
  readonly fields: Readonly<Record<string, NativeKind>>;
  /** The CRM's names of the common fields (e.g. `FirstName` -> `givenName`): set those instead. */
  readonly commonNames: Readonly<Record<string, string>>;
  /** Properties the API refuses or never returns, with the reason, read after "<name> is ". */
  readonly refused?: Readonly<Record<string, string>>;
}

const own = (record: object, key: string): boolean => Object.prototype.hasOwnProperty.call(record, key);

const IRI_ID = /^[^/?#]+$/;
const isIri = (value: unknown, prefix: string): boolean =>
  typeof value === "string" && value.startsWith(prefix) && IRI_ID.test(value.slice(prefix.length));

/** True when `value` has `kind`; undefined when that is not known yet (a preview input). */
function hasKind(value: unknown, kind: NativeKind): boolean | undefined {
  if (containsUnknown(value)) return undefined;
  if (typeof kind === "object") {
    if ("iri" in kind) return isIri(value, kind.iri);
    if ("iris" in kind) return Array.isArray(value) && value.every((v) => isIri(v, kind.iris));
    return isPlainObject(value) && Object.entries(value).every(([k, v]) => kind.members.includes(k) && typeof v === kind.kind);
  }
  switch (kind) {
    case "string":
      return typeof value === "string";
    case "boolean":
      return typeof value === "boolean";
    case "integer":
      return Number.isInteger(value);
    case "number":
      return typeof value === "number" && Number.isFinite(value);
    case "datetime":
      return typeof value === "string" && canonicalInstant(value) !== undefined;
    case "strings":
      return Array.isArray(value) && value.every((v) => typeof v === "string");
    case "uris":
      return Array.isArray(value) && value.every((v) => typeof v === "string" && URL.canParse(v));
  }
}

/** How a kind reads in a message: "must be <this>". */
export function describeKind(kind: NativeKind): string {
  if (typeof kind === "object") {
    if ("iri" in kind) return `a string IRI ${kind.iri}{id}`;
    if ("iris" in kind) return `a list of IRIs ${kind.iris}{id}`;
    return `{ ${kind.members.join(", ")} } with true/false values`;
  }
  return {
    string: "a string",
    boolean: "true or false",
    integer: "a whole number",
    number: "a number",
    datetime: 'an ISO 8601 date-time string (e.g. "2026-01-31T12:00:00Z")',
    strings: "a list of strings",
    uris: "a list of absolute URIs",
  }[kind];
}

function containsUnknown(value: unknown): boolean {
  if (isUnknown(value)) return true;
  if (Array.isArray(value)) return value.some(containsUnknown);
  return isPlainObject(value) && Object.values(value).some(containsUnknown);
}

/**
 * Adds a failure, naming `fields.<name>`, for every native property that is not writable
 * in the backend or has the wrong JSON type. Names are looked up as own properties only, so
 * `__proto__` or `constructor` are unknown names like any other.
 */
export function checkNativeFields(fields: unknown, schema: NativeSchema, failures: Failures): void {
  if (!isPlainObject(fields)) return;
  const known = Object.keys(schema.fields);
  for (const name of Object.keys(fields)) {
    const value = fields[name];
    const where = `fields.${name}`;
    if (value === undefined) continue;
    if (own(schema.commonNames, name)) {
      const common = schema.commonNames[name];
      failures.add(where, `${name} is the ${schema.title} name of the common field '${common}'; set ${common} instead`);
    } else if (schema.refused && own(schema.refused, name)) {
      failures.add(where, `${name} is ${schema.refused[name]}`);
    } else if (!own(schema.fields, name)) {
      failures.add(where, `${schema.title} has no writable property ${JSON.stringify(name)}; the ones that can be set in fields are: ${known.join(", ")}`);
    } else if (hasKind(value, schema.fields[name]) === false) {
      failures.add(where, `${where} must be ${describeKind(schema.fields[name])}, not ${JSON.stringify(value)}`);
    }
  }
}

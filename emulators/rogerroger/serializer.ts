/**
 * Deserialization of RogerRoger write bodies, field by field, the way API Platform's
 * serializer does it: wrong JSON types and malformed IRIs are 400s (before validation),
 * unknown and read-only properties are ignored silently (RogerRoger's API documentation, open question 8).
 */
import { hasOwn, isPlainObject } from "../core/body";
import { ReplyError } from "../core/types";
import { problem, typeError } from "./errors";

export type FieldKind =
  | "string"
  | "boolean"
  | "integer"
  | "datetime"
  | "uris"
  | "emailAddresses"
  | "phoneNumbers"
  | "address"
  | { readonly iri: string }
  | { readonly iris: string };

export type Fields = readonly (readonly [name: string, kind: FieldKind])[];

export type Address = { street: string | null; postalCode: string | null; city: string | null; country: string | null };

function bad(attribute: string, expected: string, value: unknown): never {
  throw new ReplyError(typeError(attribute, expected, value));
}

function nullableString(attribute: string, value: unknown): string | null {
  if (value === null || typeof value === "string") return value;
  return bad(attribute, "string", value);
}

/** IRIs name a resource: `/users/{id}`. Relations are never embedded objects. */
function iri(attribute: string, prefix: string, value: unknown): string | null {
  if (value === null) return null;
  if (isPlainObject(value)) {
    throw new ReplyError(problem(400, `Nested documents for attribute "${attribute}" are not allowed. Use IRIs instead.`));
  }
  if (typeof value !== "string") return bad(attribute, "string", value);
  if (!value.startsWith(prefix) || !/^[^/?#]+$/.test(value.slice(prefix.length))) {
    throw new ReplyError(problem(400, `Invalid IRI "${value}".`));
  }
  return value;
}

function list<T>(attribute: string, value: unknown, item: (name: string, v: unknown) => T): T[] {
  if (!Array.isArray(value)) return bad(attribute, "array", value);
  return value.map((v, i) => item(`${attribute}[${i}]`, v));
}

function object(attribute: string, value: unknown): Record<string, unknown> {
  return isPlainObject(value) ? value : bad(attribute, "array", value);
}

function convert(attribute: string, kind: FieldKind, value: unknown): unknown {
  switch (kind) {
    case "string":
      return nullableString(attribute, value);
    case "boolean":
      return value === null || typeof value === "boolean" ? value : bad(attribute, "bool", value);
    case "integer":
      return value === null || Number.isInteger(value) ? value : bad(attribute, "int", value);
    case "datetime": {
      if (value === null) return null;
      if (typeof value !== "string" || Number.isNaN(Date.parse(value))) {
        throw new ReplyError(problem(400, `Failed to parse time string (${String(value)}).`));
      }
      return formatAtom(Date.parse(value));
    }
    case "uris":
      return list(attribute, value, (name, v) => {
        if (typeof v !== "string" || !URL.canParse(v)) throw new ReplyError(problem(400, `${name}: "${String(v)}" is not a URI.`));
        return v;
      });
    case "emailAddresses":
      return list(attribute, value, (name, v) => ({ email: nullableString(`${name}.email`, object(name, v).email ?? null) }));
    case "phoneNumbers":
      return list(attribute, value, (name, v) => {
        const o = object(name, v);
        return {
          phoneNumber: nullableString(`${name}.phoneNumber`, o.phoneNumber ?? null),
          phoneType: nullableString(`${name}.phoneType`, o.phoneType ?? null),
        };
      });
    case "address": {
      if (value === null) return null;
      const o = object(attribute, value);
      const part = (key: string): string | null => nullableString(`${attribute}.${key}`, o[key] ?? null);
      return { street: part("street"), postalCode: part("postalCode"), city: part("city"), country: part("country") };
    }
    default:
      if ("iri" in kind) return iri(attribute, kind.iri, value);
      return list(attribute, value, (name, v) => iri(name, kind.iris, v));
  }
}

/** The value of a field absent from a full (POST/PUT) body. */
function empty(kind: FieldKind): unknown {
  return kind === "uris" || kind === "emailAddresses" || kind === "phoneNumbers" || (typeof kind === "object" && "iris" in kind)
    ? []
    : null;
}

/**
 * Reads the writable fields of a complete body: every omitted field is emptied, as API
 * Platform's PUT replaces the whole resource. (A PATCH comes here too, with the merge patch
 * already applied to the record's writable view.)
 */
export function deserialize(fields: Fields, body: unknown): Record<string, unknown> {
  if (!isPlainObject(body)) {
    throw new ReplyError(problem(400, "The input data must be a JSON object."));
  }
  const result: Record<string, unknown> = {};
  for (const [name, kind] of fields) {
    result[name] = hasOwn(body, name) ? convert(name, kind, body[name]) : empty(kind);
  }
  return result;
}

/** PHP's DATE_ATOM, which API Platform uses for date-times: `2024-05-01T12:00:00+00:00`. */
export function formatAtom(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}+00:00`;
}

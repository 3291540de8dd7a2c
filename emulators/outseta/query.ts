/**
 * Outseta list queries (Outseta's API documentation "Pagination", "Filtering / lookup"):
 * - `offset` is a page index and `limit` a page size (default 25, at most 100, or 25 when
 *   `fields` asks for child objects); the answer is `{ metadata: { limit, offset, total }, items }`;
 * - any property is an exact-match filter (`?Email=`), nested paths included
 *   (`PersonAccount.Person.Email=`), with `__gt`, `__gte`, `__lt`, `__lte`, `__ne`,
 *   `__isnull` suffixes, combined with AND; strings compare case-insensitively (SQL
 *   Server's default collation); an unknown property is a 400, never silently ignored;
 * - an equality filter on a string takes `*` wildcards: `*value` (ends with), `value*`
 *   (starts with), `*value*` (contains), as Outseta's own clients use them (Outseta's API documentation,
 *   "Evidence from vendors' code"). A `*` inside the value (`a*b`) is not documented; it is
 *   read as "any characters" too, the most forgiving reading a client must expect;
 * - `orderBy=Property DESC`, `q=` (substring of names and e-mail; undocumented semantics);
 * - `fields=*,PersonAccount.*,PersonAccount.Account.*`: a whitelist. `X.*` selects the
 *   plain properties of X, naming a child object (or one of its properties) expands it;
 *   what is not selected is left out.
 */
import { isPlainObject } from "../core/body";
import { ReplyError, json, type ApiRequest, type Reply } from "../core/types";
import { appError, frameworkError } from "./errors";
import { CHILD_KEYS, KNOWN_KEYS, RELATIONS } from "./schema";

const RESERVED = new Set(["offset", "limit", "fields", "orderBy", "donotlog", "q"]);
const OPERATORS = new Set(["gt", "gte", "lt", "lte", "ne", "isnull"]);
/**
 * The page size when `limit` is not sent. The sources disagree: 25 in Outseta's own API text
 * (its OpenAPI spec, https://go.outseta.com/swagger/v1/swagger.json, as generated into
 * https://github.com/outseta/outseta-js packages/api-client/src/generated/crm/crm.ts, and
 * https://github.com/outseta/agent-toolkit skills/outseta/references/rest-api.md); 100 in a
 * response recorded from Outseta with no query at all
 * (https://github.com/tiltcamp/outseta-api-client/blob/055b3bd/test/api/crm/people/get-all.spec.ts,
 * `"metadata": {"limit": 100, ...}`), and in old Postman examples. The default may have
 * changed over time. The emulator keeps 25, Outseta's current documented value and the
 * smaller one: a client that assumes 100 and meets 25 stops after the first page, which the
 * emulator must show. A client must read the page size from `metadata.limit`.
 */
const DEFAULT_LIMIT = 25;

type View = Record<string, unknown>;

interface Filter {
  readonly path: readonly string[];
  readonly operator: string;
  readonly value: string;
}

function integer(req: ApiRequest, name: string, fallback: number): number {
  const raw = req.query.get(name);
  if (raw === null || raw === "") return fallback;
  // ASP.NET model binding refuses a non-integer for an int parameter.
  if (!/^\d+$/.test(raw)) throw new ReplyError(frameworkError(400, "The request is invalid."));
  return Number(raw);
}

/** Checks a property path against the entity types; answers the 400 message or undefined. */
function unknownPath(entity: string, path: readonly string[]): string | undefined {
  let type = entity;
  for (const [i, segment] of path.entries()) {
    if (!KNOWN_KEYS[type].includes(segment)) return `'${segment}' is not a property of ${type}`;
    if (i < path.length - 1) {
      const next = RELATIONS[type][segment];
      if (!next) return `'${segment}' of ${type} has no properties`;
      type = next;
    }
  }
  return undefined;
}

function filters(req: ApiRequest, entity: string): Filter[] {
  const result: Filter[] = [];
  for (const [key, value] of req.query.entries()) {
    if (RESERVED.has(key)) continue;
    const cut = key.lastIndexOf("__");
    const operator = cut > 0 && OPERATORS.has(key.slice(cut + 2)) ? key.slice(cut + 2) : "eq";
    const path = (operator === "eq" ? key : key.slice(0, cut)).split(".");
    const problem = unknownPath(entity, path);
    if (problem) throw new ReplyError(appError(400, `Invalid filter ${key}: ${problem}`));
    result.push({ path, operator, value });
  }
  return result;
}

function valuesAt(value: unknown, path: readonly string[]): unknown[] {
  if (Array.isArray(value)) return value.flatMap((item) => valuesAt(item, path));
  if (path.length === 0) return [value];
  return isPlainObject(value) ? valuesAt(value[path[0]], path.slice(1)) : [];
}

/** Compares a stored value with a query string; undefined when they are not comparable. */
function compare(actual: unknown, raw: string): number | undefined {
  if (typeof actual === "number") return Number.isNaN(Number(raw)) ? undefined : actual - Number(raw);
  if (typeof actual === "boolean") return actual === (raw.toLowerCase() === "true") ? 0 : 1;
  if (typeof actual !== "string") return undefined;
  const a = actual.toLowerCase();
  const b = raw.toLowerCase();
  return a < b ? -1 : a > b ? 1 : 0;
}

function matches(view: View, f: Filter): boolean {
  const values = valuesAt(view, f.path);
  if (f.operator === "isnull") {
    const isNull = values.every((v) => v === null || v === undefined);
    return f.value.toLowerCase() === "true" ? isNull : !isNull;
  }
  const results = values.map((v) => compare(v, f.value)).filter((c): c is number => c !== undefined);
  switch (f.operator) {
    case "ne":
      return !results.includes(0);
    case "gt":
      return results.some((c) => c > 0);
    case "gte":
      return results.some((c) => c >= 0);
    case "lt":
      return results.some((c) => c < 0);
    case "lte":
      return results.some((c) => c <= 0);
    default:
      if (f.value.includes("*")) return values.some((v) => typeof v === "string" && wildcard(f.value).test(v));
      return results.includes(0);
  }
}

/** `*` as "any characters", the rest literal, case-insensitive. */
function wildcard(pattern: string): RegExp {
  const parts = pattern.split("*").map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  return new RegExp(`^${parts.join(".*")}$`, "i");
}

function orderBy(req: ApiRequest, entity: string): ((a: View, b: View) => number) | undefined {
  const raw = req.query.get("orderBy");
  if (raw === null || raw.trim() === "") return undefined;
  const match = /^(\w+)(?:\s+(ASC|DESC))?$/i.exec(raw.trim());
  if (!match || !KNOWN_KEYS[entity].includes(match[1])) throw new ReplyError(appError(400, `Invalid orderBy: ${raw}`));
  const [, key, direction] = match;
  const sign = direction?.toUpperCase() === "DESC" ? -1 : 1;
  return (a, b) => sign * (compare(a[key], String(b[key] ?? "")) ?? 0);
}

/** Keeps what `patterns` select of a view (see the file comment). */
function project(view: View, path: string, patterns: ReadonlySet<string>): View {
  const out: View = {};
  for (const [key, value] of Object.entries(view)) {
    const full = path === "" ? key : `${path}.${key}`;
    if (!CHILD_KEYS.has(key)) {
      if (patterns.has(path === "" ? "*" : `${path}.*`) || patterns.has(full)) out[key] = value;
      continue;
    }
    const expanded = patterns.has(full) || [...patterns].some((p) => p.startsWith(`${full}.`));
    if (!expanded) continue;
    if (value === null || typeof value !== "object") {
      out[key] = value;
      continue;
    }
    // Naming a child object alone ("MailingAddress") selects all of its plain properties.
    const sub = patterns.has(full) ? new Set([...patterns, `${full}.*`]) : patterns;
    out[key] = Array.isArray(value)
      ? value.map((item) => (isPlainObject(item) ? project(item, full, sub) : item))
      : project(value as View, full, sub);
  }
  return out;
}

export interface Listable<T> {
  readonly rows: readonly T[];
  /** The row's view with children expanded deep enough for nested filters and `fields`. */
  readonly full: (row: T) => View;
  /** The row's default view (root plus immediate children). */
  readonly standard: (row: T) => View;
}

export function list<T>(req: ApiRequest, entity: string, source: Listable<T>): Reply {
  const fieldsParam = req.query.get("fields");
  const patterns = fieldsParam ? new Set(fieldsParam.split(",").map((p) => p.trim()).filter(Boolean)) : undefined;
  const childFields = patterns !== undefined && [...patterns].some((p) => p.includes("."));
  const offset = integer(req, "offset", 0);
  // A limit of 0 is read as "not given".
  const limit = Math.min(integer(req, "limit", DEFAULT_LIMIT) || DEFAULT_LIMIT, childFields ? 25 : 100);
  const wanted = filters(req, entity);
  const q = req.query.get("q")?.toLowerCase();
  const textKeys = entity === "Person" ? ["Email", "FirstName", "LastName", "FullName"] : ["Name"];

  let rows = source.rows.map((row) => ({ row, view: source.full(row) }));
  rows = rows.filter(({ view }) => wanted.every((f) => matches(view, f)));
  if (q) rows = rows.filter(({ view }) => textKeys.some((k) => String(view[k] ?? "").toLowerCase().includes(q)));
  const sort = orderBy(req, entity);
  if (sort) rows = [...rows].sort((a, b) => sort(a.view, b.view));

  const page = rows.slice(offset * limit, offset * limit + limit);
  const items = page.map(({ row, view }) => (patterns ? project(view, "", patterns) : source.standard(row)));
  return json(200, { metadata: { limit, offset, total: rows.length }, items });
}

/** One entity with `fields` applied (GET by uid). */
export function single<T>(req: ApiRequest, row: T, source: Omit<Listable<T>, "rows">): Reply {
  const fieldsParam = req.query.get("fields");
  if (!fieldsParam) return json(200, source.standard(row));
  const patterns = new Set(fieldsParam.split(",").map((p) => p.trim()).filter(Boolean));
  return json(200, project(source.full(row), "", patterns));
}

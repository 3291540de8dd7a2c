/**
 * What `doctor` reads of a service to tell whether it is usable: the cheap authenticated
 * reads, through the provider's own API methods (so the provider's checks of each answer
 * apply), and the shape each raw answer must have for the provider to read it. One list page
 * and, when it holds a record, that one record: two requests per service. Each profile
 * carries its probe; the shape helpers below are shared.
 */

export interface Probe<S = unknown> {
  /** "GET /users", for messages. */
  readonly listRequest: string;
  /** Reads the first page of the list through the provider's API. */
  list(service: S): Promise<unknown>;
  /** What is wrong with a raw list answer; undefined when it has the shape the provider reads. */
  listShape(body: unknown): string | undefined;
  /** The id of the first record of a raw list answer (checked already), to read it alone. */
  firstId(body: unknown): string | undefined;
  /** How many records the page holds and what the API says of the rest. */
  summary(body: unknown): string;
  readonly recordRequest: string;
  record(service: S, id: string): Promise<unknown>;
  recordShape(body: unknown): string | undefined;
  /**
   * The setting (its name in the profile's `settings`) without which the credentials make a
   * token on this machine, whose clock then matters.
   */
  readonly mintedWithout?: string;
  /** A setting that, when not set, the service finds with a request of its own (e.g. a credential id). */
  readonly discovered?: Discovered;
}

/** A setting found by a request when it is not set. */
export interface Discovered {
  /** Its name in the profile's `settings`. */
  readonly setting: string;
  /** What the setting names, in the singular ("credential"): the check is "<what> id". */
  readonly what: string;
  /** The request that finds it ("GET /credentials") and the path it logs under. */
  readonly request: string;
  readonly path: string;
  /** The ids a raw answer of that request lists, first the one used. */
  ids(body: unknown): string[];
  /** What to do when it finds none, before "or set <setting>". */
  readonly whenNone: string;
}

type Json = Record<string, unknown>;
export const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
const kind = (v: unknown): string => (v === null ? "null" : Array.isArray(v) ? "an array" : v === undefined ? "no body" : typeof v === "string" ? "text" : `a ${typeof v}`);
export const str = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);

/** An array of objects under `key` (or the body itself when `key` is undefined). */
export function arrayShape(body: unknown, key: string | undefined, what: string): string | undefined {
  const list = key === undefined ? body : isObject(body) ? body[key] : undefined;
  if (key !== undefined && !isObject(body)) return `${kind(body)} instead of a JSON object with \`${key}\` (${what})`;
  if (!Array.isArray(list)) return key === undefined ? `${kind(body)} instead of a JSON array (${what})` : `a JSON object without a \`${key}\` array (keys: ${Object.keys(body as Json).slice(0, 8).join(", ") || "none"})`;
  const bad = list.findIndex((item) => !isObject(item));
  return bad < 0 ? undefined : `item ${bad} of \`${key ?? "the list"}\` is ${kind(list[bad])}, not a record`;
}

export function recordShape(body: unknown, hasId: (r: Json) => boolean, idKey: string): string | undefined {
  if (!isObject(body)) return `${kind(body)} instead of a JSON object`;
  return hasId(body) ? undefined : `a JSON object without its \`${idKey}\``;
}

export const items = (body: unknown, key?: string): Json[] => ((key === undefined ? body : isObject(body) ? body[key] : undefined) as Json[] | undefined) ?? [];
export const numberOf = (v: unknown): number | undefined => (typeof v === "number" && Number.isFinite(v) ? v : undefined);
export const ofTotal = (n: number, total: number | undefined, what: string): string => `${n} ${what} on the first page${total === undefined ? "" : ` of ${total}`}`;

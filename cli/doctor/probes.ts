/**
 * Per service: the cheap authenticated reads `doctor` makes, through the provider's own API
 * methods (so the provider's checks of each answer apply), and the shape each raw answer
 * must have for the provider to read it (the APIs' documentation). One list page and, when it holds a
 * record, that one record: two requests per service.
 */
import { idOf } from "../../provider/rogerroger/mapping";
import type { ProviderContext } from "../../provider/plugin/context";
import * as registry from "../../provider/registry";
import type { ServiceName } from "../../provider/services";

export interface Probe {
  /** "GET /users", for messages. */
  readonly listRequest: string;
  /** Reads the first page of the list through the provider's API. */
  list(context: ProviderContext): Promise<unknown>;
  /** What is wrong with a raw list answer; undefined when it has the shape the provider reads. */
  listShape(body: unknown): string | undefined;
  /** The id of the first record of a raw list answer (checked already), to read it alone. */
  firstId(body: unknown): string | undefined;
  /** How many records the page holds and what the API says of the rest. */
  summary(body: unknown): string;
  readonly recordRequest: string;
  record(context: ProviderContext, id: string): Promise<unknown>;
  recordShape(body: unknown): string | undefined;
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
const kind = (v: unknown): string => (v === null ? "null" : Array.isArray(v) ? "an array" : v === undefined ? "no body" : typeof v === "string" ? "text" : `a ${typeof v}`);
const str = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);

/** An array of objects under `key` (or the body itself when `key` is undefined). */
function arrayShape(body: unknown, key: string | undefined, what: string): string | undefined {
  const list = key === undefined ? body : isObject(body) ? body[key] : undefined;
  if (key !== undefined && !isObject(body)) return `${kind(body)} instead of a JSON object with \`${key}\` (${what})`;
  if (!Array.isArray(list)) return key === undefined ? `${kind(body)} instead of a JSON array (${what})` : `a JSON object without a \`${key}\` array (keys: ${Object.keys(body as Json).slice(0, 8).join(", ") || "none"})`;
  const bad = list.findIndex((item) => !isObject(item));
  return bad < 0 ? undefined : `item ${bad} of \`${key ?? "the list"}\` is ${kind(list[bad])}, not a record`;
}

function recordShape(body: unknown, hasId: (r: Json) => boolean, idKey: string): string | undefined {
  if (!isObject(body)) return `${kind(body)} instead of a JSON object`;
  return hasId(body) ? undefined : `a JSON object without its \`${idKey}\``;
}

const items = (body: unknown, key?: string): Json[] => ((key === undefined ? body : isObject(body) ? body[key] : undefined) as Json[] | undefined) ?? [];
const numberOf = (v: unknown): number | undefined => (typeof v === "number" && Number.isFinite(v) ? v : undefined);
const ofTotal = (n: number, total: number | undefined, what: string): string => `${n} ${what} on the first page${total === undefined ? "" : ` of ${total}`}`;

export const PROBES: Readonly<Record<ServiceName, Probe>> = {
  rollout: {
    listRequest: "GET /users",
    list: (c) => c.service(registry.rollout).api.listUsers(),
    listShape: (b) => arrayShape(b, undefined, "the team") ?? (items(b).every((u) => str(u.email)) ? undefined : "a member without an `email`"),
    firstId: (b) => str(items(b)[0]?.email),
    summary: (b) => `${items(b).length} member(s) (the whole team: no paging)`,
    recordRequest: "GET /users/{email}",
    record: (c, id) => c.service(registry.rollout).api.getUser(id),
    recordShape: (b) => recordShape(b, (r) => str(r.email) !== undefined, "email"),
  },
  rogerroger: {
    listRequest: "GET /people",
    list: (c) => c.service(registry.rogerroger).api.listPeople(1),
    listShape: (b) => arrayShape(b, "member", "a Hydra collection"),
    firstId: (b) => {
      const first = items(b, "member")[0];
      return first ? idOf(first as { id?: string; "@id"?: string }) || undefined : undefined;
    },
    summary: (b) => ofTotal(items(b, "member").length, numberOf(isObject(b) ? b.totalItems : undefined), "people"),
    recordRequest: "GET /people/{id}",
    record: (c, id) => c.service(registry.rogerroger).api.getPerson(id),
    recordShape: (b) => recordShape(b, (r) => str(r.id) !== undefined || str(r["@id"]) !== undefined, "id"),
  },
  outseta: {
    listRequest: "GET /crm/people",
    list: (c) => c.service(registry.outseta).api.listPeople(0),
    listShape: (b) => arrayShape(b, "items", "a list with `metadata` and `items`"),
    firstId: (b) => str(items(b, "items")[0]?.Uid),
    summary: (b) => {
      const metadata = isObject(b) && isObject(b.metadata) ? b.metadata : {};
      const limit = numberOf(metadata.limit);
      // The page size is the API's choice (25 or 100 by the sources): shown as it answered.
      return `${ofTotal(items(b, "items").length, numberOf(metadata.total), "people")}${limit === undefined ? "" : `, page size ${limit}`}`;
    },
    recordRequest: "GET /crm/people/{Uid}",
    record: (c, id) => c.service(registry.outseta).api.getPerson(id),
    recordShape: (b) => recordShape(b, (r) => str(r.Uid) !== undefined, "Uid"),
  },
  rolloutCrm: {
    listRequest: "GET /people",
    list: (c) => c.service(registry.rolloutCrm).api.listPeople(),
    listShape: (b) => arrayShape(b, "people", "the people list"),
    firstId: (b) => str(items(b, "people")[0]?.id),
    summary: (b) => ofTotal(items(b, "people").length, numberOf(isObject(b) && isObject(b._metadata) ? b._metadata.total : undefined), "people"),
    recordRequest: "GET /people/{id}",
    record: (c, id) => c.service(registry.rolloutCrm).api.getPerson(id),
    recordShape: (b) => recordShape(b, (r) => str(r.id) !== undefined, "id"),
  },
};

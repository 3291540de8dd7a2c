/**
 * Universal CRM handlers (the API's examples, the Universal CRM API documentation): `GET /api/credentials`
 * and `/api/people` (GET list, POST → 200), `/api/people/{id}` (GET, PUT = partial update,
 * DELETE → 200 `[]`). Errors are `{ "error": "..." }`.
 *
 * Paging: `offset`/`limit` (default 25, at most 100; 0 means the default) or the `next`
 * cursor from `_metadata`, an opaque base64url string; `_metadata.next`/`nextLink` are
 * absent on the last page. `email=` filters exactly, case-insensitively (open question
 * "Filtering"); other unknown query parameters are ignored.
 */
import { randomUUID } from "node:crypto";
import { isPlainObject, mediaType, parseJson } from "../core/body";
import { decodeSegment, resourceRoutes, type Route } from "../core/router";
import type { Handler } from "../core/service";
import { ReplyError, json, type ApiRequest } from "../core/types";
import { emailsOf, personView, readInput, type PersonRecord } from "./schema";
import { error } from "./errors";
import type { CrmStore } from "./store";

type H = Handler<CrmStore>;

export const DEV_CREDENTIAL_ID = "dev-credential";
const DEFAULT_LIMIT = 25;
const MAX_LIMIT = 100;

function body(req: ApiRequest): unknown {
  if (mediaType(req) !== "application/json") throw error(415, "Content-Type must be application/json");
  const parsed = parseJson(req.body);
  if (!parsed.ok) throw error(400, `Invalid JSON body: ${parsed.message}`);
  return parsed.value;
}

function find(store: CrmStore, rawId: string): PersonRecord {
  const person = store.people.get(decodeSegment(rawId) ?? "");
  if (!person) throw error(404, "Person not found");
  return person;
}

function nonNegative(req: ApiRequest, name: string): number | undefined {
  const raw = req.query.get(name);
  if (raw === null || raw === "") return undefined;
  if (!/^\d+$/.test(raw)) throw error(400, `${name} must be a non-negative integer`);
  return Number(raw);
}

function decodeCursor(cursor: string): number {
  const decoded: unknown = (() => {
    try {
      return JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    } catch {
      return undefined;
    }
  })();
  if (!isPlainObject(decoded) || !Number.isInteger(decoded.offset) || (decoded.offset as number) < 0) {
    throw error(400, "Invalid next cursor");
  }
  return decoded.offset as number;
}

const listCredentials: H = (req) => {
  const credential: Record<string, unknown> = { id: DEV_CREDENTIAL_ID, appKey: "emulator-crm" };
  if (req.query.get("includeProfile") === "true") credential.profile = { name: "Emulator CRM", email: "dev@example.com" };
  if (req.query.get("includeData") === "true") credential.data = {};
  const appKey = req.query.get("appKey");
  return json(200, appKey === null || appKey === credential.appKey ? [credential] : []);
};

const listPeople: H = (req, _params, { store }) => {
  const cursor = req.query.get("next");
  const offset = cursor ? decodeCursor(cursor) : (nonNegative(req, "offset") ?? 0);
  const limit = Math.min(nonNegative(req, "limit") || DEFAULT_LIMIT, MAX_LIMIT);
  const email = req.query.get("email")?.toLowerCase();
  const people = [...store.people.values()].filter((p) => email === undefined || emailsOf(p).includes(email));
  const metadata: Record<string, unknown> = { collection: "people", offset, limit, total: people.length };
  if (offset + limit < people.length) {
    const next = Buffer.from(JSON.stringify({ offset: offset + limit })).toString("base64url");
    const link = new URLSearchParams({ next, limit: String(limit) });
    if (email !== undefined) link.set("email", req.query.get("email") ?? "");
    metadata.next = next;
    metadata.nextLink = `${req.origin}${req.path}?${link.toString()}`;
  }
  return json(200, { _metadata: metadata, people: people.slice(offset, offset + limit).map(personView) });
};

const createPerson: H = (req, _params, { store, clock }) => {
  const fields = readInput(body(req), {});
  const now = clock.now();
  const person: PersonRecord = { id: randomUUID(), created: now, updated: now, fields };
  store.people.set(person.id, person);
  return json(200, personView(person));
};

const getPerson: H = (_req, params, { store }) => json(200, personView(find(store, params.id)));

const updatePerson: H = (req, params, { store, clock }) => {
  const current = find(store, params.id);
  const person = { ...current, fields: readInput(body(req), current.fields), updated: clock.now() };
  store.people.set(person.id, person);
  return json(200, personView(person));
};

const deletePerson: H = (_req, params, { store }) => {
  store.people.delete(find(store, params.id).id);
  return json(200, []);
};

export const routes: readonly Route<H>[] = [
  ...resourceRoutes("/api/credentials", "id", { collection: { GET: listCredentials } }),
  ...resourceRoutes("/api/people", "id", {
    collection: { GET: listPeople, POST: createPerson },
    item: { GET: getPerson, PUT: updatePerson, DELETE: deletePerson },
  }),
];

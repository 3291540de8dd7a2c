/**
 * The fixture CRM's handlers, under `/v1`: `/contacts` (GET list, POST → 201),
 * `/contacts/{id}` (GET, PATCH = JSON merge patch, DELETE → 204).
 *
 * Paging: `limit` (default 20, at most 50) and the opaque `cursor` the previous page gave
 * as `nextCursor` (null on the last page). `email=` filters exactly, case-insensitively.
 * Ids are random UUIDs, so an id never comes back after `/_emulator/reset`.
 */
import { randomUUID } from "node:crypto";
import { isPlainObject, mediaType, parseJson } from "../../../emulators/core/body";
import { decodeSegment, resourceRoutes, type Route } from "../../../emulators/core/router";
import type { Handler } from "../../../emulators/core/service";
import { json, type ApiRequest } from "../../../emulators/core/types";
import { error } from "./errors";
import { contactView, emailOf, readInput, type ContactRecord } from "./schema";
import type { FixtureStore } from "./store";

type H = Handler<FixtureStore>;

const DEFAULT_LIMIT = 20;
const MAX_LIMIT = 50;

function body(req: ApiRequest): unknown {
  if (mediaType(req) !== "application/json") throw error(415, "Content-Type must be application/json");
  const parsed = parseJson(req.body);
  if (!parsed.ok) throw error(400, `Invalid JSON body: ${parsed.message}`);
  return parsed.value;
}

function find(store: FixtureStore, rawId: string): ContactRecord {
  const contact = store.contacts.get(decodeSegment(rawId) ?? "");
  if (!contact) throw error(404, "Contact not found");
  return contact;
}

/** 409 when another contact holds the e-mail of `fields`. */
function uniqueEmail(store: FixtureStore, fields: Record<string, unknown>, self?: string): void {
  const email = typeof fields.email === "string" ? fields.email.toLowerCase() : undefined;
  if (email === undefined) return;
  const holder = [...store.contacts.values()].find((c) => c.id !== self && emailOf(c) === email);
  if (holder) throw error(409, `A contact with email ${email} already exists`);
}

function limitOf(req: ApiRequest): number {
  const raw = req.query.get("limit");
  if (raw === null || raw === "") return DEFAULT_LIMIT;
  if (!/^\d+$/.test(raw) || Number(raw) < 1) throw error(400, "limit must be a positive integer");
  return Math.min(Number(raw), MAX_LIMIT);
}

/** The cursor is the id of the page's first contact, base64url: opaque to clients, stable across writes elsewhere in the list. */
function offsetOf(req: ApiRequest, contacts: readonly ContactRecord[]): number {
  const cursor = req.query.get("cursor");
  if (cursor === null) return 0;
  const id = Buffer.from(cursor, "base64url").toString("utf8");
  const offset = contacts.findIndex((c) => c.id === id);
  if (cursor === "" || offset < 0) throw error(400, "Invalid cursor");
  return offset;
}

const listContacts: H = (req, _params, { store }) => {
  const email = req.query.get("email")?.toLowerCase();
  const contacts = [...store.contacts.values()].filter((c) => email === undefined || emailOf(c) === email);
  const limit = limitOf(req);
  const offset = offsetOf(req, contacts);
  const next = contacts[offset + limit];
  return json(200, { contacts: contacts.slice(offset, offset + limit).map(contactView), nextCursor: next ? Buffer.from(next.id).toString("base64url") : null });
};

const createContact: H = (req, _params, { store, clock }) => {
  const fields = readInput(body(req), {});
  uniqueEmail(store, fields);
  const now = new Date(clock.now()).toISOString();
  const contact: ContactRecord = { id: randomUUID(), createdAt: now, updatedAt: now, fields };
  store.contacts.set(contact.id, contact);
  return json(201, contactView(contact));
};

const getContact: H = (_req, params, { store }) => json(200, contactView(find(store, params.id)));

const updateContact: H = (req, params, { store, clock }) => {
  const current = find(store, params.id);
  const input = body(req);
  const fields = readInput(input, current.fields);
  if (isPlainObject(input) && "email" in input) uniqueEmail(store, fields, current.id);
  const contact = { ...current, fields, updatedAt: new Date(clock.now()).toISOString() };
  store.contacts.set(contact.id, contact);
  return json(200, contactView(contact));
};

const deleteContact: H = (_req, params, { store }) => {
  store.contacts.delete(find(store, params.id).id);
  return { status: 204 };
};

export const routes: readonly Route<H>[] = resourceRoutes("/v1/contacts", "id", {
  collection: { GET: listContacts, POST: createContact },
  item: { GET: getContact, PATCH: updateContact, DELETE: deleteContact },
});

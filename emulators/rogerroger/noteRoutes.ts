/**
 * `/people/{personId}/notes` and `/people/{personId}/notes/{id}` (the API's examples), with the same
 * status codes and content types as the people endpoints.
 *
 * Gap choices: listing the notes of an unknown person answers an empty collection, as API
 * Platform does for a subresource collection (its query just filters on the link); creating
 * a note for an unknown person is a 404; a note asked for under another person is a 404.
 */
import { randomUUID } from "node:crypto";
import { applyMergePatch } from "../core/mergePatch";
import { resourceRoutes, type Route } from "../core/router";
import type { Handler } from "../core/service";
import { collection, paging } from "./collection";
import { deserialize } from "./serializer";
import { MERGE_PATCH, WRITE_FORMATS, booleanParam, ld, notFound, readBody } from "./http";
import { NOTE_FIELDS, noteOrder, noteView, type NoteRecord } from "./schema";
import type { RogerRogerStore } from "./store";

type H = Handler<RogerRogerStore>;

function find(store: RogerRogerStore, personId: string, id: string): NoteRecord {
  const note = store.notes.get(id);
  return note && note.personId === personId ? note : notFound();
}

const listNotes: H = (req, params, { store }) => {
  const page = paging(req);
  const flagged = booleanParam(req.query.get("flagged"));
  const notes = store
    .notesOf(params.personId)
    .filter((note) => flagged === undefined || (note.fields.flagged === true) === flagged)
    .sort(noteOrder)
    .map(noteView);
  return ld(
    200,
    collection(req, {
      context: "/contexts/PersonNote",
      members: notes,
      paging: page,
      search: [{ variable: "flagged", property: "flagged" }],
    }),
  );
};

const createNote: H = (req, params, { store, clock }) => {
  if (!store.people.has(params.personId)) notFound();
  const fields = deserialize(NOTE_FIELDS, readBody(req, WRITE_FORMATS));
  const note: NoteRecord = { id: randomUUID(), personId: params.personId, createdAt: clock.now(), seq: store.nextSeq(), fields };
  store.notes.set(note.id, note);
  const iri = `/people/${note.personId}/notes/${note.id}`;
  return ld(201, noteView(note), { location: iri, "content-location": iri });
};

const getNote: H = (_req, params, { store }) => ld(200, noteView(find(store, params.personId, params.id)));

const replaceNote: H = (req, params, { store }) => {
  const note = find(store, params.personId, params.id);
  const updated = { ...note, fields: deserialize(NOTE_FIELDS, readBody(req, WRITE_FORMATS)) };
  store.notes.set(note.id, updated);
  return ld(200, noteView(updated));
};

const patchNote: H = (req, params, { store }) => {
  const note = find(store, params.personId, params.id);
  const merged = applyMergePatch(note.fields, readBody(req, MERGE_PATCH));
  const updated = { ...note, fields: deserialize(NOTE_FIELDS, merged) };
  store.notes.set(note.id, updated);
  return ld(200, noteView(updated));
};

const deleteNote: H = (_req, params, { store }) => {
  store.notes.delete(find(store, params.personId, params.id).id);
  return { status: 204 };
};

export const noteRoutes: readonly Route<H>[] = resourceRoutes("/people/:personId/notes", "id", {
  collection: { GET: listNotes, POST: createNote },
  item: { GET: getNote, PUT: replaceNote, PATCH: patchNote, DELETE: deleteNote },
});

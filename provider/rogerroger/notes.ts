/** RogerRoger person notes as the PersonNote provider's NotesApi. */
import type { JsonObject } from "../core/normalize";
import type { NotesApi } from "../crm/note/types";
import { noteFromApi, notePatch } from "./mapping";
import { ALL_NOTES } from "./lookup";
import type { RogerRogerService } from "./service";

export function rogerrogerNotesApi(service: RogerRogerService): NotesApi {
  const { api } = service;
  return {
    async read(personId, id) {
      const note = await service.notes(personId).get(id);
      return note ? noteFromApi(note) : undefined;
    },
    async get(personId, id) {
      const note = await api.getNote(personId, id);
      return note ? noteFromApi(note) : undefined;
    },
    async create(personId, after) {
      // The seed's write body names the person too, although the path already does.
      return noteFromApi(await api.createNote(personId, { ...(after as JsonObject), personId }));
    },
    async findExisting(personId) {
      return (await service.notesOf(personId).find(ALL_NOTES)).map(noteFromApi);
    },
    claim: (personId, id) => service.notesOf(personId).claim(id),
    taken: (personId, id) => service.notesOf(personId).taken(id),
    forgetLookups: (personId) => service.notesOf(personId).invalidate(),
    async update(personId, id, before, after) {
      const patch = notePatch(before, after);
      return patch === undefined ? undefined : noteFromApi(await api.patchNote(personId, id, patch));
    },
    async delete(personId, id) {
      await api.deleteNote(personId, id);
    },
  };
}

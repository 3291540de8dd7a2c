/** Every RogerRoger person (and a person's notes), page by page: `GET /people`, `GET /people/{id}/notes`. */
import { mapPage, type PersonListing } from "../crm/listing";
import type { LivePerson } from "../crm/profile";
import { PAGE_SIZE, type RogerRogerApi } from "./api";
import { noteFromApi, personFromApi } from "./mapping";

export const listing: PersonListing<{ api: RogerRogerApi }, LivePerson> = {
  pageSize: PAGE_SIZE,
  people: async ({ api }) => mapPage(await api.listPeople(1), personFromApi),
  notes: async ({ api }, personId) =>
    mapPage(await api.listNotes(personId, 1), (n) => {
      const { id, model } = noteFromApi(n);
      return { id, fields: model };
    }),
};

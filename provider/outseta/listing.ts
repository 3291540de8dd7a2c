/** Every Outseta person, page by page: `GET /crm/people`. */
import { mapPage, type PersonListing } from "../crm/listing";
import type { LivePerson } from "../crm/profile";
import { PAGE_SIZE, type OutsetaApi } from "./api";
import { personFromApi } from "./mapping";

export const listing: PersonListing<{ api: OutsetaApi }, LivePerson> = {
  pageSize: PAGE_SIZE,
  people: async ({ api }) => mapPage(await api.listPeople(0), personFromApi),
};

/** Every fixture CRM contact, page by page: `GET /contacts` with its `nextCursor`. */
import { mapPage, type PersonListing } from "../../../provider/crm/listing";
import type { LivePerson } from "../../../provider/crm/profile";
import { PAGE_SIZE, type FixtureApi } from "./api";
import { personFromApi } from "./mapping";

export const listing: PersonListing<{ api: FixtureApi }, LivePerson> = {
  pageSize: PAGE_SIZE,
  people: async ({ api }) => mapPage(await api.listPeople(), personFromApi),
};

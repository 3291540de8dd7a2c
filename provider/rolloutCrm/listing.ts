/** Every Universal CRM person, page by page: `GET /people` with its `next` cursor. */
import { mapPage, type PersonListing } from "../crm/listing";
import type { LivePerson } from "../crm/profile";
import { PAGE_SIZE, type RolloutCrmApi } from "./api";
import { personFromApi } from "./mapping";

export const listing: PersonListing<{ api: RolloutCrmApi }, LivePerson> = {
  pageSize: PAGE_SIZE,
  people: async ({ api }) => mapPage(await api.listPeople(), personFromApi),
};

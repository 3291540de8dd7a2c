/** What `doctor` reads of the fixture CRM: one page of `GET /contacts` and one contact. */
import { arrayShape, items, ofTotal, recordShape, str, type Probe } from "../../../provider/plugin/probe";
import type { FixtureApi } from "./api";

export const probe: Probe<{ api: FixtureApi }> = {
  listRequest: "GET /contacts",
  list: ({ api }) => api.listPeople(),
  listShape: (b) => arrayShape(b, "contacts", "the contacts list"),
  firstId: (b) => str(items(b, "contacts")[0]?.id),
  // The API announces no total: the page says only whether more follow.
  summary: (b) => ofTotal(items(b, "contacts").length, undefined, "contacts"),
  recordRequest: "GET /contacts/{id}",
  record: ({ api }, id) => api.getPerson(id),
  recordShape: (b) => recordShape(b, (r) => str(r.id) !== undefined, "id"),
};

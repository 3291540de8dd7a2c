/** What `doctor` reads of Outseta: one page of `GET /crm/people` and one person. */
import type { OutsetaApi } from "./api";
import { arrayShape, isObject, items, numberOf, ofTotal, recordShape, str, type Probe } from "../plugin/probe";

export const probe: Probe<{ api: OutsetaApi }> = {
  listRequest: "GET /crm/people",
  list: ({ api }) => api.listPeople(0),
  listShape: (b) => arrayShape(b, "items", "a list with `metadata` and `items`"),
  firstId: (b) => str(items(b, "items")[0]?.Uid),
  summary: (b) => {
    const metadata = isObject(b) && isObject(b.metadata) ? b.metadata : {};
    const limit = numberOf(metadata.limit);
    // The page size is the API's choice (25 or 100 by the sources): shown as it answered.
    return `${ofTotal(items(b, "items").length, numberOf(metadata.total), "people")}${limit === undefined ? "" : `, page size ${limit}`}`;
  },
  recordRequest: "GET /crm/people/{Uid}",
  record: ({ api }, id) => api.getPerson(id),
  recordShape: (b) => recordShape(b, (r) => str(r.Uid) !== undefined, "Uid"),
};

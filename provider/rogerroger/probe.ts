/** What `doctor` reads of RogerRoger: one page of `GET /people` (a Hydra collection) and one person. */
import type { RogerRogerApi } from "./api";
import { arrayShape, isObject, items, numberOf, ofTotal, recordShape, str, type Probe } from "../plugin/probe";
import { idOf } from "./mapping";

export const probe: Probe<{ api: RogerRogerApi }> = {
  listRequest: "GET /people",
  list: ({ api }) => api.listPeople(1),
  listShape: (b) => arrayShape(b, "member", "a Hydra collection"),
  firstId: (b) => {
    const first = items(b, "member")[0];
    return first ? idOf(first as { id?: string; "@id"?: string }) || undefined : undefined;
  },
  summary: (b) => ofTotal(items(b, "member").length, numberOf(isObject(b) ? b.totalItems : undefined), "people"),
  recordRequest: "GET /people/{id}",
  record: ({ api }, id) => api.getPerson(id),
  recordShape: (b) => recordShape(b, (r) => str(r.id) !== undefined || str(r["@id"]) !== undefined, "id"),
};

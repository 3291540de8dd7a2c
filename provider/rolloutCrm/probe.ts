/**
 * What `doctor` reads of the Universal CRM: one page of `GET /people` and one person; and,
 * when `credentialId` is not set, the credential `GET /credentials` finds for the requests.
 */
import type { RolloutCrmApi } from "./api";
import { arrayShape, isObject, items, numberOf, ofTotal, recordShape, str, type Probe } from "../plugin/probe";

export const probe: Probe<{ api: RolloutCrmApi }> = {
  listRequest: "GET /people",
  list: ({ api }) => api.listPeople(),
  listShape: (b) => arrayShape(b, "people", "the people list"),
  firstId: (b) => str(items(b, "people")[0]?.id),
  summary: (b) => ofTotal(items(b, "people").length, numberOf(isObject(b) && isObject(b._metadata) ? b._metadata.total : undefined), "people"),
  recordRequest: "GET /people/{id}",
  record: ({ api }, id) => api.getPerson(id),
  recordShape: (b) => recordShape(b, (r) => str(r.id) !== undefined, "id"),
  // Without a static token, a token is minted per run with this machine's time (iat, exp).
  mintedWithout: "authToken",
  discovered: {
    setting: "credentialId",
    what: "credential",
    request: "GET /credentials",
    path: "/credentials",
    ids: (body) => (Array.isArray(body) ? body.map((c) => (c as { id?: unknown })?.id).filter((id): id is string => typeof id === "string") : []),
    whenNone: "connect a CRM with Rollout Link",
  },
};

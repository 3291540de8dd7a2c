/** What `doctor` reads of Rollout: `GET /users` (the whole team, no paging) and one member. */
import { arrayShape, items, recordShape, str, type Probe } from "../plugin/probe";
import type { RolloutUsersApi } from "./api";

export const probe: Probe<{ api: RolloutUsersApi }> = {
  listRequest: "GET /users",
  list: ({ api }) => api.listUsers(),
  listShape: (b) => arrayShape(b, undefined, "the team") ?? (items(b).every((u) => str(u.email)) ? undefined : "a member without an `email`"),
  firstId: (b) => str(items(b)[0]?.email),
  summary: (b) => `${items(b).length} member(s) (the whole team: no paging)`,
  recordRequest: "GET /users/{email}",
  record: ({ api }, id) => api.getUser(id),
  recordShape: (b) => recordShape(b, (r) => str(r.email) !== undefined, "email"),
};

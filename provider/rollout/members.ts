/** Rollout's team members as the CLI reads them: `GET /users` lists the whole team at once. */
import type { TeamMembers } from "../plugin/members";
import type { RolloutUsersApi } from "./api";
import { checkRolloutUser } from "./check";
import { fromApiUser } from "./mapping";

export const members: TeamMembers<{ api: RolloutUsersApi }> = {
  kind: "rollout:User",
  className: "RolloutUser",
  argsTypeName: "RolloutUserArgs",
  listRequest: "GET /users",
  list: async ({ api }) => (await api.listUsers()).map((user) => fromApiUser(user)),
  check: (args) => checkRolloutUser(args).failures,
  remove: async ({ api }, email) => {
    await api.deleteUser(email);
  },
};

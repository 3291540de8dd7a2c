export { RolloutUser } from "./user";
export type { ApplicationAccess, Permission, RolloutUserArgs } from "./types";
export { RolloutTeam } from "./team/resource";
export type { RolloutTeamArgs } from "./team/types";

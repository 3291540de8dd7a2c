export type { ApplicationAccess, Permission, RolloutUserArgs } from "./types";
export type { RolloutTeamArgs } from "./team/types";

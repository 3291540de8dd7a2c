export { RolloutUser } from "./user";
export type { ApplicationAccess, Permission, RolloutUserArgs } from "./types";

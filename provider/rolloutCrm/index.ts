export type { RolloutCrmPersonArgs, RolloutCrmPersonFields } from "./args";

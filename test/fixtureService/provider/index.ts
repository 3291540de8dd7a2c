export type { FixtureCrmPersonArgs } from "./args";

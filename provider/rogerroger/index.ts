export type { RogerRogerAddress, RogerRogerPersonArgs, RogerRogerPersonFields } from "./args";

export type { OutsetaPersonArgs, OutsetaPhoneNumber } from "./args";

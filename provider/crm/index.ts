export type { CrmPersonCommonArgs, DuplicateEmailArgs, PhoneNumber, PostalAddress } from "./types";

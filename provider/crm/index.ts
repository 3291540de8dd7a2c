export { CrmPerson } from "./person/resource";
export { PersonNote } from "./note/resource";
export type { CrmPersonCommonArgs, DuplicateEmailArgs, PhoneNumber, PostalAddress } from "./types";
export type { PersonNoteArgs } from "./note/types";

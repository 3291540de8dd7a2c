export { CrmPerson } from "./person";
export { PersonNote } from "./note";
export type {
  CrmName,
  CrmPersonArgs,
  OutsetaPersonArgs,
  OutsetaPhoneNumber,
  PhoneNumber,
  PostalAddress,
  RogerRogerAddress,
  RogerRogerPersonArgs,
  RogerRogerPersonFields,
  RolloutCrmPersonArgs,
  RolloutCrmPersonFields,
} from "./types";
export type { PersonNoteArgs } from "./noteTypes";

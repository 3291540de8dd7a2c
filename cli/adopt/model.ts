/**
 * What `adopt` found, in the shape the code generator writes: one entry per live record,
 * holding only the fields the generated code will own (field ownership, README).
 */
import type { NoteFields } from "../../provider/crm/note/types";
import type { PersonModel } from "../../provider/crm/types";
import type { ApplicationAccess } from "../../provider/rollout/types";
import type { CrmName } from "../../provider/services";

/** The services `adopt` reads: Rollout team members, and people in each CRM. */
export type AdoptService = "rollout" | CrmName;

export const ADOPT_SERVICES: readonly AdoptService[] = ["rollout", "rogerroger", "outseta", "rolloutCrm"];

/** A Rollout team member, as the RolloutUser arguments that equal it. */
export interface AdoptedMember {
  /** Lower-case e-mail: the member's identity and its importId. */
  email: string;
  name?: string;
  teamAdmin?: boolean;
  applications?: Record<string, ApplicationAccess>;
  /** Kept from the module being re-written: its resource name (its values are kept as written). */
  resource?: string;
}

/** A note on a RogerRoger person. */
export interface AdoptedNote {
  id: string;
  /** The person the note is on (its id in RogerRoger). */
  personId: string;
  fields: NoteFields;
  /** Kept from the module being re-written: its resource name. */
  resource?: string;
}

/** A CRM person: its id and the owned fields, as the CrmPerson arguments that equal it. */
export interface AdoptedPerson {
  id: string;
  model: PersonModel;
  /** RogerRoger with `--with-notes`: the person's notes not yet in the stack. */
  notes: AdoptedNote[];
  /** Kept from the module being re-written: its resource name; `model` is then the entry's values as written. */
  resource?: string;
}

/** Everything one run adopts, before resource names are chosen. */
export type Adoption =
  | { service: "rollout"; members: AdoptedMember[] }
  | { service: CrmName; people: AdoptedPerson[]; notesOnManagedPeople: AdoptedNote[] };

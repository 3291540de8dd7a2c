/**
 * What `adopt` found, in the shape the code generator writes: one entry per live record,
 * holding only the fields the generated code will own (field ownership, README).
 */
import type { NoteFields } from "../../provider/crm/note/types";
import type { PersonModel } from "../../provider/crm/types";
import type { CrmName } from "../../provider/services";
import type { MemberServiceName } from "../services";

/** The services `adopt` reads (team members, and people in each CRM), from the registry. */
export { ADOPT_SERVICES, type AdoptService } from "../services";

/** A team member, as the arguments of its resource kind that equal it. */
export interface AdoptedMember {
  /** Lower-case e-mail: the member's identity and its importId. */
  email: string;
  name?: string;
  teamAdmin?: boolean;
  /** Access per application id, as the service's profile maps it. */
  applications?: Readonly<Record<string, unknown>>;
  /** Kept from the module being re-written: its resource name (its values are kept as written). */
  resource?: string;
}

/** A note on a CRM person. */
export interface AdoptedNote {
  id: string;
  /** The person the note is on (its id in the CRM). */
  personId: string;
  fields: NoteFields;
  /** Kept from the module being re-written: its resource name. */
  resource?: string;
}

/** A CRM person: its id and the owned fields, as the CrmPerson arguments that equal it. */
export interface AdoptedPerson {
  id: string;
  model: PersonModel;
  /** With `--with-notes` (a CRM with notes): the person's notes not yet in the stack. */
  notes: AdoptedNote[];
  /** Kept from the module being re-written: its resource name; `model` is then the entry's values as written. */
  resource?: string;
}

/** Everything one run adopts, before resource names are chosen. */
export type Adoption =
  | { service: MemberServiceName; members: AdoptedMember[] }
  | { service: CrmName; people: AdoptedPerson[]; notesOnManagedPeople: AdoptedNote[] };

/** Whether the adoption is of team members (not CRM people). */
export const isMembers = (a: Adoption): a is Extract<Adoption, { members: unknown }> => "members" in a;

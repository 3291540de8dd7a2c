/**
 * Seed CRM records as code: CrmPersons on RogerRoger, Outseta and the Rollout Universal CRM
 * from ./records.ts, and PersonNotes on the RogerRoger people.
 */
import { CrmPerson, PersonNote, type CrmPersonArgs } from "pulumi-rollout-crm";
import { notes, outsetaPeople, rogerrogerPeople, rolloutCrmPeople } from "./records";

export interface CrmSeed {
  people: Record<string, CrmPerson>;
  notes: Record<string, PersonNote>;
}

export function crmSeed(): CrmSeed {
  const all: Record<string, CrmPersonArgs> = { ...rogerrogerPeople, ...outsetaPeople, ...rolloutCrmPeople };
  const people: Record<string, CrmPerson> = {};
  for (const [name, args] of Object.entries(all)) people[name] = new CrmPerson(name, args);

  const personNotes: Record<string, PersonNote> = {};
  for (const [name, { person, ...note }] of Object.entries(notes)) {
    personNotes[name] = new PersonNote(name, { ...note, personId: people[person].id });
  }
  return { people, notes: personNotes };
}

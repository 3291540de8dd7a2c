import * as pulumi from "@pulumi/pulumi";
import { CrmPerson, PersonNote } from "pulumi-rollout-crm";
import type { CrmPersonArgs, PersonNoteArgs } from "pulumi-rollout-crm";

// The records come from stack config, so one program serves every backend and every step
// of the lifecycle tests: `people` maps resource names to CrmPerson args, `notes` maps
// resource names to PersonNote args whose `person` names one of the people.
const config = new pulumi.Config();
const people = config.getObject<Record<string, CrmPersonArgs>>("people") ?? {};
const notes = config.getObject<Record<string, Omit<PersonNoteArgs, "personId"> & { person: string }>>("notes") ?? {};
// People whose removal from the program leaves them in the CRM (the `retainOnDelete` option).
const retained = config.getObject<string[]>("retainOnDelete") ?? [];

const persons: Record<string, CrmPerson> = {};
for (const [name, args] of Object.entries(people)) persons[name] = new CrmPerson(name, args, { retainOnDelete: retained.includes(name) });

const personNotes: Record<string, PersonNote> = {};
for (const [name, { person, ...args }] of Object.entries(notes)) {
  personNotes[name] = new PersonNote(name, { ...args, personId: persons[person].id });
}

export const personIds = Object.fromEntries(Object.entries(persons).map(([name, p]) => [name, p.id]));
export const noteIds = Object.fromEntries(Object.entries(personNotes).map(([name, n]) => [name, n.id]));
// Typed outputs, so the tests see that every declared output key reaches the stack outputs.
export const personOutputs = Object.fromEntries(
  Object.entries(persons).map(([name, p]) => [
    name,
    { givenName: p.givenName, familyName: p.familyName, emails: p.emails, phones: p.phones, address: p.address, jobTitle: p.jobTitle, fields: p.fields, managedFields: p.managedFields },
  ]),
);

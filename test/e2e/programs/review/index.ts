import * as pulumi from "@pulumi/pulumi";
import { CrmPerson, PersonNote, RolloutUser } from "pulumi-rollout-crm";
import type { CrmPersonArgs, PersonNoteArgs, RolloutUserArgs } from "pulumi-rollout-crm";

// Every record comes from stack config, so each test step changes "the code" with
// `config set`: `users` maps resource names to RolloutUserArgs, `people` to CrmPersonArgs,
// `notes` to PersonNoteArgs whose `person` names one of the people.
const config = new pulumi.Config();
const users = config.getObject<Record<string, RolloutUserArgs>>("users") ?? {};
const people = config.getObject<Record<string, CrmPersonArgs>>("people") ?? {};
const notes = config.getObject<Record<string, Omit<PersonNoteArgs, "personId"> & { person: string }>>("notes") ?? {};

for (const [name, args] of Object.entries(users)) new RolloutUser(name, args);
const persons: Record<string, CrmPerson> = {};
for (const [name, args] of Object.entries(people)) persons[name] = new CrmPerson(name, args);
const personNotes: Record<string, PersonNote> = {};
for (const [name, { person, ...args }] of Object.entries(notes)) personNotes[name] = new PersonNote(name, { ...args, personId: persons[person].id });

export const personIds = Object.fromEntries(Object.entries(persons).map(([name, p]) => [name, p.id]));
export const noteIds = Object.fromEntries(Object.entries(personNotes).map(([name, n]) => [name, n.id]));

/**
 * The last gate before code is written: every adopted record as the provider will see it.
 * A field the provider's own `check` refuses, or one it cannot carry faithfully (a lone
 * surrogate: the engine refuses it at registration, and a refresh drops it silently), is
 * left out with a warning naming it; a record that cannot go without that field (its
 * identity, a required field, a member's access, which is managed as a whole) is left out
 * entirely. So the module always compiles and its first `up` writes nothing.
 */
import { UNKNOWN, type Failures } from "../../provider/core/check";
import { checkNote } from "../../provider/crm/note/provider";
import { checkPerson } from "../../provider/crm/person/check";
import { COMMON_FIELDS, type PersonModel } from "../../provider/crm/types";
import { CRMS, type CrmName } from "../../provider/services";
import { membersOf, type AdoptService } from "../services";
import { isMembers, type AdoptedMember, type AdoptedNote, type AdoptedPerson, type Adoption } from "./model";
import { requiredFields, withoutFailing } from "./select";
import { shown } from "./warn";

type Warn = (message: string) => void;

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Whether a string, or any string or key inside a JSON value, holds a lone surrogate. */
export function hasLoneSurrogate(value: unknown): boolean {
  if (typeof value === "string") return LONE_SURROGATE.test(value);
  if (Array.isArray(value)) return value.some(hasLoneSurrogate);
  if (typeof value === "object" && value !== null) return Object.entries(value).some(([k, v]) => LONE_SURROGATE.test(k) || hasLoneSurrogate(v));
  return false;
}

/** Why a value holding a lone surrogate is left out; `what` names the value ("it", "its e-mail"). */
const surrogate = (what: string): string =>
  `${what} holds a lone surrogate (an unpaired UTF-16 half, shown as \\udXXX), which Pulumi cannot store: the service keeps it, unmanaged`;
const reasons = (failures: Failures): string => failures.list.map((f) => `${f.property}: ${f.reason}`).join("; ");

/** A member, or undefined when it cannot be adopted as it is (its access is managed as a whole). */
function screenMember(service: AdoptService, m: AdoptedMember, warn: Warn): AdoptedMember | undefined {
  const label = `${service} member ${shown(m.email)}`;
  if (hasLoneSurrogate(m.email) || hasLoneSurrogate(m.applications)) {
    warn(`${label} left out of the code: ${surrogate(hasLoneSurrogate(m.email) ? "its e-mail" : "its access (applications)")}`);
    return undefined;
  }
  const member = { ...m };
  if (hasLoneSurrogate(member.name)) {
    delete member.name;
    warn(`${label}: 'name' left out of the code (${surrogate("it")})`);
  }
  const check = membersOf(service)?.check;
  if (!check) throw new Error(`adopt: ${service} is not a service of team members`);
  const failures = check({ ...member, importId: member.email });
  if (!failures.empty) {
    // teamAdmin and applications are always managed: leaving a part out would revoke it at the first up.
    warn(`${label} left out of the code: the provider refuses ${reasons(failures)}`);
    return undefined;
  }
  return member;
}

/** The model without fields that hold a lone surrogate (native fields one by one). */
function withoutSurrogates(model: PersonModel, warn: Warn, label: string): PersonModel {
  const copy: PersonModel = { ...model, ...(model.fields ? { fields: { ...model.fields } } : {}) };
  for (const field of COMMON_FIELDS) {
    if (!hasLoneSurrogate(copy[field])) continue;
    delete copy[field];
    warn(`${label}: '${field}' left out of the code (${surrogate("it")})`);
  }
  for (const [name, value] of Object.entries(copy.fields ?? {})) {
    if (!hasLoneSurrogate(name) && !hasLoneSurrogate(value)) continue;
    delete copy.fields![name];
    warn(`${label}: 'fields.${shown(name).slice(1, -1)}' left out of the code (${surrogate("it")})`);
  }
  if (copy.fields && Object.keys(copy.fields).length === 0) delete copy.fields;
  return copy;
}

/** `nested`: the note sits under its person's entry, whose code passes the CrmPerson's id (unknown at preview). */
function screenNote(crm: CrmName, note: AdoptedNote, warn: Warn, nested: boolean): AdoptedNote | undefined {
  const label = `${crm} note ${shown(note.id)}`;
  if (hasLoneSurrogate(note.id) || hasLoneSurrogate(note.personId)) {
    warn(`${label} left out of the code: ${surrogate("its id")}`);
    return undefined;
  }
  const fields: Record<string, unknown> = { ...note.fields };
  for (const [name, value] of Object.entries(fields)) {
    if (!hasLoneSurrogate(value)) continue;
    delete fields[name];
    warn(`${label}: '${name}' left out of the code (${surrogate("it")})`);
  }
  const personId = nested ? UNKNOWN : note.personId;
  let { failures } = checkNote({ crm, personId, ...fields, importId: note.id }, CRMS);
  for (const { property, reason } of failures.list) {
    if (!(property in fields)) continue;
    delete fields[property];
    warn(`${label}: '${property}' left out of the code (${reason})`);
  }
  ({ failures } = checkNote({ crm, personId, ...fields, importId: note.id }, CRMS));
  if (!failures.empty) {
    warn(`${label} left out of the code: the provider refuses ${reasons(failures)}`);
    return undefined;
  }
  return { ...note, fields };
}

function screenPerson(crm: CrmName, person: AdoptedPerson, warn: Warn): AdoptedPerson | undefined {
  const label = `${crm} person ${shown(person.id)}`;
  if (hasLoneSurrogate(person.id)) {
    warn(`${label} left out of the code: ${surrogate("its id")}`);
    return undefined;
  }
  const leftOut = (why: string): undefined => {
    warn(`${label} left out of the code${person.notes.length > 0 ? ` with its ${person.notes.length} note(s)` : ""}: ${why}`);
    return undefined;
  };
  const missing = (m: PersonModel) => requiredFields(crm).filter((f) => (m as Record<string, unknown>)[f] === undefined);
  const backends = { [crm]: CRMS[crm].person };
  let model = withoutSurrogates(person.model, warn, label);
  for (let attempt = 0; ; attempt++) {
    if (missing(model).length > 0) return leftOut(`${crm} requires ${missing(model).join(", ")}, and it was left out`);
    const { failures } = checkPerson({ crm, ...model, importId: person.id }, backends);
    if (failures.empty) break;
    if (attempt === 1) return leftOut(`the provider refuses ${reasons(failures)}`);
    model = withoutFailing(model, failures, warn, label);
  }
  const notes = person.notes.map((n) => screenNote(crm, n, warn, true)).filter((n): n is AdoptedNote => n !== undefined);
  return { ...person, model, notes };
}

/** The adoption as the provider will accept it, every omission warned about. */
export function screenAdoption(adoption: Adoption, warn: Warn): Adoption {
  if (isMembers(adoption)) {
    return { ...adoption, members: adoption.members.map((m) => screenMember(adoption.service, m, warn)).filter((m): m is AdoptedMember => m !== undefined) };
  }
  const crm = adoption.service;
  return {
    service: crm,
    people: adoption.people.map((p) => screenPerson(crm, p, warn)).filter((p): p is AdoptedPerson => p !== undefined),
    notesOnManagedPeople: adoption.notesOnManagedPeople.map((n) => screenNote(crm, n, warn, false)).filter((n): n is AdoptedNote => n !== undefined),
  };
}

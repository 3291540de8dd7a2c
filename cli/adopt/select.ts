/**
 * Which records and which fields the generated code takes: the filters of `adopt` and the
 * field-ownership choice (`--fields`), as pure functions over models already read.
 */
import type { Failures } from "../../provider/core/check";
import { NOTE_FIELD_NAMES, type NoteFields } from "../../provider/crm/note/types";
import { managedPerson } from "../../provider/crm/ownership";
import type { PersonBackend } from "../../provider/crm/profile";
import { COMMON_FIELDS, type PersonModel } from "../../provider/crm/types";
import type { LiveMember } from "../../provider/plugin/members";
import type { CrmName } from "../../provider/services";
import { crmPresentation, isCrm, membersOf, titleOf, type AdoptService } from "../services";
import type { AdoptedMember } from "./model";

/** A field-ownership choice: `--fields a,b,fields.x`. Undefined = the common fields that are set. */
export type FieldChoice = readonly string[] | undefined;

/** The fields a CRM requires in its TypeScript type (and in `check`): its profile says. */
export const requiredFields = (crm: CrmName): readonly string[] => crmPresentation(crm).requiredFields;

/** A team member: the one optional field its code may leave to the service (teamAdmin and applications are always managed). */
export const MEMBER_FIELDS = ["name"] as const;

/** Checks a `--fields` list for a service; returns the message of the first problem, naming `--fields`. */
export function checkFieldChoice(service: AdoptService, fields: readonly string[]): string | undefined {
  if (!isCrm(service)) {
    const bad = fields.find((f) => !(MEMBER_FIELDS as readonly string[]).includes(f));
    if (bad !== undefined) {
      return `--fields: '${bad}' is not a field a ${membersOf(service)?.className ?? "member"} can leave to ${titleOf(service)}; the only choice is 'name' (email, teamAdmin and applications are always managed)`;
    }
    return undefined;
  }
  for (const f of fields) {
    const native = f.startsWith("fields.") && f.length > "fields.".length;
    if (!native && !(COMMON_FIELDS as readonly string[]).includes(f)) {
      return `--fields: unknown field '${f}'; expected ${COMMON_FIELDS.join(", ")}, or fields.<name> for a ${service} property`;
    }
  }
  const missing = requiredFields(service).find((f) => !fields.includes(f));
  if (missing !== undefined) return `--fields must include ${missing}: ${service} people require it`;
  return undefined;
}

const isSet = (value: unknown): boolean =>
  value !== undefined &&
  value !== null &&
  value !== "" &&
  !(Array.isArray(value) && value.length === 0) &&
  !(typeof value === "object" && !Array.isArray(value) && Object.keys(value as object).length === 0);

/** The managed keys of a live person under a choice: the chosen fields that are set on it. */
export function ownedKeys(model: PersonModel, choice: FieldChoice): string[] {
  const wanted = choice ?? COMMON_FIELDS;
  return wanted.filter((key) => {
    if (key.startsWith("fields.")) return isSet(model.fields?.[key.slice("fields.".length)]);
    return isSet((model as Record<string, unknown>)[key]);
  });
}

/**
 * The owned part of a live person, as the program would write it. What the provider's
 * `check` would refuse is left out later, in one place for every service (screen.ts); the
 * other arguments stay for the callers that pass them.
 */
export function ownedPerson(
  model: PersonModel,
  choice: FieldChoice,
  _crm?: CrmName,
  _backend?: PersonBackend<any>,
  _warn?: (message: string) => void,
  _label?: string,
): PersonModel {
  return managedPerson(model, ownedKeys(model, choice));
}

export function withoutFailing(model: PersonModel, failures: Failures, warn: (m: string) => void, label: string): PersonModel {
  const copy: PersonModel = { ...model, ...(model.fields ? { fields: { ...model.fields } } : {}) };
  for (const { property, reason } of failures.list) {
    const top = (property ?? "").split(/[.[]/)[0];
    if (top === "fields") {
      const name = (property ?? "").slice("fields.".length).split(/[.[]/)[0];
      if (copy.fields) delete copy.fields[name];
    } else delete (copy as Record<string, unknown>)[top];
    warn(`${label}: '${property}' left out of the code (${reason})`);
  }
  if (copy.fields && Object.keys(copy.fields).length === 0) delete copy.fields;
  return copy;
}

/** A note's owned fields: every note field that is set. */
export function ownedNote(fields: NoteFields): NoteFields {
  const out: Record<string, unknown> = {};
  for (const key of NOTE_FIELD_NAMES) if (isSet(fields[key])) out[key] = fields[key];
  return out as NoteFields;
}

/** A live member as the arguments of its kind that equal it; defaults are left out, so the code reads short. */
export function ownedMember(live: LiveMember, choice: FieldChoice): AdoptedMember {
  const member: AdoptedMember = { email: live.email };
  const ownName = (choice ?? MEMBER_FIELDS).includes("name");
  // A member's default name is its e-mail: no need to own it.
  if (ownName && live.name !== live.email && live.name.trim() !== "") member.name = live.name;
  if (live.teamAdmin) member.teamAdmin = true;
  if (Object.keys(live.applications).length > 0) member.applications = live.applications;
  return member;
}

/** Whether any of the e-mails is at the domain (case-insensitive); no domain = every record. */
export function matchesDomain(emails: readonly string[] | undefined, domain: string | undefined): boolean {
  if (domain === undefined) return true;
  const suffix = `@${domain.toLowerCase().replace(/^@/, "")}`;
  return (emails ?? []).some((e) => e.toLowerCase().endsWith(suffix));
}

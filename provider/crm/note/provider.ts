import { RENAME_HINT, warn, type Claims } from "../../core/claims";
import { named, renameClause, resourceNameIn, take } from "../../core/takers";
import { checkUnknownKeys, Failures, isUnknown } from "../../core/check";
import { ApiError } from "../../http/errors";
import { changedKeys, isEmptyPlan, managedKeys, pick, writePlan, type OwnershipSpec } from "../ownership";
import { checkText } from "../person/check";
import type { CrmProfile, NotesBackend } from "../profile";
import { NOTE_FIELD_NAMES, type LiveNote, type NoteFields, type NotesApi, type PersonNoteInputs, type PersonNoteOutputs } from "./types";
import type { KindProvider, ServiceContext } from "../../plugin/profile";

type Provider = KindProvider<PersonNoteInputs, PersonNoteOutputs>;

export { NOTE_FIELD_NAMES };
export const NOTE_OWNERSHIP: OwnershipSpec = { fields: NOTE_FIELD_NAMES };
const KNOWN_KEYS = ["crm", "personId", ...NOTE_FIELD_NAMES, "importId"];

/** The CRMs of the registry with a notes API, in registry order: the first is the default. */
type NotesCrms = Readonly<Record<string, CrmProfile>>;
const withNotes = (crms: NotesCrms): string[] => Object.keys(crms).filter((name) => crms[name].notes !== undefined);

function joinAnd(items: string[]): string {
  return items.length <= 1 ? items.join("") : `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}

/** Validates a PersonNote's inputs locally; `crm` defaults to the first CRM with notes. */
export function checkNote(news: Record<string, any>, crms: NotesCrms): { inputs: PersonNoteInputs; failures: Failures; profile?: CrmProfile } {
  const failures = new Failures();
  checkUnknownKeys(news, KNOWN_KEYS, failures);
  const names = withNotes(crms);
  const crm = news.crm ?? names[0];
  const profile = typeof crm === "string" && names.includes(crm) ? crms[crm] : undefined;
  const notes: NotesBackend | undefined = profile?.notes;
  if (!profile && !isUnknown(crm)) {
    const without = Object.values(crms).filter((p) => p.notes === undefined).map((p) => p.prose);
    failures.add(
      "crm",
      `PersonNote supports only crm ${names.map((n) => `"${n}"`).join(", ")}, not ${JSON.stringify(crm)}: ${joinAnd(without)} have no person-notes API this provider can manage`,
    );
  }
  const inputs: PersonNoteInputs = { crm: profile ? crm : names[0], personId: news.personId };
  if (news.personId === undefined || news.personId === null) failures.add("personId", "personId is required: the id of the CrmPerson the note is on");
  else {
    checkText(news.personId, "personId", failures);
    if (typeof news.personId === "string" && !isUnknown(news.personId)) {
      const id = news.personId.trim();
      inputs.personId = notes ? notes.normalizePersonId(id) : id;
    }
  }
  for (const key of ["title", "description"] as const) {
    if (news[key] === undefined || news[key] === null) continue;
    checkText(news[key], key, failures);
    inputs[key] = news[key];
  }
  for (const key of ["flagged", "isPrivate"] as const) {
    const value = news[key];
    if (value === undefined || value === null) continue;
    if (!isUnknown(value) && typeof value !== "boolean") failures.add(key, `${key} must be true or false`);
    inputs[key] = value;
  }
  for (const key of ["author", "category"] as const) {
    if (news[key] !== undefined && news[key] !== null) inputs[key] = news[key];
  }
  notes?.check(inputs, failures, news);
  if (news.importId !== undefined && news.importId !== null) {
    checkText(news.importId, "importId", failures);
    if (typeof news.importId === "string" && !isUnknown(news.importId)) {
      const id = news.importId.trim();
      inputs.importId = notes ? notes.normalizeId(id) : id;
    } else inputs.importId = news.importId;
  }
  Object.assign(inputs, resourceNameIn(news));
  return { inputs, failures, profile };
}

function noteOutputs(news: PersonNoteInputs, live: LiveNote, managed: string[]): PersonNoteOutputs {
  const outs: PersonNoteOutputs = { crm: news.crm, personId: news.personId, ...(pick(live.model, managed, NOTE_OWNERSHIP) as NoteFields), managedFields: managed };
  if (news.importId !== undefined) outs.importId = news.importId;
  return named(outs, news);
}

const managedOf = (note: NoteFields): string[] => managedKeys(note, NOTE_OWNERSHIP);
const recorded = (olds: PersonNoteOutputs): string[] => (Array.isArray(olds.managedFields) ? olds.managedFields : managedOf(olds));
const fieldsOf = (note: NoteFields, keys: string[]): NoteFields => pick(note, keys, NOTE_OWNERSHIP) as NoteFields;

/** The claims key of a CRM's notes (core/claims.ts). */
const noteClaims = (crm: string) => `${crm}-note`;

/**
 * A note of the person that is exactly what this resource's own POST would have made: the
 * program's values, no description the program does not set, and no other resource's (taken
 * in this process, or managed by an existing resource of the program: seen in its diff or
 * read). Adopted, nothing written. (Only the description counts beyond the managed fields:
 * flags and relations may hold the CRM's defaults on a note this resource made.)
 */
async function findOwnNote(api: NotesApi, claims: Claims, crm: string, personId: string, after: NoteFields, managed: string[]): Promise<LiveNote | undefined> {
  const free = (await api.findExisting(personId)).filter((n) => !api.taken(personId, n.id) && !claims.isManaged(noteClaims(crm), n.id));
  for (const note of free) {
    const beyond = !managed.includes("description") && typeof note.model.description === "string" && note.model.description !== "";
    if (!beyond && isEmptyPlan(writePlan(fieldsOf(note.model, managed), after, NOTE_OWNERSHIP)) && api.claim(personId, note.id)) return note;
  }
  return undefined;
}

/** The PersonNote provider over the CRMs with a notes API; each builds its service on first use. */
export function personNoteProvider(context: ServiceContext, crms: NotesCrms): Omit<Provider, "configure"> {
  const defaultCrm = withNotes(crms)[0];
  const notesOf = (crm: string): NotesApi => {
    const profile = crms[crm];
    if (!profile?.notes) throw new Error(`PersonNote: crm '${crm}' has no notes API`);
    return profile.notes.api(context.service(profile));
  };
  return {
    async check(_olds, news) {
      const { inputs, failures, profile } = checkNote(news as Record<string, any>, crms);
      if (profile) await context.checkConfig(profile, failures); // settings before any API call; a missing credential warns
      return failures.empty ? { inputs } : { inputs, failures: failures.forEngine(inputs) };
    },

    async diff(id, olds, news) {
      // This note is a resource's of the program: no create of this update takes it over.
      context.claims.markManaged(noteClaims(olds.crm ?? defaultCrm), id);
      const replaces: string[] = [];
      if ((olds.crm ?? defaultCrm) !== news.crm) replaces.push("crm");
      if (isUnknown(news.personId) || olds.personId !== news.personId) replaces.push("personId");
      if (replaces.length > 0) return { changes: true, replaces, deleteBeforeReplace: false };
      const changed = changedKeys(olds, recorded(olds), news, NOTE_OWNERSHIP);
      const stables = ["crm", "personId"];
      return changed.length > 0 ? { changes: true, stables, changedKeys: changed } : { changes: false, stables };
    },

    async create(inputs) {
      const api = notesOf(inputs.crm);
      const managed = managedOf(inputs);
      const after = fieldsOf(inputs, managed);
      if (inputs.importId !== undefined) {
        // Through the person's notes reader, as a refresh reads (a note missing from it is read on its own).
        const existing = await api.read(inputs.personId, inputs.importId);
        if (!existing) {
          throw new Error(`${inputs.crm}: cannot adopt note ${inputs.importId} (importId): person ${inputs.personId} has no note with this id.`);
        }
        const adopted = (await api.update(inputs.personId, existing.id, fieldsOf(existing.model, managed), after)) ?? existing;
        take(context.claims, noteClaims(inputs.crm), adopted.id, `adopted with importId "${inputs.importId}"`, inputs);
        return { id: adopted.id, outs: noteOutputs(inputs, adopted, managed) };
      }
      // A create may have reached the CRM before (a lost response, or a killed `pulumi up` whose
      // create the engine runs again): a note of the person with exactly these values is ours.
      const own = await findOwnNote(api, context.claims, inputs.crm, inputs.personId, after, managed);
      if (own) {
        // Recorded, so that a rename without aliases never lets the old note's delete remove it.
        take(context.claims, noteClaims(inputs.crm), own.id, "adopted from the person's notes", inputs);
        return { id: own.id, outs: noteOutputs(inputs, own, managed) };
      }
      let created: LiveNote;
      try {
        created = await api.create(inputs.personId, after);
      } catch (err) {
        if (!(err instanceof ApiError && err.outcomeUnknown)) throw err;
        api.forgetLookups(inputs.personId);
        const found = await findOwnNote(api, context.claims, inputs.crm, inputs.personId, after, managed).catch(() => undefined);
        if (found) {
          take(context.claims, noteClaims(inputs.crm), found.id, "adopted from the person's notes", inputs);
          return { id: found.id, outs: noteOutputs(inputs, found, managed) };
        }
        throw new Error(
          `${err.message} Run \`pulumi up\` again: it looks through the person's notes first and adopts the note if this request went through.`,
          { cause: err },
        );
      }
      api.claim(inputs.personId, created.id);
      return { id: created.id, outs: noteOutputs(inputs, created, managed) };
    },

    async read(id, props) {
      if (!props) throw new Error("PersonNote: read needs the resource's state");
      const live = await notesOf(props.crm ?? defaultCrm).read(props.personId, id);
      if (!live) return {}; // gone (also when its person was deleted)
      context.claims.markManaged(noteClaims(props.crm ?? defaultCrm), live.id);
      const outs = noteOutputs(props, live, recorded(props));
      // The live note as inputs too, so the engine marks the changed fields (see CrmPerson's read).
      const { managedFields: _managed, ...inputs } = outs;
      return { id: live.id, props: outs, inputs: inputs as PersonNoteOutputs };
    },

    async update(id, olds, news) {
      const managed = managedOf(news);
      const live = await notesOf(news.crm).update(news.personId, id, fieldsOf(olds, recorded(olds)), fieldsOf(news, managed));
      return { outs: noteOutputs(news, live ?? { id, model: olds }, managed) };
    },

    async delete(id, props) {
      const crm = props.crm ?? defaultCrm;
      const taken = context.claims.takenInThisUpdate(noteClaims(crm), id);
      if (taken) {
        // A rename without aliases: the new resource took this note earlier in this update.
        const names = renameClause(context.claims, noteClaims(crm), id, "note", props);
        warn(`${crm}: not deleting note ${id}: another PersonNote of this stack took it over in this update (${taken}) and manages it now${names}. ${RENAME_HINT}`);
        return;
      }
      await notesOf(crm).delete(props.personId, id); // already gone counts as deleted
    },
  };
}

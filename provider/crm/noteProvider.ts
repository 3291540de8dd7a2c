import type * as pulumi from "@pulumi/pulumi";
import { ConfigError } from "../config";
import { checkUnknownKeys, Failures, isUnknown } from "../core/check";
import { checkText } from "./check";
import type { NoteFields, PersonNoteInputs, PersonNoteOutputs } from "./noteTypes";
import { changedKeys, managedKeys, pick, type OwnershipSpec } from "./ownership";

type Provider = Required<pulumi.dynamic.ResourceProvider<PersonNoteInputs, PersonNoteOutputs>>;

export const NOTE_FIELD_NAMES = ["title", "description", "flagged", "isPrivate", "author", "category"] as const;
export const NOTE_OWNERSHIP: OwnershipSpec = { fields: NOTE_FIELD_NAMES };
const KNOWN_KEYS = ["crm", "personId", ...NOTE_FIELD_NAMES, "importId"];
const IRIS: Readonly<Record<string, string>> = { author: "/users/", category: "/note_categories/" };

/** A live note mapped to the model. */
export interface LiveNote {
  id: string;
  model: NoteFields;
}

/** The notes API of the backend (RogerRoger): each method at most one request. */
export interface NotesApi {
  read(personId: string, id: string): Promise<LiveNote | undefined>;
  get(personId: string, id: string): Promise<LiveNote | undefined>;
  create(personId: string, after: NoteFields): Promise<LiveNote>;
  /** One merge PATCH from `before` to `after`; undefined (no request) when nothing changed. */
  update(personId: string, id: string, before: NoteFields, after: NoteFields): Promise<LiveNote | undefined>;
  delete(personId: string, id: string): Promise<void>;
}

/** Validates a PersonNote's inputs locally; `crm` defaults to rogerroger, the only CRM with notes here. */
export function checkNote(news: Record<string, any>): { inputs: PersonNoteInputs; failures: Failures } {
  const failures = new Failures();
  checkUnknownKeys(news, KNOWN_KEYS, failures);
  const crm = news.crm ?? "rogerroger";
  if (crm !== "rogerroger" && !isUnknown(crm)) {
    failures.add(
      "crm",
      `PersonNote supports only crm "rogerroger", not ${JSON.stringify(crm)}: Outseta and the Rollout Universal CRM have no person-notes API this provider can manage`,
    );
  }
  const inputs: PersonNoteInputs = { crm: "rogerroger", personId: news.personId };
  if (news.personId === undefined || news.personId === null) failures.add("personId", "personId is required: the id of the CrmPerson the note is on");
  else {
    checkText(news.personId, "personId", failures);
    if (typeof news.personId === "string" && !isUnknown(news.personId)) inputs.personId = news.personId.trim().replace(/^\/people\//, "");
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
  for (const [key, prefix] of Object.entries(IRIS) as ["author" | "category", string][]) {
    const value = news[key];
    if (value === undefined || value === null) continue;
    if (!isUnknown(value) && (typeof value !== "string" || !value.startsWith(prefix) || !/^[^/?#]+$/.test(value.slice(prefix.length)))) {
      failures.add(key, `${key} must be an IRI ${prefix}{id}, not ${JSON.stringify(value)}`);
    }
    inputs[key] = value;
  }
  if (news.importId !== undefined && news.importId !== null) {
    checkText(news.importId, "importId", failures);
    // A note IRI /people/{personId}/notes/{id} names the note too.
    inputs.importId = typeof news.importId === "string" && !isUnknown(news.importId) ? news.importId.trim().replace(/^.*\/notes\//, "") : news.importId;
  }
  return { inputs, failures };
}

function noteOutputs(news: PersonNoteInputs, live: LiveNote, managed: string[]): PersonNoteOutputs {
  const outs: PersonNoteOutputs = { crm: "rogerroger", personId: news.personId, ...(pick(live.model, managed, NOTE_OWNERSHIP) as NoteFields), managedFields: managed };
  if (news.importId !== undefined) outs.importId = news.importId;
  return outs;
}

const managedOf = (note: NoteFields): string[] => managedKeys(note, NOTE_OWNERSHIP);
const recorded = (olds: PersonNoteOutputs): string[] => (Array.isArray(olds.managedFields) ? olds.managedFields : managedOf(olds));
const fieldsOf = (note: NoteFields, keys: string[]): NoteFields => pick(note, keys, NOTE_OWNERSHIP) as NoteFields;

/** The PersonNote provider; `notes` is resolved on first use. */
export function personNoteProvider(notes: () => NotesApi): Omit<Provider, "configure"> {
  return {
    async check(_olds, news) {
      const { inputs, failures } = checkNote(news as Record<string, any>);
      try {
        notes(); // credentials and URL are checked here, before any API call
      } catch (err) {
        if (!(err instanceof ConfigError)) throw err;
        failures.add(err.setting.key, err.message);
      }
      return failures.empty ? { inputs } : { inputs, failures: failures.forEngine(inputs) };
    },

    async diff(_id, olds, news) {
      const replaces: string[] = [];
      if ((olds.crm ?? "rogerroger") !== news.crm) replaces.push("crm");
      if (isUnknown(news.personId) || olds.personId !== news.personId) replaces.push("personId");
      if (replaces.length > 0) return { changes: true, replaces, deleteBeforeReplace: false };
      const changed = changedKeys(olds, recorded(olds), news, NOTE_OWNERSHIP);
      return { changes: changed.length > 0, stables: ["crm", "personId"] };
    },

    async create(inputs) {
      const api = notes();
      const managed = managedOf(inputs);
      const after = fieldsOf(inputs, managed);
      if (inputs.importId !== undefined) {
        const existing = await api.get(inputs.personId, inputs.importId);
        if (!existing) {
          throw new Error(`rogerroger: cannot adopt note ${inputs.importId} (importId): person ${inputs.personId} has no note with this id.`);
        }
        const adopted = (await api.update(inputs.personId, existing.id, fieldsOf(existing.model, managed), after)) ?? existing;
        return { id: adopted.id, outs: noteOutputs(inputs, adopted, managed) };
      }
      const created = await api.create(inputs.personId, after);
      return { id: created.id, outs: noteOutputs(inputs, created, managed) };
    },

    async read(id, props) {
      if (!props) throw new Error("PersonNote: read needs the resource's state");
      const live = await notes().read(props.personId, id);
      if (!live) return {}; // gone (also when its person was deleted)
      const outs = noteOutputs(props, live, recorded(props));
      // The live note as inputs too, so the engine marks the changed fields (see CrmPerson's read).
      const { managedFields: _managed, ...inputs } = outs;
      return { id: live.id, props: outs, inputs: inputs as PersonNoteOutputs };
    },

    async update(id, olds, news) {
      const managed = managedOf(news);
      const live = await notes().update(news.personId, id, fieldsOf(olds, recorded(olds)), fieldsOf(news, managed));
      return { outs: noteOutputs(news, live ?? { id, model: olds }, managed) };
    },

    async delete(id, props) {
      await notes().delete(props.personId, id); // already gone counts as deleted
    },
  };
}

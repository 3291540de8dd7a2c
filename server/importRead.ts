/**
 * Read with only an id: what `pulumi import` and the `import` resource option ask first.
 * The record is read through the runtime's own `read` (the one a refresh uses), and the
 * fields it holds become the resource's managed fields, chosen as `adopt` chooses them by
 * default (cli/adopt/select.ts): the common fields that are set, never the CRM's own
 * properties. So the generated code, or a program declaring exactly those, shows no change
 * on the next preview; a program that declares fewer fields shows the others as cleared
 * (Pulumi's import takes the record as the program declares it). To adopt a record while
 * leaving fields the program does not set alone, use `importId` instead.
 */
import { ownedKeys, ownedNote } from "../cli/adopt/select";
import { normalizeEmail } from "../provider/core/check";
import { NOTE_FIELD_NAMES } from "../provider/crm/note/types";
import { managedPerson } from "../provider/crm/ownership";
import { personInputs } from "../provider/crm/person/provider";
import { COMMON_FIELDS, type CrmPersonOutputs, type PersonModel } from "../provider/crm/types";
import type { AnyProvider } from "../provider/plugin/profile";
import { CRMS } from "../provider/services";
import { importIdParts } from "./importIds";
import { resourceName } from "./kinds";
import type { Props } from "./values";

export interface ImportedRecord {
  id: string;
  props: Props;
  inputs: Props;
}

type Read = (id: string, props: Props | undefined) => Promise<{ id?: string; props?: Props; inputs?: Props }>;

const crmNames = (): string[] => Object.keys(CRMS);

function crmOf(crm: string, kind: string, format: string): (typeof CRMS)[keyof typeof CRMS] {
  const profile = (CRMS as Record<string, (typeof CRMS)[keyof typeof CRMS]>)[crm];
  if (!profile) throw new Error(`${resourceName(kind)}: unknown crm '${crm}' in the import id; expected ${format} with crm one of ${crmNames().join(", ")}.`);
  return profile;
}

async function readUser(read: Read, importId: string): Promise<ImportedRecord | undefined> {
  const result = await read(normalizeEmail(importId), undefined);
  if (!result.id || !result.props) return undefined;
  return { id: result.id, props: result.props, inputs: result.inputs ?? result.props };
}

async function readPerson(read: Read, importId: string, kind: string): Promise<ImportedRecord | undefined> {
  const format = "<crm>/<person id>";
  const parts = importIdParts(importId, 2);
  if (!parts) throw new Error(`CrmPerson: the import id '${importId}' is not ${format} (e.g. rogerroger/123).`);
  const [crm, raw] = parts;
  const id = crmOf(crm, kind, format).person.normalizeId(raw);
  const result = await read(id, { crm, managedFields: [...COMMON_FIELDS] });
  if (!result.id || !result.props) return undefined;
  const live = result.props as unknown as CrmPersonOutputs;
  const managed = ownedKeys(live as PersonModel, undefined);
  const rest = Object.fromEntries(Object.entries(live).filter(([key]) => !(COMMON_FIELDS as readonly string[]).includes(key)));
  const props = { ...rest, ...managedPerson(live, managed), managedFields: managed } as CrmPersonOutputs;
  return { id: result.id, props: props as unknown as Props, inputs: personInputs(props) as unknown as Props };
}

async function readNote(read: Read, importId: string, kind: string): Promise<ImportedRecord | undefined> {
  const format = "<crm>/<person id>/<note id>";
  const parts = importIdParts(importId, 3);
  if (!parts) throw new Error(`PersonNote: the import id '${importId}' is not ${format}.`);
  const [crm, rawPerson, rawNote] = parts;
  const notes = crmOf(crm, kind, format).notes;
  if (!notes) throw new Error(`PersonNote: crm '${crm}' has no notes API this provider manages.`);
  const personId = notes.normalizePersonId(rawPerson);
  const result = await read(notes.normalizeId(rawNote), { crm, personId, managedFields: [...NOTE_FIELD_NAMES] });
  if (!result.id || !result.props) return undefined;
  const fields = ownedNote(result.props as Record<string, never>);
  const inputs: Props = { crm, personId, ...fields };
  return { id: result.id, props: { ...inputs, managedFields: Object.keys(fields) }, inputs };
}

/** Reads the record `importId` names for a resource of `kind`; undefined when there is none. */
export async function importRead(kind: string, importId: string, provider: AnyProvider): Promise<ImportedRecord | undefined> {
  const read: Read = async (id, props) => (await provider.read!(id, props)) as Awaited<ReturnType<Read>>;
  switch (kind) {
    case "rollout:User":
      return readUser(read, importId);
    case "crm:Person":
      return readPerson(read, importId, kind);
    case "crm:PersonNote":
      return readNote(read, importId, kind);
    case "rollout:Team":
      throw new Error(
        "RolloutTeam cannot be imported: it is a rule over the account's members, not a record the account holds, so there is nothing to read. " +
          "Declare it in the program instead: its create removes nobody, and a refresh then lists the members not in code.",
      );
    default:
      throw new Error(`${resourceName(kind)} cannot be imported: the plugin knows no import id for it.`);
  }
}

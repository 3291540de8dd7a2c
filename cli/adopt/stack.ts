/**
 * What `adopt` needs from the stack, read through the Automation API without running the
 * program: its config with the secrets decrypted (what the provider's `configure` gets),
 * and the records its state already manages.
 */
import { LocalWorkspace } from "@pulumi/pulumi/automation";
import type { CrmName } from "../../provider/services";
import { isCrm, MEMBER_KINDS, NOTE_CRMS, NOTE_KIND, PERSON_KIND, recordKind } from "../services";
import type { AdoptService } from "./model";

const DYNAMIC = "pulumi-nodejs:dynamic/";
const PERSON = `${DYNAMIC}${PERSON_KIND}`;
const NOTE = `${DYNAMIC}${NOTE_KIND}`;
/** The kinds of team members (one per service of members). */
const USERS = MEMBER_KINDS.map((kind) => `${DYNAMIC}${kind}`);

export interface StackView {
  name: string;
  /** Raw config values by `namespace:key`, secrets decrypted. */
  config: ReadonlyMap<string, string>;
  /** The stack's resources of this package: type token, name, id and outputs. */
  resources: ReadonlyArray<{ type: string; name: string; id: string; outputs: Record<string, unknown> }>;
}

/** Thrown when the stack cannot be read; the message names `--stack` / `--cwd`. */
export class StackReadError extends Error {}

export async function readStack(stack: string, cwd: string): Promise<StackView> {
  let config: Record<string, { value: string }>;
  let deployment: any;
  try {
    const selected = await LocalWorkspace.selectStack({ stackName: stack, workDir: cwd });
    config = await selected.getAllConfig();
    deployment = (await selected.exportStack()).deployment;
  } catch (err) {
    const lines = String((err as Error).message ?? err)
      .split("\n")
      .map((l) => l.trim())
      .filter((l) => l.startsWith("error:"));
    const why = lines[0]?.replace(/^error:\s*/, "") ?? String((err as Error).message).split("\n")[0];
    throw new StackReadError(`--stack ${stack}: cannot read the stack in ${cwd} (${why})`);
  }
  const resources = ((deployment?.resources ?? []) as any[])
    .filter((r) => [...USERS, PERSON, NOTE].includes(r.type) && typeof r.id === "string" && r.id !== "")
    .map((r) => ({ type: r.type as string, name: String(r.urn).slice(String(r.urn).lastIndexOf("::") + 2), id: r.id as string, outputs: r.outputs ?? {} }));
  return { name: stack, config: new Map(Object.entries(config).map(([k, v]) => [k, v.value])), resources };
}

/** Ids of one service the state manages (lower-case e-mails for team members), and the note ids. */
export function managedIds(view: StackView, service: AdoptService): { records: Set<string>; notes: Set<string> } {
  const records = new Set<string>();
  const notes = new Set<string>();
  const member = isCrm(service) ? undefined : `${DYNAMIC}${recordKind(service)}`;
  // A note's `crm` output is set by check (its default, the first CRM with notes, included).
  const noteCrm = (r: { outputs: Record<string, unknown> }) => (r.outputs.crm as CrmName | undefined) ?? NOTE_CRMS[0];
  for (const r of view.resources) {
    if (member !== undefined && r.type === member) records.add(r.id.toLowerCase());
    if (isCrm(service) && r.type === PERSON && (r.outputs.crm as CrmName | undefined) === service) records.add(r.id);
    if (isCrm(service) && r.type === NOTE && noteCrm(r) === service) notes.add(r.id);
  }
  return { records, notes };
}

/** Resource names the state uses per type: new names must differ (same type + name = same URN). */
export function takenNames(view: StackView): { user: Set<string>; person: Set<string>; note: Set<string> } {
  const of = (type: string) => new Set(view.resources.filter((r) => r.type === type).map((r) => r.name));
  return { user: new Set(USERS.flatMap((type) => [...of(type)])), person: of(PERSON), note: of(NOTE) };
}

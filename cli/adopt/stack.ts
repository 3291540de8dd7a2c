/**
 * What `adopt` needs from the stack, read through the Automation API without running the
 * program: its config with the secrets decrypted (what the provider's `configure` gets),
 * and the records its state already manages.
 */
import { LocalWorkspace } from "@pulumi/pulumi/automation";
import { SERVICES, type CrmName } from "../../provider/services";
import { providerConfigSource } from "../../server/config";
import { PACKAGE, tokenOf } from "../../server/kinds";
import { isCrm, MEMBER_KINDS, NOTE_CRMS, NOTE_KIND, PERSON_KIND, recordKind } from "../services";
import type { AdoptService } from "./model";

/** A kind's types in both forms: the dynamic resource's, and the provider plugin's (server/kinds.ts). */
const typesOf = (kind: string): string[] => [`pulumi-nodejs:dynamic/${kind}`, tokenOf(kind)];
const PERSON = typesOf(PERSON_KIND);
const NOTE = typesOf(NOTE_KIND);
/** The kinds of team members (one per service of members). */
const USERS = MEMBER_KINDS.flatMap(typesOf);

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
    .filter((r) => [...USERS, ...PERSON, ...NOTE].includes(r.type) && typeof r.id === "string" && r.id !== "")
    .map((r) => ({ type: r.type as string, name: String(r.urn).slice(String(r.urn).lastIndexOf("::") + 2), id: r.id as string, outputs: r.outputs ?? {} }));
  const values = new Map(Object.entries(config).map(([k, v]) => [k, v.value]));
  return { name: stack, config: withPluginSettings(values), resources };
}

/**
 * The config with the provider plugin's settings (`rolloutcrm:<service>`, an object) added as
 * the `<service>:<key>` the runtime reads, so `adopt` reads a stack of either form. A key set
 * both ways keeps the dynamic form's value.
 */
export function withPluginSettings(config: ReadonlyMap<string, string>): Map<string, string> {
  const args = Object.fromEntries([...config].filter(([k]) => k.startsWith(`${PACKAGE}:`)).map(([k, v]) => [k.slice(PACKAGE.length + 1), v]));
  const plugin = providerConfigSource(args, SERVICES);
  const out = new Map(config);
  for (const key of plugin.keys?.() ?? []) if (!out.has(key)) out.set(key, plugin.get(key)!);
  return out;
}

/** Ids of one service the state manages (lower-case e-mails for team members), and the note ids. */
export function managedIds(view: StackView, service: AdoptService): { records: Set<string>; notes: Set<string> } {
  const records = new Set<string>();
  const notes = new Set<string>();
  const member = isCrm(service) ? [] : typesOf(recordKind(service));
  // A note's `crm` output is set by check (its default, the first CRM with notes, included).
  const noteCrm = (r: { outputs: Record<string, unknown> }) => (r.outputs.crm as CrmName | undefined) ?? NOTE_CRMS[0];
  for (const r of view.resources) {
    if (member.includes(r.type)) records.add(r.id.toLowerCase());
    if (isCrm(service) && PERSON.includes(r.type) && (r.outputs.crm as CrmName | undefined) === service) records.add(r.id);
    if (isCrm(service) && NOTE.includes(r.type) && noteCrm(r) === service) notes.add(r.id);
  }
  return { records, notes };
}

/** Resource names the state uses per type: new names must differ (same type + name = same URN). */
export function takenNames(view: StackView): { user: Set<string>; person: Set<string>; note: Set<string> } {
  const of = (types: string[]) => new Set(view.resources.filter((r) => types.includes(r.type)).map((r) => r.name));
  return { user: of(USERS), person: of(PERSON), note: of(NOTE) };
}

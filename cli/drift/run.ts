/**
 * Runs `pulumi preview --refresh` on a stack through the Automation API and returns the
 * drift report. The refresh runs in preview: nothing is written to the state or the APIs.
 * With the state it adds the rows about records rather than resources (./unmanaged.ts).
 */
import { LocalWorkspace } from "@pulumi/pulumi/automation";
import { configOf } from "../../provider/plugin/config";
import { ProviderContext } from "../../provider/plugin/context";
import { SERVICES } from "../../provider/services";
import type { AdoptService } from "../adopt/model";
import { listLive } from "../adopt/sources";
import { runPreview } from "../preview";
import { driftReport, type DriftReport } from "./report";
import { duplicateRows, managedIdsOf, unmanagedRows, withRows, type StateResource } from "./unmanaged";

export interface DriftOptions {
  /** The stack name (or `org/project/stack`); default: the workspace's selected stack. */
  stack?: string;
  /** The folder holding Pulumi.yaml; default: the current folder. */
  cwd: string;
  /** Services whose live records no resource manages are rows too (`not in code`): one list each. */
  unmanaged?: readonly AdoptService[];
}

export async function runDriftCheck(options: DriftOptions): Promise<DriftReport> {
  const run = await runPreview({ stack: options.stack, cwd: options.cwd, refresh: true });
  const report = driftReport(run.stack, run.events);

  // Records held by two resources, from the state (the preview's events carry no ids to compare).
  const stack = await LocalWorkspace.selectStack({ stackName: run.stack, workDir: options.cwd });
  const deployment = (await stack.exportStack()).deployment;
  const resources: StateResource[] = ((deployment?.resources ?? []) as any[])
    .filter((r) => typeof r.id === "string" && r.id !== "" && r.custom === true)
    .map((r) => ({ type: r.type, urn: r.urn, name: String(r.urn).slice(String(r.urn).lastIndexOf("::") + 2), id: r.id, outputs: r.outputs ?? {} }));
  const rows = duplicateRows(resources);

  if (options.unmanaged && options.unmanaged.length > 0) {
    // The same credentials the provider uses: the stack's config (secrets decrypted), then the environment.
    const config = await stack.getAllConfig();
    const context = new ProviderContext(SERVICES, { config: configOf(Object.fromEntries(Object.entries(config).map(([k, v]) => [k, v.value]))) });
    const planned = run.events
      .map((e) => e.resourcePreEvent?.metadata)
      .filter((m) => m !== undefined && m.op === "create" && typeof m.new?.inputs?.importId === "string")
      .map((m) => ({ type: m!.type, crm: m!.new!.inputs.crm as string | undefined, importId: m!.new!.inputs.importId as string }));
    for (const service of options.unmanaged) {
      rows.push(...unmanagedRows(service, await listLive(context, service), managedIdsOf(service, resources, planned)));
    }
  }
  return withRows(report, rows);
}

/**
 * Runs `pulumi preview --refresh` on a stack through the Automation API and returns the
 * drift report. The refresh runs in preview: nothing is written to the state or the APIs.
 */
import { LocalWorkspace, type EngineEvent } from "@pulumi/pulumi/automation";
import { driftReport, type DriftReport } from "./report";

export interface DriftOptions {
  /** The stack name (or `org/project/stack`); default: the workspace's selected stack. */
  stack?: string;
  /** The folder holding Pulumi.yaml; default: the current folder. */
  cwd: string;
}

export async function runDriftCheck(options: DriftOptions): Promise<DriftReport> {
  const workspace = await LocalWorkspace.create({ workDir: options.cwd });
  const stackName = options.stack ?? (await workspace.stack())?.name;
  if (!stackName) {
    throw new Error("no stack selected: pass --stack <name> (or run `pulumi stack select` first)");
  }
  const stack = await LocalWorkspace.selectStack({ stackName, workDir: options.cwd });
  const events: EngineEvent[] = [];
  await stack.preview({ refresh: true, onEvent: (event) => events.push(event) });
  return driftReport(stackName, events);
}

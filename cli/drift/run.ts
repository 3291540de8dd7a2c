/**
 * Runs `pulumi preview --refresh` on a stack through the Automation API and returns the
 * drift report. The refresh runs in preview: nothing is written to the state or the APIs.
 */
import { runPreview } from "../preview";
import { driftReport, type DriftReport } from "./report";

export interface DriftOptions {
  /** The stack name (or `org/project/stack`); default: the workspace's selected stack. */
  stack?: string;
  /** The folder holding Pulumi.yaml; default: the current folder. */
  cwd: string;
}

export async function runDriftCheck(options: DriftOptions): Promise<DriftReport> {
  const run = await runPreview({ ...options, refresh: true });
  return driftReport(run.stack, run.events);
}

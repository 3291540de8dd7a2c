/**
 * Runs `pulumi preview` (optionally `--refresh`) on a stack through the Automation API and
 * keeps its engine events and its own `--diff` text. Nothing is written to the state or the
 * APIs. Shared by the drift report and the review.
 */
import { LocalWorkspace, type EngineEvent } from "@pulumi/pulumi/automation";

export interface PreviewOptions {
  /** The stack name (or `org/project/stack`); default: the workspace's selected stack. */
  stack?: string;
  /** The folder holding Pulumi.yaml. */
  cwd: string;
  /** Read the live records first (`--refresh`). */
  refresh: boolean;
}

export interface PreviewRun {
  stack: string;
  events: EngineEvent[];
  /** The CLI's own `pulumi preview --diff` output. */
  diffText: string;
}

/** The one line a user sees when the Pulumi CLI is missing, instead of `spawn pulumi ENOENT`. */
export const MISSING_CLI =
  "the Pulumi CLI ('pulumi') is not on PATH: install it (https://www.pulumi.com/docs/iac/download-install/, v3.248.0 or newer) or add its folder to PATH";

export class MissingCliError extends Error {
  constructor() {
    super(MISSING_CLI);
    this.name = "MissingCliError";
  }
}

/** True for the Automation API's error when `pulumi` cannot be spawned. */
export function isMissingCli(e: unknown): boolean {
  const message = e instanceof Error ? e.message : String(e);
  return /ENOENT: pulumi\b|spawn pulumi ENOENT/.test(message);
}

export async function runPreview(options: PreviewOptions): Promise<PreviewRun> {
  try {
    const workspace = await LocalWorkspace.create({ workDir: options.cwd });
    const stackName = options.stack ?? (await workspace.stack())?.name;
    if (!stackName) {
      throw new Error("no stack selected: pass --stack <name> (or run `pulumi stack select` first)");
    }
    const stack = await LocalWorkspace.selectStack({ stackName, workDir: options.cwd });
    const events: EngineEvent[] = [];
    // `--run-program` with a refresh: the refresh reads the records with the provider
    // configured from the *current* stack config and environment. Without it the engine
    // refreshes with the default provider saved in the state by the last `up` (old URLs,
    // old or revoked credentials), so a rotation would break drift checks until an `up`.
    const result = await stack.preview({
      refresh: options.refresh,
      runProgram: options.refresh ? true : undefined,
      diff: true,
      onEvent: (event) => events.push(event),
    });
    return { stack: stackName, events, diffText: result.stdout };
  } catch (e) {
    if (isMissingCli(e)) throw new MissingCliError();
    throw e;
  }
}

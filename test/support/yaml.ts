/**
 * A Pulumi YAML project as a user runs it: the `pulumi` command itself (not the Automation
 * API), with the CLI's folder first on PATH (the YAML language host sits beside the CLI, see
 * scripts/ensure-pulumi.sh), a `file://` backend in a temp folder and the passphrase secrets
 * provider. The project is a copy in a temp folder, so a test edits its Pulumi.yaml as a user
 * edits theirs; comments and layout survive an edit.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { expect } from "vitest";
import { parseDocument, type Document } from "yaml";
import { runCommand, type CommandResult } from "./command";
import { checkpointHoldsResources, pulumiEnv, repoRoot } from "./stack";

/** The folder with the provider plugin executable `pulumi-resource-rolloutcrm`, in this repository. */
export const PLUGIN_DIR = path.join(repoRoot, "bin");

export interface YamlProject {
  /** The project's folder (a copy). */
  readonly dir: string;
  /** The temp folder of the file backend, PULUMI_HOME and the pacing files. */
  readonly stateDir: string;
  /** The environment `pulumi` runs with, for other commands that read the stack (the package's CLI). */
  readonly env: NodeJS.ProcessEnv;
  /** Runs `pulumi <args>` in the project; any exit code. */
  run(...args: string[]): Promise<CommandResult>;
  /** Runs `pulumi <args>`, which must exit 0; its standard output and error, together. */
  ok(...args: string[]): Promise<string>;
  /** Edits Pulumi.yaml through its YAML document (setIn, deleteIn, ...), as a user's editor would. */
  edit(change: (doc: Document) => void): void;
  /** `pulumi stack export`, parsed. */
  exportState(): Promise<any>;
  /** Destroys what is left (best effort) and removes the temp folders. */
  dispose(): Promise<void>;
}

export interface YamlProjectOptions {
  /** The project folder to copy (Pulumi.yaml and whatever is beside it). */
  from: string;
  /** When given, the folder to put in `plugins.providers[rolloutcrm].path` (a copy's relative path no longer leads to it). */
  pluginDir?: string;
  /** The stack to create, with the passphrase secrets provider. */
  stack: string;
  /**
   * A stack that exists already (another program's, moving to this one): its backend folder,
   * and its stack file (its config and secrets salt), which is copied beside the project.
   * The stack is selected instead of created.
   */
  existing?: { stateDir: string; stackFile: string };
  /** Extra environment (the provider's environment variables, for one). */
  env?: Record<string, string>;
}

export async function createYamlProject(options: YamlProjectOptions): Promise<YamlProject> {
  const stateDir = options.existing?.stateDir ?? mkdtempSync(path.join(tmpdir(), "prc-yaml-state-"));
  const dir = mkdtempSync(path.join(tmpdir(), "prc-yaml-"));
  cpSync(options.from, dir, { recursive: true, filter: (src) => !/Pulumi\.[^/]+\.yaml$/.test(path.basename(src)) });
  const file = path.join(dir, "Pulumi.yaml");
  const edit = (change: (doc: Document) => void): void => {
    const doc = parseDocument(readFileSync(file, "utf8"));
    change(doc);
    writeFileSync(file, String(doc));
  };
  const pluginDir = options.pluginDir;
  if (pluginDir !== undefined) {
    edit((doc) => {
      const providers = doc.getIn(["plugins", "providers"]) as { items: { get(k: string): unknown; set(k: string, v: unknown): void }[] } | undefined;
      const entry = providers?.items.find((p) => p.get("name") === "rolloutcrm");
      if (!entry) throw new Error(`${options.from}/Pulumi.yaml declares no plugins.providers entry named rolloutcrm`);
      entry.set("path", pluginDir);
    });
  }
  const env = {
    ...process.env,
    ...pulumiEnv(stateDir, { PULUMI_HOME: path.join(stateDir, ".pulumi-home"), PULUMI_ROLLOUT_CRM_PACING_DIR: path.join(stateDir, "pacing"), ...options.env }),
  };
  const run = (...args: string[]) => runCommand("pulumi", [...args, "--non-interactive"], { cwd: dir, env });
  const ok = async (...args: string[]) => {
    const result = await run(...args);
    const text = `${result.stdout}\n${result.stderr}`;
    expect(result.code, `pulumi ${args.join(" ")}\n${text}`).toBe(0);
    return text;
  };
  if (options.existing) {
    cpSync(options.existing.stackFile, path.join(dir, `Pulumi.${options.stack}.yaml`));
    await ok("stack", "select", options.stack);
  } else {
    await ok("stack", "init", options.stack, "--secrets-provider", "passphrase");
  }
  let disposed = false;
  return {
    dir,
    stateDir,
    env,
    run,
    ok,
    edit,
    async exportState() {
      const result = await run("stack", "export");
      expect(result.code, result.stderr).toBe(0);
      return JSON.parse(result.stdout);
    },
    async dispose() {
      if (disposed) return;
      disposed = true;
      try {
        // As TestStack's dispose: no engine run for a state that holds nothing, and no
        // `stack rm` for a backend folder removed below.
        if (checkpointHoldsResources(stateDir)) await run("destroy", "--yes", "--skip-preview");
      } finally {
        rmSync(dir, { recursive: true, force: true });
        rmSync(stateDir, { recursive: true, force: true });
      }
    },
  };
}

/**
 * Support for the `adopt` end-to-end tests: a user's project outside this repository (the
 * generated modules must compile and run there as they would for a user) and the package's
 * bin run as a user runs it, with the test stack's backend and passphrase.
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { PULUMI_TEMPLATE_TSCONFIG, typeErrors, userProject } from "../pure/cli/adopt/compile";
import { pulumiEnv, repoRoot, type TestStack } from "./stack";
import { runCommand, type CommandResult } from "./command";

export { typeErrors, PULUMI_TEMPLATE_TSCONFIG };

/** A Pulumi project whose program imports the given adopted modules (written later by `adopt`). */
export function adoptProject(name: string, modules: readonly string[]): { dir: string; dispose(): void } {
  return userProject({
    "Pulumi.yaml": `name: ${name}\nruntime: nodejs\nmain: index.ts\n`,
    "index.ts": `${modules.map((m) => `import "./${m}";`).join("\n")}\n`,
  });
}

/** Runs `pulumi-rollout-crm <args>` against the test stack's backend (`extraEnv` on top). */
export function runBin(t: TestStack, args: string[], cwd: string, extraEnv: Record<string, string> = {}): Promise<CommandResult> {
  const env = { ...process.env, ...pulumiEnv(t.stateDir, { PULUMI_HOME: path.join(t.stateDir, ".pulumi-home") }), ...extraEnv };
  return runCommand(process.execPath, [path.join(repoRoot, "dist/cli/main.js"), ...args], { cwd, env });
}

export function read(dir: string, file: string): string {
  return readFileSync(path.join(dir, file), "utf8");
}

/**
 * Crashes the way CI crashes: `pulumi up` killed with SIGKILL in the middle (the CLI and
 * every process it started, as when a runner dies, or the dynamic-provider process alone), then recovered with the commands a user would type.
 */
import { execFileSync, spawn } from "node:child_process";
import * as path from "node:path";
import { pulumiEnv, repoRoot, type TestStack } from "./stack";
import { runCommand, type CommandResult } from "./command";

export type KillTarget = "cli" | "provider";

/** The environment of the stack's own CLI runs (same backend, passphrase and PULUMI_HOME). */
function cliEnv(t: TestStack): NodeJS.ProcessEnv {
  return { ...process.env, ...pulumiEnv(t.stateDir, { PULUMI_HOME: path.join(t.stateDir, ".pulumi-home") }) };
}

/** Runs `pulumi <args>` for the stack, as a user would at a terminal. */
export function pulumi(t: TestStack, args: string[]): Promise<CommandResult> {
  return runCommand("pulumi", [...args, "--stack", t.stack.name, "--non-interactive"], { cwd: t.stack.workspace.workDir, env: cliEnv(t) });
}

/** Every process of the machine: pid, parent pid, command line. */
export function allProcesses(): { pid: number; ppid: number; args: string }[] {
  const out = execFileSync("ps", ["-eo", "pid=,ppid=,args="], { encoding: "utf8" });
  return out
    .split("\n")
    .map((line) => /^\s*(\d+)\s+(\d+)\s+(.*)$/.exec(line))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ pid: Number(m[1]), ppid: Number(m[2]), args: m[3]! }));
}

/** The processes descending from `root` (the CLI starts its plugins in process groups of their own). */
export function descendants(root: number): { pid: number; args: string }[] {
  const all = allProcesses();
  const found: { pid: number; args: string }[] = [];
  const queue = [root];
  while (queue.length > 0) {
    const parent = queue.shift()!;
    for (const p of all) {
      if (p.ppid === parent) {
        found.push({ pid: p.pid, args: p.args });
        queue.push(p.pid);
      }
    }
  }
  return found;
}

export function killAll(pids: number[]): void {
  for (const pid of pids) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // already gone
    }
  }
}

/**
 * Starts `pulumi up --yes --skip-preview`, waits until `ready()` says enough has reached the
 * service, then kills with SIGKILL: the CLI with all its descendants (`cli`) or only the
 * dynamic-provider process (`provider`). Resolves with the run's result once it has ended.
 */
export async function upKilledWhen(t: TestStack, target: KillTarget, ready: () => Promise<boolean>, extraArgs: string[] = [], timeoutMs = 120_000): Promise<CommandResult> {
  const child = spawn("pulumi", ["up", "--yes", "--skip-preview", ...extraArgs, "--stack", t.stack.name, "--non-interactive"], {
    cwd: t.stack.workspace.workDir,
    env: cliEnv(t),
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (d) => (stdout += d));
  child.stderr!.on("data", (d) => (stderr += d));
  const ended = new Promise<CommandResult>((resolve) => child.on("close", (code) => resolve({ code, stdout, stderr })));
  const cli = child.pid!;
  const deadline = Date.now() + timeoutMs;
  let exited = false;
  void ended.then(() => (exited = true));
  while (!(await ready())) {
    if (exited) throw new Error(`pulumi up ended before the kill:\n${stdout}\n${stderr}`);
    if (Date.now() > deadline) throw new Error(`not ready to kill within ${timeoutMs} ms:\n${stdout}\n${stderr}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  // SIGKILL gives no process a chance to clean up: as when a CI runner dies, the CLI and
  // every process it started (language host, program, plugins) go at once.
  const tree = descendants(cli);
  if (target === "cli") {
    killAll([cli, ...tree.map((p) => p.pid)]);
  } else {
    const provider = tree.filter((p) => p.args.includes("dynamic-provider"));
    if (provider.length !== 1) throw new Error(`expected one dynamic-provider process, found ${JSON.stringify(provider)}`);
    killAll([provider[0]!.pid]);
  }
  const result = await ended;
  // Nothing of the killed run may linger: what it had started, and a plugin started in the
  // moment between listing the tree and the kill (found by the engine address it was given).
  const engines = new Set(tree.flatMap((p) => p.args.match(/127\.0\.0\.1:\d+/g) ?? []));
  // Only processes of this checkout: a port freed by the kill may already serve another run.
  const late = allProcesses().filter((p) => p.args.includes(repoRoot) && (p.args.match(/127\.0\.0\.1:\d+/g) ?? []).some((address) => engines.has(address)));
  killAll([...tree, ...late].map((p) => p.pid));
  return result;
}

/**
 * The user's recovery: `pulumi cancel` when the killed run left the stack locked, then a
 * plain `pulumi up`. Returns the output of that up.
 */
export async function recover(t: TestStack): Promise<CommandResult> {
  let up = await pulumi(t, ["up", "--yes"]);
  if (up.code !== 0 && /locked/i.test(up.stdout + up.stderr)) {
    const cancel = await pulumi(t, ["cancel", "--yes"]);
    if (cancel.code !== 0) throw new Error(`pulumi cancel failed:\n${cancel.stdout}\n${cancel.stderr}`);
    up = await pulumi(t, ["up", "--yes"]);
  }
  return up;
}

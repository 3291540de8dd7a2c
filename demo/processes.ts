/**
 * The demo's child processes: each runs in its own process group, so that stopping it
 * also stops what it started (the Pulumi CLI starts a language host, the program and the
 * dynamic-provider plugin), whether the demo ends well, fails or is interrupted.
 */
import { spawn, type ChildProcess } from "node:child_process";

export interface RunOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
}

export class ProcessGroups {
  private readonly running = new Set<ChildProcess>();

  /** Runs a command with its output on the demo's own; resolves with its exit code. */
  run(command: string, args: string[], options: RunOptions): Promise<number> {
    const child = spawn(command, args, { ...options, stdio: ["ignore", "inherit", "inherit"], detached: true });
    this.running.add(child);
    return new Promise((resolve, reject) => {
      child.on("error", (err) => {
        this.running.delete(child);
        reject(err);
      });
      child.on("close", (code, signal) => {
        this.running.delete(child);
        resolve(code ?? (signal ? 128 : 1));
      });
    });
  }

  /**
   * Stops every running group: SIGINT first (Pulumi cancels cleanly on it), SIGKILL for
   * whatever is still there after the grace period.
   */
  async stopAll(graceMs = 10_000): Promise<void> {
    const children = [...this.running];
    if (children.length === 0) return;
    const exited = children.map((child) => new Promise<void>((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once("close", () => resolve()))));
    for (const child of children) signalGroup(child, "SIGINT");
    const all = Promise.all(exited);
    const timedOut = await Promise.race([all.then(() => false), delay(graceMs).then(() => true)]);
    // The group leader may be gone while its plugins linger: kill each group regardless.
    for (const child of children) signalGroup(child, "SIGKILL");
    if (timedOut) await Promise.race([all, delay(2_000)]);
  }
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // ESRCH: the whole group has exited already.
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

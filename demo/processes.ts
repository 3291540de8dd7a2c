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
  /** Every group ever started: a finished CLI may leave a plugin behind in its group. */
  private readonly groups = new Set<number>();
  private closed = false;

  /** Runs a command with its output on the demo's own; resolves with its exit code. */
  run(command: string, args: string[], options: RunOptions): Promise<number> {
    if (this.closed) return Promise.reject(new Error("the demo is stopping: no new process is started"));
    const child = spawn(command, args, { ...options, stdio: ["ignore", "inherit", "inherit"], detached: true });
    if (child.pid !== undefined) this.groups.add(child.pid);
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
   * Stops every group and refuses new ones: SIGINT first (Pulumi cancels cleanly on it),
   * SIGKILL for whatever is still there after the grace period.
   */
  async stopAll(graceMs = 10_000): Promise<void> {
    this.closed = true;
    const children = [...this.running];
    const exited = children.map((child) => new Promise<void>((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once("close", () => resolve()))));
    for (const child of children) if (child.pid !== undefined) signalGroup(child.pid, "SIGINT");
    const all = Promise.all(exited);
    const timedOut = await Promise.race([all.then(() => false), delay(graceMs).then(() => true)]);
    for (const group of this.groups) signalGroup(group, "SIGKILL");
    if (timedOut) await Promise.race([all, delay(2_000)]);
  }
}

function signalGroup(group: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-group, signal);
  } catch {
    // ESRCH: the whole group has exited already.
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

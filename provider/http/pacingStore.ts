/**
 * Where a Limiter keeps its schedule: in memory (one process), or in a small file that every
 * provider process of the machine shares.
 *
 * Why a file: one `pulumi` command runs its preview and its update in two provider processes,
 * and commands follow each other within seconds (an `up`, then a `destroy`). The limits are
 * per client IP (Rollout) or per tenant (the CRMs), so a process that starts with an empty
 * schedule sends its first request inside the previous process's window and is refused
 * (555 on Rollout, 429 on RogerRoger: issue #14). One file per service and base URL holds the
 * schedule, and every reservation reads and rewrites it under a lock.
 *
 * The state guarded (`Schedule`): the most recent request starts promised by any process
 * (ascending; the Limiter keeps as many as its window needs), the most recent requests
 * actually sent (the check made right before each dispatch), and `notBefore`, a pause asked
 * for after a 429/555. A reservation is one short critical section: take the lock, read the
 * file, compute and record the slot, write the file, release. It is synchronous on purpose:
 * no other code of this process runs in between either, so the Limiter's rule "compute and
 * record a slot in one step" holds across processes too, and the section lasts well under a
 * millisecond.
 *
 * - The lock is a `<file>.lock` created with O_EXCL (`wx`), atomic on local file systems,
 *   removed after the write. A process killed inside the section leaves it behind: a lock
 *   older than STALE_LOCK_MS is broken (renamed away, so two breakers cannot both win).
 * - The file is replaced by rename, so a reader never sees half a file; an unreadable file
 *   counts as an empty schedule.
 * - Times are wall-clock milliseconds (Date.now) so processes agree on them; tests of the
 *   Limiter's arithmetic use the in-memory store with a FakeClock.
 * - If the lock cannot be had within LOCK_WAIT_MS (a file system that does not work), the
 *   reservation falls back to this process's memory: pacing degrades to per process, and
 *   the retry path still handles a refusal.
 */
import { createHash } from "node:crypto";
import { closeSync, mkdirSync, openSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from "node:fs";
import { tmpdir, userInfo } from "node:os";
import * as path from "node:path";

/** The schedule of one limiter. */
export interface Schedule {
  /** Request starts already promised (ms since epoch), ascending. */
  starts: number[];
  /** When requests were actually sent, ascending: a caller woken late must not crowd the next. */
  sent: number[];
  /** No request starts before this time (a pause after a 429/555). */
  notBefore: number;
}

export interface ScheduleStore {
  /** Runs `step` on the current schedule, with no other reservation of any process in between, and keeps what it leaves. */
  update<R>(step: (schedule: Schedule) => R): R;
}

export function emptySchedule(): Schedule {
  return { starts: [], sent: [], notBefore: Number.NEGATIVE_INFINITY };
}

/** The schedule of this process only. */
export class MemoryScheduleStore implements ScheduleStore {
  private readonly schedule = emptySchedule();
  update<R>(step: (schedule: Schedule) => R): R {
    return step(this.schedule);
  }
}

const STALE_LOCK_MS = 5_000;
const LOCK_WAIT_MS = 10_000;
const sleeper = new Int32Array(new SharedArrayBuffer(4));

/** The schedule shared by every process of the machine through one file. */
export class FileScheduleStore implements ScheduleStore {
  private readonly lockPath: string;
  /** Used only when the lock cannot be had (see the fallback above). */
  private readonly fallback = new MemoryScheduleStore();

  constructor(readonly file: string) {
    this.lockPath = `${file}.lock`;
    mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  }

  update<R>(step: (schedule: Schedule) => R): R {
    if (!this.lock()) return this.fallback.update(step);
    try {
      const schedule = this.read();
      const result = step(schedule);
      const temp = `${this.file}.${process.pid}.tmp`;
      const { starts, sent, notBefore } = schedule;
      writeFileSync(temp, JSON.stringify({ v: 1, starts, sent, notBefore: Number.isFinite(notBefore) ? notBefore : 0 }));
      renameSync(temp, this.file);
      return result;
    } finally {
      try {
        unlinkSync(this.lockPath);
      } catch {
        // broken as stale by another process meanwhile: nothing left to release
      }
    }
  }

  private read(): Schedule {
    try {
      const data = JSON.parse(readFileSync(this.file, "utf8")) as { starts?: unknown; sent?: unknown; notBefore?: unknown };
      return { starts: times(data.starts), sent: times(data.sent), notBefore: typeof data.notBefore === "number" ? data.notBefore : Number.NEGATIVE_INFINITY };
    } catch {
      return emptySchedule(); // absent (first use) or unreadable: start afresh
    }
  }

  /** Takes the lock; false when it could not be had in LOCK_WAIT_MS. */
  private lock(): boolean {
    const deadline = Date.now() + LOCK_WAIT_MS;
    for (;;) {
      try {
        closeSync(openSync(this.lockPath, "wx", 0o600));
        return true;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== "EEXIST") return false;
      }
      this.breakIfStale();
      if (Date.now() > deadline) return false;
      Atomics.wait(sleeper, 0, 0, 1); // the holder needs well under a millisecond
    }
  }

  private breakIfStale(): void {
    try {
      if (Date.now() - statSync(this.lockPath).mtimeMs < STALE_LOCK_MS) return;
      const aside = `${this.lockPath}.stale.${process.pid}`;
      renameSync(this.lockPath, aside); // only one breaker's rename can succeed
      unlinkSync(aside);
    } catch {
      // released or broken by someone else meanwhile
    }
  }
}

/** The numbers of a stored list, ascending (anything else is dropped). */
function times(value: unknown): number[] {
  if (!Array.isArray(value)) return [];
  return value.filter((t): t is number => typeof t === "number" && Number.isFinite(t)).sort((a, b) => a - b);
}

/** Environment variable: the folder of the schedule files, or `off` for per-process pacing. */
export const PACING_DIR_ENV = "PULUMI_ROLLOUT_CRM_PACING_DIR";

/**
 * The store for a limiter shared by the provider processes of this machine: one file per
 * limiter key and base URL (the limits are per IP or per tenant, and a tenant is reached
 * through its base URL). Undefined when turned off with `PULUMI_ROLLOUT_CRM_PACING_DIR=off`.
 */
export function machineScheduleStore(key: string, baseUrl: string, env: NodeJS.ProcessEnv = process.env): FileScheduleStore | undefined {
  const configured = env[PACING_DIR_ENV];
  if (configured === "off") return undefined;
  const dir = configured || path.join(tmpdir(), `pulumi-rollout-crm-${safeUser()}`, "pacing");
  const digest = createHash("sha256").update(`${key} ${baseUrl}`).digest("hex").slice(0, 16);
  try {
    return new FileScheduleStore(path.join(dir, `${key.replace(/[^\w.-]/g, "_")}-${digest}.json`));
  } catch {
    return undefined; // no writable folder: per-process pacing, as before
  }
}

function safeUser(): string {
  try {
    return String(userInfo().uid);
  } catch {
    return "user";
  }
}

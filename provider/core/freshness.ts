/**
 * How long answers a process keeps (a whole list, looked-up keys) serve later reads and
 * lookups: `ttlMs` after they were loaded, or, while the run that loaded them is still going,
 * as long as it goes, up to `maxAgeMs` (issue #14).
 *
 * Why "while the run goes" and not a fixed lifetime: the creates of one paced `up` outlast
 * any short TTL (100 Rollout members at 1 request/s take about 2 minutes), and the engine
 * interleaves the services of one program: with Rollout's paced creates holding most of the
 * `--parallel` slots, the RogerRoger creates of the same `up` came more than 30 s apart, its
 * e-mail answers expired in between, and the last creates paid a lookup again (102 requests
 * for 100 creates, floor 101). So "in use" counts the use of any answers of this process
 * (`RunActivity`), not only these: a provider process serves one command, and the run of
 * that command is what the answers are as old as. This process's own writes keep them
 * current; a record another client adds meanwhile is the same race as between any lookup
 * and its write, over a longer window. Once nothing has used any answers for `ttlMs`, they
 * expire, and `maxAgeMs` bounds them however busy the run is.
 */

/**
 * When answers of this process were used (a lookup, a read, a write): the stretch of use
 * going on now, without a pause longer than `idleMs`. Answers loaded before a pause do not
 * come back to life when the run resumes.
 */
export class RunActivity {
  private last = Number.NEGATIVE_INFINITY;
  private since = Number.NEGATIVE_INFINITY;

  constructor(readonly idleMs = 30_000) {}

  touch(at: number): void {
    if (at - this.last > this.idleMs) this.since = at;
    if (at > this.last) this.last = at;
  }

  /** True when the run has been in use, never idle for more than `idleMs`, from `from` until `now`. */
  busySince(from: number, now: number): boolean {
    return this.since <= from && now - this.last <= this.idleMs;
  }
}

/** The provider process's run: the services of one program share it. */
export const processRun = new RunActivity();

export interface FreshnessOptions {
  /** How long answers serve after their load, and after the last use (theirs, or the run's). Default 30 s. */
  ttlMs?: number;
  /** How long answers serve at most, however busy the run is. Default 10 minutes (at least `ttlMs`). */
  maxAgeMs?: number;
  /** The run whose use keeps answers serving; default: these answers' own use only. */
  run?: RunActivity;
  now?: () => number;
}

export class Freshness {
  readonly ttlMs: number;
  readonly maxAgeMs: number;
  readonly now: () => number;
  /** These answers' own use. */
  private readonly own: RunActivity;
  private readonly run: RunActivity | undefined;

  constructor(options: FreshnessOptions = {}) {
    this.ttlMs = options.ttlMs ?? 30_000;
    this.maxAgeMs = Math.max(this.ttlMs, options.maxAgeMs ?? 600_000);
    this.now = options.now ?? Date.now;
    this.run = options.run;
    this.own = new RunActivity(this.ttlMs);
  }

  /** These answers were just used (read, looked up or written through). */
  used(): void {
    const at = this.now();
    this.own.touch(at);
    this.run?.touch(at);
  }

  /** True when answers loaded at `loadedAt` still serve. */
  serves(loadedAt: number): boolean {
    const now = this.now();
    const age = now - loadedAt;
    if (age <= this.ttlMs) return true;
    if (age > this.maxAgeMs) return false;
    // Use that began while the answers still served by their age keeps them serving.
    const servedUntil = loadedAt + this.ttlMs;
    return this.own.busySince(servedUntil, now) || (this.run?.busySince(servedUntil, now) ?? false);
  }
}

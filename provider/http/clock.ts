/**
 * Time as a dependency. Every wait of the HTTP layer (pacing, backoff, Retry-After, the
 * Universal CRM's 409 wait) goes through a Clock, so tests inject `FakeClock` and check
 * multi-second behaviour in milliseconds (as Octokit's retry and throttling plugins do).
 */
export interface Clock {
  /** Milliseconds since the epoch, like `Date.now()`. */
  now(): number;
  /** Resolves after `ms` milliseconds (immediately when `ms <= 0`). */
  sleep(ms: number): Promise<void>;
}

/** The real clock. */
export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => (ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve()),
};

/**
 * A virtual clock for tests. Time never passes on its own: a pending `sleep` fires on the
 * next turn of the event loop (setImmediate), one timer per turn in due order, moving `now`
 * to that timer's due time. So a chain of waits that would take minutes completes in
 * milliseconds, and code that resumes after a sleep sees the time it asked for.
 */
export class FakeClock implements Clock {
  /** Every requested sleep, in call order (ms), for assertions. */
  readonly sleeps: number[] = [];
  private current: number;
  private timers: { at: number; seq: number; resolve: () => void }[] = [];
  private seq = 0;
  private scheduled = false;

  // A round second by default, so HTTP-date Retry-After values (second precision) are exact.
  constructor(start = Date.UTC(2026, 0, 1)) {
    this.current = start;
  }

  now(): number {
    return this.current;
  }

  sleep(ms: number): Promise<void> {
    this.sleeps.push(ms);
    if (ms <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      this.timers.push({ at: this.current + ms, seq: this.seq++, resolve });
      this.schedule();
    });
  }

  /** Moves time forward without firing anything early (timers still fire in order). */
  advance(ms: number): void {
    this.current += ms;
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
      const next = this.timers.shift();
      if (!next) return;
      this.current = Math.max(this.current, next.at);
      next.resolve();
      if (this.timers.length > 0) this.schedule();
    });
  }
}

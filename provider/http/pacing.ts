/**
 * Client-side pacing: each service is called below its documented rate limit by the whole
 * process, because the limits are per client IP (Rollout) or per tenant (RogerRoger,
 * Outseta, Universal CRM), not per resource.
 */
import type { Dispatcher } from "undici";
import type { Clock } from "./clock";
import { MemoryScheduleStore, type ScheduleStore } from "./pacingStore";

/**
 * How one service is paced.
 * - `interval`: request starts at least `intervalMs` apart (Rollout: 1 request/s per IP).
 * - `window`: at most `limit` request starts in any sliding window of `windowMs`
 *   (RogerRoger 20/min, Outseta 4/s, Universal CRM ~50/s), bursts allowed up to `limit`.
 * - `none`: no pacing.
 * `key` names the limiter shared by every client of the process with the same key
 * (default: the service name, since the limit is per IP or per tenant, not per resource).
 */
export type PacingConfig =
  | { kind: "interval"; intervalMs: number; key?: string }
  | { kind: "window"; limit: number; windowMs: number; key?: string }
  | { kind: "none"; key?: string };

/**
 * A FIFO limiter of request starts.
 *
 * Concurrency: many resources run their requests at once (`pulumi up --parallel`), all
 * in one process and one event loop, and several provider processes of one machine share a
 * limit (the preview and update phases of one command, consecutive commands). The state
 * guarded is the schedule of start times already promised to callers (`Schedule` in
 * pacingStore.ts): the most recent promised starts, ascending (the last one in interval mode,
 * the last `limit` in window mode), and `notBefore`, a pause asked for after a 429/555,
 * which holds back every caller, not only the one that got it. It lives in a ScheduleStore:
 * this process's memory, or a file shared by the machine's processes. `reserve()` computes
 * the next free slot and records it in one synchronous step of the store, with no `await`
 * in between, so two callers (of any process) can never be promised the same slot; the
 * caller then sleeps until its slot. Slots are handed out in call order and never
 * reordered, so starts are monotonic and the window check only needs the entry `limit`
 * places back. A slot is spent even if its request then fails or is retried: the
 * services count rejected requests too (Rollout's 555 is assumed to count), so retries
 * take new slots like any request.
 */
export class Limiter {
  constructor(
    readonly config: PacingConfig,
    private readonly clock: Clock,
    private readonly store: ScheduleStore = new MemoryScheduleStore(),
  ) {
    if (config.kind === "interval" && !(config.intervalMs >= 0)) throw new Error("pacing: intervalMs must be >= 0");
    if (config.kind === "window" && !(config.limit >= 1 && config.windowMs > 0)) {
      throw new Error("pacing: window needs limit >= 1 and windowMs > 0");
    }
  }

  /** Promises the next free start time (ms since epoch) to the caller; never awaits. */
  reserve(): number {
    return this.store.update((schedule) => {
      const slot = Math.max(this.clock.now(), this.earliest(schedule.starts, schedule.notBefore));
      this.record(schedule.starts, slot);
      return slot;
    });
  }

  /**
   * Waits for the caller's turn; returns the time it starts. After sleeping to its slot, the caller checks the requests
   * actually sent: on a busy machine a caller can wake well after its slot, and the next one
   * on time, so promised slots alone can put two real requests closer than the limit allows.
   */
  async acquire(): Promise<number> {
    let wait = this.reserve() - this.clock.now();
    for (;;) {
      if (wait > 0) await this.clock.sleep(wait);
      let start = 0;
      wait = this.store.update((schedule) => {
        start = this.clock.now();
        const earliest = this.earliest(schedule.sent, schedule.notBefore);
        if (start < earliest) return earliest - start;
        this.record(schedule.sent, start);
        return 0;
      });
      if (wait <= 0) return start;
    }
  }

  /**
   * The request that `acquire` let start at `start` is being written now: its entry among
   * the sent requests moves to now, so the next ones keep their distance from the real time.
   */
  sent(start: number): void {
    this.store.update((schedule) => {
      const i = schedule.sent.lastIndexOf(start);
      if (i < 0) return; // as many later requests went out since: it no longer counts
      schedule.sent[i] = Math.max(start, this.clock.now());
      schedule.sent.sort((a, b) => a - b);
    });
  }

  /** The earliest start the limit allows after the starts `times` (ascending) and a pause. */
  private earliest(times: readonly number[], notBefore: number): number {
    const last = times.length > 0 ? times[times.length - 1] : Number.NEGATIVE_INFINITY;
    let earliest = Math.max(notBefore, last);
    if (this.config.kind === "interval") earliest = Math.max(earliest, last + this.config.intervalMs);
    else if (this.config.kind === "window" && times.length >= this.config.limit) {
      // At most `limit` starts in any window (t - windowMs, t]: the new start must come
      // windowMs after the start `limit` places back.
      earliest = Math.max(earliest, times[times.length - this.config.limit] + this.config.windowMs);
    }
    return earliest;
  }

  /** Adds a start to `times`, keeping them ascending and only as many as the limit looks back on. */
  private record(times: number[], time: number): void {
    times.push(time);
    times.sort((a, b) => a - b);
    const keep = this.config.kind === "window" ? this.config.limit : 1;
    if (times.length > keep) times.splice(0, times.length - keep);
  }

  /** Holds back every start until `time` (after the service said "too many requests"). */
  pauseUntil(time: number): void {
    this.store.update((schedule) => {
      schedule.notBefore = Math.max(schedule.notBefore, time);
    });
  }
}

/**
 * The undici interceptor that makes each dispatch (each attempt, retries included, since
 * it sits below the retry interceptor) wait for its slot.
 */
export function pacingInterceptor(limiter: Limiter): Dispatcher.DispatcherComposeInterceptor {
  // Even with kind "none" every dispatch goes through the limiter: a pause after a 429
  // (pauseUntil) must still hold requests back.
  return (dispatch) =>
    function pacedDispatch(opts, handler) {
      limiter
        .acquire()
        .then((slot) => dispatch(opts, sentAt(limiter, slot, handler)))
        .catch((err: unknown) => {
          try {
            handler.onResponseError?.(detachedController, err instanceof Error ? err : new Error(String(err)));
          } catch {
            // the handler already failed; nothing more to tell it
          }
        });
      return true;
    };
}

/**
 * The handler, telling the limiter when the request really goes out: undici calls
 * `onRequestStart` when the request is written to its connection. The first request of a
 * process opens a connection and loads code on the way, and on a busy machine that took a
 * quarter of a second after its slot: the server then saw the next request, on time, too
 * soon after it (a 555 from Rollout, seen in the benchmark).
 */
function sentAt(limiter: Limiter, slot: number, handler: Dispatcher.DispatchHandler): Dispatcher.DispatchHandler {
  // A proxy rather than a copy: every other member (the symbols other interceptors call
  // included) reaches the handler itself, with `this` bound to it.
  return new Proxy(handler, {
    get(target, key) {
      if (key === "onRequestStart") {
        return (controller: Dispatcher.DispatchController, context: unknown) => {
          limiter.sent(slot);
          target.onRequestStart?.(controller, context);
        };
      }
      const value: unknown = Reflect.get(target, key, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

/** A controller for errors raised before the request reached undici (nothing to abort). */
export const detachedController: Dispatcher.DispatchController = {
  aborted: false,
  paused: false,
  reason: null,
  abort: () => undefined,
  pause: () => undefined,
  resume: () => undefined,
};

/** A service's documented rate limit: `requests` per `perMs` (the services' API documentation, "Rate limits"). */
export interface DocumentedLimit {
  readonly requests: number;
  readonly perMs: number;
}

/**
 * The pacing that uses at most `share` (0 < share <= 1) of a documented limit, leaving the
 * rest to the account's other clients (as Okta's `max_api_capacity` does): never more than
 * ⌊share × requests⌋ starts (at least one) in any window of the documented length, and for a
 * limit of one request per period, starts at least period / share apart. The window is never
 * shortened to make up a fraction: bursts in a shorter window could exceed the real limit.
 */
export function pacingForShare(limit: DocumentedLimit, share: number): PacingConfig {
  if (!(share > 0 && share <= 1)) throw new Error(`pacing: share must be > 0 and <= 1, not ${share}`);
  if (limit.requests === 1) return { kind: "interval", intervalMs: Math.ceil(limit.perMs / share) };
  return { kind: "window", limit: Math.max(1, Math.floor(limit.requests * share + 1e-9)), windowMs: limit.perMs };
}

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
      const { starts } = schedule;
      const last = starts.length > 0 ? starts[starts.length - 1] : Number.NEGATIVE_INFINITY;
      let slot = Math.max(this.clock.now(), schedule.notBefore, last);
      let keep = 1;
      if (this.config.kind === "interval") {
        slot = Math.max(slot, last + this.config.intervalMs);
      } else if (this.config.kind === "window") {
        const { limit, windowMs } = this.config;
        // At most `limit` starts in any window (t - windowMs, t]: the new start must come
        // windowMs after the start `limit` places back.
        if (starts.length >= limit) slot = Math.max(slot, starts[starts.length - limit] + windowMs);
        keep = limit;
      }
      starts.push(slot);
      if (starts.length > keep) starts.splice(0, starts.length - keep);
      return slot;
    });
  }

  /** Waits for the caller's turn. */
  async acquire(): Promise<void> {
    const wait = this.reserve() - this.clock.now();
    if (wait > 0) await this.clock.sleep(wait);
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
        .then(() => dispatch(opts, handler))
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

/** A controller for errors raised before the request reached undici (nothing to abort). */
export const detachedController: Dispatcher.DispatchController = {
  aborted: false,
  paused: false,
  reason: null,
  abort: () => undefined,
  pause: () => undefined,
  resume: () => undefined,
};

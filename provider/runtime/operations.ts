/**
 * Every provider operation (check, diff, create, read, update, delete) is bounded, and all
 * of them stop together when the engine cancels (issue #22, "Bounded").
 *
 * Each request already has a deadline (http/retryInterceptor.ts), but an operation may send
 * many: a lookup that pages through a list the API keeps extending, or a wait behind the
 * service's pacing. So each operation runs under its own AbortSignal (http/abort.ts), which
 * fires at the operation's bound or when `stopAll` is called (the engine's Cancel, see
 * engineWatch.ts). When it fires, the operation fails at once with the reason, its request
 * on the wire is aborted, and no further request of it is sent. The race is needed as well
 * as the signal: a request waiting for its pacing slot or a backoff only notices the signal
 * when that wait ends, and the engine must not wait for it.
 */
import { withAbortSignal, abortReason } from "../http/abort";

/** Environment variable: the bound of one provider operation, in seconds; 0 turns it off. */
export const OPERATION_TIMEOUT_ENV = "PULUMI_ROLLOUT_CRM_OPERATION_TIMEOUT_SECONDS";

/**
 * One hour. An operation waits its turn behind every other request to the service: at
 * Rollout's pace (1 request per 1.1 s), the last of 1,000 creates of one `up` starts after
 * about 20 minutes, so the bound leaves room for that and stops a runaway in an hour at most.
 */
export const DEFAULT_OPERATION_TIMEOUT_SECONDS = 3600;

/** The bound in ms from the environment (undefined: none), or an Error naming the variable. */
export function operationBoundMs(env: NodeJS.ProcessEnv): number | undefined | Error {
  const raw = (env[OPERATION_TIMEOUT_ENV] ?? "").trim();
  if (raw === "") return DEFAULT_OPERATION_TIMEOUT_SECONDS * 1000;
  const seconds = Number(raw);
  if (!/^\d+(\.\d+)?$/.test(raw) || !Number.isFinite(seconds)) {
    return new Error(`${OPERATION_TIMEOUT_ENV} must be a number of seconds, 0 for none (it is '${raw}').`);
  }
  return seconds === 0 ? undefined : seconds * 1000;
}

/** An operation ran past its bound. */
export class OperationTimeout extends Error {
  override name = "OperationTimeout";
  constructor(what: string, boundMs: number) {
    const seconds = Math.round(boundMs / 100) / 10;
    super(
      `pulumi-rollout-crm: ${what} did not finish within ${seconds} s, so it was stopped and sends no more requests. ` +
        `If the service is only slow, raise ${OPERATION_TIMEOUT_ENV} (seconds, default ${DEFAULT_OPERATION_TIMEOUT_SECONDS}; 0 for no bound).`,
    );
  }
}

/** The operations of one provider process. */
export class Operations {
  private readonly stop = new AbortController();

  /** `bound`: read on every operation, so a bad value fails each one, naming the variable. */
  constructor(private readonly bound: () => number | undefined | Error) {}

  /** Stops every running operation with `reason` and refuses every later one (the run is over). */
  stopAll(reason: Error): void {
    if (!this.stop.signal.aborted) this.stop.abort(reason);
  }

  get stopped(): boolean {
    return this.stop.signal.aborted;
  }

  /** Runs `fn` (the operation `what`, e.g. "create of crm:Person") under its bound and the stop signal. */
  async run<T>(what: string, fn: () => Promise<T>): Promise<T> {
    if (this.stop.signal.aborted) throw abortReason(this.stop.signal);
    const boundMs = this.bound();
    if (boundMs instanceof Error) throw boundMs;
    const controller = new AbortController();
    const onStop = () => controller.abort(this.stop.signal.reason);
    this.stop.signal.addEventListener("abort", onStop, { once: true });
    const timer = boundMs === undefined ? undefined : setTimeout(() => controller.abort(new OperationTimeout(what, boundMs)), boundMs);
    let onAbort: (() => void) | undefined;
    const stopped = new Promise<never>((_, reject) => {
      onAbort = () => reject(abortReason(controller.signal));
      controller.signal.addEventListener("abort", onAbort, { once: true });
    });
    try {
      return await Promise.race([withAbortSignal(controller.signal, fn), stopped]);
    } finally {
      if (timer) clearTimeout(timer);
      this.stop.signal.removeEventListener("abort", onStop);
      if (onAbort) controller.signal.removeEventListener("abort", onAbort);
    }
  }
}

/**
 * The stop signal of the provider operation a request belongs to (issue #22, "Bounded").
 *
 * A request is sent deep below the operation that needs it (a create's lookup pages through
 * a list, a batched reader serves several resources), so the signal is not passed down
 * through every call: the runtime runs each operation inside `withAbortSignal`, and the
 * client reads it with `currentAbortSignal()` when it sends. Node's AsyncLocalStorage keeps
 * it across awaits, timers and the batching of reads (a batch runs in the context of the
 * operation that started it). Once the signal is aborted, no request of that operation
 * leaves, and the one on the wire is aborted through undici's `signal`.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { ApiError, OutcomeUnknownError, describeRequest, sentence } from "./errors";

const scope = new AsyncLocalStorage<AbortSignal>();

/** Runs `fn` with `signal` as the stop signal of every request it sends. */
export function withAbortSignal<T>(signal: AbortSignal, fn: () => T): T {
  return scope.run(signal, fn);
}

/** The stop signal of the running operation, if any (none in plain unit tests). */
export function currentAbortSignal(): AbortSignal | undefined {
  return scope.getStore();
}

/** Why a signal was aborted, as an Error (a reason may be anything). */
export function abortReason(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  return reason instanceof Error ? reason : new Error(String(reason ?? "stopped"));
}

/**
 * The error of a request stopped by its operation's signal: before it left (`sent` false:
 * it certainly changed nothing), or on the wire, where a request that is not safe to repeat
 * may have taken effect and is handled as a lost answer.
 */
export function abandonedError(signal: AbortSignal, where: { service: string; method: string; path: string }, sent: boolean, idempotent: boolean): ApiError {
  const reason = abortReason(signal);
  const head = describeRequest(where.service, where.method, where.path);
  const outcomeUnknown = sent && !idempotent;
  const message = sent
    ? `${head} was abandoned: ${sentence(reason.message)}${outcomeUnknown ? " It may or may not have taken effect." : ""}`
    : `${head} was not sent: ${sentence(reason.message)}`;
  return new (outcomeUnknown ? OutcomeUnknownError : ApiError)(message, { ...where, status: 0, apiMessage: "", outcomeUnknown, cause: reason });
}

/**
 * The retry mechanism: an undici interceptor (composed with `dispatcher.compose()`) that
 * repeats a request as `decideRetry` says, waiting on the injected clock.
 *
 * Why not undici's own `interceptors.retry` / RetryHandler: it fits idempotent requests,
 * but our rules need four things it cannot do. (1) Its wait is a real `setTimeout` and its
 * Retry-After arithmetic uses `Date.now()`, so backoff cannot be tested with an injected
 * clock. (2) The Universal CRM's 409 must be judged on its body ("not ready" versus
 * "duplicate") and bounded by total time, not by a count; RetryHandler decides on the
 * status line alone. (3) POST must be retried on 429/555 and refused connections but
 * never on 5xx or a dropped connection, and the dropped case must surface as "outcome
 * unknown", not a generic socket error. (4) When it gives up on a status it reports
 * a RequestRetryError without the response body, which loses the API's error text.
 * So this one small handler buffers each response (API bodies are small JSON), asks the
 * pure policy what to do, and either replays the final response to the caller's handler
 * or dispatches again. The response body is always consumed, retried or not.
 *
 * It sits above the pacing interceptor, so every attempt waits for its slot.
 */
import type { Dispatcher } from "undici";
import type { IncomingHttpHeaders } from "node:http";
import type { Clock } from "./clock";
import type { Logger } from "./logger";
import type { Limiter } from "./pacing";
import { decideRetry, isIdempotentMethod, type AttemptOutcome, type RetryConfig } from "./retryPolicy";

/** No usable response: the connection failed (see `kind`), possibly after some retries. */
export class TransportFailure extends Error {
  override name = "TransportFailure";
  constructor(
    /** outcome-unknown: a non-idempotent request may have been applied; gave-up: retries used up. */
    readonly kind: "outcome-unknown" | "gave-up",
    readonly attempts: number,
    readonly error: Error,
  ) {
    super(error.message, { cause: error });
  }
}

/**
 * The request's deadline ran out (issue #11, case 5): a server that never answers, or one
 * that sends its headers and then trickles the body, must not hold an `up` for minutes.
 * `undici`'s headersTimeout/bodyTimeout are idle timers, which a byte every 20 s resets.
 */
export class DeadlineExceeded extends Error {
  override name = "DeadlineExceeded";
  constructor(
    readonly deadlineMs: number,
    /** Whether the response had started (headers received) when the deadline passed. */
    readonly responseStarted: boolean,
    readonly attempts: number,
  ) {
    super(`deadline of ${Math.round(deadlineMs / 100) / 10}s exceeded`);
  }
}

/** The Universal CRM still answered 409 "not ready" when the bounded wait ran out. */
export class NotReadyTimeout extends Error {
  override name = "NotReadyTimeout";
  constructor(
    readonly waitedMs: number,
    readonly status: number,
    readonly headers: IncomingHttpHeaders,
    readonly bodyText: string,
  ) {
    super(`data not ready after ${Math.round(waitedMs / 1000)}s`);
  }
}

export interface RetryDependencies {
  config: RetryConfig;
  clock: Clock;
  logger: Logger;
  /** Prefix of log lines, e.g. "rolloutCrm". */
  service: string;
  /** When given, a rate-limit answer pauses the whole service, not only this request. */
  limiter?: Limiter;
  /** How a dispatched path is shown in log lines (the client strips its base path). */
  displayPath?: (path: string) => string;
  /**
   * The request's overall deadline, in ms (none when undefined). It is charged with the
   * time the request spends in undici (from the moment it leaves the pacing queue, see
   * `dispatchedMarker`, until its answer is complete or fails) and with the backoff waits after server errors and
   * dropped connections, over all attempts, so retries can never stretch it. Not charged:
   * waiting for a pacing slot, rate-limit waits (429/555: the service asks for them; each is
   * capped by maxRetryAfterMs and their number by maxAttempts) and the Universal CRM's 409
   * wait (bounded by its own setting).
   */
  deadlineMs?: number;
  /** Real elapsed time for the deadline (tests of backoff inject a FakeClock; the deadline runs on real time). Default performance.now. */
  elapsed?: () => number;
}

/** A larger response is refused rather than buffered. */
const MAX_BODY_BYTES = 32 * 1024 * 1024;

/**
 * Called on a handler when its attempt leaves the pacing queue and enters undici (see
 * `dispatchedMarker`): the deadline starts there, so time spent in undici's own queue
 * behind connections held by a stuck server is charged too. Without it, N requests queued
 * behind a server that never answers would fail one pool's worth at a time, and a whole
 * `up` would take N / connections deadlines instead of one.
 */
export const ON_DISPATCHED = Symbol.for("pulumi-rollout-crm.http.on-dispatched");

/** The innermost interceptor (composed first, below pacing): tells the handler its attempt reached undici. */
export function dispatchedMarker(): Dispatcher.DispatcherComposeInterceptor {
  return (dispatch) =>
    function markedDispatch(opts, handler) {
      (handler as { [ON_DISPATCHED]?: () => void })[ON_DISPATCHED]?.();
      return dispatch(opts, handler);
    };
}

export function retryInterceptor(deps: RetryDependencies): Dispatcher.DispatcherComposeInterceptor {
  return (dispatch) =>
    function retryingDispatch(opts, handler) {
      new RetryingRequest(dispatch, opts, handler, deps).start();
      return true;
    };
}

/** The state of one logical request across its attempts. */
class RetryingRequest implements Dispatcher.DispatchHandler {
  private readonly idempotent: boolean;
  private readonly repeatable: boolean;
  private attempts = 0; // dispatches so far
  private budgetAttempts = 0; // attempts that count against maxAttempts (409 waits do not)
  private notReadyWaitedMs = 0;
  private startedDownstream = false;
  private current: Dispatcher.DispatchController | null = null;
  private abortReason: Error | null = null;
  private settled = true;
  private status = 0;
  private headers: IncomingHttpHeaders = {};
  private statusText = "";
  private chunks: Buffer[] = [];
  private size = 0;
  // The deadline: time charged so far (see RetryDependencies.deadlineMs), the start of the
  // current attempt in undici (queue and wire), its timer, and the error once it has fired.
  private chargedMs = 0;
  private attemptStartedAt: number | undefined;
  private deadlineTimer: NodeJS.Timeout | undefined;
  private deadlineError: DeadlineExceeded | null = null;

  /** The controller the caller's handler sees for the whole request: it aborts the current attempt. */
  private readonly controller: Dispatcher.DispatchController;

  constructor(
    private readonly dispatch: Dispatcher.Dispatch,
    private readonly opts: Dispatcher.DispatchOptions,
    private readonly handler: Dispatcher.DispatchHandler,
    private readonly deps: RetryDependencies,
  ) {
    this.idempotent = opts.idempotent ?? isIdempotentMethod(opts.method);
    // A streamed body cannot be sent twice.
    const body = opts.body;
    this.repeatable = body == null || typeof body === "string" || body instanceof Uint8Array;
    const self = this;
    this.controller = {
      get aborted() {
        return self.abortReason !== null;
      },
      get paused() {
        return false;
      },
      get reason() {
        return self.abortReason;
      },
      abort(reason: Error) {
        self.abortReason ??= reason ?? new Error("request aborted");
        self.current?.abort(self.abortReason);
      },
      // The final response is replayed in one chunk after it is complete; undici's request
      // API buffers it in its Readable, so there is nothing to pause.
      pause: () => undefined,
      resume: () => undefined,
    };
  }

  start(): void {
    this.current = null;
    this.attempts += 1;
    this.budgetAttempts += 1;
    this.settled = false;
    this.status = 0;
    this.headers = {};
    this.chunks = [];
    this.size = 0;
    try {
      this.dispatch(this.opts, this);
    } catch (err) {
      this.onResponseError(null, toError(err));
    }
  }

  onRequestStart(controller: Dispatcher.DispatchController, context: unknown): void {
    this.current = controller;
    if (this.abortReason) {
      controller.abort(this.abortReason);
      return;
    }
    if (this.deadlineError) {
      // The deadline passed while the attempt waited in undici's queue: already reported.
      controller.abort(this.deadlineError);
      return;
    }
    if (this.attemptStartedAt === undefined) this.armDeadline(); // no dispatchedMarker in the chain
    if (!this.startedDownstream) {
      this.startedDownstream = true;
      this.handler.onRequestStart?.(this.controller, context);
    }
  }

  onRequestUpgrade(): void {
    throw new Error("upgrade is not supported by the service HTTP layer");
  }

  onResponseStart(_c: Dispatcher.DispatchController, statusCode: number, headers: IncomingHttpHeaders, statusMessage?: string): void {
    if (statusCode < 200) return; // 1xx informational: the final response follows
    this.status = statusCode;
    this.headers = headers;
    this.statusText = statusMessage ?? "";
  }

  onResponseData(controller: Dispatcher.DispatchController, chunk: Buffer): void {
    this.size += chunk.length;
    if (this.size > MAX_BODY_BYTES) {
      controller.abort(new Error(`response larger than ${MAX_BODY_BYTES} bytes`));
      return;
    }
    this.chunks.push(chunk);
  }

  onResponseEnd(_c: Dispatcher.DispatchController, trailers: IncomingHttpHeaders): void {
    const body = Buffer.concat(this.chunks);
    this.settle({ kind: "response", status: this.status, headers: this.headers, bodyText: body.toString("utf8") }, () =>
      this.deliverResponse(body, trailers),
    );
  }

  onResponseError(_c: Dispatcher.DispatchController | null, error: Error): void {
    this.settle({ kind: "error", error }, () => this.deliverError(error));
  }

  /** The attempt entered undici (after its pacing slot): its deadline timer starts. */
  [ON_DISPATCHED](): void {
    if (this.attemptStartedAt === undefined) this.armDeadline();
  }

  /** Starts the deadline timer of the current attempt, for what is left of the deadline. */
  private armDeadline(): void {
    const { deadlineMs } = this.deps;
    if (deadlineMs === undefined) return;
    this.attemptStartedAt = this.now();
    const remaining = deadlineMs - this.chargedMs;
    const fire = () => {
      this.deadlineError ??= new DeadlineExceeded(deadlineMs, this.status > 0, this.attempts);
      // On the wire: abort it (undici then reports the error). Still queued in undici: there
      // is nothing to abort yet, so report now; onRequestStart aborts it when it comes.
      if (this.current) this.current.abort(this.deadlineError);
      else this.onResponseError(null, this.deadlineError);
    };
    if (remaining <= 0) return fire();
    this.deadlineTimer = setTimeout(fire, remaining);
    this.deadlineTimer.unref?.();
  }

  /** Stops the attempt's timer and charges its time on the wire. */
  private disarmDeadline(): void {
    if (this.deadlineTimer) clearTimeout(this.deadlineTimer);
    this.deadlineTimer = undefined;
    if (this.attemptStartedAt !== undefined) this.chargedMs += this.now() - this.attemptStartedAt;
    this.attemptStartedAt = undefined;
  }

  private now(): number {
    return (this.deps.elapsed ?? (() => performance.now()))();
  }

  /** One attempt is over: deliver it, fail, or dispatch again after a wait. */
  private settle(outcome: AttemptOutcome, deliver: () => void): void {
    if (this.settled) return;
    this.settled = true;
    this.disarmDeadline();
    if (this.abortReason) return this.deliverError(this.abortReason);
    if (this.deadlineError) return this.deliverError(this.deadlineError);
    if (!this.repeatable) return deliver();

    const { config, clock, logger, service, limiter, displayPath = (p: string) => p } = this.deps;
    const decision = decideRetry(
      outcome,
      { method: this.opts.method, idempotent: this.idempotent, attempts: this.budgetAttempts, notReadyWaitedMs: this.notReadyWaitedMs, now: clock.now() },
      config,
    );
    if (decision.action === "deliver") return deliver();
    if (decision.action === "fail") {
      if (decision.failure === "not-ready-timeout" && outcome.kind === "response") {
        return this.deliverError(new NotReadyTimeout(this.notReadyWaitedMs, outcome.status, outcome.headers, outcome.bodyText));
      }
      const cause = outcome.kind === "error" ? outcome.error : new Error(`status ${this.status}`);
      return this.deliverError(new TransportFailure(decision.failure === "outcome-unknown" ? "outcome-unknown" : "gave-up", this.attempts, cause));
    }

    // A backoff after a server error or a dropped connection is charged to the deadline; one
    // that would end past it is not waited for: the last answer (or failure) is returned.
    const charged = !decision.rateLimited && !decision.notReady;
    if (charged && this.deps.deadlineMs !== undefined && this.chargedMs + decision.delayMs >= this.deps.deadlineMs) {
      if (outcome.kind === "response") return deliver();
      return this.deliverError(new TransportFailure("gave-up", this.attempts, outcome.error));
    }
    if (charged) this.chargedMs += decision.delayMs;

    const line = `${service}: ${decision.notReady ? "" : `${this.opts.method} ${displayPath(this.opts.path)}: `}${decision.why}`;
    if (decision.notReady) {
      this.notReadyWaitedMs += decision.delayMs;
      this.budgetAttempts -= 1; // 409 waits are bounded by time, not by the attempt budget
    }
    // Rate-limit waits are routine (debug); say why we wait in the other cases.
    if (decision.rateLimited) logger.debug(line);
    else logger.info(line);
    if (decision.rateLimited && limiter) {
      // Everyone waits, not only this request; the limiter then hands this retry a slot.
      limiter.pauseUntil(clock.now() + decision.delayMs);
      this.start();
      return;
    }
    clock.sleep(decision.delayMs).then(
      () => (this.abortReason ? this.deliverError(this.abortReason) : this.start()),
      (err: unknown) => this.deliverError(toError(err)),
    );
  }

  private deliverResponse(body: Buffer, trailers: IncomingHttpHeaders): void {
    if (!this.startedDownstream) {
      this.startedDownstream = true;
      this.handler.onRequestStart?.(this.controller, {});
    }
    this.handler.onResponseStart?.(this.controller, this.status, this.headers, this.statusText);
    if (body.length > 0) this.handler.onResponseData?.(this.controller, body);
    this.handler.onResponseEnd?.(this.controller, trailers);
  }

  private deliverError(error: Error): void {
    this.handler.onResponseError?.(this.controller, error);
  }
}

function toError(err: unknown): Error {
  return err instanceof Error ? err : new Error(String(err));
}

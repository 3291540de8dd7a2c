/**
 * When to retry, and how long to wait: the policy, apart from the mechanism
 * (retryInterceptor.ts), as Octokit keeps plugin-retry's policy apart from its transport.
 * Pure: everything it needs (time, randomness) comes in as arguments.
 *
 * The rules (the product brief, "How the provider must behave inside Pulumi"):
 * - "Not executed" answers are retried for every method, POST included, after waiting:
 *   429 (all services; Retry-After honoured), 555 (Rollout: rate limited, no Retry-After,
 *   wait >= 1 s), and the Universal CRM's 409 "data not ready yet" (bounded total wait).
 * - 500/502/503/504 and dropped connections are retried only for idempotent requests
 *   (GET, HEAD, PUT, DELETE, OPTIONS, or a request the caller marks idempotent, such as
 *   an RFC 7396 merge PATCH). A POST may have been applied: it is never repeated.
 * - A connection that failed before the request was sent (refused, DNS retry) is retried
 *   for every method: the server cannot have seen it.
 */
import type { IncomingHttpHeaders } from "node:http";

export interface RetryConfig {
  /** Attempts in all (first one included) for 429/555/5xx/network failures. Default 6. */
  maxAttempts: number;
  /** First backoff, doubled on each retry, before jitter. Default 500 ms. */
  baseDelayMs: number;
  /** Cap of one backoff. Default 30 s. */
  maxDelayMs: number;
  /** A Retry-After longer than this is not waited for: the error is returned. Default 120 s. */
  maxRetryAfterMs: number;
  /** Statuses meaning "rate limited, request not executed": retried for any method. Default [429]. */
  rateLimitStatuses: number[];
  /** Least wait after a rate-limit status without Retry-After. Default 1000 ms. */
  minRateLimitDelayMs: number;
  /** Server errors retried for idempotent requests only. Default [500, 502, 503, 504]. */
  retryStatuses: number[];
  /** Treat 409 as "data not ready yet" and wait. Default false. */
  notReadyOn409: boolean;
  /** A 409 whose body matches this is a real conflict, returned at once, not "not ready". */
  conflict409?: RegExp;
  /** Wait between 409 retries, unless Retry-After says otherwise. Default 5 s. */
  notReadyPollMs: number;
  /** Total wait for 409 "not ready" before failing. Default 120 s. */
  notReadyTimeoutSeconds: number;
  /** The setting that raises that bound, named in the failure message. */
  notReadySetting: string;
  /** Source of jitter in [0, 1). Default Math.random. */
  random: () => number;
}

export const DEFAULT_RETRY: RetryConfig = {
  maxAttempts: 6,
  baseDelayMs: 500,
  maxDelayMs: 30_000,
  maxRetryAfterMs: 120_000,
  rateLimitStatuses: [429],
  minRateLimitDelayMs: 1000,
  retryStatuses: [500, 502, 503, 504],
  notReadyOn409: false,
  notReadyPollMs: 5000,
  notReadyTimeoutSeconds: 120,
  notReadySetting: "the not-ready timeout",
  random: Math.random,
};

/** Methods that are idempotent by definition (RFC 9110 section 9.2.2). */
export function isIdempotentMethod(method: string): boolean {
  return ["GET", "HEAD", "PUT", "DELETE", "OPTIONS", "TRACE"].includes(method.toUpperCase());
}

/** The result of one attempt. */
export type AttemptOutcome =
  | { kind: "response"; status: number; headers: IncomingHttpHeaders; bodyText: string }
  | { kind: "error"; error: Error };

export interface AttemptState {
  method: string;
  /** Safe to repeat (see isIdempotentMethod; PATCH when the caller says so). */
  idempotent: boolean;
  /** Attempts made so far, this one included (1 after the first). */
  attempts: number;
  /** Time already spent waiting on 409 "not ready". */
  notReadyWaitedMs: number;
  /** Current time (for Retry-After dates). */
  now: number;
}

export type RetryDecision =
  /** Hand this outcome to the caller as it is. */
  | { action: "deliver" }
  /** Wait `delayMs`, then repeat the request. `rateLimited`: every request of the service should wait. */
  | { action: "retry"; delayMs: number; rateLimited: boolean; notReady: boolean; why: string }
  /** Stop with a specific failure (see TransportFailure / NotReadyTimeout). */
  | { action: "fail"; failure: "outcome-unknown" | "gave-up" | "not-ready-timeout" };

// Failures while connecting: the request was never sent, so any method may be repeated.
// (ENOTFOUND is left out: a wrong host name does not heal by retrying.)
const NOT_SENT_CODES = new Set(["ECONNREFUSED", "EAI_AGAIN", "ENETUNREACH", "EHOSTUNREACH", "ENETDOWN", "EHOSTDOWN", "UND_ERR_CONNECT_TIMEOUT"]);
// Failures after the request may have been sent: repeatable only when idempotent.
const DROPPED_CODES = new Set([
  "ECONNRESET",
  "EPIPE",
  "ETIMEDOUT",
  "ECONNABORTED",
  "UND_ERR_SOCKET",
  "UND_ERR_CLOSED",
  "UND_ERR_HEADERS_TIMEOUT",
  "UND_ERR_BODY_TIMEOUT",
  "UND_ERR_RES_CONTENT_LENGTH_MISMATCH",
]);

/** How a transport error relates to the server having seen the request. */
export function classifyNetworkError(error: Error): "not-sent" | "dropped" | "other" {
  const code = (error as { code?: unknown }).code;
  if (typeof code === "string" && NOT_SENT_CODES.has(code)) return "not-sent";
  if (typeof code === "string" && DROPPED_CODES.has(code)) return "dropped";
  return "other";
}

/**
 * Retry-After (RFC 9110 section 10.2.3): delay-seconds or an HTTP-date. Returns ms to wait
 * (>= 0), or undefined when absent or unparseable.
 */
export function parseRetryAfter(value: string | string[] | undefined, now: number): number | undefined {
  const raw = (Array.isArray(value) ? value[0] : value)?.trim();
  if (!raw) return undefined;
  if (/^\d+(\.\d+)?$/.test(raw)) return Math.round(Number(raw) * 1000);
  const date = Date.parse(raw);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Exponential backoff for the n-th retry (1-based), capped, with "equal jitter". */
export function backoffDelay(retry: number, config: Pick<RetryConfig, "baseDelayMs" | "maxDelayMs" | "random">): number {
  const capped = Math.min(config.maxDelayMs, config.baseDelayMs * 2 ** Math.max(0, retry - 1));
  return Math.round(capped / 2 + config.random() * (capped / 2));
}

const seconds = (ms: number): string => `${Math.round(ms / 100) / 10}s`;

/** Decides what to do after one attempt. */
export function decideRetry(outcome: AttemptOutcome, state: AttemptState, config: RetryConfig): RetryDecision {
  const budgetLeft = state.attempts < config.maxAttempts;
  const attemptNote = `attempt ${state.attempts + 1} of ${config.maxAttempts}`;

  if (outcome.kind === "error") {
    const kind = classifyNetworkError(outcome.error);
    if (kind === "other") return { action: "deliver" };
    if (kind === "dropped" && !state.idempotent) return { action: "fail", failure: "outcome-unknown" };
    if (!budgetLeft) return { action: "fail", failure: "gave-up" };
    const delayMs = backoffDelay(state.attempts, config);
    const code = (outcome.error as { code?: string }).code;
    return { action: "retry", delayMs, rateLimited: false, notReady: false, why: `connection failed (${code}); retrying in ${seconds(delayMs)} (${attemptNote})` };
  }

  const { status, headers } = outcome;
  const retryAfter = parseRetryAfter(headers["retry-after"], state.now);

  if (status === 409 && config.notReadyOn409 && !config.conflict409?.test(outcome.bodyText)) {
    const limitMs = config.notReadyTimeoutSeconds * 1000;
    const remaining = limitMs - state.notReadyWaitedMs;
    if (remaining <= 0) return { action: "fail", failure: "not-ready-timeout" };
    // A Retry-After of 0 would turn the bounded wait into a flood (one request per ms for
    // notReadyTimeoutSeconds): waits are never shorter than a second, or the poll interval when shorter.
    const floorMs = Math.max(1, Math.min(config.notReadyPollMs, 1000));
    const delayMs = Math.max(1, Math.min(Math.max(retryAfter ?? config.notReadyPollMs, floorMs), remaining));
    const waited = state.notReadyWaitedMs + delayMs;
    return {
      action: "retry",
      delayMs,
      rateLimited: false,
      notReady: true,
      why: `the CRM's data is not ready yet (409); waiting ${seconds(delayMs)} before retrying (${seconds(waited)} of ${config.notReadyTimeoutSeconds}s)`,
    };
  }

  if (config.rateLimitStatuses.includes(status)) {
    if (!budgetLeft) return { action: "deliver" };
    if (retryAfter !== undefined && retryAfter > config.maxRetryAfterMs) return { action: "deliver" };
    const delayMs = retryAfter ?? Math.max(config.minRateLimitDelayMs, backoffDelay(state.attempts, config));
    return { action: "retry", delayMs, rateLimited: true, notReady: false, why: `rate limited (${status}, not executed); retrying in ${seconds(delayMs)} (${attemptNote})` };
  }

  if (config.retryStatuses.includes(status) && state.idempotent && budgetLeft) {
    if (retryAfter !== undefined && retryAfter > config.maxRetryAfterMs) return { action: "deliver" };
    const delayMs = retryAfter ?? backoffDelay(state.attempts, config);
    return { action: "retry", delayMs, rateLimited: false, notReady: false, why: `server error ${status}; retrying in ${seconds(delayMs)} (${attemptNote})` };
  }

  return { action: "deliver" };
}

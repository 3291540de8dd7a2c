/**
 * Every retry loop is bounded (issue 22, item 5): a server that answers "retry now" forever
 * gets a bounded number of requests. Rate limits and server errors count against
 * maxAttempts; the Universal CRM's 409 "not ready" wait is bounded by its total time, and a
 * `Retry-After: 0` must not turn that time into one request per millisecond.
 */
import { describe, expect, it } from "vitest";
import { DEFAULT_RETRY, decideRetry, type AttemptOutcome, type AttemptState, type RetryConfig } from "../../../provider/http/retryPolicy";
import { policyOf } from "../../support/services";

const crm: RetryConfig = { ...DEFAULT_RETRY, random: () => 1, ...policyOf("rolloutCrm").retry };
const rollout: RetryConfig = { ...DEFAULT_RETRY, random: () => 1, ...policyOf("rollout").retry };

/** The requests one logical request sends when every answer is `outcome`. */
function requestsSent(outcome: AttemptOutcome, config: RetryConfig, method = "GET"): number {
  let state: AttemptState = { method, idempotent: method !== "POST", attempts: 1, notReadyWaitedMs: 0, now: 0 };
  for (let sent = 1; sent < 1_000_000; sent++) {
    const decision = decideRetry(outcome, state, config);
    if (decision.action !== "retry") return sent;
    state = {
      ...state,
      attempts: decision.notReady ? state.attempts : state.attempts + 1,
      notReadyWaitedMs: state.notReadyWaitedMs + (decision.notReady ? decision.delayMs : 0),
    };
  }
  return Number.POSITIVE_INFINITY;
}

describe("retry loops are bounded", () => {
  it("a 409 'not ready' with Retry-After: 0 polls at most once a second over the wait", () => {
    const flood = { kind: "response", status: 409, headers: { "retry-after": "0" }, bodyText: '{"error":"not ready"}' } as const;
    expect(requestsSent(flood, crm)).toBeLessThanOrEqual(crm.notReadyTimeoutSeconds + 1);
  });

  it.each([429, 503])("a %s with Retry-After: 0 stops at maxAttempts", (status) => {
    const flood = { kind: "response", status, headers: { "retry-after": "0" }, bodyText: "" } as const;
    expect(requestsSent(flood, crm)).toBe(crm.maxAttempts);
  });

  it("Rollout's 555 stops at maxAttempts", () => {
    expect(requestsSent({ kind: "response", status: 555, headers: {}, bodyText: "" }, rollout, "POST")).toBe(rollout.maxAttempts);
  });

  it("a connection that keeps failing stops at maxAttempts", () => {
    const refused = { kind: "error", error: Object.assign(new Error("refused"), { code: "ECONNREFUSED" }) } as const;
    expect(requestsSent(refused, crm)).toBe(crm.maxAttempts);
  });
});

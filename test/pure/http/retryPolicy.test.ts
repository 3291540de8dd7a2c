import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { DEFAULT_RETRY, backoffDelay, classifyNetworkError, decideRetry, parseRetryAfter, type AttemptOutcome, type AttemptState, type RetryConfig } from "../../../provider/http/retryPolicy";
import { policyOf } from "../../support/services";

const NOW = Date.UTC(2026, 0, 1);
const config: RetryConfig = { ...DEFAULT_RETRY, random: () => 1 };
const rollout: RetryConfig = { ...config, ...policyOf("rollout").retry };
const crm: RetryConfig = { ...config, ...policyOf("rolloutCrm").retry };

const state = (method: string, over: Partial<AttemptState> = {}): AttemptState => ({
  method,
  idempotent: ["GET", "PUT", "DELETE", "HEAD"].includes(method),
  attempts: 1,
  notReadyWaitedMs: 0,
  now: NOW,
  ...over,
});
const res = (status: number, headers: Record<string, string> = {}, bodyText = ""): AttemptOutcome => ({ kind: "response", status, headers, bodyText });
const netErr = (code: string): AttemptOutcome => ({ kind: "error", error: Object.assign(new Error(code), { code }) });

describe("decideRetry", () => {
  it.each(["GET", "PUT", "DELETE"])("retries 500/502/503/504 for %s", (method) => {
    for (const status of [500, 502, 503, 504]) expect(decideRetry(res(status), state(method), config)).toMatchObject({ action: "retry", delayMs: 500 });
  });

  it("never retries a 5xx for POST, nor for a PATCH not marked idempotent", () => {
    expect(decideRetry(res(503), state("POST"), config)).toEqual({ action: "deliver" });
    expect(decideRetry(res(502), state("PATCH"), config)).toEqual({ action: "deliver" });
    expect(decideRetry(res(502), state("PATCH", { idempotent: true }), config)).toMatchObject({ action: "retry" });
  });

  it("retries 429 for any method, honouring Retry-After", () => {
    expect(decideRetry(res(429, { "retry-after": "7" }), state("POST"), config)).toMatchObject({ action: "retry", delayMs: 7000, rateLimited: true });
    expect(decideRetry(res(429), state("POST"), config)).toMatchObject({ action: "retry", delayMs: 1000 });
  });

  it("retries Rollout's 555 for any method after at least 1 s", () => {
    expect(decideRetry(res(555), state("POST"), rollout)).toMatchObject({ action: "retry", delayMs: 1000, rateLimited: true });
    expect(decideRetry(res(555), state("PUT", { attempts: 4 }), rollout)).toMatchObject({ action: "retry", delayMs: 4000 });
    // Other services do not know 555: an unknown status is returned as an error.
    expect(decideRetry(res(555), state("GET"), config)).toEqual({ action: "deliver" });
  });

  it("gives up after maxAttempts, and on a Retry-After beyond the bound", () => {
    expect(decideRetry(res(503), state("GET", { attempts: 6 }), config)).toEqual({ action: "deliver" });
    expect(decideRetry(res(429), state("GET", { attempts: 6 }), config)).toEqual({ action: "deliver" });
    expect(decideRetry(res(429, { "retry-after": "3600" }), state("GET"), config)).toEqual({ action: "deliver" });
  });

  it("does not retry other statuses", () => {
    for (const status of [200, 201, 204, 400, 401, 403, 404, 409, 415, 422, 501]) {
      expect(decideRetry(res(status), state("GET"), config)).toEqual({ action: "deliver" });
    }
  });

  it("retries a dropped connection only when idempotent; a POST's outcome is unknown", () => {
    for (const code of ["ECONNRESET", "UND_ERR_SOCKET", "EPIPE", "UND_ERR_HEADERS_TIMEOUT"]) {
      expect(decideRetry(netErr(code), state("GET"), config)).toMatchObject({ action: "retry" });
      expect(decideRetry(netErr(code), state("POST"), config)).toEqual({ action: "fail", failure: "outcome-unknown" });
    }
    expect(decideRetry(netErr("ECONNRESET"), state("GET", { attempts: 6 }), config)).toEqual({ action: "fail", failure: "gave-up" });
  });

  it("retries a connection that was never made, for any method", () => {
    expect(decideRetry(netErr("ECONNREFUSED"), state("POST"), config)).toMatchObject({ action: "retry" });
    expect(decideRetry(netErr("UND_ERR_CONNECT_TIMEOUT"), state("POST"), config)).toMatchObject({ action: "retry" });
    expect(decideRetry(netErr("ENOTFOUND"), state("GET"), config)).toEqual({ action: "deliver" });
    expect(decideRetry({ kind: "error", error: new Error("boom") }, state("GET"), config)).toEqual({ action: "deliver" });
  });

  it("waits on the Universal CRM's 409 for any method, bounded by total time", () => {
    const notReady = res(409, {}, '{"error":"Data for this credential is not ready yet"}');
    expect(decideRetry(notReady, state("POST"), crm)).toMatchObject({
      action: "retry",
      delayMs: 5000,
      notReady: true,
      why: "the CRM's data is not ready yet (409); waiting 5s before retrying (5s of 120s)",
    });
    expect(decideRetry(notReady, state("GET", { notReadyWaitedMs: 117_000 }), crm)).toMatchObject({ action: "retry", delayMs: 3000 });
    expect(decideRetry(notReady, state("GET", { notReadyWaitedMs: 120_000 }), crm)).toEqual({ action: "fail", failure: "not-ready-timeout" });
    expect(decideRetry(res(409, { "retry-after": "2" }, "{}"), state("GET"), crm)).toMatchObject({ delayMs: 2000 });
    // A duplicate is a real conflict, and 409 means nothing special to other services.
    expect(decideRetry(res(409, {}, '{"error":"Duplicate person"}'), state("POST"), crm)).toEqual({ action: "deliver" });
    expect(decideRetry(notReady, state("GET"), config)).toEqual({ action: "deliver" });
  });
});

describe("parseRetryAfter", () => {
  it.each<[string | string[] | undefined, number | undefined]>([
    ["3", 3000],
    ["0", 0],
    ["1.5", 1500],
    [["2", "9"], 2000],
    [new Date(NOW + 4000).toUTCString(), 4000],
    [new Date(NOW - 4000).toUTCString(), 0],
    ["soon", undefined],
    ["", undefined],
    [undefined, undefined],
  ])("%j -> %s ms", (value, expected) => {
    expect(parseRetryAfter(value, NOW)).toBe(expected);
  });
});

describe("backoffDelay", () => {
  it("doubles from the base and stops at the cap", () => {
    const c = { baseDelayMs: 500, maxDelayMs: 5000, random: () => 1 };
    expect([1, 2, 3, 4, 5, 6].map((n) => backoffDelay(n, c))).toEqual([500, 1000, 2000, 4000, 5000, 5000]);
  });

  it("property: jitter keeps the delay between half and all of the capped backoff", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 20 }), fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }), (n, r) => {
        const capped = Math.min(30_000, 500 * 2 ** (n - 1));
        const d = backoffDelay(n, { baseDelayMs: 500, maxDelayMs: 30_000, random: () => r });
        return d >= Math.floor(capped / 2) && d <= capped;
      }),
    );
  });
});

it("classifies network errors by whether the request can have been sent", () => {
  const e = (code: string) => Object.assign(new Error(code), { code });
  expect(classifyNetworkError(e("ECONNREFUSED"))).toBe("not-sent");
  expect(classifyNetworkError(e("UND_ERR_SOCKET"))).toBe("dropped");
  expect(classifyNetworkError(e("UND_ERR_ABORTED"))).toBe("other");
});

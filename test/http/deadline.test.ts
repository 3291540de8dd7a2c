/**
 * Issue #11, case 5: every request has an overall deadline. Real node:http servers on port 0
 * that stay silent, or send their headers and then trickle the body (which resets undici's
 * idle bodyTimeout forever), must fail within the deadline, with a message naming the
 * service, the method and path, and the setting; retries must not stretch it.
 * Time is real here (the deadline is a real timer), so deadlines are a fraction of a second.
 */
import type { ServerResponse } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { createServiceClient, type ServiceClientOptions } from "../../provider/http/client";
import { ApiError, OutcomeUnknownError } from "../../provider/http/errors";
import { silentLogger } from "../../provider/http/logger";
import { resetSharedHttp } from "../../provider/http/registry";
import { sendJson, startScriptedServer, type ScriptedHandler, type ScriptedServer } from "../support/scriptedServer";
import { policyOf } from "../support/services";

const servers: ScriptedServer[] = [];
const timers: NodeJS.Timeout[] = [];
afterEach(async () => {
  timers.splice(0).forEach(clearInterval);
  await resetSharedHttp();
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function serve(handler: ScriptedHandler): Promise<ScriptedServer> {
  const server = await startScriptedServer(handler);
  servers.push(server);
  return server;
}

/** Never answers. */
const silent: ScriptedHandler = () => undefined;

/** Headers at once, then one byte of the body every `everyMs`, never the end. */
const trickle =
  (everyMs: number): ScriptedHandler =>
  (_q, res: ServerResponse) => {
    res.writeHead(200, { "content-type": "application/json", "content-length": "1000000" });
    res.write("[");
    timers.push(setInterval(() => res.write(" "), everyMs));
  };

/** A client with the profile policy of `over.service` (default rogerroger). */
function client(server: ScriptedServer, over: Partial<ServiceClientOptions> = {}) {
  const policy = policyOf(over.service ?? "rogerroger");
  return createServiceClient({
    ...policy,
    baseUrl: server.origin,
    auth: () => ({ "x-api-key": "key-123" }),
    pacing: { kind: "none", key: `deadline-${server.origin}` },
    logger: silentLogger,
    deadlineSeconds: 0.4,
    ...over,
    retry: { ...policy.retry, baseDelayMs: 50, maxDelayMs: 200, random: () => 1, ...over.retry },
  });
}

async function timedFailure(run: () => Promise<unknown>): Promise<{ err: ApiError; ms: number }> {
  const started = performance.now();
  try {
    await run();
  } catch (err) {
    expect(err).toBeInstanceOf(ApiError);
    return { err: err as ApiError, ms: performance.now() - started };
  }
  throw new Error("expected the request to fail");
}

describe("the overall deadline of a request", () => {
  it("a silent server: fails at the deadline, naming service, method, path and setting", async () => {
    const server = await serve(silent);
    const { err, ms } = await timedFailure(() => client(server).request({ method: "GET", path: "/people/1" }));
    expect(ms).toBeGreaterThanOrEqual(350);
    expect(ms).toBeLessThan(2000);
    expect(err.message).toMatch(/^rogerroger: GET \/people\/1 did not complete within 0\.4 s \(no answer came\)/);
    expect(err.message).toContain("rogerroger:requestTimeoutSeconds");
    expect(err.status).toBe(0);
    expect(server.calls).toHaveLength(1); // a deadline is not retried
  });

  it("many requests queued behind a silent server all fail at one deadline, not one pool's worth per deadline", async () => {
    const server = await serve(silent);
    const c = client(server, { deadlineSeconds: 1 });
    const started = performance.now();
    // More requests than the shared agent has connections per origin.
    const results = await Promise.allSettled(Array.from({ length: 20 }, (_, i) => c.request({ method: "GET", path: `/people/${i}` })));
    const ms = performance.now() - started;
    expect(results.every((r) => r.status === "rejected" && /did not complete within 1 s/.test(String(r.reason.message)))).toBe(true);
    expect(ms).toBeLessThan(1800); // two rounds of the pool would take 2 s or more
  });

  it("a trickling server (headers, then a byte at a time): fails at the deadline, not at an idle timer", async () => {
    const server = await serve(trickle(50));
    const { err, ms } = await timedFailure(() => client(server, { service: "outseta" }).request({ method: "GET", path: "/crm/people" }));
    expect(ms).toBeLessThan(2000);
    expect(err.message).toMatch(/^outseta: GET \/crm\/people did not complete within 0\.4 s \(the answer started but did not finish\)/);
    expect(err.message).toContain("outseta:requestTimeoutSeconds");
  });

  it("a POST that hits the deadline may have been applied: outcome unknown, not repeated", async () => {
    const server = await serve(silent);
    const { err } = await timedFailure(() => client(server).request({ method: "POST", path: "/people", body: { familyName: "Doe" } }));
    expect(err).toBeInstanceOf(OutcomeUnknownError);
    expect(err.outcomeUnknown).toBe(true);
    expect(err.message).toMatch(/may or may not have taken effect/);
    expect(server.calls).toHaveLength(1);
  });

  it("retries share the deadline: slow 503s end within it with the last answer, not after maxAttempts", async () => {
    const server = await serve((_q, res) => {
      setTimeout(() => sendJson(res, 503, { detail: "try later" }), 150);
    });
    const started = performance.now();
    const { err } = await timedFailure(() => client(server, { deadlineSeconds: 0.6, retry: { maxAttempts: 20 } }).request({ method: "GET", path: "/people" }));
    const ms = performance.now() - started;
    expect(ms).toBeLessThan(1500); // 20 attempts of 150 ms plus backoff would take > 4 s
    expect(server.calls.length).toBeLessThan(5);
    expect(err.message).toMatch(/503|did not complete within 0\.6 s/);
  });

  it("the setting name is configurable, and a deadline of 0 turns it off", async () => {
    const server = await serve(silent);
    const { err } = await timedFailure(() =>
      client(server, { service: "rolloutCrm", deadlineSetting: "rolloutCrm:requestTimeoutSeconds" }).request({ method: "GET", path: "/people" }),
    );
    expect(err.message).toContain("raise rolloutCrm:requestTimeoutSeconds");

    const slow = await serve((_q, res) => {
      setTimeout(() => sendJson(res, 200, { ok: true }), 600);
    });
    const res = await client(slow, { deadlineSeconds: 0 }).request({ method: "GET", path: "/x" });
    expect(res.body).toEqual({ ok: true });
  });

  it("a slow answer within the deadline succeeds", async () => {
    const server = await serve((_q, res) => {
      setTimeout(() => sendJson(res, 200, { ok: true }), 150);
    });
    const res = await client(server).request({ method: "GET", path: "/people/1" });
    expect(res.body).toEqual({ ok: true });
  });

  it("rate-limit waits are not charged: 429s with Retry-After longer than the deadline still succeed", async () => {
    let n = 0;
    const server = await serve((_q, res) => (n++ < 2 ? sendJson(res, 429, { detail: "slow down" }, { "retry-after": "0.3" }) : sendJson(res, 200, { ok: true })));
    const res = await client(server, { deadlineSeconds: 0.25 }).request({ method: "GET", path: "/people" });
    expect(res.body).toEqual({ ok: true });
    expect(server.calls).toHaveLength(3);
  });
});

import { afterEach, describe, expect, it } from "vitest";
import { createServiceClient, type ServiceClientOptions } from "../../provider/http/client";
import { FakeClock } from "../../provider/http/clock";
import { ApiError, OutcomeUnknownError } from "../../provider/http/errors";
import type { Logger } from "../../provider/http/logger";
import { resetSharedHttp } from "../../provider/http/registry";
import { policyOf } from "../support/services";
import { dropConnection, sendEmpty, sendJson, startScriptedServer, type ScriptedHandler, type ScriptedServer } from "../support/scriptedServer";

// Transport tests: a real node:http server on port 0 answers from a script and counts
// calls; time is a FakeClock, so backoff, Retry-After and pacing take milliseconds.

const servers: ScriptedServer[] = [];
afterEach(async () => {
  await resetSharedHttp(); // limiters are bound to each test's FakeClock
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function serve(handler: ScriptedHandler): Promise<ScriptedServer> {
  const server = await startScriptedServer(handler);
  servers.push(server);
  return server;
}

/** Answers the calls in order with the given steps; the last step repeats. */
function script(...steps: ScriptedHandler[]): ScriptedHandler {
  return (req, res, n) => steps[Math.min(n, steps.length - 1)](req, res, n);
}
const ok = (body: unknown = { ok: true }): ScriptedHandler => (_q, res) => sendJson(res, 200, body);
const status = (code: number, body: unknown = { message: `status ${code}` }, headers: Record<string, string> = {}): ScriptedHandler =>
  (_q, res) => sendJson(res, code, body, headers);
const drop: ScriptedHandler = (_q, res) => dropConnection(res);

function capture(): Logger & { lines: string[] } {
  const lines: string[] = [];
  return { lines, debug: (m) => lines.push(m), info: (m) => lines.push(m), warn: (m) => lines.push(m) };
}

/** A client with the profile policy of `over.service` (default rogerroger), unpaced unless `over` says. */
function client(server: ScriptedServer, over: Partial<ServiceClientOptions> = {}) {
  const clock = (over.clock as FakeClock | undefined) ?? new FakeClock();
  const logger = capture();
  const policy = policyOf(over.service ?? "rogerroger");
  const c = createServiceClient({
    ...policy,
    baseUrl: server.origin,
    auth: () => ({ "x-api-key": "key-123" }),
    secrets: ["key-123"],
    pacing: { kind: "none" },
    clock,
    logger,
    ...over,
    retry: { ...policy.retry, random: () => 1, ...over.retry },
  });
  return { c, clock, logger };
}

describe("requests and responses", () => {
  it("joins base path and path, encodes the query, sends auth and JSON, parses JSON", async () => {
    const server = await serve(ok({ email: "a@b.c" }));
    const { c } = client(server, {
      service: "rollout",
      baseUrl: `${server.origin}/public-api/`,
      auth: async () => ({ authorization: "Bearer tok-1" }),
    });
    const res = await c.request<{ email: string }>({
      method: "PUT",
      path: "/users/a%40b.c",
      query: { page: 2, "exists[archivedAt]": false, "id[]": ["x", "y"], skip: undefined, orderBy: "Created DESC" },
      body: { email: "a@b.c" },
    });
    expect(res).toMatchObject({ status: 200, body: { email: "a@b.c" } });
    const [call] = server.calls;
    expect(call.method).toBe("PUT");
    expect(call.url).toBe("/public-api/users/a%40b.c?page=2&exists%5BarchivedAt%5D=false&id%5B%5D=x&id%5B%5D=y&orderBy=Created+DESC");
    expect(call.headers).toMatchObject({ authorization: "Bearer tok-1", accept: "application/json", "content-type": "application/json" });
    expect(JSON.parse(call.body)).toEqual({ email: "a@b.c" });
  });

  it("sends the given content type and accept, and parses ld+json", async () => {
    const server = await serve((_q, res) => sendJson(res, 200, { "@id": "/people/1", familyName: "Doe" }, {}, "application/ld+json; charset=utf-8"));
    const { c } = client(server);
    const res = await c.request({ method: "PATCH", path: "/people/1", body: { familyName: "Doe" }, contentType: "application/merge-patch+json", accept: "application/ld+json" });
    expect(res.body).toEqual({ "@id": "/people/1", familyName: "Doe" });
    expect(server.calls[0].headers).toMatchObject({ "content-type": "application/merge-patch+json", accept: "application/ld+json", "x-api-key": "key-123" });
  });

  it("returns an undefined body for 204 and for an empty 200, text for non-JSON", async () => {
    const server = await serve(
      script(
        (_q, res) => sendEmpty(res, 204),
        (_q, res) => sendEmpty(res, 200),
        (_q, res) => {
          res.writeHead(200, { "content-type": "text/plain" });
          res.end("pong");
        },
      ),
    );
    const { c } = client(server);
    expect((await c.request({ method: "DELETE", path: "/people/1" })).body).toBeUndefined();
    expect((await c.request({ method: "DELETE", path: "/people/2" })).body).toBeUndefined();
    expect((await c.request({ method: "GET", path: "/ping" })).body).toBe("pong");
  });

  it("reports a 2xx body that is not valid JSON", async () => {
    const server = await serve((_q, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end("{not json");
    });
    const { c } = client(server);
    await expect(c.request({ method: "GET", path: "/people" })).rejects.toThrow("rogerroger: GET /people returned 200 with a body that is not valid JSON.");
  });

  it("calls auth for every request (lazy, async credential discovery)", async () => {
    const server = await serve(ok());
    let calls = 0;
    const { c } = client(server, { auth: async () => ({ authorization: `Bearer t${++calls}` }) });
    await c.request({ method: "GET", path: "/a" });
    await c.request({ method: "GET", path: "/b" });
    expect(server.calls.map((r) => r.headers.authorization)).toEqual(["Bearer t1", "Bearer t2"]);
  });

  it("refuses plain http:// to a non-loopback host, naming the setting", () => {
    expect(() =>
      createServiceClient({ service: "rollout", baseUrl: "http://x-api.rollout.io/public-api", baseUrlSetting: "rollout:apiUrl", auth: () => ({}) }),
    ).toThrow(/^rollout:apiUrl: .*plain http:\/\//);
  });
});

describe("errors", () => {
  it("404 is an ApiError with status 404 (callers decide 'gone'), not retried", async () => {
    const server = await serve(status(404, { message: "User not found" }));
    const { c } = client(server, { service: "rollout", pacing: { kind: "none" } });
    const err = await c.request({ method: "GET", path: "/users/x%40y.z" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ status: 404, service: "rollout", method: "GET", path: "/users/x%40y.z", apiMessage: "User not found" });
    expect((err as Error).message).toBe("rollout: GET /users/x%40y.z failed with 404: User not found.");
    expect(server.calls).toHaveLength(1);
  });

  it.each<[string, number, unknown, string, string]>([
    [
      "rogerroger",
      422,
      { "@type": "ConstraintViolation", title: "An error occurred", detail: "familyName: This value should not be blank.", violations: [{ propertyPath: "familyName", message: "This value should not be blank." }] },
      "application/problem+json; charset=utf-8",
      "rogerroger: PATCH /people/123 failed with 422: familyName: This value should not be blank.",
    ],
    [
      "outseta",
      400,
      {
        ErrorMessage: "Validation failed for one or more entities. See 'EntityValidationErrors' property for more details.",
        EntityValidationErrors: [{ TypeName: "Person", ValidationErrors: [{ ErrorMessage: "Email address is already in use.", PropertyName: "Email" }] }],
      },
      "application/json; charset=utf-8",
      "outseta: PATCH /people/123 failed with 400: Validation failed for one or more entities: Email: Email address is already in use.",
    ],
    ["rolloutCrm", 400, { error: "Missing x-rollout-credential-id" }, "application/json", "rolloutCrm: PATCH /people/123 failed with 400: Missing x-rollout-credential-id."],
    ["rollout", 400, { message: "Invalid patch" }, "application/json", "rollout: PATCH /people/123 failed with 400: Invalid patch."],
  ])("%s error bodies give a readable message", async (service, code, body, contentType, message) => {
    const server = await serve((_q, res) => sendJson(res, code, body, {}, contentType));
    const { c } = client(server, { service, pacing: { kind: "none" } });
    const err = (await c.request({ method: "PATCH", path: "/people/123", body: {} }).catch((e: unknown) => e)) as ApiError;
    expect(err.message).toBe(message);
    expect(err.body).toEqual(body);
  });

  it("keeps a bounded slice of a non-JSON error body", async () => {
    const server = await serve((_q, res) => {
      res.writeHead(400, { "content-type": "text/html" });
      res.end(`<html><body>${"Bad request ".repeat(100)}</body></html>`);
    });
    const { c } = client(server);
    const err = (await c.request({ method: "POST", path: "/people", body: {} }).catch((e: unknown) => e)) as ApiError;
    expect(err.message).toMatch(/^rogerroger: POST \/people failed with 400: <html><body>Bad request Bad request .*…$/);
    expect(err.apiMessage.length).toBeLessThanOrEqual(301);
  });

  it("401 and 403 name the credentials to check, and no secret appears anywhere", async () => {
    // A hostile server echoes the credentials back in its error body.
    const server = await serve((req, res) => sendJson(res, req.url?.startsWith("/a") ? 401 : 403, { message: `bad key ${String(req.headers["x-api-key"])}` }));
    const { c, logger } = client(server, { credentialsHint: "check rogerroger:apiKey / ROGERROGER_API_KEY", secrets: [] });
    const e401 = (await c.request({ method: "GET", path: "/a" }).catch((e: unknown) => e)) as ApiError;
    const e403 = (await c.request({ method: "GET", path: "/b" }).catch((e: unknown) => e)) as ApiError;
    expect(e401.message).toBe(
      "rogerroger: GET /a failed with 401: bad key [redacted]. The rogerroger credentials were refused; check rogerroger:apiKey / ROGERROGER_API_KEY.",
    );
    expect(e403.message).toMatch(/failed with 403: bad key \[redacted\]\. The rogerroger credentials are not allowed to do this; check rogerroger:apiKey/);
    for (const text of [e401.message, e403.message, JSON.stringify(e401.body), e401.apiMessage, ...logger.lines]) expect(text).not.toContain("key-123");
  });

  it("redacts secrets from paths, log lines and transport errors", async () => {
    const secret = "s3cr3t-Value";
    const server = await serve(script(status(503), status(500, { message: `echo ${secret}` })));
    const { c, logger } = client(server, { secrets: [secret], retry: { maxAttempts: 2 } });
    const err = (await c.request({ method: "GET", path: "/people", query: { token: secret } }).catch((e: unknown) => e)) as ApiError;
    expect(err.path).toBe("/people?token=[redacted]");
    expect(logger.lines.length).toBeGreaterThan(0);
    for (const text of [err.message, err.path, JSON.stringify(err.body), ...logger.lines]) expect(text).not.toContain(secret);
  });
});

describe("retries", () => {
  it.each(["GET", "PUT", "DELETE"] as const)("retries 500/502/503/504 for %s with exponential backoff", async (method) => {
    const server = await serve(script(status(500), status(502), status(503), status(504), ok()));
    const { c, clock } = client(server);
    const res = await c.request({ method, path: "/people/1", body: method === "PUT" ? { a: 1 } : undefined });
    expect(res.status).toBe(200);
    expect(server.calls).toHaveLength(5);
    expect(clock.sleeps).toEqual([500, 1000, 2000, 4000]);
    expect(server.calls.every((call) => call.method === method)).toBe(true);
  });

  it("never repeats a POST after a 5xx: ApiError, outcome unknown", async () => {
    const server = await serve(status(503, { message: "Service Unavailable" }));
    const { c } = client(server);
    const err = (await c.request({ method: "POST", path: "/people", body: { familyName: "Doe" } }).catch((e: unknown) => e)) as ApiError;
    expect(server.calls).toHaveLength(1);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ status: 503, outcomeUnknown: true });
    expect(err.message).toBe("rogerroger: POST /people failed with 503: Service Unavailable.");
  });

  it("retries a PATCH only when the caller marks it idempotent", async () => {
    const server = await serve(script(status(502), ok(), status(502)));
    const { c } = client(server);
    await c.request({ method: "PATCH", path: "/people/1", body: { a: 1 }, idempotent: true });
    expect(server.calls).toHaveLength(2);
    await expect(c.request({ method: "PATCH", path: "/people/1", body: { a: 1 } })).rejects.toMatchObject({ status: 502 });
    expect(server.calls).toHaveLength(3);
  });

  it("bounds the attempts", async () => {
    const server = await serve(status(503));
    const { c } = client(server);
    await expect(c.request({ method: "GET", path: "/people" })).rejects.toMatchObject({ status: 503 });
    expect(server.calls).toHaveLength(6);
  });

  it("honours Retry-After in seconds on 429, also for POST", async () => {
    const server = await serve(script(status(429, { message: "Too Many Requests" }, { "retry-after": "3" }), (_q, res) => sendJson(res, 201, { id: "p1" })));
    const { c, clock } = client(server);
    const t0 = clock.now();
    const res = await c.request({ method: "POST", path: "/people", body: { familyName: "Doe" } });
    expect(res).toMatchObject({ status: 201, body: { id: "p1" } });
    expect(server.calls).toHaveLength(2);
    expect(clock.now() - t0).toBe(3000);
  });

  it("honours Retry-After as an HTTP date", async () => {
    const clock = new FakeClock();
    const server = await serve(script(status(503, {}, { "retry-after": new Date(clock.now() + 8000).toUTCString() }), ok()));
    const { c } = client(server, { clock });
    await c.request({ method: "GET", path: "/people" });
    expect(clock.sleeps).toContain(8000);
  });

  it("retries Rollout's 555 (rate limited, not executed) for POST too, waiting at least 1 s", async () => {
    const server = await serve(script(status(555, { message: "rate limit" }), status(555), ok()));
    const { c, clock, logger } = client(server, { service: "rollout", baseUrl: `${server.origin}/public-api`, pacing: { kind: "none" } });
    const t0 = clock.now();
    await c.request({ method: "POST", path: "/users", body: { email: "a@b.c" } });
    expect(server.calls.map((call) => `${call.method} ${call.url}`)).toEqual(Array(3).fill("POST /public-api/users"));
    expect(clock.now() - t0).toBeGreaterThanOrEqual(2000);
    expect(logger.lines[0]).toMatch(/^rollout: POST \/users: rate limited \(555, not executed\); retrying in 1s \(attempt 2 of 6\)$/);
  });

  it("retries a dropped connection for GET", async () => {
    const server = await serve(script(drop, ok({ id: 1 })));
    const { c } = client(server);
    expect((await c.request({ method: "GET", path: "/people/1" })).body).toEqual({ id: 1 });
    expect(server.calls).toHaveLength(2);
  });

  it("never repeats a POST whose connection dropped: OutcomeUnknownError", async () => {
    const server = await serve(drop); // the request reached the server, and may have been applied
    const { c } = client(server, { service: "outseta", pacing: { kind: "none" } });
    const err = (await c.request({ method: "POST", path: "/crm/people", body: { Email: "a@b.c" } }).catch((e: unknown) => e)) as ApiError;
    expect(server.calls).toHaveLength(1);
    expect(err).toBeInstanceOf(OutcomeUnknownError);
    expect(err).toMatchObject({ service: "outseta", method: "POST", path: "/crm/people", status: 0, outcomeUnknown: true });
    expect(err.message).toMatch(/^outseta: POST \/crm\/people: the connection failed after the request was sent \(UND_ERR_SOCKET: .*\), so it may or may not have taken effect\./);
  });

  it("gives up on a refused connection after the attempt budget with a clear message", async () => {
    const server = await serve(ok());
    const origin = server.origin;
    await server.close();
    servers.length = 0;
    const { c, clock } = client({ origin, calls: [], close: async () => undefined });
    const err = (await c.request({ method: "POST", path: "/people", body: {} }).catch((e: unknown) => e)) as ApiError;
    expect(err).toBeInstanceOf(ApiError);
    expect(err).not.toBeInstanceOf(OutcomeUnknownError);
    expect(err).toMatchObject({ status: 0, outcomeUnknown: false });
    expect(err.message).toMatch(/^rogerroger: POST \/people failed: no response \(ECONNREFUSED: .*\) after 6 attempts\.$/);
    expect(clock.sleeps).toHaveLength(5); // refused: never sent, so even a POST is retried
  });
});

describe("Universal CRM 409 'not ready'", () => {
  const notReady = status(409, { error: "Data for this credential is not ready yet" });

  it("waits and retries (any method), saying why", async () => {
    const server = await serve(script(notReady, notReady, notReady, ok({ id: "p1" })));
    const { c, clock, logger } = client(server, { service: "rolloutCrm", pacing: { kind: "none" } });
    const res = await c.request({ method: "POST", path: "/people", body: { firstName: "A" } });
    expect(res.body).toEqual({ id: "p1" });
    expect(server.calls).toHaveLength(4);
    expect(clock.sleeps).toEqual([5000, 5000, 5000]);
    expect(logger.lines).toEqual([
      "rolloutCrm: the CRM's data is not ready yet (409); waiting 5s before retrying (5s of 120s)",
      "rolloutCrm: the CRM's data is not ready yet (409); waiting 5s before retrying (10s of 120s)",
      "rolloutCrm: the CRM's data is not ready yet (409); waiting 5s before retrying (15s of 120s)",
    ]);
  });

  it("fails after the bounded wait, naming the setting", async () => {
    const server = await serve(notReady);
    const { c, clock } = client(server, { service: "rolloutCrm", pacing: { kind: "none" }, retry: { notReadyTimeoutSeconds: 12 } });
    const err = (await c.request({ method: "GET", path: "/people" }).catch((e: unknown) => e)) as ApiError;
    expect(clock.sleeps).toEqual([5000, 5000, 2000]);
    expect(server.calls).toHaveLength(4);
    expect(err).toBeInstanceOf(ApiError);
    expect(err.status).toBe(409);
    expect(err.message).toBe(
      "rolloutCrm: GET /people failed with 409: Data for this credential is not ready yet. " +
        "The CRM's data never became ready within 12 seconds; try again later, or raise rolloutCrm:notReadyTimeoutSeconds.",
    );
  });

  it("does not count 409 waits against the attempt budget", async () => {
    const server = await serve(script(notReady, notReady, notReady, status(503), status(503), ok()));
    const { c } = client(server, { service: "rolloutCrm", pacing: { kind: "none" }, retry: { maxAttempts: 3 } });
    await c.request({ method: "GET", path: "/people" });
    expect(server.calls).toHaveLength(6);
  });

  it("returns a duplicate-state 409 at once", async () => {
    const server = await serve(status(409, { error: "Person already exists" }));
    const { c } = client(server, { service: "rolloutCrm", pacing: { kind: "none" } });
    await expect(c.request({ method: "POST", path: "/people", body: {} })).rejects.toMatchObject({ status: 409, apiMessage: "Person already exists" });
    expect(server.calls).toHaveLength(1);
  });
});

describe("pacing through the client", () => {
  it("spaces request starts of one service, across clients, retries included", async () => {
    const times: number[] = [];
    const clock = new FakeClock();
    const server = await serve((_q, res, n) => (n === 1 ? sendJson(res, 555, { message: "slow down" }) : sendJson(res, 200, {})));
    const a = client(server, { service: "rollout", clock, pacing: { kind: "interval", intervalMs: 1100 } }).c;
    const b = client(server, { service: "rollout", clock, pacing: { kind: "interval", intervalMs: 1100 } }).c;
    const t0 = clock.now();
    const timed = (p: Promise<unknown>) => p.then(() => times.push(clock.now() - t0));
    await Promise.all([
      timed(a.request({ method: "GET", path: "/users/1" })),
      timed(b.request({ method: "GET", path: "/users/2" })),
      timed(a.request({ method: "GET", path: "/users/3" })),
    ]);
    expect(server.calls).toHaveLength(4); // one 555 retried
    // Slots: 0, 1100, 2200 for the three requests; the 555 at 1100 pauses everyone for
    // >= 1 s and its retry takes the next slot, 3300.
    expect(clock.sleeps.filter((ms) => ms > 0).sort((x, y) => x - y)).toEqual([1100, 1100, 2200]);
    expect(Math.max(...times)).toBe(3300);
  });

  it("paces with the service profile's pacing (Rollout: 1100 ms)", async () => {
    const server = await serve(ok());
    const clock = new FakeClock();
    const { c } = client(server, { service: "rollout", clock, pacing: policyOf("rollout").pacing });
    const t0 = clock.now();
    await Promise.all([1, 2, 3].map((i) => c.request({ method: "GET", path: `/users/${i}` })));
    expect(clock.now() - t0).toBe(2200);
  });
});

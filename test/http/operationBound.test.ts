/**
 * Issue #22, "Bounded": every provider operation has a bound, not only every request, and a
 * stop (the engine's Cancel) ends the operations in flight at once. Real node:http servers
 * on port 0 that page forever or never answer; the operations run through the runtime's
 * Operations (provider/runtime/operations.ts) and send with the real service client, which
 * takes its stop signal from the operation (provider/http/abort.ts). Bounds are a fraction
 * of a second here; time is real.
 */
import { afterEach, describe, expect, it } from "vitest";
import { withAbortSignal } from "../../provider/http/abort";
import { createServiceClient, type ServiceClient } from "../../provider/http/client";
import { ApiError } from "../../provider/http/errors";
import { silentLogger } from "../../provider/http/logger";
import type { PacingConfig } from "../../provider/http/pacing";
import { resetSharedHttp } from "../../provider/http/registry";
import { OPERATION_TIMEOUT_ENV, OperationTimeout, Operations } from "../../provider/runtime/operations";
import { sendJson, startScriptedServer, type ScriptedHandler, type ScriptedServer } from "../support/scriptedServer";
import { policyOf } from "../support/services";

const servers: ScriptedServer[] = [];
afterEach(async () => {
  await resetSharedHttp();
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

const serve = (handler: ScriptedHandler): Promise<ScriptedServer> => startScriptedServer(handler).then((s) => (servers.push(s), s));

function client(server: ScriptedServer, pacing: PacingConfig = { kind: "none" }): ServiceClient {
  return createServiceClient({
    ...policyOf("rogerroger"),
    baseUrl: server.origin,
    auth: () => ({ "x-api-key": "key-123" }),
    pacing: { ...pacing, key: `bound-${server.origin}` },
    logger: silentLogger,
  });
}

/** A list whose every page says another one follows (issue #22, item 5), after `delayMs`. */
const endlessPages =
  (delayMs: number): ScriptedHandler =>
  (_q, res, n) =>
    void setTimeout(() => sendJson(res, 200, { member: [{ id: `p${n}` }], view: { next: `/people?page=${n + 2}` } }), delayMs);

/** Follows `next` for as long as there is one, as a paged read does. */
async function readAllPages(api: ServiceClient): Promise<number> {
  let pages = 0;
  for (let more = true; more; pages++) {
    const res = await api.request<{ view?: { next?: string } }>({ method: "GET", path: "/people", query: { page: pages + 1 } });
    more = Boolean(res.body?.view?.next);
  }
  return pages;
}

const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("the bound of an operation", () => {
  it("stops an endless paging loop at the bound, names the operation and the setting, and sends nothing after", async () => {
    const server = await serve(endlessPages(20));
    const api = client(server);
    await api.request({ method: "GET", path: "/warm-up" }); // the first request loads undici: not the operation's time
    const operations = new Operations(() => 1500);
    const started = Date.now();
    const err = await operations.run("create of crm:Person", () => readAllPages(api)).catch((e: unknown) => e);
    const elapsed = Date.now() - started;
    expect(err).toBeInstanceOf(OperationTimeout);
    expect((err as Error).message).toContain("create of crm:Person did not finish within 1.5 s");
    expect((err as Error).message).toContain(OPERATION_TIMEOUT_ENV);
    expect(elapsed).toBeGreaterThanOrEqual(1490);
    expect(elapsed).toBeLessThan(2500);
    expect(server.calls.length).toBeGreaterThan(3); // it was paging (the warm-up, then pages)
    await settle(50); // the request aborted on the wire may reach the server's log a moment later
    const atStop = server.calls.length;
    await settle(300); // ~15 pages' time
    expect(server.calls.length).toBe(atStop);
  });

  it("lets an operation that finishes within the bound return its result", async () => {
    const server = await serve((_q, res) => sendJson(res, 200, { member: [] }));
    const operations = new Operations(() => 5000);
    await expect(operations.run("read of crm:Person", () => readAllPages(client(server)))).resolves.toBe(1);
  });

  it("fails every operation naming the variable when its value is not a number, before any request", async () => {
    const server = await serve((_q, res) => sendJson(res, 200, {}));
    const operations = new Operations(() => new Error(`${OPERATION_TIMEOUT_ENV} must be a number of seconds, 0 for none (it is 'soon').`));
    await expect(operations.run("check of crm:Person", () => readAllPages(client(server)))).rejects.toThrow(`${OPERATION_TIMEOUT_ENV} must be a number`);
    expect(server.calls).toHaveLength(0);
  });
});

describe("stopping every operation (the engine's Cancel)", () => {
  it("aborts the request on the wire at once, ends the operation with the reason, and refuses later ones without a request", async () => {
    let closed = false;
    const server = await serve((_q, res) => void res.on("close", () => (closed = true))); // never answers
    const operations = new Operations(() => 60_000);
    const running = operations.run("create of crm:Person", () => readAllPages(client(server))).catch((e: unknown) => e);
    while (server.calls.length === 0) await settle(10);
    const stoppedAt = Date.now();
    operations.stopAll(new Error("the update was cancelled"));
    const err = await running;
    expect(Date.now() - stoppedAt).toBeLessThan(200);
    expect((err as Error).message).toBe("the update was cancelled");
    await settle(100);
    expect(closed).toBe(true); // the connection was aborted, not left waiting
    expect(operations.stopped).toBe(true);
    await expect(operations.run("delete of crm:Person", () => readAllPages(client(server)))).rejects.toThrow("the update was cancelled");
    expect(server.calls).toHaveLength(1);
  });

  it("stops a loop whose requests each finish, so the next request is never sent", async () => {
    const server = await serve(endlessPages(5));
    const operations = new Operations(() => 60_000);
    const running = operations.run("update of crm:Person", () => readAllPages(client(server))).catch((e: unknown) => e);
    while (server.calls.length < 5) await settle(5);
    operations.stopAll(new Error("cancelled"));
    expect(((await running) as Error).message).toBe("cancelled");
    await settle(50);
    const atStop = server.calls.length;
    await settle(200);
    expect(server.calls.length).toBe(atStop);
  });

  it("ends an operation waiting for its pacing slot at once, and its request is not sent when the slot comes", async () => {
    const server = await serve((_q, res) => sendJson(res, 200, { member: [] }));
    const api = client(server, { kind: "interval", intervalMs: 600 });
    const operations = new Operations(() => 60_000);
    await operations.run("read of crm:Person", () => api.request({ method: "GET", path: "/people/1" })); // takes the slot
    const waiting = operations.run("read of crm:Person", () => api.request({ method: "GET", path: "/people/2" })).catch((e: unknown) => e);
    await settle(50);
    const stoppedAt = Date.now();
    operations.stopAll(new Error("cancelled"));
    expect(((await waiting) as Error).message).toBe("cancelled");
    expect(Date.now() - stoppedAt).toBeLessThan(200);
    await settle(900); // past the slot
    expect(server.calls.map((c) => c.url)).toEqual(["/people/1"]);
  });
});

describe("a request under an aborted signal", () => {
  it("is not sent, and its error names the service, method, path and the reason", async () => {
    const server = await serve((_q, res) => sendJson(res, 200, {}));
    const controller = new AbortController();
    controller.abort(new Error("pulumi-rollout-crm: the update was cancelled"));
    const err = await withAbortSignal(controller.signal, () => client(server).request({ method: "POST", path: "/people", body: {} })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).message).toBe("rogerroger: POST /people was not sent: pulumi-rollout-crm: the update was cancelled.");
    expect((err as ApiError).outcomeUnknown).toBe(false); // it certainly changed nothing
    expect(server.calls).toHaveLength(0);
  });

  it("that was sent and is not safe to repeat is reported as possibly applied", async () => {
    const server = await serve(() => undefined); // never answers
    const controller = new AbortController();
    const sending = withAbortSignal(controller.signal, () => client(server).request({ method: "POST", path: "/people", body: {} })).catch((e: unknown) => e);
    while (server.calls.length === 0) await settle(10);
    controller.abort(new Error("stopped"));
    const err = (await sending) as ApiError;
    expect(err.message).toBe("rogerroger: POST /people was abandoned: stopped. It may or may not have taken effect.");
    expect(err.outcomeUnknown).toBe(true);
  });
});

/**
 * The admin API of PRODUCT.md ("Local emulators") on all four emulators: request log (each
 * API request exactly once, admin requests never), reset, state, settings, and injected
 * faults before and after the request takes effect. Plus the JSON data file.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startEmulators, startRolloutEmulator, type RunningEmulators } from "../../emulators";
import { EmulatorAdmin } from "../support/emulators";

let emulators: RunningEmulators;

beforeAll(async () => {
  emulators = await startEmulators({ log: () => {} });
});
afterAll(() => emulators.stop());

type Doc = Record<string, any>;

/** Per service: one create request and its documented answer, the stored records, the error shape. */
function services(urls: RunningEmulators["urls"] = emulators.urls) {
  return [
    {
      name: "rollout",
      created: ["PUT", 200],
      create: () =>
        fetch(`${urls.rollout}/users`, {
          method: "PUT",
          headers: { authorization: "Bearer dev-rollout-token", "content-type": "application/json" },
          body: JSON.stringify({ email: "ann@example.com" }),
        }),
      list: () => fetch(`${urls.rollout}/users`, { headers: { authorization: "Bearer dev-rollout-token" } }),
      records: (state: Doc) => state.users,
      errorShape: { message: expect.any(String) },
    },
    {
      name: "rogerroger",
      created: ["POST", 201],
      create: () =>
        fetch(`${urls.rogerroger}/people`, {
          method: "POST",
          headers: { "x-api-key": "dev-rogerroger-key", "content-type": "application/ld+json" },
          body: JSON.stringify({ familyName: "Doe" }),
        }),
      list: () => fetch(`${urls.rogerroger}/people`, { headers: { "x-api-key": "dev-rogerroger-key" } }),
      records: (state: Doc) => state.people,
      errorShape: { "@type": "Error", status: expect.any(Number), detail: expect.any(String) },
    },
    {
      name: "outseta",
      created: ["POST", 200],
      create: () =>
        fetch(`${urls.outseta}/crm/people`, {
          method: "POST",
          headers: { authorization: "Outseta dev-outseta-key:dev-outseta-secret", "content-type": "application/json" },
          body: JSON.stringify({ Email: "ann@example.com" }),
        }),
      list: () => fetch(`${urls.outseta}/crm/people`, { headers: { authorization: "Outseta dev-outseta-key:dev-outseta-secret" } }),
      records: (state: Doc) => state.people,
      errorShape: { Message: expect.any(String) },
    },
    {
      name: "rolloutCrm",
      created: ["POST", 200],
      create: () =>
        fetch(`${urls.rolloutCrm}/people`, {
          method: "POST",
          headers: { authorization: "Bearer dev-rollout-crm-token", "x-rollout-credential-id": "dev-credential", "content-type": "application/json" },
          body: JSON.stringify({ firstName: "Ann" }),
        }),
      list: () =>
        fetch(`${urls.rolloutCrm}/people`, { headers: { authorization: "Bearer dev-rollout-crm-token", "x-rollout-credential-id": "dev-credential" } }),
      records: (state: Doc) => state.people,
      errorShape: { error: expect.any(String) },
    },
  ] as const;
}

describe.each(["rollout", "rogerroger", "outseta", "rolloutCrm"] as const)("%s admin API", (name) => {
  const svc = () => services().find((s) => s.name === name)!;
  const adm = () => new EmulatorAdmin(emulators.adminUrls[name]);
  beforeEach(async () => {
    await adm().reset();
    await adm().settings({ rateLimit: false });
  });

  it("logs each API request exactly once, in order, with query string, status and duration", async () => {
    await svc().create();
    await svc().list();
    const base = emulators.services[name].origin;
    await fetch(`${base}/no-such-route?x=1`);
    // Admin requests are never logged.
    await adm().state();
    await adm().call("GET", "settings");
    const log = await adm().requests();
    expect(log.map(({ method, status }) => [method, status])).toEqual([
      svc().created,
      ["GET", 200],
      ["GET", 404],
    ]);
    expect(log[2].path).toBe("/no-such-route?x=1");
    for (const entry of log) {
      expect(Object.keys(entry).sort()).toEqual(["durationMs", "method", "path", "status"]);
      expect(entry.durationMs).toBeGreaterThanOrEqual(0);
    }
    // Reading the log twice does not change it.
    expect(await adm().requests()).toEqual(log);
  });

  it("reset empties data, log and faults and restores default settings", async () => {
    await svc().create();
    await adm().faults({ statuses: [500], methods: ["DELETE"] });
    await adm().settings({ rateLimit: false, rateLimitMax: 99 });
    expect(svc().records(await adm().state())).toHaveLength(1);
    await adm().reset();
    expect(svc().records(await adm().state())).toEqual([]);
    expect(await adm().requests()).toEqual([]);
    expect(await (await adm().call("GET", "faults")).json()).toMatchObject({ rate: 0, statuses: [] });
    expect(await (await adm().call("GET", "settings")).json()).toMatchObject({ rateLimit: true });
    expect(((await (await adm().call("GET", "settings")).json()) as Doc).rateLimitMax).not.toBe(99);
  });

  it("fault before: answers the status with the service's error body, with no effect", async () => {
    await adm().faults({ rate: 1, statuses: [503] });
    const res = await svc().create();
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject(svc().errorShape);
    expect(svc().records(await adm().state())).toEqual([]);
    expect((await adm().requests()).map((r) => r.status)).toEqual([503]);
  });

  it("fault before with dropConnection: no answer, no effect, logged with status 0", async () => {
    await adm().faults({ rate: 1, dropConnection: true, when: "before" });
    await expect(svc().create()).rejects.toThrow();
    expect(svc().records(await adm().state())).toEqual([]);
    expect((await adm().requests()).map((r) => r.status)).toEqual([0]);
  });

  it("fault after with dropConnection: the request takes effect, the answer is lost", async () => {
    await adm().faults({ rate: 1, dropConnection: true, when: "after" });
    await expect(svc().create()).rejects.toThrow();
    expect(svc().records(await adm().state())).toHaveLength(1);
    expect((await adm().requests()).map((r) => r.status)).toEqual([0]);
  });

  it("fault after with a status: the request takes effect, the client sees the error", async () => {
    await adm().faults({ statuses: [502], when: "after" });
    const res = await svc().create();
    expect(res.status).toBe(502);
    expect(svc().records(await adm().state())).toHaveLength(1);
  });

  it("methods, count and {} narrow and end the faults", async () => {
    await adm().faults({ statuses: [500], methods: ["POST", "PUT"], count: 1 });
    expect((await svc().list()).status).toBe(200);
    expect((await svc().create()).status).toBe(500);
    expect((await svc().create()).status).toBeLessThan(300);
    await adm().faults({ statuses: [500] });
    expect((await svc().list()).status).toBe(500);
    await adm().faults({});
    expect((await svc().list()).status).toBe(200);
  });
});

describe("faults and settings: details", () => {
  const adm = () => new EmulatorAdmin(emulators.adminUrls.rollout);
  const list = () => fetch(`${emulators.urls.rollout}/users`, { headers: { authorization: "Bearer dev-rollout-token" } });
  beforeEach(async () => {
    await adm().reset();
    await adm().settings({ rateLimit: false });
  });

  it("latencyMs delays matching requests and shows in durationMs", async () => {
    await adm().faults({ latencyMs: 120 });
    const started = performance.now();
    expect((await list()).status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(115);
    expect((await adm().requests())[0].durationMs).toBeGreaterThanOrEqual(115);
  });

  it("rate picks the share of requests that fail", async () => {
    const draws = [0.2, 0.0, 0.7];
    const service = await startRolloutEmulator({ random: () => draws.shift() ?? 0.9, log: () => {} });
    try {
      const a = new EmulatorAdmin(service.adminUrl);
      await a.settings({ rateLimit: false });
      await a.faults({ rate: 0.5, statuses: [500] });
      const get = async () => (await fetch(`${service.url}/users`, { headers: { authorization: "Bearer dev-rollout-token" } })).status;
      expect(await get()).toBe(500); // draw 0.2 < 0.5 (then 0.0 picks the status)
      expect(await get()).toBe(200); // draw 0.7
    } finally {
      await service.stop();
    }
  });

  it.each([
    ["a rate above 1", { rate: 2, statuses: [500] }],
    ["a success status", { statuses: [200] }],
    ["an unknown when", { statuses: [500], when: "later" }],
    ["an unknown key", { status: 500 }],
    ["a rate without statuses or dropConnection", { rate: 0.5 }],
  ])("refuses faults with %s (400)", async (_name, body) => {
    const res = await adm().call("PUT", "faults", body);
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: expect.any(String) });
  });

  it.each([
    ["an unknown key", { rateLimits: false }],
    ["notReadySeconds outside the Universal CRM", { notReadySeconds: 5 }],
    ["a non-boolean rateLimit", { rateLimit: "off" }],
    ["a zero window", { rateLimitWindowMs: 0 }],
  ])("refuses settings with %s (400)", async (_name, body) => {
    expect((await adm().call("PUT", "settings", body)).status).toBe(400);
  });

  it("answers unknown admin routes 404 and wrong methods 405, unlogged", async () => {
    expect((await adm().call("GET", "nope")).status).toBe(404);
    expect((await adm().call("DELETE", "requests")).status).toBe(405);
    expect(await adm().requests()).toEqual([]);
  });
});

describe("data file", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "emulators-"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("keeps every service's records across a restart, and reset empties them", async () => {
    const dataFile = join(dir, "data.json");
    const first = await startEmulators({ dataFile, log: () => {} });
    const before: Record<string, unknown> = {};
    try {
      for (const svc of services(first.urls)) {
        await new EmulatorAdmin(first.adminUrls[svc.name]).settings({ rateLimit: false });
        expect((await svc.create()).status).toBeLessThan(300);
        before[svc.name] = await new EmulatorAdmin(first.adminUrls[svc.name]).state();
      }
    } finally {
      await first.stop();
    }
    expect(Object.keys(JSON.parse(readFileSync(dataFile, "utf8")) as Doc).sort()).toEqual(["outseta", "rogerroger", "rollout", "rolloutCrm"]);

    const second = await startEmulators({ dataFile, log: () => {} });
    try {
      for (const name of ["rollout", "rogerroger", "outseta", "rolloutCrm"] as const) {
        expect(await new EmulatorAdmin(second.adminUrls[name]).state()).toEqual(before[name]);
      }
      // Records read back are served by the API, not just dumped.
      const users = await fetch(`${second.urls.rollout}/users`, { headers: { authorization: "Bearer dev-rollout-token" } });
      expect(await users.json()).toEqual([expect.objectContaining({ email: "ann@example.com" })]);
      await new EmulatorAdmin(second.adminUrls.rollout).reset();
    } finally {
      await second.stop();
    }
    expect((JSON.parse(readFileSync(dataFile, "utf8")) as Doc).rollout).toEqual({ users: [] });
  });
});

describe("the admin client", () => {
  /** A server that resets the first `resets` connections on their first bytes, then answers `{"ok":true}`. */
  async function resettingServer(resets: number): Promise<{ adminUrl: string; connections: () => number; close: () => Promise<void> }> {
    const { createServer } = await import("node:net");
    let connections = 0;
    const server = createServer((socket) => {
      const n = ++connections;
      socket.once("data", () => {
        if (n <= resets) socket.resetAndDestroy();
        else socket.end('HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 11\r\nconnection: close\r\n\r\n{"ok":true}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as { port: number };
    return { adminUrl: `http://127.0.0.1:${port}/_emulator`, connections: () => connections, close: () => new Promise((resolve) => server.close(() => resolve())) };
  }

  it("sends an admin request again, once, when its connection is reset before any answer", async () => {
    const server = await resettingServer(1);
    try {
      expect(await new EmulatorAdmin(server.adminUrl).state()).toEqual({ ok: true });
      expect(server.connections()).toBe(2);
    } finally {
      await server.close();
    }
  });

  it("fails when the second connection is reset too: once, not a loop", async () => {
    const server = await resettingServer(2);
    try {
      await expect(new EmulatorAdmin(server.adminUrl).state()).rejects.toThrow(/fetch failed/);
      expect(server.connections()).toBe(2);
    } finally {
      await server.close();
    }
  });
});

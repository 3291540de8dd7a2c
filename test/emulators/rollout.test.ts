/**
 * Conformance of the Rollout users emulator with api/rollout-users.md and seed 003: the
 * seed's own requests, PUT add-or-override, e-mail matching, RFC 6902 PATCH (atomic), the
 * emulator assumptions for statuses and bodies, auth, and the 1 request/s limit with 555.
 */
import { Agent, request } from "undici";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startEmulators, startRolloutEmulator, type RunningEmulators, type RunningService } from "../../emulators";
import { EmulatorAdmin, logCollector, manualClock } from "../support/emulators";

const AUTH = { authorization: "Bearer dev-rollout-token" };
const JSON_TYPE = { "content-type": "application/json" };
const APP = "5f1175a8f8daa545e28c8aa2";
const APP2 = "5f7208c46c8bb65c30b00b77";
// The seed's "Create User" body, verbatim.
const SEED_USER = {
  applications: { [APP]: { environments: { Production: "read" } } },
  email: "joe.smith@acmecorp.example",
  name: "Joe Smith",
  teamAdmin: true,
};

let emulators: RunningEmulators;
let base: string;
let adm: EmulatorAdmin;
const loud = logCollector();

beforeAll(async () => {
  emulators = await startEmulators({ log: loud.log });
  base = emulators.urls.rollout;
  adm = new EmulatorAdmin(emulators.adminUrls.rollout);
});
afterAll(() => emulators.stop());
beforeEach(async () => {
  await adm.reset();
  await adm.settings({ rateLimit: false });
});

const put = (body: unknown, headers: Record<string, string> = JSON_TYPE) =>
  fetch(`${base}/users`, { method: "PUT", headers: { ...AUTH, ...headers }, body: JSON.stringify(body) });
const patch = (email: string, ops: unknown, type = "application/json") =>
  fetch(`${base}/users/${encodeURIComponent(email)}`, {
    method: "PATCH",
    headers: { ...AUTH, "content-type": type },
    body: JSON.stringify(ops),
  });
const get = (email: string) => fetch(`${base}/users/${encodeURIComponent(email)}`, { headers: { ...AUTH, accept: "application/json" } });

describe("the seed's requests", () => {
  it("PUT, GET one, GET all, PATCH, DELETE answer as documented", async () => {
    const created = await put(SEED_USER);
    expect(created.status).toBe(200);
    expect(created.headers.get("content-type")).toMatch(/^application\/json/);
    expect(await created.json()).toEqual(SEED_USER);

    // The seed percent-encodes the e-mail: joe.smith%40acmecorp.example
    const one = await fetch(`${base}/users/joe.smith%40acmecorp.example`, { headers: { accept: "application/json", ...AUTH } });
    expect(one.status).toBe(200);
    expect(await one.json()).toEqual(SEED_USER);

    const all = await fetch(`${base}/users`, { headers: { accept: "application/json", ...AUTH } });
    expect(all.status).toBe(200);
    expect(await all.json()).toEqual([SEED_USER]);

    const patched = await patch(SEED_USER.email, [{ op: "replace", path: "/name", value: "Moshe Ofnik" }]);
    expect(patched.status).toBe(200);
    expect(await patched.json()).toEqual({ ...SEED_USER, name: "Moshe Ofnik" });

    // The seed's DELETE sends only the Authorization header.
    const deleted = await fetch(`${base}/users/joe.smith%40acmecorp.example`, { method: "DELETE", headers: AUTH });
    expect(deleted.status).toBe(200);
    expect(await deleted.text()).toBe("");

    const gone = await get(SEED_USER.email);
    expect(gone.status).toBe(404);
    expect(await gone.json()).toEqual({ message: expect.any(String) });
  });
});

describe("PUT /users (add or override)", () => {
  it("fills the documented defaults: name = e-mail, teamAdmin false, applications {}", async () => {
    const res = await put({ email: "ann@acmecorp.example" });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ name: "ann@acmecorp.example", email: "ann@acmecorp.example", teamAdmin: false, applications: {} });
  });

  it("overrides a user with the same e-mail in any case, replacing the whole access map", async () => {
    await put(SEED_USER);
    const res = await put({ email: "JOE.Smith@acmecorp.example", applications: { [APP2]: { environments: { Staging: "write" } } } });
    expect(res.status).toBe(200);
    const all = (await (await fetch(`${base}/users`, { headers: AUTH })).json()) as unknown[];
    expect(all).toEqual([
      { name: "JOE.Smith@acmecorp.example", email: "JOE.Smith@acmecorp.example", teamAdmin: false, applications: { [APP2]: { environments: { Staging: "write" } } } },
    ]);
  });

  it.each([
    ["no email", { name: "x" }],
    ["an invalid e-mail", { email: "not-an-email" }],
    ["a permission other than read/write", { email: "a@b.example", applications: { [APP]: { environments: { Production: "admin" } } } }],
    ["an application id that is not 24 hex characters", { email: "a@b.example", applications: { "my-app": { environments: { Production: "read" } } } }],
    ["an unknown property", { email: "a@b.example", role: "owner" }],
    ["teamAdmin not a boolean", { email: "a@b.example", teamAdmin: "yes" }],
    ["an array body", [SEED_USER]],
  ])("answers 400 with a message for %s", async (_name, body) => {
    const res = await put(body);
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ message: expect.any(String) });
    expect((await adm.state()).users).toEqual([]);
  });

  it("answers 400 for malformed JSON and 415 for a non-JSON content type", async () => {
    const malformed = await fetch(`${base}/users`, { method: "PUT", headers: { ...AUTH, ...JSON_TYPE }, body: "{nope" });
    expect(malformed.status).toBe(400);
    const text = await put(SEED_USER, { "content-type": "text/plain" });
    expect(text.status).toBe(415);
  });
});

describe("GET and DELETE /users/{email}", () => {
  it("matches the e-mail case-insensitively and returns it as stored", async () => {
    await put(SEED_USER);
    const res = await get("JOE.SMITH@ACMECORP.EXAMPLE");
    expect(res.status).toBe(200);
    expect(((await res.json()) as { email: string }).email).toBe("joe.smith@acmecorp.example");
  });

  it("answers 404 for an unknown e-mail on GET, PATCH and DELETE", async () => {
    expect((await get("nobody@acmecorp.example")).status).toBe(404);
    expect((await patch("nobody@acmecorp.example", [])).status).toBe(404);
    const del = await fetch(`${base}/users/nobody%40acmecorp.example`, { method: "DELETE", headers: AUTH });
    expect(del.status).toBe(404);
    expect(await del.json()).toEqual({ message: expect.any(String) });
  });
});

describe("PATCH /users/{email} (RFC 6902)", () => {
  beforeEach(async () => {
    await put({ email: "eve@acmecorp.example", name: "Eve", applications: { [APP]: { environments: { Production: "read", Staging: "write" } } } });
  });
  const current = async () => (await (await get("eve@acmecorp.example")).json()) as Record<string, unknown>;

  it("accepts application/json-patch+json too", async () => {
    expect((await patch("eve@acmecorp.example", [{ op: "replace", path: "/teamAdmin", value: true }], "application/json-patch+json")).status).toBe(200);
  });

  it("applies all six operations in order", async () => {
    const res = await patch("eve@acmecorp.example", [
      { op: "test", path: "/name", value: "Eve" },
      { op: "add", path: `/applications/${APP2}`, value: { environments: {} } },
      { op: "move", from: `/applications/${APP}/environments/Staging`, path: `/applications/${APP2}/environments/Staging` },
      { op: "copy", from: `/applications/${APP}/environments/Production`, path: `/applications/${APP2}/environments/Production` },
      { op: "replace", path: "/teamAdmin", value: true },
      { op: "remove", path: `/applications/${APP}` },
    ]);
    expect(res.status).toBe(200);
    const expected = { name: "Eve", email: "eve@acmecorp.example", teamAdmin: true, applications: { [APP2]: { environments: { Staging: "write", Production: "read" } } } };
    expect(await res.json()).toEqual(expected);
    expect(await current()).toEqual(expected);
  });

  it("is atomic: a failing test (RFC 6902 A.9) changes nothing and answers 400", async () => {
    const before = await current();
    const res = await patch("eve@acmecorp.example", [
      { op: "replace", path: "/name", value: "Changed" },
      { op: "test", path: "/teamAdmin", value: true },
    ]);
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ message: expect.any(String) });
    expect(await current()).toEqual(before);
  });

  it.each([
    ["A.12 add to a nonexistent target", [{ op: "add", path: `/applications/${APP2}/environments/Production`, value: "read" }]],
    ["replace of a missing path", [{ op: "replace", path: "/applications/000000000000000000000000", value: {} }]],
    ["A.15 test comparing a string with a boolean", [{ op: "test", path: "/teamAdmin", value: "false" }]],
    ["a result that is not a valid user (permission)", [{ op: "replace", path: `/applications/${APP}/environments/Production`, value: "admin" }]],
    ["A.16 an array where a permission belongs", [{ op: "add", path: `/applications/${APP}/environments/Dev`, value: ["read"] }]],
    ["a change of the e-mail", [{ op: "replace", path: "/email", value: "other@acmecorp.example" }]],
    ["a body that is not an array", { op: "replace", path: "/name", value: "x" }],
    ["an unknown op", [{ op: "merge", path: "/name", value: "x" }]],
  ])("answers 400 and changes nothing for %s", async (_name, ops) => {
    const before = await current();
    expect((await patch("eve@acmecorp.example", ops)).status).toBe(400);
    expect(await current()).toEqual(before);
  });

  it("resolves RFC 6901 escapes in environment names (A.14 ~ ordering)", async () => {
    await put({ email: "eve@acmecorp.example", applications: { [APP]: { environments: { "QA/EU": "read", "~1": "read" } } } });
    const res = await patch("eve@acmecorp.example", [
      { op: "replace", path: `/applications/${APP}/environments/QA~1EU`, value: "write" },
      { op: "test", path: `/applications/${APP}/environments/~01`, value: "read" },
    ]);
    expect(res.status).toBe(200);
    expect(((await res.json()) as { applications: unknown }).applications).toEqual({ [APP]: { environments: { "QA/EU": "write", "~1": "read" } } });
  });

  it("re-applies the defaults after a remove (name falls back to the e-mail)", async () => {
    const res = await patch("eve@acmecorp.example", [{ op: "remove", path: "/name" }]);
    expect(res.status).toBe(200);
    expect(((await res.json()) as { name: string }).name).toBe("eve@acmecorp.example");
  });
});

describe("auth", () => {
  it.each([
    ["no Authorization header", {}],
    ["another token", { authorization: "Bearer b0c17g9f-79f4-69da-cc45-67db602c10d6" }],
    ["another scheme", { authorization: "Token dev-rollout-token" }],
  ])("answers 401 {message} for %s", async (_name, headers) => {
    const res = await fetch(`${base}/users`, { headers });
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ message: "Unauthorized" });
  });

  it("accepts the scheme name in any case (RFC 7235)", async () => {
    expect((await fetch(`${base}/users`, { headers: { authorization: "bearer dev-rollout-token" } })).status).toBe(200);
  });
});

describe("unknown routes and methods", () => {
  it("answers 404 {message} and says so on stderr", async () => {
    loud.lines.length = 0;
    const res = await fetch(`${base}/applications`, { headers: AUTH });
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ message: expect.any(String) });
    expect(loud.lines.join("\n")).toMatch(/404.*GET \/public-api\/applications/);
  });

  it("answers 405 with Allow for a method the path does not have (no POST is documented)", async () => {
    const res = await fetch(`${base}/users`, { method: "POST", headers: { ...AUTH, ...JSON_TYPE }, body: JSON.stringify(SEED_USER) });
    expect(res.status).toBe(405);
    expect(res.headers.get("allow")).toBe("GET, PUT");
  });
});

describe("rate limit: 1 request/s per client IP, 555 above it", () => {
  it("is on by default: two quick requests, the second is 555 without Retry-After", async () => {
    await adm.reset();
    const first = await fetch(`${base}/users`, { headers: AUTH });
    const second = await fetch(`${base}/users`, { headers: AUTH });
    expect(first.status).toBe(200);
    expect(second.status).toBe(555);
    expect(second.headers.get("retry-after")).toBeNull();
    expect(await second.json()).toEqual({ message: expect.any(String) });
    // The refused request had no effect, and both are in the log with their status.
    expect((await adm.requests()).map((r) => r.status)).toEqual([200, 555]);
  });

  it("counts bad tokens and unknown paths too: the limit sits in front of everything", async () => {
    await adm.reset();
    expect((await fetch(`${base}/users`)).status).toBe(401);
    expect((await fetch(`${base}/users`, { headers: AUTH })).status).toBe(555);
  });

  it("keys the limit by client IP", async () => {
    await adm.reset();
    // 127.0.0.2 is another loopback address on Linux: another client for the server.
    const other = new Agent({ localAddress: "127.0.0.2" });
    try {
      const a = await request(`${base}/users`, { headers: AUTH });
      const b = await request(`${base}/users`, { headers: AUTH, dispatcher: other });
      await Promise.all([a.body.dump(), b.body.dump()]);
      expect([a.statusCode, b.statusCode]).toEqual([200, 200]);
    } finally {
      await other.close();
    }
  });

  describe("timing, on a clock the test moves", () => {
    let service: RunningService;
    const clock = manualClock();
    beforeAll(async () => {
      service = await startRolloutEmulator({ clock });
    });
    afterAll(() => service.stop());
    const status = async () => (await fetch(`${service.url}/users`, { headers: AUTH })).status;

    it("lets one request through per second, and refused requests restart the wait", async () => {
      expect(await status()).toBe(200);
      clock.advance(999);
      expect(await status()).toBe(555);
      clock.advance(999); // 1998 ms after the first, but 999 ms after the refused one
      expect(await status()).toBe(555);
      clock.advance(1000);
      expect(await status()).toBe(200);
      clock.advance(1000);
      expect(await status()).toBe(200);
    });
  });

  it("rateLimitWindowMs shortens the window for tests", async () => {
    await adm.reset();
    await adm.settings({ rateLimitWindowMs: 500 });
    expect((await fetch(`${base}/users`, { headers: AUTH })).status).toBe(200);
    expect((await fetch(`${base}/users`, { headers: AUTH })).status).toBe(555);
    await new Promise((r) => setTimeout(r, 550));
    expect((await fetch(`${base}/users`, { headers: AUTH })).status).toBe(200);
  });
});

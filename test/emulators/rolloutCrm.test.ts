/**
 * Conformance of the Rollout Universal CRM emulator with api/rollout-universal-crm.md and
 * seed 000: the credentials lookup, Bearer token (development token or HS512 JWT) plus
 * x-rollout-credential-id, people CRUD, `_metadata` paging, `{error}` bodies, the 409
 * "not ready" window and the per-tenant limit.
 */
import { createHmac } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startEmulators, startRolloutCrmEmulator, type RunningEmulators, type RunningService } from "../../emulators";
import { EmulatorAdmin, manualClock } from "../support/emulators";

const TOKEN = { authorization: "Bearer dev-rollout-crm-token" };
// The seed sends Content-Type: application/json on every people call, GET included.
const PEOPLE = { ...TOKEN, "x-rollout-credential-id": "dev-credential", "content-type": "application/json" };

type Doc = Record<string, any>;

/** Mints an authToken the way the Rollout docs describe: HS512 with the client secret. */
function jwt(claims: Record<string, unknown>, { secret = "dev-client-secret", alg = "HS512" } = {}): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
  const unsigned = `${part({ alg, typ: "JWT" })}.${part(claims)}`;
  const hash = alg === "HS256" ? "sha256" : "sha512";
  return `${unsigned}.${createHmac(hash, secret).update(unsigned).digest("base64url")}`;
}
const nowSeconds = () => Math.floor(Date.now() / 1000);
const validClaims = () => ({ iss: "dev-client", sub: "user-1", iat: nowSeconds(), exp: nowSeconds() + 900 });

let emulators: RunningEmulators;
let base: string;
let adm: EmulatorAdmin;

beforeAll(async () => {
  emulators = await startEmulators({ log: () => {} });
  base = emulators.urls.rolloutCrm;
  adm = new EmulatorAdmin(emulators.adminUrls.rolloutCrm);
});
afterAll(() => emulators.stop());
beforeEach(async () => {
  await adm.reset();
  await adm.settings({ rateLimit: false });
});

const send = (method: string, path: string, body?: unknown, headers: Record<string, string> = PEOPLE) =>
  fetch(`${base}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
const create = async (body: Doc): Promise<Doc> => {
  const res = await send("POST", "/people", body);
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json()) as Doc;
};

describe("the seed's flow", () => {
  it("gets the credential id from /credentials, then lists and creates people", async () => {
    expect(emulators.urls.rolloutCrmCredentials).toBe(base);
    const credentials = (await (await fetch(`${emulators.urls.rolloutCrmCredentials}/credentials`, { headers: TOKEN })).json()) as Doc[];
    const credentialId = credentials[0]?.id;
    expect(credentialId).toBe("dev-credential");

    const headers = { ...TOKEN, "x-rollout-credential-id": credentialId, "content-type": "application/json" };
    const list = await fetch(`${base}/people`, { headers });
    expect(list.status).toBe(200);
    expect(await list.json()).toEqual({ _metadata: { collection: "people", offset: 0, limit: 25, total: 0 }, people: [] });

    const personData = { firstName: "Ada", lastName: "Lovelace", emails: [{ value: "ada@example.com", type: "work", isPrimary: true }] };
    const created = await fetch(`${base}/people`, { method: "POST", headers, body: JSON.stringify(personData) });
    expect(created.status).toBe(200);
    const person = (await created.json()) as Doc;
    expect(person).toMatchObject({ id: expect.any(String), name: "Ada Lovelace", firstName: "Ada", lastName: "Lovelace" });
    expect(person.emails).toEqual([{ value: "ada@example.com", type: "work", status: null, isPrimary: true }]);
    expect(person.created).toEqual(expect.any(String));
  });

  it("answers errors as { error } (the seed reads data.error)", async () => {
    const res = await fetch(`${base}/people`, { headers: { ...PEOPLE, authorization: "Bearer nope" } });
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error: expect.any(String) });
  });
});

describe("authentication", () => {
  it("accepts an HS512 JWT signed with the client secret, on people and credentials", async () => {
    const authorization = `Bearer ${jwt(validClaims())}`;
    expect((await send("GET", "/people", undefined, { ...PEOPLE, authorization })).status).toBe(200);
    expect((await fetch(`${base}/credentials`, { headers: { authorization } })).status).toBe(200);
  });

  it.each([
    ["no token", undefined],
    ["an expired token", jwt({ ...validClaims(), iat: nowSeconds() - 1000, exp: nowSeconds() - 100 })],
    ["a token signed with another secret", jwt(validClaims(), { secret: "not-the-secret" })],
    ["an HS256 token", jwt(validClaims(), { alg: "HS256" })],
    ["another client (iss)", jwt({ ...validClaims(), iss: "someone-else" })],
    ["no sub", jwt({ iss: "dev-client", iat: nowSeconds(), exp: nowSeconds() + 900 })],
    ["no exp", jwt({ iss: "dev-client", sub: "u", iat: nowSeconds() })],
    ["a token that is not a JWT", "abc"],
  ])("answers 401 for %s", async (_name, token) => {
    const headers: Record<string, string> = { "x-rollout-credential-id": "dev-credential" };
    if (token) headers.authorization = `Bearer ${token}`;
    const res = await fetch(`${base}/people`, { headers });
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error: expect.any(String) });
    expect((await fetch(`${base}/credentials`, { headers })).status).toBe(401);
  });

  it("says when a token has expired", async () => {
    const token = jwt({ ...validClaims(), exp: nowSeconds() - 1 });
    const res = await fetch(`${base}/people`, { headers: { ...PEOPLE, authorization: `Bearer ${token}` } });
    expect(((await res.json()) as Doc).error).toMatch(/expired/i);
  });

  it("answers 403 for an unknown credential id and 400 without one", async () => {
    const unknown = await send("GET", "/people", undefined, { ...PEOPLE, "x-rollout-credential-id": "cred-of-someone-else" });
    expect(unknown.status).toBe(403);
    expect(await unknown.json()).toEqual({ error: expect.any(String) });
    const missing = await send("GET", "/people", undefined, TOKEN);
    expect(missing.status).toBe(400);
    // The header name is case-insensitive (the reference writes X-Rollout-Credential-Id).
    expect((await send("GET", "/people", undefined, { ...TOKEN, "X-Rollout-Credential-Id": "dev-credential" })).status).toBe(200);
  });
});

describe("/people/{id}", () => {
  it("GET answers the person, 404 when unknown", async () => {
    const person = await create({ firstName: "Ada" });
    const res = await send("GET", `/people/${person.id}`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual(person);
    const unknown = await send("GET", "/people/nope");
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({ error: expect.any(String) });
  });

  it("PUT keeps omitted fields and replaces arrays sent", async () => {
    const person = await create({ firstName: "Ada", lastName: "Lovelace", tags: ["a", "b"], stage: "Lead" });
    const res = await send("PUT", `/people/${person.id}`, { tags: ["c"], jobTitle: "Analyst" });
    expect(res.status).toBe(200);
    const updated = (await res.json()) as Doc;
    expect(updated).toMatchObject({ id: person.id, firstName: "Ada", lastName: "Lovelace", tags: ["c"], stage: "Lead", jobTitle: "Analyst", created: person.created });
    expect((await send("PUT", "/people/nope", { firstName: "x" })).status).toBe(404);
  });

  it("DELETE answers 200 with [] and the person is gone", async () => {
    const person = await create({ firstName: "Ada" });
    const res = await send("DELETE", `/people/${person.id}`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual([]);
    expect((await send("GET", `/people/${person.id}`)).status).toBe(404);
    expect((await send("DELETE", `/people/${person.id}`)).status).toBe(404);
  });

  it.each([
    ["an invalid e-mail address", { emails: [{ value: "not-an-email" }] }],
    ["an unknown property", { nickname: "Ada" }],
    ["a read-only property", { id: "mine", firstName: "Ada" }],
    ["a wrong type", { firstName: 42 }],
    ["a body that is not an object", ["Ada"]],
  ])("answers 400 { error } for %s", async (_name, body) => {
    const res = await send("POST", "/people", body);
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: expect.any(String) });
    expect((await adm.state()).people).toEqual([]);
  });

  it("needs application/json on writes (415)", async () => {
    expect((await send("POST", "/people", { firstName: "A" }, { ...PEOPLE, "content-type": "text/plain" })).status).toBe(415);
  });
});

describe("GET /people paging (_metadata)", () => {
  beforeEach(async () => {
    for (let i = 1; i <= 7; i++) await create({ firstName: `P${i}`, emails: [{ value: `p${i}@example.com` }] });
  });

  it("follows nextLink until it is absent, seeing every person once", async () => {
    const seen: string[] = [];
    let url: string | undefined = `${base}/people?limit=3`;
    let pages = 0;
    while (url) {
      const page = (await (await fetch(url, { headers: PEOPLE })).json()) as Doc;
      expect(page._metadata).toMatchObject({ collection: "people", limit: 3, total: 7 });
      seen.push(...page.people.map((p: Doc) => p.firstName));
      url = page._metadata.nextLink;
      pages++;
    }
    expect(pages).toBe(3);
    expect(seen).toEqual(["P1", "P2", "P3", "P4", "P5", "P6", "P7"]);
  });

  it("follows the next cursor and accepts offset/limit", async () => {
    const first = (await (await send("GET", "/people?limit=5")).json()) as Doc;
    const second = (await (await send("GET", `/people?limit=5&next=${first._metadata.next}`)).json()) as Doc;
    expect(second.people.map((p: Doc) => p.firstName)).toEqual(["P6", "P7"]);
    expect(second._metadata).not.toHaveProperty("next");
    const byOffset = (await (await send("GET", "/people?offset=6&limit=5")).json()) as Doc;
    expect(byOffset.people.map((p: Doc) => p.firstName)).toEqual(["P7"]);
    expect((await send("GET", "/people?next=not-a-cursor")).status).toBe(400);
  });

  it("filters by email, exactly and case-insensitively", async () => {
    const page = (await (await send("GET", "/people?email=P3%40EXAMPLE.COM")).json()) as Doc;
    expect(page.people.map((p: Doc) => p.firstName)).toEqual(["P3"]);
  });
});

describe("409 while the data is not ready (notReadySeconds)", () => {
  it("answers people calls 409 for the window; credentials keep working", async () => {
    await adm.settings({ notReadySeconds: 1 });
    const res = await send("GET", "/people");
    expect(res.status).toBe(409);
    expect(await res.json()).toEqual({ error: expect.stringMatching(/not ready/) });
    expect((await send("POST", "/people", { firstName: "A" })).status).toBe(409);
    expect((await fetch(`${base}/credentials`, { headers: TOKEN })).status).toBe(200);
    // Authentication still comes first.
    expect((await send("GET", "/people", undefined, { ...PEOPLE, authorization: "Bearer nope" })).status).toBe(401);
    await new Promise((r) => setTimeout(r, 1050));
    expect((await send("GET", "/people")).status).toBe(200);
    expect((await adm.state()).people).toEqual([]);
  });

  it("with notReadyStartsOnFirstCall, starts the window at the first people call, not at the PUT", async () => {
    await adm.settings({ notReadySeconds: 1, notReadyStartsOnFirstCall: true });
    // Armed, not running: the credentials endpoint does not start it, and time passes.
    expect((await fetch(`${base}/credentials`, { headers: TOKEN })).status).toBe(200);
    await new Promise((r) => setTimeout(r, 1050));
    const armed = (await (await adm.call("GET", "settings")).json()) as Doc;
    expect(armed).toMatchObject({ notReadySeconds: 1, notReadyStartsOnFirstCall: true });
    expect((await send("GET", "/people")).status).toBe(409);
    expect((await send("GET", "/people")).status).toBe(409);
    await new Promise((r) => setTimeout(r, 1050));
    expect((await send("GET", "/people")).status).toBe(200);
    expect(await adm.call("PUT", "settings", { notReadyStartsOnFirstCall: true }).then((r) => r.status)).toBe(400);
  });

  it("shows the seconds left in GET /_emulator/settings", async () => {
    await adm.settings({ notReadySeconds: 30 });
    const settings = (await (await adm.call("GET", "settings")).json()) as Doc;
    expect(settings.notReadySeconds).toBeGreaterThan(29);
    expect(settings.notReadySeconds).toBeLessThanOrEqual(30);
  });
});

describe("unknown routes", () => {
  it("answers 404 and 405 as { error }", async () => {
    const unknown = await send("GET", "/contacts");
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({ error: expect.any(String) });
    const wrong = await send("PATCH", "/people/x", {});
    expect(wrong.status).toBe(405);
    expect(await wrong.json()).toEqual({ error: expect.any(String) });
  });
});

describe("clock-driven: token expiry, the 409 window, 50 requests/s", () => {
  let service: RunningService;
  const clock = manualClock(Date.now());
  beforeAll(async () => {
    service = await startRolloutCrmEmulator({ clock });
  });
  afterAll(() => service.stop());
  const people = (headers: Record<string, string> = PEOPLE) => fetch(`${service.url}/people`, { headers });

  it("refuses a token once the emulator's clock passes its exp", async () => {
    const iat = Math.floor(clock.now() / 1000);
    const authorization = `Bearer ${jwt({ iss: "dev-client", sub: "u", iat, exp: iat + 900 })}`;
    expect((await people({ ...PEOPLE, authorization })).status).toBe(200);
    clock.advance(901_000);
    expect((await people({ ...PEOPLE, authorization })).status).toBe(401);
  });

  it("ends the 409 window exactly after notReadySeconds", async () => {
    await fetch(`${service.adminUrl}/settings`, { method: "PUT", body: JSON.stringify({ notReadySeconds: 45 }) });
    clock.advance(44_999);
    expect((await people()).status).toBe(409);
    clock.advance(1);
    expect((await people()).status).toBe(200);
  });

  it("answers 429 above 50 requests in a second", async () => {
    clock.advance(1000);
    for (let i = 0; i < 50; i++) expect((await people()).status).toBe(200);
    const limited = await people();
    expect(limited.status).toBe(429);
    expect(await limited.json()).toEqual({ error: expect.any(String) });
    clock.advance(1000);
    expect((await people()).status).toBe(200);
  });
});

/**
 * Conformance of the RogerRoger emulator with api/rogerroger.md and seed 001: JSON-LD
 * documents, Hydra paging, content types (ld+json, merge-patch+json, problem+json), the
 * familyName rule (422), RFC 7396 PATCH, notes, X-API-KEY auth and 20 requests/min.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startEmulators, startRogerRogerEmulator, type RunningEmulators, type RunningService } from "../../emulators";
import { EmulatorAdmin, manualClock } from "../support/emulators";

const KEY = { "x-api-key": "dev-rogerroger-key" };
const LD = { ...KEY, "content-type": "application/ld+json", accept: "*/*" };
const MERGE = { ...KEY, "content-type": "application/merge-patch+json", accept: "*/*" };
const ATOM = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$/;

// The seed's POST /people body, verbatim (its values are schema placeholders).
const SEED_PERSON = {
  familyName: null,
  givenName: null,
  additionalName: null,
  initials: null,
  customerId: null,
  honorificPrefix: null,
  isTracked: null,
  linkedinId: null,
  externalSource: null,
  archivedAt: null,
  owner: "/users/{id}",
  jobTitle: null,
  tags: ["/tags/{id}"],
  segments: ["/segments/{id}"],
  organizations: ["/organizations/{id}"],
  emailAddresses: [{ email: null }],
  phoneNumbers: [{ phoneNumber: null, phoneType: "fax" }],
  address: { city: null, postalCode: null, street: null, country: "NL" },
  avatar: "/media_objects/{id}",
  integrationParticipants: ["https://example.com/"],
  id: null,
};

type Doc = Record<string, any>;

let emulators: RunningEmulators;
let base: string;
let adm: EmulatorAdmin;

beforeAll(async () => {
  emulators = await startEmulators({ log: () => {} });
  base = emulators.urls.rogerroger;
  adm = new EmulatorAdmin(emulators.adminUrls.rogerroger);
});
afterAll(() => emulators.stop());
beforeEach(async () => {
  await adm.reset();
  await adm.settings({ rateLimit: false });
});

const send = (method: string, path: string, body?: unknown, headers: Record<string, string> = LD) =>
  fetch(`${base}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
const create = async (body: Doc): Promise<Doc> => {
  const res = await send("POST", "/people", body);
  expect(res.status, await res.clone().text()).toBe(201);
  return (await res.json()) as Doc;
};
const getDoc = async (path: string): Promise<Doc> => (await send("GET", path, undefined, KEY)).json() as Promise<Doc>;

describe("POST /people", () => {
  it("answers the seed's example (familyName null) with 422 naming familyName", async () => {
    const res = await send("POST", "/people", SEED_PERSON);
    expect(res.status).toBe(422);
    expect(res.headers.get("content-type")).toMatch(/^application\/problem\+json/);
    const body = (await res.json()) as Doc;
    expect(body).toMatchObject({ "@type": "ConstraintViolation", status: 422, title: "An error occurred" });
    expect(body.violations).toEqual([{ propertyPath: "familyName", message: expect.any(String), code: expect.any(String) }]);
    expect(body.detail).toMatch(/^familyName: /);
    expect((await adm.state()).people).toEqual([]);
  });

  it("creates the seed's person once it has a familyName: 201, JSON-LD, server timestamps", async () => {
    const res = await send("POST", "/people", { ...SEED_PERSON, familyName: "Doe", emailAddresses: [{ email: "jane@example.com" }] });
    expect(res.status).toBe(201);
    expect(res.headers.get("content-type")).toMatch(/^application\/ld\+json/);
    const person = (await res.json()) as Doc;
    expect(person["@context"]).toEqual(expect.any(String));
    expect(person["@type"]).toBe("Person");
    expect(person["@id"]).toBe(`/people/${person.id}`);
    expect(person.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(person.createdAt).toMatch(ATOM);
    expect(person.updatedAt).toMatch(ATOM);
    expect(person).toMatchObject({
      familyName: "Doe",
      owner: "/users/{id}",
      tags: ["/tags/{id}"],
      phoneNumbers: [expect.objectContaining({ "@type": expect.any(String), phoneNumber: null, phoneType: "fax" })],
      emailAddresses: [expect.objectContaining({ "@context": expect.any(String), "@type": expect.any(String), email: "jane@example.com" })],
      address: expect.objectContaining({ "@id": expect.any(String), "@type": expect.any(String), country: "NL", city: null }),
      avatarUrl: null,
      integrationParticipants: ["https://example.com/"],
    });
    // `avatar` is write-only; the server answers `avatarUrl`.
    expect(person).not.toHaveProperty("avatar");
    expect(await getDoc(`/people/${person.id}`)).toEqual(person);
  });

  it.each([
    ["a blank familyName", { familyName: "" }, "familyName"],
    ["an invalid e-mail address", { familyName: "Doe", emailAddresses: [{ email: "not-an-email" }] }, "emailAddresses[0].email"],
    ["a country that is not ISO 3166-1", { familyName: "Doe", address: { country: "XX" } }, "address.country"],
  ])("answers 422 for %s", async (_name, body, propertyPath) => {
    const res = await send("POST", "/people", body);
    expect(res.status).toBe(422);
    expect(((await res.json()) as Doc).violations.map((v: Doc) => v.propertyPath)).toEqual([propertyPath]);
  });

  it.each([
    ["a string field given a number", { familyName: "Doe", givenName: 42 }, /givenName/],
    ["a relation given as an embedded object", { familyName: "Doe", owner: { id: 1 } }, /IRI/],
    ["a relation given as a string that is not its IRI", { familyName: "Doe", owner: "/tags/1" }, /Invalid IRI/],
    ["a list of IRIs given as a string", { familyName: "Doe", tags: "/tags/1" }, /tags/],
  ])("answers 400 (Error document) for %s", async (_name, body, detail) => {
    const res = await send("POST", "/people", body);
    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toMatch(/^application\/problem\+json/);
    const error = (await res.json()) as Doc;
    expect(error).toMatchObject({ "@type": "Error", status: 400, title: "An error occurred" });
    expect(error.detail).toMatch(detail);
  });

  it("ignores unknown and read-only properties", async () => {
    const person = await create({ familyName: "Doe", nickname: "JD", createdAt: "2000-01-01T00:00:00+00:00", "@id": "/people/x" });
    expect(person).not.toHaveProperty("nickname");
    expect(person.createdAt).not.toBe("2000-01-01T00:00:00+00:00");
  });

  it("takes application/ld+json or application/json (as the vendor's n8n node sends) on POST and PUT, else 415; valid JSON (400)", async () => {
    const json = await send("POST", "/people", { familyName: "Doe" }, { ...KEY, "content-type": "application/json" });
    expect(json.status).toBe(201);
    const id = ((await json.json()) as Doc).id;
    const put = await send("PUT", `/people/${id}`, { familyName: "Roe" }, { ...KEY, "content-type": "application/json; charset=utf-8" });
    expect(put.status).toBe(200);
    expect(((await put.json()) as Doc).familyName).toBe("Roe");
    const text = await send("POST", "/people", { familyName: "Doe" }, { ...KEY, "content-type": "text/plain" });
    expect(text.status).toBe(415);
    expect(((await text.json()) as Doc).detail).toMatch(/application\/ld\+json/);
    const none = await fetch(`${base}/people`, { method: "POST", headers: KEY, body: new Uint8Array(Buffer.from('{"familyName":"Doe"}')) });
    expect(none.status).toBe(415);
    const malformed = await fetch(`${base}/people`, { method: "POST", headers: LD, body: "{" });
    expect(malformed.status).toBe(400);
  });
});

describe("GET, PUT, DELETE /people/{id}", () => {
  it("answers 404 (Error document) for an unknown id", async () => {
    const res = await send("GET", "/people/00000000-0000-4000-8000-000000000000", undefined, KEY);
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toMatch(/^application\/problem\+json/);
    expect(await res.json()).toMatchObject({ "@type": "Error", status: 404 });
    expect((await send("PUT", "/people/00000000-0000-4000-8000-000000000000", { familyName: "X" })).status).toBe(404);
  });

  it("PUT replaces all fields: omitted ones become null or empty; createdAt stays", async () => {
    const person = await create({ familyName: "Doe", givenName: "Jane", jobTitle: "CTO", tags: ["/tags/1"], address: { city: "Utrecht", country: "NL" } });
    const res = await send("PUT", `/people/${person.id}`, { familyName: "Doe", givenName: "J." });
    expect(res.status).toBe(200);
    const replaced = (await res.json()) as Doc;
    expect(replaced).toMatchObject({ familyName: "Doe", givenName: "J.", jobTitle: null, tags: [], address: null, createdAt: person.createdAt });
  });

  it("PUT without familyName is a 422", async () => {
    const person = await create({ familyName: "Doe" });
    const res = await send("PUT", `/people/${person.id}`, { givenName: "Jane" });
    expect(res.status).toBe(422);
    expect((await getDoc(`/people/${person.id}`)).familyName).toBe("Doe");
  });

  it("DELETE answers 204 with no body, then the person and its notes are gone", async () => {
    const person = await create({ familyName: "Doe" });
    await send("POST", `/people/${person.id}/notes`, { title: "n" });
    const res = await send("DELETE", `/people/${person.id}`, undefined, KEY);
    expect(res.status).toBe(204);
    expect(await res.text()).toBe("");
    expect((await send("GET", `/people/${person.id}`, undefined, KEY)).status).toBe(404);
    expect((await send("DELETE", `/people/${person.id}`, undefined, KEY)).status).toBe(404);
    expect(await adm.state()).toEqual({ people: [], notes: [] });
  });
});

describe("PATCH /people/{id} (RFC 7396 merge patch)", () => {
  let person: Doc;
  beforeEach(async () => {
    person = await create({
      familyName: "Doe",
      givenName: "b",
      tags: ["/tags/1", "/tags/2"],
      address: { street: "Main 1", city: "Utrecht", postalCode: "3511", country: "NL" },
    });
  });
  const patch = (body: unknown, headers: Record<string, string> = MERGE) => send("PATCH", `/people/${person.id}`, body, headers);

  it.each([
    ["application/json", { ...KEY, "content-type": "application/json" }],
    ["application/ld+json", LD],
  ])("answers 415 when the content type is %s", async (_name, headers) => {
    const res = await patch({ givenName: "c" }, headers);
    expect(res.status).toBe(415);
    expect(((await res.json()) as Doc).detail).toMatch(/application\/merge-patch\+json/);
  });

  it.each([
    ["A.1 replaces a member", { givenName: "c" }, { givenName: "c" }],
    ["A.2 adds a member", { jobTitle: "c" }, { givenName: "b", jobTitle: "c" }],
    ["A.3 null removes a member", { givenName: null }, { givenName: null }],
    ["A.6/A.8 an array replaces the array as a whole", { tags: ["/tags/3"] }, { tags: ["/tags/3"] }],
    [
      "A.7 merges a nested object, null removing inside it",
      { address: { city: "Delft", postalCode: null } },
      { address: expect.objectContaining({ street: "Main 1", city: "Delft", postalCode: null, country: "NL" }) },
    ],
    ["A.13 leaves members it does not name", { initials: "JD" }, { familyName: "Doe", givenName: "b", tags: ["/tags/1", "/tags/2"] }],
  ])("%s", async (_name, body, expected) => {
    const res = await patch(body);
    expect(res.status).toBe(200);
    const patched = (await res.json()) as Doc;
    expect(patched).toMatchObject(expected);
    expect(patched.createdAt).toBe(person.createdAt);
    expect(await getDoc(`/people/${person.id}`)).toEqual(patched);
  });

  it.each([
    ["A.10/A.9 an array document", ["c"]],
    ["A.12 a string document", "bar"],
    ["A.11 null", null],
  ])("answers 400 for %s (a person must stay an object)", async (_name, body) => {
    expect((await patch(body)).status).toBe(400);
  });

  it("validates the merged person: clearing familyName is a 422 and changes nothing", async () => {
    const res = await patch({ familyName: null, givenName: "z" });
    expect(res.status).toBe(422);
    expect(((await res.json()) as Doc).violations[0].propertyPath).toBe("familyName");
    expect((await getDoc(`/people/${person.id}`)).givenName).toBe("b");
  });

  it("answers 404 for an unknown id", async () => {
    expect((await send("PATCH", "/people/00000000-0000-4000-8000-000000000000", { givenName: "x" }, MERGE)).status).toBe(404);
  });
});

describe("GET /people (Hydra collection)", () => {
  beforeEach(async () => {
    for (let i = 1; i <= 35; i++) await create({ familyName: `Family${String(i).padStart(2, "0")}`, emailAddresses: [{ email: `p${i}@example.com` }] });
  });

  it("pages 15 at a time with first/last/next, and member/totalItems/search", async () => {
    const res = await send("GET", "/people", undefined, KEY);
    expect(res.headers.get("content-type")).toMatch(/^application\/ld\+json/);
    const page = (await res.json()) as Doc;
    expect(page.member).toHaveLength(15);
    expect(page.totalItems).toBe(35);
    expect(page.view).toMatchObject({ "@id": "/people?page=1", first: "/people?page=1", last: "/people?page=3", next: "/people?page=2" });
    expect(page.view).not.toHaveProperty("previous");
    expect(page.search).toMatchObject({ template: expect.stringContaining("emailAddresses.email"), mapping: expect.any(Array) });
    expect(page).not.toHaveProperty("hydra:member");
  });

  it("walks every page by following view.next", async () => {
    const seen: string[] = [];
    let next: string | undefined = "/people?itemsPerPage=10";
    while (next) {
      const page = await getDoc(next);
      seen.push(...page.member.map((p: Doc) => p.familyName));
      next = page.view?.next;
    }
    expect(seen).toHaveLength(35);
    expect(new Set(seen).size).toBe(35);
  });

  it("keeps other parameters in view links and puts previous on later pages", async () => {
    const page = await getDoc("/people?itemsPerPage=10&page=4");
    expect(page.member).toHaveLength(5);
    expect(page.view).toEqual({
      "@id": "/people?itemsPerPage=10&page=4",
      "@type": "PartialCollectionView",
      first: "/people?itemsPerPage=10&page=1",
      last: "/people?itemsPerPage=10&page=4",
      previous: "/people?itemsPerPage=10&page=3",
    });
  });

  it("clamps itemsPerPage to 30 and refuses page 0", async () => {
    expect((await getDoc("/people?itemsPerPage=100")).member).toHaveLength(30);
    expect((await send("GET", "/people?page=0", undefined, KEY)).status).toBe(400);
  });

  it("filters emailAddresses.email exactly and case-insensitively", async () => {
    const one = await getDoc("/people?emailAddresses.email=P7%40EXAMPLE.com");
    expect(one.member.map((p: Doc) => p.familyName)).toEqual(["Family07"]);
    expect(one.totalItems).toBe(1);
    // A single page with a filter: the view carries only its @id.
    expect(one.view).toEqual({ "@id": "/people?emailAddresses.email=P7%40EXAMPLE.com", "@type": "PartialCollectionView" });
    expect((await getDoc("/people?emailAddresses.email=p7%40example")).totalItems).toBe(0);
    const two = await getDoc("/people?emailAddresses.email[]=p1%40example.com&emailAddresses.email[]=p2%40example.com");
    expect(two.totalItems).toBe(2);
  });
});

describe("a single page without parameters", () => {
  it("has no view", async () => {
    await create({ familyName: "Solo" });
    const page = await getDoc("/people");
    expect(page.totalItems).toBe(1);
    expect(page).not.toHaveProperty("view");
  });
});

describe("notes: /people/{personId}/notes", () => {
  let person: Doc;
  beforeEach(async () => {
    person = await create({ familyName: "Doe" });
  });
  const notes = (suffix = "") => `/people/${person.id}/notes${suffix}`;

  it("creates the seed's note (201) and serves it back", async () => {
    const seedNote = { id: null, personId: null, createdAt: null, description: null, title: null, flagged: null, isPrivate: null, author: "/users/{id}", category: "/note_categories/{id}" };
    const res = await send("POST", notes(), seedNote);
    expect(res.status).toBe(201);
    const note = (await res.json()) as Doc;
    expect(note).toMatchObject({ "@type": expect.any(String), "@id": `/people/${person.id}/notes/${note.id}`, author: "/users/{id}", category: "/note_categories/{id}" });
    expect(note.createdAt).toMatch(ATOM);
    expect(note).not.toHaveProperty("personId");
    expect(await getDoc(notes(`/${note.id}`))).toEqual(note);
  });

  it("lists flagged notes first, then by creation date", async () => {
    const clock = manualClock();
    const service = await startRogerRogerEmulator({ clock });
    try {
      const post = async (path: string, body: Doc) =>
        (await (await fetch(`${service.url}${path}`, { method: "POST", headers: LD, body: JSON.stringify(body) })).json()) as Doc;
      const p = await post("/people", { familyName: "Doe" });
      for (const [title, flagged] of [["old", false], ["flagged", true], ["new", false]] as const) {
        await post(`/people/${p.id}/notes`, { title, flagged });
        clock.advance(1000);
      }
      const list = (await (await fetch(`${service.url}/people/${p.id}/notes`, { headers: KEY })).json()) as Doc;
      expect(list.member.map((n: Doc) => n.title)).toEqual(["flagged", "new", "old"]);
      expect(list.totalItems).toBe(3);
    } finally {
      await service.stop();
    }
  });

  it("PUT replaces, PATCH merges (and needs merge-patch+json), DELETE answers 204", async () => {
    const note = (await (await send("POST", notes(), { title: "Call", description: "about X", flagged: true })).json()) as Doc;
    const put = await send("PUT", notes(`/${note.id}`), { title: "Call back" });
    expect(put.status).toBe(200);
    expect(await put.json()).toMatchObject({ title: "Call back", description: null, flagged: null, createdAt: note.createdAt });
    expect((await send("PATCH", notes(`/${note.id}`), { isPrivate: true }, LD)).status).toBe(415);
    const patched = await send("PATCH", notes(`/${note.id}`), { isPrivate: true, title: null }, MERGE);
    expect(patched.status).toBe(200);
    expect(await patched.json()).toMatchObject({ title: null, isPrivate: true });
    const deleted = await send("DELETE", notes(`/${note.id}`), undefined, KEY);
    expect(deleted.status).toBe(204);
    expect((await send("GET", notes(`/${note.id}`), undefined, KEY)).status).toBe(404);
  });

  it("answers 404 for a note under another person and for a note on an unknown person", async () => {
    const note = (await (await send("POST", notes(), { title: "x" })).json()) as Doc;
    const other = await create({ familyName: "Other" });
    expect((await send("GET", `/people/${other.id}/notes/${note.id}`, undefined, KEY)).status).toBe(404);
    expect((await send("POST", "/people/00000000-0000-4000-8000-000000000000/notes", { title: "x" })).status).toBe(404);
  });

  it("pages notes like people", async () => {
    for (let i = 0; i < 16; i++) await send("POST", notes(), { title: `n${i}` });
    const first = await getDoc(notes());
    expect(first.member).toHaveLength(15);
    expect(first.totalItems).toBe(16);
    expect(first.view.next).toBe(`/people/${person.id}/notes?page=2`);
  });
});

describe("auth and unknown routes", () => {
  it.each([
    ["no X-API-KEY", {}],
    ["another key", { "x-api-key": "YOUR_API_KEY" }],
  ])("answers 401 with a message for %s", async (_name, headers) => {
    const res = await fetch(`${base}/people`, { headers });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ message: expect.any(String) });
  });

  it("answers an unknown path 404 and a wrong method 405 with Allow (the router runs before auth)", async () => {
    const unknown = await fetch(`${base}/organisations`);
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ "@type": "Error", status: 404 });
    const wrong = await send("PATCH", "/people", {}, MERGE);
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get("allow")).toBe("GET, POST");
  });
});

describe("rate limit: 20 requests per minute per tenant, sliding window", () => {
  let service: RunningService;
  const clock = manualClock();
  beforeAll(async () => {
    service = await startRogerRogerEmulator({ clock });
  });
  afterAll(() => service.stop());
  const hit = () => fetch(`${service.url}/people`, { headers: KEY });

  it("answers the 21st request in a minute with 429 and Retry-After; the window slides", async () => {
    for (let i = 0; i < 10; i++) expect((await hit()).status).toBe(200);
    clock.advance(30_000);
    for (let i = 0; i < 10; i++) expect((await hit()).status).toBe(200);
    // Keys of a tenant share the limit; a refused key does not use it up.
    expect((await fetch(`${service.url}/people`, { headers: { "x-api-key": "wrong" } })).status).toBe(401);
    clock.advance(29_000);
    const limited = await hit();
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("1");
    expect(limited.headers.get("content-type")).toMatch(/^application\/problem\+json/);
    expect(await limited.json()).toMatchObject({ "@type": "Error", status: 429 });
    // At 60 s the first ten leave the window: ten more fit, not twenty.
    clock.advance(1_000);
    for (let i = 0; i < 10; i++) expect((await hit()).status).toBe(200);
    const again = await hit();
    expect(again.status).toBe(429);
    expect(again.headers.get("retry-after")).toBe("30");
  });

  it("rateLimitMax and rateLimitWindowMs shrink the window for tests", async () => {
    await adm.settings({ rateLimit: true, rateLimitMax: 2, rateLimitWindowMs: 500 });
    expect((await send("GET", "/people", undefined, KEY)).status).toBe(200);
    expect((await send("GET", "/people", undefined, KEY)).status).toBe(200);
    expect((await send("GET", "/people", undefined, KEY)).status).toBe(429);
    await new Promise((r) => setTimeout(r, 550));
    expect((await send("GET", "/people", undefined, KEY)).status).toBe(200);
  });
});

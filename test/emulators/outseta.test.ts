/**
 * Conformance of the Outseta emulator with api/outseta.md and seed 002: `Outseta key:secret`
 * auth, people CRUD with its statuses (POST 200, DELETE 200 empty), `{metadata, items}`
 * paging with `offset` as a page index, `?Email=` lookup, PersonAccount expansion with
 * `fields=`, the validation body, MailingAddress edits by Uid, and 4 requests/s.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startEmulators, startOutsetaEmulator, type RunningEmulators, type RunningService } from "../../emulators";
import { EmulatorAdmin, manualClock } from "../support/emulators";

const AUTH = { authorization: "Outseta dev-outseta-key:dev-outseta-secret" };
// Outseta's examples send Content-Type: application/json on every request, GET included.
const HEADERS = { ...AUTH, "content-type": "application/json" };

type Doc = Record<string, any>;

let emulators: RunningEmulators;
let base: string;
let adm: EmulatorAdmin;

beforeAll(async () => {
  emulators = await startEmulators({ log: () => {} });
  base = emulators.urls.outseta;
  adm = new EmulatorAdmin(emulators.adminUrls.outseta);
});
afterAll(() => emulators.stop());
beforeEach(async () => {
  await adm.reset();
  await adm.settings({ rateLimit: false });
});

const send = (method: string, path: string, body?: unknown, headers: Record<string, string> = HEADERS) =>
  fetch(`${base}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
const getDoc = async (path: string): Promise<Doc> => {
  const res = await send("GET", path);
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json()) as Doc;
};
/**
 * A write answer's entity as reads answer it afterwards: its timestamps (the write's own, 7
 * fraction digits and `Z`; or stored ones) as the same instant in the stored form, whole
 * seconds without a zone. Outseta's reads show no fraction (emulators/outseta/schema.ts).
 */
const asStored = (doc: Doc): Doc => {
  const stored = (value: string): string => {
    const m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(\.\d{7}Z)?$/.exec(value);
    expect(m, `timestamp ${value}`).not.toBeNull();
    return m![1];
  };
  return { ...doc, Created: stored(doc.Created), Updated: stored(doc.Updated) };
};
const createPerson = async (body: Doc): Promise<Doc> => {
  const res = await send("POST", "/crm/people", body);
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json()) as Doc;
};

describe("people: the seed's requests", () => {
  it("GET /crm/people lists under items with metadata", async () => {
    await createPerson({ Email: "ann@example.com" });
    const list = await getDoc("/crm/people");
    expect(list.metadata).toEqual({ limit: 25, offset: 0, total: 1 });
    expect(list.items).toHaveLength(1);
  });

  it("GET /crm/people/?Email= finds exactly the one person, or none", async () => {
    const ann = await createPerson({ Email: "ann@example.com" });
    await createPerson({ Email: "bob@example.com" });
    const found = await getDoc("/crm/people/?Email=ann@example.com");
    expect(found.items.map((p: Doc) => p.Uid)).toEqual([ann.Uid]);
    expect(found.metadata.total).toBe(1);
    expect((await getDoc("/crm/people/?Email=ANN%40EXAMPLE.COM")).items).toHaveLength(1);
    const none = await getDoc("/crm/people/?Email=nobody@example.com");
    expect(none).toEqual({ metadata: { limit: 25, offset: 0, total: 0 }, items: [] });
  });

  it("filter values take * wildcards: ends with, starts with, contains", async () => {
    const ann = await createPerson({ Email: "ann@example.com" });
    const bob = await createPerson({ Email: "bob@work.example" });
    const uids = async (query: string) => (await getDoc(`/crm/people/?${query}`)).items.map((p: Doc) => p.Uid).sort();
    expect(await uids("Email=*@example.com")).toEqual([ann.Uid]);
    expect(await uids("Email=BOB*")).toEqual([bob.Uid]);
    expect(await uids("Email=*example*")).toEqual([ann.Uid, bob.Uid].sort());
    expect(await uids("Email=ann*@example.com")).toEqual([ann.Uid]);
    expect(await uids("Email=a.n*")).toEqual([]); // the rest of the value is literal
  });

  it("GET /crm/people/{uid} answers the person", async () => {
    const ann = await createPerson({ Email: "ann@example.com", FirstName: "Ann" });
    expect(await getDoc(`/crm/people/${ann.Uid}`)).toEqual(asStored(ann));
  });
});

describe("POST /crm/people", () => {
  it("answers 200 (not 201) with the created person", async () => {
    const res = await send("POST", "/crm/people", { Email: "ann@example.com", FirstName: "Ann", LastName: "Lee" });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    const person = (await res.json()) as Doc;
    expect(person.Uid).toMatch(/^[A-Za-z0-9]{8}$/);
    expect(person).toMatchObject({ Email: "ann@example.com", FirstName: "Ann", LastName: "Lee", FullName: "Ann Lee", PersonAccount: [] });
    expect(person.Created).toEqual(expect.any(String));
  });

  it("derives FullName from the e-mail when there are no names", async () => {
    expect((await createPerson({ Email: "ann@example.com" })).FullName).toBe("ann@example.com");
  });

  it.each<[string, Doc, RegExp]>([
    ["no Email", { FirstName: "Ann" }, /required/],
    ["an invalid Email", { Email: "not-an-email" }, /not a valid e-mail address/],
  ])("answers 400 with the validation body for %s", async (_name, body, message) => {
    const res = await send("POST", "/crm/people", body);
    expect(res.status).toBe(400);
    const error = (await res.json()) as Doc;
    expect(error.ErrorMessage).toMatch(/^Validation failed for one or more entities/);
    const [entity] = error.EntityValidationErrors;
    expect(entity.TypeName).toBe("Person");
    expect(entity.Entity).toMatchObject({ FirstName: body.FirstName ?? "" });
    expect(entity.ValidationErrors).toEqual([{ ErrorCode: "outsetaError", PropertyName: "Email", ErrorMessage: expect.stringMatching(message) }]);
    expect((await adm.state()).people).toEqual([]);
  });

  it("refuses an e-mail already in use, in any case (400, PropertyName Email)", async () => {
    await createPerson({ Email: "ann@example.com" });
    const res = await send("POST", "/crm/people", { Email: "Ann@Example.com" });
    expect(res.status).toBe(400);
    const error = (await res.json()) as Doc;
    expect(error.EntityValidationErrors[0].Entity.Email).toBe("Ann@Example.com");
    expect(error.EntityValidationErrors[0].ValidationErrors[0]).toMatchObject({ PropertyName: "Email", ErrorMessage: "Email address is already in use." });
    expect((await adm.state()).people).toHaveLength(1);
  });

  it("needs a JSON content type (415) and a JSON object body (400)", async () => {
    const text = await send("POST", "/crm/people", { Email: "a@example.com" }, { ...AUTH, "content-type": "text/plain" });
    expect(text.status).toBe(415);
    expect(((await text.json()) as Doc).Message).toMatch(/media type 'text\/plain' is not supported/);
    const malformed = await fetch(`${base}/crm/people`, { method: "POST", headers: HEADERS, body: "{" });
    expect(malformed.status).toBe(400);
  });
});

describe("PUT /crm/people/{uid} (partial update)", () => {
  it("changes only the properties sent; null clears", async () => {
    const ann = await createPerson({ Email: "ann@example.com", FirstName: "Ann", LastName: "Lee", Title: "CTO" });
    const res = await send("PUT", `/crm/people/${ann.Uid}`, { FirstName: "Anna", Title: null });
    expect(res.status).toBe(200);
    const updated = (await res.json()) as Doc;
    expect(updated).toMatchObject({ Uid: ann.Uid, Email: "ann@example.com", FirstName: "Anna", LastName: "Lee", Title: null, FullName: "Anna Lee" });
    expect(await getDoc(`/crm/people/${ann.Uid}`)).toEqual(asStored(updated));
  });

  it("refuses an Email that another person uses", async () => {
    await createPerson({ Email: "ann@example.com" });
    const bob = await createPerson({ Email: "bob@example.com" });
    const res = await send("PUT", `/crm/people/${bob.Uid}`, { Email: "ANN@example.com" });
    expect(res.status).toBe(400);
    expect((await getDoc(`/crm/people/${bob.Uid}`)).Email).toBe("bob@example.com");
    // Its own e-mail in another case is fine.
    expect((await send("PUT", `/crm/people/${bob.Uid}`, { Email: "Bob@example.com" })).status).toBe(200);
  });

  it("edits the MailingAddress in place when the body carries its Uid, else creates a new one", async () => {
    const ann = await createPerson({ Email: "ann@example.com", MailingAddress: { AddressLine1: "1 Main St", City: "Austin", State: "TX", PostalCode: "78701" } });
    const addressUid = ann.MailingAddress.Uid;
    expect(addressUid).toMatch(/^[A-Za-z0-9]{8}$/);
    const inPlace = (await (await send("PUT", `/crm/people/${ann.Uid}`, { MailingAddress: { Uid: addressUid, City: "Dallas" } })).json()) as Doc;
    expect(inPlace.MailingAddress).toMatchObject({ Uid: addressUid, AddressLine1: "1 Main St", City: "Dallas", State: "TX" });
    const fresh = (await (await send("PUT", `/crm/people/${ann.Uid}`, { MailingAddress: { City: "Houston" } })).json()) as Doc;
    expect(fresh.MailingAddress.Uid).not.toBe(addressUid);
    expect(fresh.MailingAddress).toMatchObject({ City: "Houston", AddressLine1: null });
  });
});

describe("uids, DELETE, auth and unknown routes", () => {
  it("answers 404 for an unknown uid of any shape (as Outseta's own integration test expects)", async () => {
    for (const uid of ["AAAAAAAA", "nonexistent-uid-000", "not-a-uid", "x"]) {
      for (const method of ["GET", "PUT", "DELETE"]) {
        const res = await send(method, `/crm/people/${uid}`, method === "PUT" ? { FirstName: "Ann" } : undefined);
        expect(res.status, `${method} ${uid}`).toBe(404);
        expect(await res.json()).toMatchObject({ ErrorMessage: expect.any(String), EntityValidationErrors: [] });
      }
    }
  });

  it("DELETE answers 200 with an empty body; the person is gone", async () => {
    const ann = await createPerson({ Email: "ann@example.com" });
    const res = await send("DELETE", `/crm/people/${ann.Uid}`);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe("");
    expect((await send("GET", `/crm/people/${ann.Uid}`)).status).toBe(404);
  });

  it.each([
    ["no Authorization", {}],
    ["a wrong secret", { authorization: "Outseta dev-outseta-key:wrong" }],
    ["a Bearer token", { authorization: "Bearer dev-outseta-key:dev-outseta-secret" }],
  ])("answers 401 with ASP.NET's Message for %s", async (_name, headers) => {
    const res = await fetch(`${base}/crm/people`, { headers });
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ Message: "Authorization has been denied for this request." });
  });

  it("answers Web API's 404 and 405 for unknown routes and methods", async () => {
    const unknown = await send("GET", "/crm/deals-nope");
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as Doc).Message).toMatch(/^No HTTP resource was found/);
    const wrong = await send("PATCH", "/crm/people/AAAAAAAA", {});
    expect(wrong.status).toBe(405);
    expect(((await wrong.json()) as Doc).Message).toMatch(/does not support http method 'PATCH'/);
  });
});

describe("paging and filters", () => {
  beforeEach(async () => {
    for (let i = 1; i <= 30; i++) await createPerson({ Email: `p${String(i).padStart(2, "0")}@example.com`, FirstName: i % 2 ? "Odd" : "Even" });
  });

  it("treats offset as a page index: offset=1&limit=10 is records 11-20", async () => {
    const pages = await Promise.all([0, 1, 2, 3].map((offset) => getDoc(`/crm/people?offset=${offset}&limit=10`)));
    expect(pages.map((p) => p.metadata)).toEqual([0, 1, 2, 3].map((offset) => ({ limit: 10, offset, total: 30 })));
    expect(pages[1].items.map((p: Doc) => p.Email)[0]).toBe("p11@example.com");
    expect(pages.flatMap((p) => p.items.map((x: Doc) => x.Email))).toHaveLength(30);
    expect(pages[3].items).toEqual([]);
  });

  it("defaults to 25 per page and caps limit at 100", async () => {
    expect((await getDoc("/crm/people")).items).toHaveLength(25);
    expect((await getDoc("/crm/people?limit=500")).metadata.limit).toBe(100);
  });

  it("filters any property exactly (case-insensitive), with operators and orderBy", async () => {
    expect((await getDoc("/crm/people?FirstName=odd")).metadata.total).toBe(15);
    expect((await getDoc("/crm/people?FirstName=Od")).metadata.total).toBe(0);
    expect((await getDoc("/crm/people?FirstName__ne=Odd&Email__gte=p20@example.com")).metadata.total).toBe(6);
    const desc = await getDoc("/crm/people?orderBy=Email+DESC&limit=2");
    expect(desc.items.map((p: Doc) => p.Email)).toEqual(["p30@example.com", "p29@example.com"]);
    const bad = await send("GET", "/crm/people?Nickname=x");
    expect(bad.status).toBe(400);
  });
});

describe("accounts and PersonAccount", () => {
  let account: Doc;
  beforeEach(async () => {
    const res = await send("POST", "/crm/accounts", { Name: "Acme", PersonAccount: [{ Person: { Email: "bob@example.com", FirstName: "Bob" }, IsPrimary: true }] });
    expect(res.status, await res.clone().text()).toBe(200);
    account = (await res.json()) as Doc;
  });

  it("leaves Person and Account null inside PersonAccount unless fields expands them", async () => {
    expect(account.PersonAccount).toEqual([expect.objectContaining({ Person: null, Account: null, IsPrimary: true })]);
    const [bob] = (await getDoc("/crm/people/?Email=bob@example.com")).items;
    expect(bob.PersonAccount).toEqual([expect.objectContaining({ Person: null, Account: null })]);
  });

  it("expands PersonAccount.Account.* on people (the seed's fields=)", async () => {
    const list = await getDoc("/crm/people/?fields=*,PersonAccount.*,PersonAccount.Account.*");
    const [bob] = list.items;
    expect(bob.Email).toBe("bob@example.com");
    expect(bob.PersonAccount[0].Account).toMatchObject({ Name: "Acme", Uid: account.Uid });
    expect(bob.PersonAccount[0].IsPrimary).toBe(true);
  });

  it("finds accounts by PersonAccount.Person.Email and expands the people", async () => {
    const list = await getDoc("/crm/accounts/?PersonAccount.Person.Email=bob@example.com&fields=*,PersonAccount.*,PersonAccount.Person.*");
    expect(list.items).toHaveLength(1);
    expect(list.items[0].PersonAccount[0].Person).toMatchObject({ Email: "bob@example.com", FirstName: "Bob" });
    expect((await getDoc("/crm/accounts/?PersonAccount.Person.Email=nobody@example.com")).items).toEqual([]);
    expect((await getDoc(`/crm/accounts/${account.Uid}`)).Name).toBe("Acme");
  });

  it("validates accounts: Name required, people's e-mails unique", async () => {
    const noName = await send("POST", "/crm/accounts", { PersonAccount: [] });
    expect(noName.status).toBe(400);
    const dup = await send("POST", "/crm/accounts", { Name: "Other", PersonAccount: [{ Person: { Email: "BOB@example.com" } }] });
    expect(dup.status).toBe(400);
    expect((await adm.state()).accounts).toHaveLength(1);
  });
});

describe("rate limit: 4 requests/s per account", () => {
  let service: RunningService;
  const clock = manualClock();
  beforeAll(async () => {
    service = await startOutsetaEmulator({ clock });
  });
  afterAll(() => service.stop());
  const hit = () => fetch(`${service.url}/crm/people`, { headers: HEADERS });

  it("answers the 5th request within a second with 429, without Retry-After", async () => {
    for (let i = 0; i < 4; i++) expect((await hit()).status).toBe(200);
    const limited = await hit();
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBeNull();
    expect(await limited.json()).toMatchObject({ Message: expect.any(String) });
    clock.advance(1000);
    expect((await hit()).status).toBe(200);
  });
});

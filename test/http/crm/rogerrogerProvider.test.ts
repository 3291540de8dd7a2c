/**
 * The CrmPerson and PersonNote providers against the RogerRoger emulator: every method,
 * with the requests each one makes counted from the emulator's request log.
 */
import { beforeEach, describe, expect, it } from "vitest";
import { ROGERROGER_DEV_KEY, startRogerRogerEmulator } from "../../../emulators";
import { personNoteProvider } from "../../../provider/crm/note/provider";
import type { PersonNoteInputs, PersonNoteOutputs } from "../../../provider/crm/note/types";
import { crmPersonProvider } from "../../../provider/crm/person/provider";
import type { CrmPersonInputs, CrmPersonOutputs } from "../../../provider/crm/types";
import type { ProviderContext } from "../../../provider/plugin";
import { rogerroger } from "../../../provider/registry";
import { CRMS } from "../../../provider/services";
import { testContext } from "../../support/services";
import { byHand, emulatorPerFile } from "../../support/emulators";
import { checked as checkedBy } from "../../support/crm";
import { withOuts } from "../../support/results";

const emulator = emulatorPerFile(startRogerRogerEmulator);
let context: ProviderContext;
let people: ReturnType<typeof crmPersonProvider>;
let notes: ReturnType<typeof personNoteProvider>;
const KEY = { "x-api-key": ROGERROGER_DEV_KEY };

beforeEach(() => {
  // No client-side pacing here: the tests make more than 18 requests a minute on purpose.
  context = testContext(
    { "rogerroger:apiKey": ROGERROGER_DEV_KEY, "rogerroger:apiUrl": emulator.emu.url },
    { rogerroger: { pacing: { kind: "none", key: "rogerroger-provider-test" }, batchMs: 5 } },
  );
  people = crmPersonProvider(context, CRMS);
  notes = personNoteProvider(context, CRMS);
});

const checked = (news: Record<string, unknown>): Promise<CrmPersonInputs> => checkedBy(people, news);

const ann = {
  crm: "rogerroger",
  givenName: "Ann",
  familyName: "Doe",
  emails: ["Ann@Example.com"],
  phones: [{ number: "+31 20 123 4567", type: "work" }],
  address: { street: "Dam 1", city: "Amsterdam", country: "nl" },
  jobTitle: "CEO",
  fields: { honorificPrefix: "Dr.", tags: ["/tags/1"] },
};

describe("CrmPerson on RogerRoger", () => {
  it("check and diff make no request; a missing API key is a warning at check naming the key and the variable", async () => {
    const inputs = await checked(ann);
    expect((await people.diff("x", { crm: "rogerroger", givenName: "Ann", managedFields: ["givenName"] }, inputs)).changes).toBe(true);
    expect(await people.diff("x", { ...inputs, managedFields: [] }, { ...inputs, crm: "outseta" as never })).toMatchObject({ changes: true, replaces: ["crm"] });
    expect(await emulator.admin.since()).toEqual([]);

    const warnings: string[] = [];
    const fromConfig = crmPersonProvider(testContext({}, {}, {}, (m) => warnings.push(m)), CRMS);
    const { failures } = await fromConfig.check({} as CrmPersonInputs, ann as unknown as CrmPersonInputs);
    expect(failures).toBeUndefined(); // a plain preview needs no credential: a warning
    expect(warnings).toEqual([expect.stringMatching(/rogerroger:apiKey.*ROGERROGER_API_KEY/)]);
  });

  it("create, read, diff, update, delete: one request each, plus the e-mail check of the create", async () => {
    const inputs = await checked(ann);
    const { id, outs } = withOuts(await people.create(inputs));
    // The e-mail check of a new stack's first create: page 1 of the people list, which in a small
    // account answers the creates after it too (reads/keyedList.ts).
    expect(await emulator.admin.since()).toEqual(["GET /people?itemsPerPage=30&page=1 200", "POST /people 201"]);
    expect(outs).toEqual({
      ...inputs,
      managedFields: ["givenName", "familyName", "emails", "phones", "address", "jobTitle", "fields.honorificPrefix", "fields.tags"],
    });

    const read = await people.read(id, outs);
    // A lone read in a new session is page 1 of the list: the price of one GET (reads/pagedReader.ts).
    expect(await emulator.admin.since()).toEqual(["GET /people?itemsPerPage=30&page=1 200"]);
    // The inputs are exactly what check made of the program: an unchanged person shows no field.
    expect(read).toEqual({ id, props: outs, inputs });
    expect(await people.diff(id, outs, inputs)).toEqual({ changes: false, stables: ["crm"] });

    // Change every common field and a native one: one PATCH.
    const changed = await checked({
      crm: "rogerroger",
      givenName: "Anne",
      familyName: "Doe-Smith",
      emails: ["anne@example.com", "ann@example.com"],
      phones: [{ number: "555-0100" }],
      address: { city: "Utrecht", country: "NL" },
      jobTitle: "CTO",
      fields: { honorificPrefix: "Prof.", tags: ["/tags/1"] },
    });
    expect((await people.diff(id, outs, changed)).changes).toBe(true);
    const updated = await people.update(id, outs, changed);
    expect(await emulator.admin.since()).toEqual([`PATCH /people/${id} 200`]);
    expect(updated.outs).toEqual({ ...changed, managedFields: outs.managedFields });
    const stored = (await emulator.admin.state()).people[0].fields;
    expect(stored.address).toEqual({ street: null, postalCode: null, city: "Utrecht", country: "NL" });

    // No change: no request.
    expect(await people.update(id, updated.outs!, changed)).toEqual({ outs: updated.outs });
    expect(await emulator.admin.since()).toEqual([]);

    await people.delete(id, updated.outs as CrmPersonOutputs);
    expect(await emulator.admin.since()).toEqual([`DELETE /people/${id} 204`]);
    expect(await people.read(id, updated.outs)).toEqual({});
    await people.delete(id, updated.outs as CrmPersonOutputs); // already gone counts as deleted
    // Gone: the delete updated the session instead of ending it, whose page 1 was the last
    // page; so the read is the person's own GET, and only its 404 says "gone".
    expect(await emulator.admin.since()).toEqual([`GET /people/${id} 404`, `DELETE /people/${id} 404`]);
  });

  it("owns only the fields the program sets", async () => {
    const inputs = await checked({ crm: "rogerroger", familyName: "Doe", jobTitle: "CEO", fields: { tags: ["/tags/1"] } });
    const { id, outs } = withOuts(await people.create(inputs));
    const url = `${emulator.emu.url}/people/${id}`;
    const patchByHand = (body: unknown) => byHand(url, "PATCH", { ...KEY, "content-type": "application/merge-patch+json" }, body);

    // A field set by hand that the program never set: neither drift nor cleared.
    await patchByHand({ givenName: "Set by hand", honorificPrefix: "Dr." });
    await emulator.admin.since();
    const afterUnmanaged = await people.read(id, outs);
    expect(afterUnmanaged.props).toEqual(outs);
    expect((await people.diff(id, afterUnmanaged.props!, inputs)).changes).toBe(false);

    // A managed field changed by hand: drift, corrected by one PATCH of that field.
    await patchByHand({ jobTitle: "Changed by hand" });
    const drifted = (await people.read(id, outs)).props!;
    expect(drifted.jobTitle).toBe("Changed by hand");
    expect((await people.diff(id, drifted, inputs)).changes).toBe(true);
    await emulator.admin.since();
    await people.update(id, drifted, inputs);
    expect(await emulator.admin.since()).toEqual([`PATCH /people/${id} 200`]);

    // The program stops setting jobTitle and a tag list: cleared once (null), then unmanaged.
    const fewer = await checked({ crm: "rogerroger", familyName: "Doe" });
    expect((await people.diff(id, outs, fewer)).changes).toBe(true);
    const { outs: after } = await people.update(id, outs, fewer);
    expect(after).toEqual({ crm: "rogerroger", familyName: "Doe", managedFields: ["familyName"] });
    const stored = (await emulator.admin.state()).people[0].fields;
    expect(stored).toMatchObject({ jobTitle: null, tags: [], givenName: "Set by hand", honorificPrefix: "Dr." });
    await patchByHand({ jobTitle: "Set by hand later" });
    const later = (await people.read(id, after!)).props!;
    expect(later).toEqual(after);
    expect((await people.diff(id, later, fewer)).changes).toBe(false);
  });

  it("refresh of many people costs one list request", async () => {
    const created = [];
    for (const name of ["A", "B", "C"]) created.push(await people.create(await checked({ crm: "rogerroger", familyName: name })));
    await emulator.admin.since();
    const reads = await Promise.all(created.map(({ id, outs }) => people.read(id, outs)));
    expect(reads.map((r) => r.props?.familyName)).toEqual(["A", "B", "C"]);
    expect(await emulator.admin.since()).toEqual(["GET /people?itemsPerPage=30&page=1 200"]);
  });

  it("adopts an existing person with importId: one read of the list, one patch (none when it already matches)", async () => {
    const existing = await byHand(`${emulator.emu.url}/people`, "POST", { ...KEY, "content-type": "application/ld+json" }, { familyName: "Old", givenName: "Kept" });
    await emulator.admin.since();
    const inputs = await checked({ crm: "rogerroger", familyName: "New", importId: `/people/${existing.id}` });
    const { id, outs } = await people.create(inputs);
    expect(id).toBe(existing.id);
    expect(outs).toEqual({ crm: "rogerroger", familyName: "New", importId: existing.id, managedFields: ["familyName"] });
    // Read as a refresh reads, through the batched list reader (its first page).
    expect(await emulator.admin.since()).toEqual([`GET /people?itemsPerPage=30&page=1 200`, `PATCH /people/${id} 200`]);
    expect((await emulator.admin.state()).people[0].fields.givenName).toBe("Kept");

    // The reader holds the record as the PATCH returned it: adopting it again needs no request.
    await people.create(inputs);
    expect(await emulator.admin.since()).toEqual([]);

    // An id the pages do not hold is read on its own before the adoption fails.
    await expect(people.create({ ...inputs, importId: "no-such-person" })).rejects.toThrow(/cannot adopt person no-such-person \(importId\)/);
    expect(await emulator.admin.since()).toContain("GET /people/no-such-person 404");
  });

  it("adopting many people with importId at once costs their list pages, not one GET each", async () => {
    const ids: string[] = [];
    for (let i = 0; i < 40; i++) {
      ids.push((await byHand(`${emulator.emu.url}/people`, "POST", { ...KEY, "content-type": "application/ld+json" }, { familyName: `Hand${i}` })).id);
    }
    await emulator.admin.since();
    const adopted = await Promise.all(ids.map(async (id, i) => (await people.create(await checked({ crm: "rogerroger", familyName: `Hand${i}`, importId: id }))).id));
    expect(adopted).toEqual(ids);
    // 40 people: two pages of 30, no GET by id, no write.
    expect(await emulator.admin.since()).toEqual([`GET /people?itemsPerPage=30&page=1 200`, `GET /people?itemsPerPage=30&page=2 200`]);
  });

  it("reports the API's own error with service, method, path and status", async () => {
    await expect(people.update("no-such-person", { crm: "rogerroger", familyName: "A", managedFields: ["familyName"] }, await checked({ crm: "rogerroger", familyName: "B" }))).rejects.toThrow(
      "rogerroger: PATCH /people/no-such-person failed with 404: Not Found.",
    );
  });

  it("never repeats a POST whose response was lost; without an e-mail it says how to adopt what it may have created", async () => {
    await emulator.admin.faults({ dropConnection: true, when: "after", methods: ["POST"], count: 1 });
    const err = (await people.create(await checked({ crm: "rogerroger", familyName: "Lost" })).catch((e: Error) => e)) as Error;
    expect(err.message).toMatch(/^rogerroger: POST \/people: the connection failed after the request was sent .* has no e-mail.* set importId to its id/);
    expect(await emulator.admin.since()).toEqual(["POST /people 0"]);
    expect((await emulator.admin.state()).people).toHaveLength(1);
  });

  it("finds a person whose POST response was lost by its e-mail and adopts it: one person, no error", async () => {
    await emulator.admin.faults({ statuses: [500], when: "after", methods: ["POST"], count: 1 });
    const inputs = await checked({ crm: "rogerroger", familyName: "Lost", emails: ["lost@example.com"] });
    const { id, outs } = withOuts(await people.create(inputs));
    // The first lookup of a new stack lists the (small) account; after the lost response it is asked afresh.
    const lookup = "GET /people?itemsPerPage=30&page=1 200";
    expect(await emulator.admin.since()).toEqual([lookup, "POST /people 500", lookup]);
    expect((await emulator.admin.state()).people.map((p: { id: string }) => p.id)).toEqual([id]);
    expect(outs.familyName).toBe("Lost");
    // A second resource with the same values never adopts the same person: refused, unless it opts in to a second one.
    await expect(people.create(inputs)).rejects.toThrow(`(id ${id}), managed by another CrmPerson of this stack; nothing was written.`);
    expect((await emulator.admin.state()).people).toHaveLength(1);
    await people.create({ ...inputs, allowDuplicateEmail: true });
    expect((await emulator.admin.state()).people).toHaveLength(2);
  });

  it("never overwrites a person holding the e-mail with other values: names aliases, then importId", async () => {
    const first = await byHand(`${emulator.emu.url}/people`, "POST", { ...KEY, "content-type": "application/ld+json" }, { familyName: "Doe", emailAddresses: [{ email: "same@example.com" }] });
    const err = (await people.create(await checked({ crm: "rogerroger", familyName: "Other", emails: ["same@example.com"] })).catch((e: Error) => e)) as Error;
    expect(err.message).toMatch(new RegExp(`already holds a person with e-mail same@example.com \\(id ${first.id}\\) with other values \\(familyName\\).*aliases.*importId: "${first.id}"`));
    expect((await emulator.admin.state()).people).toHaveLength(1);
  });

  it("retries a merge PATCH after a 5xx: applying the same merge patch twice is harmless", async () => {
    const { id, outs } = withOuts(await people.create(await checked({ crm: "rogerroger", familyName: "Doe" })));
    await emulator.admin.faults({ statuses: [503], when: "after", methods: ["PATCH"], count: 1 });
    await emulator.admin.since();
    const { outs: after } = await people.update(id, outs, await checked({ crm: "rogerroger", familyName: "Roe" }));
    expect(after?.familyName).toBe("Roe");
    expect(await emulator.admin.since()).toEqual([`PATCH /people/${id} 503`, `PATCH /people/${id} 200`]);
  });

  it.each([
    ["a 500", { statuses: [500] }, 500],
    ["a dropped connection", { dropConnection: true }, 0],
  ])("a DELETE whose answer was lost (%s) is repeated, and the 404 it then gets counts as deleted", async (_what, fault, status) => {
    const { id, outs } = await people.create(await checked({ crm: "rogerroger", familyName: "Gone", emails: ["gone@example.com"] }));
    await emulator.admin.faults({ ...fault, when: "after", methods: ["DELETE"], count: 1 });
    await emulator.admin.since();
    await people.delete(id, outs as CrmPersonOutputs);
    expect(await emulator.admin.since()).toEqual([`DELETE /people/${id} ${status}`, `DELETE /people/${id} 404`]);
    expect((await emulator.admin.state()).people).toEqual([]);
    // and a create of the same person afterwards is not mistaken for the deleted one
    await emulator.admin.faults({});
    const again = await people.create(await checked({ crm: "rogerroger", familyName: "Gone", emails: ["gone@example.com"] }));
    expect(again.id).not.toBe(id);
    expect((await emulator.admin.state()).people).toHaveLength(1);
  });

  it("waits and retries when RogerRoger answers 429, with no failure", async () => {
    const { id, outs } = withOuts(await people.create(await checked({ crm: "rogerroger", familyName: "Limited" })));
    await emulator.admin.settings({ rateLimit: true, rateLimitMax: 2, rateLimitWindowMs: 1000 });
    await emulator.admin.since();
    const reads = await Promise.all([1, 2, 3, 4].map(() => context.service(rogerroger).api.getPerson(id)));
    expect(reads.every((r) => r?.familyName === "Limited")).toBe(true);
    const log = await emulator.admin.since();
    expect(log.filter((l) => l.endsWith(" 200"))).toHaveLength(4);
    expect(log.some((l) => l.endsWith(" 429"))).toBe(true);
    expect(outs.familyName).toBe("Limited");
  }, 20_000);
});

describe("PersonNote on RogerRoger", () => {
  async function noteChecked(news: Record<string, unknown>): Promise<PersonNoteInputs> {
    return checkedBy(notes, news);
  }

  it("create, read (batched), update, delete: one request each; gone with its person", async () => {
    const person = await people.create(await checked({ crm: "rogerroger", familyName: "Doe" }));
    await emulator.admin.since();
    const first = await noteChecked({ personId: person.id, title: "Call back", description: "Tuesday", flagged: true });
    const second = await noteChecked({ personId: person.id, title: "Sent offer", author: "/users/1", category: "/note_categories/2" });
    const a = withOuts(await notes.create(first));
    const b = await notes.create(second);
    expect(await emulator.admin.since()).toEqual([`POST /people/${person.id}/notes 201`, `POST /people/${person.id}/notes 201`]);
    expect(a.outs).toEqual({ ...first, managedFields: ["title", "description", "flagged"] });

    const reads = await Promise.all([notes.read(a.id, a.outs), notes.read(b.id, b.outs)]);
    expect(reads).toEqual([{ id: a.id, props: a.outs, inputs: first }, { id: b.id, props: b.outs, inputs: second }]);
    expect(await emulator.admin.since()).toEqual([`GET /people/${person.id}/notes?itemsPerPage=30&page=1 200`]);
    expect(await notes.diff(a.id, a.outs, first)).toEqual({ changes: false, stables: ["crm", "personId"] });
    expect(await notes.diff(a.id, a.outs, { ...first, personId: "other" })).toMatchObject({ changes: true, replaces: ["personId"] });

    // isPrivate set by hand is not managed; the program drops `flagged`: cleared once.
    await byHand(`${emulator.emu.url}/people/${person.id}/notes/${a.id}`, "PATCH", { ...KEY, "content-type": "application/merge-patch+json" }, { isPrivate: true });
    await emulator.admin.since();
    const next = await noteChecked({ personId: person.id, title: "Call back", description: "Wednesday" });
    const updated = await notes.update(a.id, a.outs, next);
    expect(await emulator.admin.since()).toEqual([`PATCH /people/${person.id}/notes/${a.id} 200`]);
    expect(updated.outs).toEqual({ ...next, managedFields: ["title", "description"] });
    const stored = (await emulator.admin.state()).notes.find((n: any) => n.id === a.id).fields;
    expect(stored).toMatchObject({ description: "Wednesday", flagged: null, isPrivate: true });

    await notes.delete(b.id, b.outs as PersonNoteOutputs);
    expect(await emulator.admin.since()).toEqual([`DELETE /people/${person.id}/notes/${b.id} 204`]);

    await people.delete(person.id, person.outs as CrmPersonOutputs);
    expect(await notes.read(a.id, updated.outs)).toEqual({});
    await notes.delete(a.id, updated.outs as PersonNoteOutputs);
  });

  it("adopts an existing note with importId", async () => {
    const person = await people.create(await checked({ crm: "rogerroger", familyName: "Doe" }));
    const existing = await byHand(`${emulator.emu.url}/people/${person.id}/notes`, "POST", { ...KEY, "content-type": "application/ld+json" }, { title: "Old", description: "kept" });
    await emulator.admin.since();
    const inputs = await noteChecked({ personId: person.id, title: "New", importId: existing.id });
    const { id, outs } = await notes.create(inputs);
    expect(id).toBe(existing.id);
    expect(outs).toEqual({ ...inputs, managedFields: ["title"] });
    // Read as a refresh reads: the person's notes list, which serves every note adopted on it.
    expect(await emulator.admin.since()).toEqual([`GET /people/${person.id}/notes?itemsPerPage=30&page=1 200`, `PATCH /people/${person.id}/notes/${id} 200`]);
  });
});

describe("existence checks of creates on RogerRoger (shared, issue #11 and #14)", () => {
  const inputsOf = (n: number, prefix: string) =>
    Promise.all(Array.from({ length: n }, (_, i) => checked({ crm: "rogerroger", familyName: `${prefix}${i}`, emails: [`${prefix}${i}@example.com`] })));

  it("35 people created together by a new stack in a small account cost one page of the people list and 35 POSTs", async () => {
    const inputs = await inputsOf(35, "p");
    await Promise.all(inputs.map((i) => people.create(i)));
    const log = await emulator.admin.since();
    expect(log.filter((r) => r.startsWith("GET "))).toEqual(["GET /people?itemsPerPage=30&page=1 200"]);
    expect(log.filter((r) => r === "POST /people 201")).toHaveLength(35);
    expect(log).toHaveLength(36);
  });

  it("in a stack with people in use, 35 creates cost ⌈35 / 30⌉ = 2 e-mail filter requests, however far apart the creates come", async () => {
    // 61 resources checked with state: the account holds more than 2 pages, so the filter is cheaper.
    for (let i = 0; i < 61; i++) await people.check({ crm: "rogerroger", familyName: `Old${i}` } as CrmPersonInputs, { crm: "rogerroger", familyName: `Old${i}` } as CrmPersonInputs);
    const inputs = await inputsOf(35, "q");
    // One create at a time, as the engine's paced creates come: the announced e-mails fill the requests.
    for (const i of inputs) await people.create(i);
    const log = await emulator.admin.since();
    const filters = log.filter((r) => r.startsWith("GET /people?emailAddresses.email%5B%5D="));
    expect(filters).toHaveLength(2);
    expect(filters[0]!.split("emailAddresses.email%5B%5D=")).toHaveLength(31); // 30 e-mails in the first
    expect(log.filter((r) => r === "POST /people 201")).toHaveLength(35);
    expect(log).toHaveLength(37);
  });

  it("notes on an existing person share one list of its notes; a note whose POST response was lost is found and adopted", async () => {
    const person = await byHand(`${emulator.emu.url}/people`, "POST", { ...KEY, "content-type": "application/ld+json" }, { familyName: "Doe" });
    await emulator.admin.since();
    const note = (title: string) => notes.check({} as PersonNoteInputs, { personId: person.id, title } as PersonNoteInputs).then((r) => r.inputs as PersonNoteInputs);
    await emulator.admin.faults({ statuses: [502], when: "after", methods: ["POST"], count: 1 });
    const created = await Promise.all([notes.create(await note("One")), notes.create(await note("Two"))]);
    const log = await emulator.admin.since();
    const list = `GET /people/${person.id}/notes?itemsPerPage=30&page=1 200`;
    // One list for both checks, two POSTs (one answered 502 after taking effect), one list again to settle it.
    expect(log.filter((r) => r === list)).toHaveLength(2);
    expect(log.filter((r) => r.startsWith("POST "))).toHaveLength(2);
    const stored = (await emulator.admin.state()).notes.filter((n: any) => n.personId === person.id || n.person === person.id);
    expect(stored.map((n: any) => n.id).sort()).toEqual(created.map((c) => c.id).sort());
  });
});

describe("a person without an e-mail", () => {
  it("gets a warning at check of a create (a lost response cannot be recovered for it), none for an update or with an e-mail", async () => {
    const warnings: string[] = [];
    const provider = crmPersonProvider(context, CRMS, { warn: (m) => void warnings.push(m) });
    const result = await provider.check({} as CrmPersonInputs, { crm: "rogerroger", givenName: "No", familyName: "Mail" } as CrmPersonInputs);
    expect(result.failures).toBeUndefined();
    expect(warnings).toEqual([expect.stringMatching(/^CrmPerson No Mail \(RogerRoger\) has no e-mail.*lost.*may create it a second time.*importId/)]);
    await provider.check({ crm: "rogerroger", familyName: "Mail" } as CrmPersonInputs, { crm: "rogerroger", familyName: "Mail" } as CrmPersonInputs);
    await provider.check({} as CrmPersonInputs, { crm: "rogerroger", familyName: "Mail", emails: ["m@example.com"] } as CrmPersonInputs);
    expect(warnings).toHaveLength(1);
    expect(await emulator.admin.since()).toEqual([]);
  });
});

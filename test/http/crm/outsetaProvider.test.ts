/**
 * The CrmPerson provider against the Outseta emulator: every method with its requests
 * counted, the duplicate guard, and a create whose response is lost.
 */
import { beforeEach, describe, expect, it } from "vitest";
import { OUTSETA_DEV_KEY, OUTSETA_DEV_SECRET, startOutsetaEmulator } from "../../../emulators";
import { crmPersonProvider } from "../../../provider/crm/person/provider";
import type { CrmPersonInputs, CrmPersonOutputs } from "../../../provider/crm/types";
import { CRMS } from "../../../provider/services";
import { testContext } from "../../support/services";
import { byHand, emulatorPerFile } from "../../support/emulators";
import { checked as checkedBy } from "../../support/crm";
import { withOuts } from "../../support/results";

const emulator = emulatorPerFile(startOutsetaEmulator);
let people: ReturnType<typeof crmPersonProvider>;
const AUTH = { authorization: `Outseta ${OUTSETA_DEV_KEY}:${OUTSETA_DEV_SECRET}`, "content-type": "application/json" };

beforeEach(() => {
  const context = testContext(
    { "outseta:apiKey": OUTSETA_DEV_KEY, "outseta:secretKey": OUTSETA_DEV_SECRET, "outseta:apiUrl": emulator.emu.url },
    { outseta: { pacing: { kind: "none", key: "outseta-provider-test" }, batchMs: 5 } },
  );
  people = crmPersonProvider(context, CRMS);
});

const checked = (news: Record<string, unknown>): Promise<CrmPersonInputs> => checkedBy(people, news);

/** The first lookup of a new stack lists the first page (reads/keyedList.ts): in a small account it answers every create. */
const LIST = "GET /api/v1/crm/people?limit=100&offset=0 200";

/** `check` of a resource that has state: the stack holds people on Outseta already. */
const OLD = { crm: "outseta", emails: ["old@example.com"] } as CrmPersonInputs;
const inUse = async () => expect((await people.check(OLD, OLD)).failures).toBeUndefined();

const ann = {
  crm: "outseta",
  givenName: "Ann",
  familyName: "Doe",
  emails: ["Ann@Example.com"],
  phones: [{ number: "555-0100", type: "mobile" }],
  address: { street: "1 Main St", city: "Springfield", region: "IL", country: "US" },
  jobTitle: "CEO",
  fields: { Timezone: "America/Chicago" },
};

describe("CrmPerson on Outseta", () => {
  it("check makes no request; a missing URL fails naming the key and the variable, missing credentials warn", async () => {
    await checked(ann);
    expect(await emulator.admin.since()).toEqual([]);
    const env: NodeJS.ProcessEnv = { OUTSETA_API_KEY: "" };
    const warnings: string[] = [];
    const fromConfig = crmPersonProvider(testContext({}, {}, env, (m) => warnings.push(m)), CRMS);
    const { failures } = await fromConfig.check({} as CrmPersonInputs, ann as unknown as CrmPersonInputs);
    expect(failures).toEqual([{ property: "", reason: expect.stringMatching(/outseta:apiUrl.*OUTSETA_API_URL/) }]);
    env.OUTSETA_API_URL = emulator.emu.url;
    const again = await fromConfig.check({} as CrmPersonInputs, ann as unknown as CrmPersonInputs);
    expect(again.failures).toBeUndefined(); // the credentials only warn: a plain preview needs none
    expect(warnings).toEqual([expect.stringMatching(/outseta:apiKey.*OUTSETA_API_KEY/), expect.stringMatching(/outseta:secretKey.*OUTSETA_SECRET_KEY/)]);
  });

  it("create (e-mail lookup + POST), read, update, delete", async () => {
    const inputs = await checked(ann);
    const { id, outs } = withOuts(await people.create(inputs));
    expect(await emulator.admin.since()).toEqual([LIST, "POST /api/v1/crm/people 200"]);
    expect(outs).toEqual({ ...inputs, managedFields: expect.any(Array), backendRefs: { mailingAddressUid: expect.any(String) } });
    const stored = (await emulator.admin.state()).people[0];
    expect(stored.address.props.Country).toBe("United States of America");

    expect(await people.read(id, outs)).toEqual({ id, props: outs, inputs });
    // A lone read in a new session is page 1 of the list: the price of one GET (reads/pagedReader.ts).
    expect(await emulator.admin.since()).toEqual(["GET /api/v1/crm/people?limit=100&offset=0 200"]);
    expect((await people.diff(id, outs, inputs)).changes).toBe(false);

    const changed = await checked({
      crm: "outseta",
      givenName: "Anne",
      familyName: "Doe-Smith",
      emails: ["anne@example.com"],
      phones: [{ number: "555-0200", type: "work" }],
      address: { city: "Chicago", country: "US" },
      jobTitle: "CTO",
      fields: { Timezone: "UTC" },
    });
    const updated = await people.update(id, outs, changed);
    expect(await emulator.admin.since()).toEqual([`PUT /api/v1/crm/people/${id} 200`]);
    expect(updated.outs).toEqual({ ...changed, managedFields: outs.managedFields, backendRefs: outs.backendRefs });
    const after = (await emulator.admin.state()).people[0];
    expect(after.address.Uid).toBe(outs.backendRefs!.mailingAddressUid); // edited in place
    expect(after.props).toMatchObject({ PhoneMobile: "", PhoneWork: "555-0200", Email: "anne@example.com" });

    await people.delete(id, updated.outs as CrmPersonOutputs);
    expect(await emulator.admin.since()).toEqual([`DELETE /api/v1/crm/people/${id} 200`]);
    expect(await people.read(id, updated.outs)).toEqual({});
    await people.delete(id, updated.outs as CrmPersonOutputs);
  });

  it("refuses to create a second person with an e-mail in use, naming aliases then importId", async () => {
    const existing = await byHand(`${emulator.emu.url}/crm/people`, "POST", AUTH, { Email: "ann@example.com", FirstName: "Hand" });
    await emulator.admin.since();
    await expect(people.create(await checked(ann))).rejects.toThrow(
      new RegExp(
        `^CrmPerson: Outseta already holds a person with e-mail ann@example.com \\(id ${existing.Uid}\\) with other values \\(givenName, .*\\); ` +
          `nothing was written.* \`aliases\`.* set importId: "${existing.Uid}" on the CrmPerson`,
      ),
    );
    expect(await emulator.admin.since()).toEqual([LIST]);

    // Adopting it: one read (the list page, as a refresh reads), one PUT; the hand-set Language is kept.
    await byHand(`${emulator.emu.url}/crm/people/${existing.Uid}`, "PUT", AUTH, { Language: "nl" });
    await emulator.admin.since();
    const { id, outs } = await people.create(await checked({ ...ann, importId: existing.Uid }));
    expect(id).toBe(existing.Uid);
    expect(await emulator.admin.since()).toEqual([LIST, `PUT /api/v1/crm/people/${id} 200`]);
    expect(outs).toMatchObject({ givenName: "Ann", importId: existing.Uid });
    expect((await emulator.admin.state()).people[0].props.Language).toBe("nl");
  });

  it.each([
    ["a dropped connection", { dropConnection: true }, 0],
    ["a 500", { statuses: [500] }, 500],
  ])("a POST whose response is lost (%s) is looked up by e-mail, never repeated", async (_what, fault, status) => {
    await emulator.admin.faults({ ...fault, when: "after", methods: ["POST"], count: 1 });
    const inputs = await checked(ann);
    const { id, outs } = await people.create(inputs);
    expect(outs).toMatchObject({ givenName: "Ann", emails: ["ann@example.com"] });
    expect(await emulator.admin.since()).toEqual([
      LIST,
      `POST /api/v1/crm/people ${status}`,
      LIST,
    ]);
    const state = await emulator.admin.state();
    expect(state.people.map((p: any) => p.Uid)).toEqual([id]);
  });

  it("owns only the fields the program sets", async () => {
    const inputs = await checked({ crm: "outseta", emails: ["ann@example.com"], jobTitle: "CEO" });
    const { id, outs } = withOuts(await people.create(inputs));
    await byHand(`${emulator.emu.url}/crm/people/${id}`, "PUT", AUTH, { FirstName: "Hand", Language: "nl" });
    const read = await people.read(id, outs);
    expect(read.props).toEqual(outs);
    const fewer = await checked({ crm: "outseta", emails: ["ann@example.com"] });
    await emulator.admin.since();
    const { outs: after } = await people.update(id, outs, fewer);
    expect(await emulator.admin.since()).toEqual([`PUT /api/v1/crm/people/${id} 200`]);
    expect(after).toEqual({ crm: "outseta", emails: ["ann@example.com"], managedFields: ["emails"] });
    expect((await emulator.admin.state()).people[0].props).toMatchObject({ Title: "", FirstName: "Hand", Language: "nl" });
  });

  it("refresh of many people costs one list request", async () => {
    const created = [];
    for (const email of ["a@x.io", "b@x.io", "c@x.io"]) created.push(await people.create(await checked({ crm: "outseta", emails: [email] })));
    await emulator.admin.since();
    const reads = await Promise.all(created.map(({ id, outs }) => people.read(id, outs)));
    expect(reads.map((r) => r.props?.emails)).toEqual([["a@x.io"], ["b@x.io"], ["c@x.io"]]);
    expect(await emulator.admin.since()).toEqual(["GET /api/v1/crm/people?limit=100&offset=0 200"]);
  });
});

describe("existence checks of creates on Outseta (shared, issue #11 and #14)", () => {
  it("N people created together in a small account cost one page and N POSTs", async () => {
    await byHand(`${emulator.emu.url}/crm/people`, "POST", AUTH, { Email: "hand@example.com" });
    await emulator.admin.since();
    const inputs = await Promise.all(["a", "b", "c", "d"].map((n) => checked({ crm: "outseta", emails: [`${n}@example.com`] })));
    await Promise.all(inputs.map((i) => people.create(i)));
    const log = await emulator.admin.since();
    expect(log.filter((r) => r.startsWith("GET "))).toEqual(["GET /api/v1/crm/people?limit=100&offset=0 200"]);
    expect(log.filter((r) => r.startsWith("POST "))).toHaveLength(4);
  });

  it("a stack with people in use: one new person costs one `?Email=` lookup, not the list", async () => {
    await inUse();
    await people.create(await checked({ crm: "outseta", emails: ["new@example.com"] }));
    expect(await emulator.admin.since()).toEqual(["GET /api/v1/crm/people?Email=new%40example.com 200", "POST /api/v1/crm/people 200"]);
  });

  it("an e-mail with a * never finds another person through the filter's wildcards", async () => {
    await byHand(`${emulator.emu.url}/crm/people`, "POST", AUTH, { Email: "ann.lee@example.com" });
    await emulator.admin.since();
    await inUse(); // so the lookup is the `?Email=` filter
    const { id } = await people.create(await checked({ crm: "outseta", emails: ["ann*@example.com"] }));
    expect((await emulator.admin.since())[0]).toBe("GET /api/v1/crm/people?Email=ann*%40example.com 200");
    expect((await emulator.admin.state()).people.map((p: any) => p.Uid)).toContain(id);
    expect((await emulator.admin.state()).people).toHaveLength(2);
  });
});

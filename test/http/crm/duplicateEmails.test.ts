/**
 * `allowDuplicateEmail` (issue #12, item 4): a create that finds a person with the same
 * primary e-mail and other values refuses by default; with the opt-in it makes a second
 * person, where the API allows one (RogerRoger, the Universal CRM). Exactly once still holds:
 * a person with exactly the program's values is adopted (it may be this resource's own
 * earlier POST: a lost response, or an `up` killed after the POST left). On Outseta, whose
 * e-mails are unique, the input is refused at check, before any request.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  CRM_DEV_CLIENT_ID,
  CRM_DEV_CLIENT_SECRET,
  EmulatorAdmin,
  OUTSETA_DEV_KEY,
  OUTSETA_DEV_SECRET,
  ROGERROGER_DEV_KEY,
  startEmulators,
  type RunningEmulators,
} from "../../../emulators";
import { personNoteProvider } from "../../../provider/crm/note/provider";
import type { PersonNoteInputs } from "../../../provider/crm/note/types";
import { crmPersonProvider } from "../../../provider/crm/person/provider";
import type { CrmPersonInputs } from "../../../provider/crm/types";
import { resetSharedHttp } from "../../../provider/http/registry";
import { CRMS } from "../../../provider/services";
import { checked as checkedBy } from "../../support/crm";
import { byHand } from "../../support/emulators";
import { testContext } from "../../support/services";
import { withOuts } from "../../support/results";

let emu: RunningEmulators;
let admin: Record<"rogerroger" | "outseta" | "rolloutCrm", EmulatorAdmin>;
let warnings: string[];

beforeAll(async () => {
  emu = await startEmulators({ log: () => {} });
  admin = {
    rogerroger: new EmulatorAdmin(emu.adminUrls.rogerroger),
    outseta: new EmulatorAdmin(emu.adminUrls.outseta),
    rolloutCrm: new EmulatorAdmin(emu.adminUrls.rolloutCrm),
  };
});
afterAll(async () => {
  await emu?.stop();
  await resetSharedHttp();
});
beforeEach(async () => {
  for (const a of Object.values(admin)) await a.reset({ rateLimit: false });
  warnings = [];
});

/**
 * A CrmPerson provider as one provider process has it: its own services, so its own
 * lookups and claims. A new one is what the engine starts for the next `pulumi up`.
 */
function providerProcess(): ReturnType<typeof crmPersonProvider> {
  return providersOfProcess().people;
}

function providersOfProcess(): { people: ReturnType<typeof crmPersonProvider>; notes: ReturnType<typeof personNoteProvider> } {
  const none = (key: string) => ({ pacing: { kind: "none" as const, key }, batchMs: 5 });
  const context = testContext(
    {
      "rogerroger:apiKey": ROGERROGER_DEV_KEY,
      "rogerroger:apiUrl": emu.urls.rogerroger,
      "outseta:apiKey": OUTSETA_DEV_KEY,
      "outseta:secretKey": OUTSETA_DEV_SECRET,
      "outseta:apiUrl": emu.urls.outseta,
      "rolloutCrm:apiUrl": emu.urls.rolloutCrm,
      "rolloutCrm:credentialsUrl": emu.urls.rolloutCrmCredentials,
      "rolloutCrm:clientId": CRM_DEV_CLIENT_ID,
      "rolloutCrm:clientSecret": CRM_DEV_CLIENT_SECRET,
      "rolloutCrm:userId": "user-1",
    },
    { rogerroger: none("dup-rogerroger"), outseta: none("dup-outseta"), rolloutCrm: none("dup-rolloutCrm") },
  );
  return { people: crmPersonProvider(context, CRMS, { warn: (m) => void warnings.push(m) }), notes: personNoteProvider(context, CRMS) };
}

const LD = { "x-api-key": ROGERROGER_DEV_KEY, "content-type": "application/ld+json" };
/** Tess as someone made her by hand (or as `retainOnDelete` left her behind). */
const tessByHand = () => byHand(`${emu.urls.rogerroger}/people`, "POST", LD, { givenName: "Tess", familyName: "Ter", emailAddresses: [{ email: "tess@example.com" }] });
/** The program's Tess: the same e-mail, another family name. */
const tess = { crm: "rogerroger", givenName: "Tess", familyName: "Twin", emails: ["tess@example.com"] };
const people = async (): Promise<Array<{ id: string; fields: { familyName: string } }>> => (await admin.rogerroger.state()).people ?? [];
const familyNames = async () => (await people()).map((p) => p.fields.familyName).sort();
const writes = (log: string[]) => log.filter((r) => !r.startsWith("GET "));

describe("allowDuplicateEmail on RogerRoger", () => {
  it("without it the create refuses naming aliases, importId and the opt-in, with no POST; with it one lookup and one POST make a second person", async () => {
    const first = await tessByHand();
    let provider = providerProcess();
    await admin.rogerroger.since();
    const err = (await provider.create(await checkedBy(provider, tess)).catch((e: Error) => e)) as Error;
    expect(err.message).toMatch(new RegExp(`already holds a person with e-mail tess@example.com \\(id ${first.id}\\) with other values \\(familyName\\).*aliases.*importId: "${first.id}".*allowDuplicateEmail: true`));
    expect(writes(await admin.rogerroger.since())).toEqual([]);
    expect(await people()).toHaveLength(1);

    provider = providerProcess();
    const inputs = await checkedBy(provider, { ...tess, allowDuplicateEmail: true });
    expect(inputs.allowDuplicateEmail).toBe(true);
    const { id, outs } = withOuts(await provider.create(inputs));
    // The lookup of a new process's first create: page 1 of this small account's people list (reads/keyedList.ts).
    expect(await admin.rogerroger.since()).toEqual(["GET /people?itemsPerPage=30&page=1 200", "POST /people 201"]);
    expect(id).not.toBe(first.id);
    expect(outs).toMatchObject({ familyName: "Twin", emails: ["tess@example.com"], allowDuplicateEmail: true });
    expect(await familyNames()).toEqual(["Ter", "Twin"]);
    // Ter is no resource's: a rename without aliases would delete her at the end of the up.
    expect(warnings).toEqual([expect.stringMatching(new RegExp(`^RogerRoger: CrmPerson with allowDuplicateEmail creates a second person with e-mail tess@example.com; ${first.id} already holds it .*aliases`))]);

    // Only the create reads it: switching it off later is no change, and no request.
    expect((await provider.diff(id, outs, await checkedBy(provider, tess))).changes).toBe(false);
  });

  it("exactly once: a POST whose response was lost is found again and adopted, never POSTed twice (same process, and a new one after kill -9)", async () => {
    await tessByHand();
    const inputs = { ...tess, allowDuplicateEmail: true };

    // 1. The response is lost (a 500 after the person was made): looked up again, adopted.
    let provider = providerProcess();
    await admin.rogerroger.faults({ statuses: [500], when: "after", methods: ["POST"], count: 1 });
    await admin.rogerroger.since();
    const { id } = await provider.create(await checkedBy(provider, inputs));
    const lookup = "GET /people?itemsPerPage=30&page=1 200"; // a small account: its whole list, asked afresh after the loss
    expect(await admin.rogerroger.since()).toEqual([lookup, "POST /people 500", lookup]);
    expect(await familyNames()).toEqual(["Ter", "Twin"]);
    expect(warnings.join("\n")).toContain(`adopted person ${id}, which holds e-mail tess@example.com with exactly the program's values`);

    // 2. `pulumi up` killed after the POST left: the state has no Twin, the engine runs the
    // create again in a new provider process. Ter differs, Twin is this resource's: adopted.
    provider = providerProcess();
    const again = await provider.create(await checkedBy(provider, inputs));
    expect(again.id).toBe(id);
    expect(writes(await admin.rogerroger.since())).toEqual([]);
    expect(await people()).toHaveLength(2);
  });

  it("a person that already equals the program is adopted even with the opt-in, with a warning; two resources of one up get two people", async () => {
    const first = await byHand(`${emu.urls.rogerroger}/people`, "POST", LD, { givenName: "Tess", familyName: "Twin", emailAddresses: [{ email: "tess@example.com" }] });
    const provider = providerProcess();
    const inputs = await checkedBy(provider, { ...tess, allowDuplicateEmail: true });
    await admin.rogerroger.since();
    const adopted = await provider.create(inputs);
    expect(adopted.id).toBe(first.id);
    expect(writes(await admin.rogerroger.since())).toEqual([]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^RogerRoger: CrmPerson with allowDuplicateEmail adopted person .* instead of creating a second one/);

    // A second resource of the same up with the same values: the first's person is taken.
    const second = await provider.create(inputs);
    expect(second.id).not.toBe(first.id);
    expect(await people()).toHaveLength(2);
  });

  it("check: a value other than true or false is refused naming the field, before any request", async () => {
    const provider = providerProcess();
    const { failures } = await provider.check({} as CrmPersonInputs, { ...tess, allowDuplicateEmail: "yes" } as unknown as CrmPersonInputs);
    expect(failures).toEqual([{ property: "allowDuplicateEmail", reason: 'allowDuplicateEmail must be true or false, not "yes"' }]);
    expect(await admin.rogerroger.since()).toEqual([]);
  });
});

describe("allowDuplicateEmail on the Universal CRM and Outseta", () => {
  it("the Universal CRM: a second person with the e-mail, one list and one POST", async () => {
    const provider = providerProcess();
    const ann = { crm: "rolloutCrm", givenName: "Ann", familyName: "Doe", emails: ["ann@example.com"] };
    const first = await provider.create(await checkedBy(provider, ann));
    // The next up (a new process: the person is not this process's own any more).
    const refused = (await providerProcess().create(await checkedBy(provider, { ...ann, familyName: "Roe" })).catch((e: Error) => e)) as Error;
    expect(refused.message).toMatch(/the Rollout Universal CRM already holds a person with e-mail ann@example.com .*allowDuplicateEmail: true/);
    await admin.rolloutCrm.since();
    const second = await providerProcess().create(await checkedBy(provider, { ...ann, familyName: "Roe", allowDuplicateEmail: true }));
    expect(second.id).not.toBe(first.id);
    expect(writes(await admin.rolloutCrm.since())).toEqual(["POST /api/people 200"]);
    expect(((await admin.rolloutCrm.state()).people ?? []).map((p: { fields: { lastName: string } }) => p.fields.lastName).sort()).toEqual(["Doe", "Roe"]);
  });

  it("Outseta: refused at check naming allowDuplicateEmail (its e-mails are unique), before any request; false is accepted", async () => {
    const provider = providerProcess();
    const ann = { crm: "outseta", familyName: "Doe", emails: ["ann@example.com"] };
    const { failures } = await provider.check({} as CrmPersonInputs, { ...ann, allowDuplicateEmail: true } as unknown as CrmPersonInputs);
    expect(failures).toEqual([
      { property: "allowDuplicateEmail", reason: "allowDuplicateEmail is not available on Outseta: its e-mails are unique, so it never holds two people with one e-mail; leave it out" },
    ]);
    await checkedBy(provider, { ...ann, allowDuplicateEmail: false });
    expect(await admin.outseta.since()).toEqual([]);
  });
});

describe("adopting by e-mail never takes another's person (issue #12 review)", () => {
  it("a person an existing resource manages (seen in its diff) is never adopted by a new one with equal values: refused, or a second person with the opt-in", async () => {
    // The first up: resource `a` creates Tess.
    let provider = providerProcess();
    const a = withOuts(await provider.create(await checkedBy(provider, { ...tess, familyName: "Ter" })));
    // The next up (a new process): the engine diffs `a` (still in the program), then creates `b`.
    provider = providerProcess();
    const inputs = await checkedBy(provider, { ...tess, familyName: "Ter" });
    expect((await provider.diff(a.id, a.outs, inputs)).changes).toBe(false);
    await admin.rogerroger.since();
    const err = (await provider.create(inputs).catch((e: Error) => e)) as Error;
    expect(err.message).toContain(`already holds a person with e-mail tess@example.com (id ${a.id}), managed by another CrmPerson of this stack; nothing was written.`);
    expect(err.message).toContain("allowDuplicateEmail: true");
    expect(writes(await admin.rogerroger.since())).toEqual([]);

    const b = await provider.create({ ...inputs, allowDuplicateEmail: true });
    expect(b.id).not.toBe(a.id);
    expect(writes(await admin.rogerroger.since())).toEqual(["POST /people 201"]);
    expect(warnings).toEqual([]); // the only holder is another resource's: nothing to warn about
    expect(await people()).toHaveLength(2);
  });

  it("a person with fields the program does not set is never adopted by e-mail (it is not what this resource would have made)", async () => {
    const john = await byHand(`${emu.urls.rogerroger}/people`, "POST", LD, { givenName: "John", familyName: "Smith", jobTitle: "CEO", emailAddresses: [{ email: "family@example.com" }] });
    const provider = providerProcess();
    const sparse = { crm: "rogerroger", familyName: "Smith", emails: ["family@example.com"] };
    await admin.rogerroger.since();
    const err = (await provider.create(await checkedBy(provider, sparse)).catch((e: Error) => e)) as Error;
    expect(err.message).toContain(`already holds a person with e-mail family@example.com (id ${john.id}) with fields the program does not set (givenName, jobTitle); nothing was written`);
    expect(err.message).toContain(`importId: "${john.id}"`);
    expect(writes(await admin.rogerroger.since())).toEqual([]);

    // Opted in: a second person, and a warning naming John and `aliases` (a rename would delete him).
    const second = await provider.create(await checkedBy(provider, { ...sparse, allowDuplicateEmail: true }));
    expect(second.id).not.toBe(john.id);
    expect(warnings.join("\n")).toContain(`${john.id} already holds it and no other resource of this stack manages it`);
    expect(await people()).toHaveLength(2);
  });

  it("notes: a note an existing resource manages, or one with a description the program does not set, is never adopted: a new note is made", async () => {
    const person = await tessByHand();
    const note = (n: ReturnType<typeof personNoteProvider>, title: string) =>
      n.check({} as PersonNoteInputs, { personId: person.id, title } as PersonNoteInputs).then((r) => r.inputs as PersonNoteInputs);
    // The first up: note `a` is made. The next up diffs `a`, then creates `b` with the same title.
    let { notes } = providersOfProcess();
    const a = withOuts(await notes.create(await note(notes, "Call back")));
    ({ notes } = providersOfProcess());
    await notes.diff(a.id, a.outs, await note(notes, "Call back"));
    const b = await notes.create(await note(notes, "Call back"));
    expect(b.id).not.toBe(a.id);

    // A note made by hand with a description: not what a POST of { title } makes.
    const byHandNote = await byHand(`${emu.urls.rogerroger}/people/${person.id}/notes`, "POST", LD, { title: "Offer", description: "Sent by hand", personId: person.id });
    ({ notes } = providersOfProcess());
    const c = await notes.create(await note(notes, "Offer"));
    expect(c.id).not.toBe(byHandNote.id);
    expect(((await admin.rogerroger.state()).notes ?? []).length).toBe(4);
  });

  it("two resources of one update with one e-mail, created together: the second is refused, or with the opt-in a second person", async () => {
    const provider = providerProcess();
    const [one, two] = await Promise.all([{ ...tess, familyName: "One" }, { ...tess, familyName: "Two" }].map((p) => checkedBy(provider, p)));
    const results = await Promise.allSettled([provider.create(one!), provider.create(two!)]);
    expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
    const refused = results.find((r): r is PromiseRejectedResult => r.status === "rejected")!;
    expect(String(refused.reason.message)).toContain("another CrmPerson of this stack creates a person with e-mail tess@example.com in this update; nothing was written.");
    expect(await people()).toHaveLength(1);

    const again = providerProcess();
    const [three, four] = await Promise.all([{ ...tess, familyName: "Three" }, { ...tess, familyName: "Four", allowDuplicateEmail: true }].map((p) => checkedBy(again, p)));
    // `Three` has no opt-in and the e-mail is held by One, whom no resource of this process manages: refused.
    await expect(again.create(three!)).rejects.toThrow("already holds a person with e-mail tess@example.com");
    await again.create(four!);
    expect(await people()).toHaveLength(2);
  });
});

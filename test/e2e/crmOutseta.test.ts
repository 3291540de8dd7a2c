/**
 * CrmPerson on Outseta with the real Pulumi CLI: the acceptance lifecycle with requests
 * counted from the emulator log, plus a create whose response is lost on the way back.
 */
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OUTSETA_DEV_KEY, OUTSETA_DEV_SECRET, startOutsetaEmulator, type RunningService } from "../../emulators";
import { EmulatorAdmin, byHand } from "../support/emulators";
import { failureText, setCrmRecords } from "../support/crm";
import { createTestStack, repoRoot, type TestStack } from "../support/stack";

const AUTH = { authorization: `Outseta ${OUTSETA_DEV_KEY}:${OUTSETA_DEV_SECRET}`, "content-type": "application/json" };

let emu: RunningService;
let admin: EmulatorAdmin;
let t: TestStack;

const ann = {
  crm: "outseta",
  givenName: "Ann",
  familyName: "Doe",
  emails: ["ann@example.com"],
  phones: [{ number: "555-0100", type: "mobile" }],
  address: { street: "1 Main St", city: "Springfield", region: "IL", postalCode: "62701", country: "US" },
  jobTitle: "CEO",
  fields: { Timezone: "America/Chicago" },
};
const bob = { crm: "outseta", givenName: "Bob", emails: ["bob@example.com"] };
const EMAIL_LOOKUP = (email: string) => `GET /api/v1/crm/people?Email=${encodeURIComponent(email)} 200`;

beforeAll(async () => {
  emu = await startOutsetaEmulator({ log: () => {} });
  admin = new EmulatorAdmin(emu.adminUrl);
  await admin.reset({ rateLimit: false });
  t = await createTestStack({
    workDir: path.join(repoRoot, "test/e2e/programs/crm"),
    // Own prefix: the e2e files share the program folder and may start in the same millisecond.
    stackName: `crm-os-${Date.now().toString(36)}`,
    config: { "outseta:apiUrl": emu.url },
    secretConfig: { "outseta:apiKey": OUTSETA_DEV_KEY, "outseta:secretKey": OUTSETA_DEV_SECRET },
  });
});
afterAll(async () => {
  await t?.dispose({ destroy: false }); // the emulators stop next, and their records with them
  await emu?.stop();
});

describe("CrmPerson on Outseta, real CLI", () => {
  it("runs the whole lifecycle with one request per changed record", async () => {
    await setCrmRecords(t, { ann, bob });
    const up = await t.stack.up();
    expect(up.summary.resourceChanges).toEqual({ create: 3 });
    const ids = up.outputs.personIds.value as Record<string, string>;
    // The creates look their e-mails up first: the first lookup of a new stack reads the first
    // page, which in this small account answers both, however far apart they come; then POST.
    const creates = await admin.since();
    expect(creates).toEqual(["GET /api/v1/crm/people?limit=100&offset=0 200", "POST /api/v1/crm/people 200", "POST /api/v1/crm/people 200"]);
    expect((await admin.state()).people.find((p: any) => p.Uid === ids.ann).address.props.Country).toBe("United States of America");
    const stored = t.rawStateText();
    expect(stored).toContain(ids.ann);
    expect(stored).not.toContain(OUTSETA_DEV_SECRET);
    expect(stored).not.toContain(OUTSETA_DEV_KEY);

    await t.stack.preview({ expectNoChanges: true });
    expect(await admin.since()).toEqual([]);

    const refresh = await t.stack.refresh();
    expect(refresh.summary.resourceChanges).toEqual({ same: 3 });
    expect(await admin.since()).toEqual(["GET /api/v1/crm/people?limit=100&offset=0 200"]);

    // every common field and a native one on ann, the job title on bob: one PUT each
    const ann2 = {
      crm: "outseta",
      givenName: "Anne",
      familyName: "Doe-Smith",
      emails: ["anne@example.com"],
      phones: [{ number: "555-0200", type: "work" }],
      address: { city: "Chicago", region: "IL", country: "US" },
      jobTitle: "CTO",
      fields: { Timezone: "UTC" },
    };
    const bob2 = { ...bob, jobTitle: "Sales" };
    await setCrmRecords(t, { ann: ann2, bob: bob2 });
    const update = await t.stack.up();
    expect(update.summary.resourceChanges).toEqual({ update: 2, same: 1 });
    expect((await admin.since()).sort()).toEqual([`PUT /api/v1/crm/people/${ids.ann} 200`, `PUT /api/v1/crm/people/${ids.bob} 200`].sort());
    await t.stack.preview({ expectNoChanges: true });

    // drift on a managed field: detected, then corrected with one PUT
    await byHand(`${emu.url}/crm/people/${ids.ann}`, "PUT", AUTH, { Title: "Changed by hand" });
    await admin.since();
    await failureText(t.stack.preview({ refresh: true, expectNoChanges: true }));
    await admin.since();
    const corrected = await t.stack.up({ refresh: true });
    expect(corrected.summary.resourceChanges).toMatchObject({ update: 1 });
    expect((await admin.since()).filter((l) => !l.startsWith("GET "))).toEqual([`PUT /api/v1/crm/people/${ids.ann} 200`]);

    // fields the program does not set: not drift
    await byHand(`${emu.url}/crm/people/${ids.bob}`, "PUT", AUTH, { Language: "nl", LastName: "Set by hand" });
    await t.stack.preview({ refresh: true, expectNoChanges: true });

    // adoption with importId: one read (the list page, as a refresh reads), one PUT
    const existing = await byHand(`${emu.url}/crm/people`, "POST", AUTH, { Email: "carol@example.com", FirstName: "Old" });
    await admin.since();
    await setCrmRecords(t, { ann: ann2, bob: bob2, carol: { crm: "outseta", givenName: "Carol", emails: ["carol@example.com"], importId: existing.Uid } });
    const adopt = await t.stack.up();
    expect(adopt.summary.resourceChanges).toEqual({ create: 1, same: 3 });
    expect(await admin.since()).toEqual([`GET /api/v1/crm/people?limit=100&offset=0 200`, `PUT /api/v1/crm/people/${existing.Uid} 200`]);

    // a create whose response is lost: found by its e-mail, not created twice
    await admin.faults({ dropConnection: true, when: "after", methods: ["POST"], count: 1 });
    await setCrmRecords(t, { ann: ann2, bob: bob2, carol: { crm: "outseta", givenName: "Carol", emails: ["carol@example.com"], importId: existing.Uid }, dave: { crm: "outseta", emails: ["dave@example.com"] } });
    const lost = await t.stack.up();
    expect(lost.summary.resourceChanges).toEqual({ create: 1, same: 4 });
    expect(await admin.since()).toEqual([EMAIL_LOOKUP("dave@example.com"), "POST /api/v1/crm/people 0", EMAIL_LOOKUP("dave@example.com")]);
    const daves = (await admin.state()).people.filter((p: any) => p.props.Email === "dave@example.com");
    expect(daves.map((p: any) => p.Uid)).toEqual([(lost.outputs.personIds.value as Record<string, string>).dave]);
    await t.stack.preview({ expectNoChanges: true });

    const destroy = await t.stack.destroy();
    expect(destroy.summary.resourceChanges).toEqual({ delete: 5 });
    expect((await admin.since()).filter((l) => l.startsWith("DELETE ")).length).toBe(4);
    expect((await admin.state()).people).toEqual([]);
  }, 300_000);

  it("fails at preview, with no API request, on a person without e-mail", async () => {
    await setCrmRecords(t, { noEmail: { crm: "outseta", givenName: "Nobody", phones: [{ number: "1", type: "fax" }] } });
    const text = await failureText(t.stack.preview());
    expect(text).toContain("emails is required by Outseta");
    expect(text).toContain('type must be "mobile" or "work"');
    expect(await admin.since()).toEqual([]);
    await setCrmRecords(t, {});
  }, 120_000);
});

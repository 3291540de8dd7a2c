/**
 * CrmPerson and PersonNote on RogerRoger with the real Pulumi CLI, following the acceptance
 * discipline: apply, empty preview, empty refresh, update of every field, drift detected and
 * corrected, a hand edit of an unmanaged field ignored, adoption with importId, destroy, and
 * a check through the API that nothing is left. Requests are counted from the emulator log.
 * Then a person re-added after `retainOnDelete`: refused, or with `allowDuplicateEmail` a
 * second person (issue #12).
 */
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROGERROGER_DEV_KEY, startRogerRogerEmulator, type RunningService } from "../../emulators";
import { EmulatorAdmin, byHand } from "../support/emulators";
import { failureText, setCrmRecords } from "../support/crm";
import { createTestStack, repoRoot, type TestStack } from "../support/stack";

const KEY = { "x-api-key": ROGERROGER_DEV_KEY };

let emu: RunningService;
let admin: EmulatorAdmin;
let t: TestStack;

const ann = {
  crm: "rogerroger",
  givenName: "Ann",
  familyName: "Doe",
  emails: ["ann@example.com"],
  phones: [{ number: "+31 20 123 4567", type: "work" }],
  address: { street: "Dam 1", city: "Amsterdam", postalCode: "1012 JS", country: "NL" },
  jobTitle: "CEO",
  fields: { honorificPrefix: "Dr.", tags: ["/tags/1"] },
};
const bob = { crm: "rogerroger", givenName: "Bob", familyName: "Roe", emails: ["bob@example.com"] };
const notes = {
  callBack: { person: "ann", title: "Call back", description: "Tuesday", flagged: true },
  offer: { person: "ann", title: "Offer sent", author: "/users/1" },
};

beforeAll(async () => {
  emu = await startRogerRogerEmulator({ log: () => {} });
  admin = new EmulatorAdmin(emu.adminUrl);
  await admin.reset({ rateLimit: false }); // and the rate limit off: this test counts requests, not waits
  t = await createTestStack({
    workDir: path.join(repoRoot, "test/e2e/programs/crm"),
    // Own prefix: the e2e files share the program folder and may start in the same millisecond.
    stackName: `crm-rr-${Date.now().toString(36)}`,
    config: { "rogerroger:apiUrl": emu.url },
    secretConfig: { "rogerroger:apiKey": ROGERROGER_DEV_KEY },
    // Pacing per provider process, as the emulator's limit is off: shared by the test's
    // processes, 18 requests a minute would make this test wait minutes for nothing.
    env: { PULUMI_ROLLOUT_CRM_PACING_DIR: "off" },
  });
});
afterAll(async () => {
  await t?.dispose({ destroy: false }); // the emulators stop next, and their records with them
  await emu?.stop();
});

describe("CrmPerson and PersonNote on RogerRoger, real CLI", () => {
  it("runs the whole lifecycle with one request per changed record", async () => {
    // create: two people and two notes on one of them, one POST each
    await setCrmRecords(t, { ann, bob }, notes);
    const up = await t.stack.up();
    expect(up.summary.resourceChanges).toEqual({ create: 5 });
    const ids = up.outputs.personIds.value as Record<string, string>;
    const noteIds = up.outputs.noteIds.value as Record<string, string>;
    // The creates' e-mail checks share one request: the first lookup of a new stack reads page 1
    // of the people list, which in this small account answers both, however far apart they
    // come; the notes of a person created in this run need no check at all.
    const creates = await admin.since();
    expect(creates.sort()).toEqual(
      ["GET /people?itemsPerPage=30&page=1 200", "POST /people 201", "POST /people 201", `POST /people/${ids.ann}/notes 201`, `POST /people/${ids.ann}/notes 201`].sort(),
    );
    expect(up.outputs.personOutputs.value.ann).toEqual({ ...ann, crm: undefined, managedFields: expect.any(Array) });
    const stored = t.rawStateText();
    expect(stored).toContain(ids.ann);
    expect(stored).not.toContain(ROGERROGER_DEV_KEY);

    // empty preview: no request at all
    await t.stack.preview({ expectNoChanges: true });
    expect(await admin.since()).toEqual([]);

    // refresh with no change: one list request for the people, one for ann's notes
    const refresh = await t.stack.refresh();
    expect(refresh.summary.resourceChanges).toEqual({ same: 5 });
    expect((await admin.since()).sort()).toEqual(["GET /people?itemsPerPage=30&page=1 200", `GET /people/${ids.ann}/notes?itemsPerPage=30&page=1 200`].sort());

    // update every common field and a native one: one PATCH per changed record
    const ann2 = {
      crm: "rogerroger",
      givenName: "Anne",
      familyName: "Doe-Smith",
      emails: ["anne@example.com", "ann@example.com"],
      phones: [{ number: "555-0100", type: "fax" }],
      address: { city: "Utrecht", country: "NL" },
      jobTitle: "CTO",
      fields: { honorificPrefix: "Prof.", tags: ["/tags/1", "/tags/2"] },
    };
    await setCrmRecords(t, { ann: ann2, bob }, { ...notes, offer: { ...notes.offer, title: "Offer signed" } });
    const update = await t.stack.up();
    expect(update.summary.resourceChanges).toEqual({ update: 2, same: 3 });
    expect((await admin.since()).sort()).toEqual([`PATCH /people/${ids.ann} 200`, `PATCH /people/${ids.ann}/notes/${noteIds.offer} 200`].sort());
    await t.stack.preview({ expectNoChanges: true });
    expect(await admin.since()).toEqual([]);

    // a hand edit of a managed field is drift: detected, then corrected with one PATCH
    const annUrl = `${emu.url}/people/${ids.ann}`;
    const noteUrl = `${annUrl}/notes/${noteIds.callBack}`;
    await byHand(annUrl, "PATCH", { ...KEY, "content-type": "application/merge-patch+json" }, { jobTitle: "Changed by hand" });
    await byHand(noteUrl, "PATCH", { ...KEY, "content-type": "application/merge-patch+json" }, { flagged: false });
    await admin.since();
    const drift = await failureText(t.stack.preview({ refresh: true, expectNoChanges: true }));
    expect(drift).toMatch(/no-changes|expect-no-changes|changes were expected|no changes were expected/i);
    await admin.since();
    const corrected = await t.stack.up({ refresh: true });
    expect(corrected.summary.resourceChanges).toMatchObject({ update: 2 });
    expect((await admin.since()).filter((l) => !l.startsWith("GET ")).sort()).toEqual([`PATCH /people/${ids.ann} 200`, `PATCH /people/${ids.ann}/notes/${noteIds.callBack} 200`].sort());
    expect((await byHand(annUrl, "GET", KEY)).jobTitle).toBe("CTO");
    expect((await byHand(noteUrl, "GET", KEY)).flagged).toBe(true);

    // a hand edit of fields the program does not set is not drift
    await byHand(`${emu.url}/people/${ids.bob}`, "PATCH", { ...KEY, "content-type": "application/merge-patch+json" }, { jobTitle: "Set by hand", initials: "B.R." });
    await t.stack.preview({ refresh: true, expectNoChanges: true });
    await admin.since();

    // adoption: a person created elsewhere is taken over with importId (one read, one patch)
    const existing = await byHand(`${emu.url}/people`, "POST", { ...KEY, "content-type": "application/ld+json" }, { familyName: "Adopted", givenName: "Kept" });
    await admin.since();
    await setCrmRecords(t, { ann: ann2, bob, carol: { crm: "rogerroger", familyName: "Carol", importId: existing.id } }, { ...notes, offer: { ...notes.offer, title: "Offer signed" } });
    const adopt = await t.stack.up();
    expect(adopt.summary.resourceChanges).toEqual({ create: 1, same: 5 });
    expect((adopt.outputs.personIds.value as Record<string, string>).carol).toBe(existing.id);
    expect(await admin.since()).toEqual([`GET /people?itemsPerPage=30&page=1 200`, `PATCH /people/${existing.id} 200`]); // the list page, as a refresh reads
    expect(await byHand(`${emu.url}/people/${existing.id}`, "GET", KEY)).toMatchObject({ familyName: "Carol", givenName: "Kept" });

    // destroy: one DELETE each, and nothing is left in the CRM
    const destroy = await t.stack.destroy();
    expect(destroy.summary.resourceChanges).toEqual({ delete: 6 });
    const deletes = await admin.since();
    expect(deletes.filter((l) => l.startsWith("DELETE ")).length).toBe(5);
    expect(await admin.state()).toEqual({ people: [], notes: [] });
  }, 300_000);

  it("fails at preview, with no API request, on invalid records", async () => {
    await setCrmRecords(t, { nameless: { crm: "rogerroger", givenName: "No family name", address: { country: "Holland" } } }, { misplaced: { person: "nameless", crm: "outseta" } });
    const text = await failureText(t.stack.preview());
    expect(text).toContain("familyName is required by RogerRoger");
    expect(text).toContain('address.country: "Holland" is not an ISO 3166-1 alpha-2 country code');
    expect(text).not.toContain("<nil>");
    expect(await admin.since()).toEqual([]);
    await setCrmRecords(t, {});
  }, 120_000);

  // Issue #12, item 4: re-adding a person after retainOnDelete, counting RogerRoger's people.
  it("a person re-added after retainOnDelete is refused naming importId with 0 POSTs; with allowDuplicateEmail the up makes exactly one second person", async () => {
    const tess = { crm: "rogerroger", givenName: "Tess", familyName: "Ter", emails: ["tess@example.com"], jobTitle: "Buyer" };
    const setPeople = (people: Record<string, unknown>) =>
      t.stack.setAllConfig({ people: { value: JSON.stringify(people) }, notes: { value: "{}" }, retainOnDelete: { value: JSON.stringify(["tess"]) } });
    const people = async (): Promise<Array<{ id: string; fields: Record<string, unknown> }>> => (await admin.state()).people ?? [];
    await admin.reset({ rateLimit: false });
    await setPeople({ tess });
    await t.stack.up();
    await setPeople({});
    await t.stack.up(); // retained: removed from the state, left in RogerRoger
    const [left] = await people();
    expect(await people()).toHaveLength(1);

    // Re-added under a new name with another job title: refused, nothing written.
    await setPeople({ "tess-again": { ...tess, jobTitle: "Head of Purchasing" } });
    await admin.since();
    const refused = await failureText(t.stack.up());
    expect(refused).toContain(`already holds a person with e-mail tess@example.com (id ${left!.id}) with other values (jobTitle)`);
    expect(refused).toContain(`importId: "${left!.id}"`);
    expect(refused).toContain("allowDuplicateEmail: true");
    expect((await admin.since()).filter((r) => !r.startsWith("GET "))).toEqual([]);
    expect(await people()).toHaveLength(1);

    // Opted in: a second Tess, one POST; the retained one is untouched.
    await setPeople({ "tess-again": { ...tess, jobTitle: "Head of Purchasing", allowDuplicateEmail: true } });
    const up = await t.stack.up();
    expect(up.summary.resourceChanges).toMatchObject({ create: 1 });
    expect((await admin.since()).filter((r) => !r.startsWith("GET "))).toEqual(["POST /people 201"]);
    const after = await people();
    expect(after).toHaveLength(2);
    expect(after.find((p) => p.id === left!.id)?.fields.jobTitle).toBe("Buyer");
    await t.stack.preview({ expectNoChanges: true });
  }, 600_000);
});

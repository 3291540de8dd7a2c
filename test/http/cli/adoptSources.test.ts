/** adopt's read side against the emulators: filters, field choice, skipping, and only GETs. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { configOf } from "../../../provider/plugin/config";
import { ProviderContext } from "../../../provider/plugin/context";
import { SERVICES } from "../../../provider/services";
import { AdoptInputError, readCrm, readMembers, type ReadOptions } from "../../../cli/adopt/sources";
import { startEmulators, type RunningEmulators } from "../../support/emulators";
import { seedByHand } from "../../support/seed";
import { handMadeMembers } from "../../support/rollout/handMade";
import { handMadeRogerRogerPeople } from "../../support/rogerroger/handMade";
import { handMadeOutsetaPeople } from "../../support/outseta/handMade";
import { handMadeRolloutCrmPeople } from "../../support/rolloutCrm/handMade";
import { EmulatorAdmin } from "../../support/emulators";

let emu: RunningEmulators;
let config: Record<string, string>;
let context: ProviderContext;
const ids: Record<string, string[]> = {};
const none = { records: new Set<string>(), notes: new Set<string>() };
const opts = (extra: Partial<ReadOptions> = {}): ReadOptions => ({ managed: none, progress: () => {}, warn: () => {}, ...extra });

beforeAll(async () => {
  emu = await startEmulators();
  for (const admin of Object.values(emu.adminUrls)) await new EmulatorAdmin(admin).reset({ rateLimit: false }); // rate limits off while seeding
  await seedByHand(emu, "rollout", handMadeMembers);
  ids.rogerroger = await seedByHand(emu, "rogerroger", handMadeRogerRogerPeople);
  ids.outseta = await seedByHand(emu, "outseta", handMadeOutsetaPeople);
  ids.rolloutCrm = await seedByHand(emu, "rolloutCrm", handMadeRolloutCrmPeople);
  config = {
    "rollout:apiUrl": emu.urls.rollout,
    "rollout:apiToken": "dev-rollout-token",
    "rogerroger:apiUrl": emu.urls.rogerroger,
    "rogerroger:apiKey": "dev-rogerroger-key",
    "outseta:apiUrl": emu.urls.outseta,
    "outseta:apiKey": "dev-outseta-key",
    "outseta:secretKey": "dev-outseta-secret",
    "rolloutCrm:apiUrl": emu.urls.rolloutCrm,
    "rolloutCrm:credentialsUrl": emu.urls.rolloutCrmCredentials,
    "rolloutCrm:authToken": "dev-rollout-crm-token",
  };
}, 60_000);

// A fresh context per test, as each run of adopt builds one from the stack's config.
beforeEach(() => {
  context = new ProviderContext(SERVICES, { config: configOf(config), env: {} });
});

afterAll(async () => {
  await emu?.stop();
});

describe("adopt: reading live records", () => {
  it("rollout: one GET for the team; defaults left out; managed members skipped; domain and max", async () => {
    const admin = new EmulatorAdmin(emu.adminUrls.rollout);
    await admin.since();
    const all = await readMembers(context, "rollout", opts());
    expect(all.adoption).toEqual({
      service: "rollout",
      members: [
        { email: "ada@example.com", name: "Ada Lovelace", teamAdmin: true, applications: { "5f1175a8f8daa545e28c8aa2": { environments: { Production: "write", Staging: "write" } } } },
        { email: "grace@example.com", name: "Grace Hopper", applications: { "5f1175a8f8daa545e28c8aa2": { environments: { Production: "read" } } } },
        { email: "linus@partner.example" },
      ],
    });
    expect(await admin.since()).toEqual(["GET /public-api/users 200"]);

    const rest = await readMembers(context, "rollout", opts({ managed: { records: new Set(["ada@example.com"]), notes: new Set() } }));
    expect(rest.skipped).toBe(1);
    expect(rest.adoption.service === "rollout" && rest.adoption.members.map((m) => m.email)).toEqual(["grace@example.com", "linus@partner.example"]);
    const domain = await readMembers(context, "rollout", opts({ emailDomain: "example.com", max: 1 }));
    expect(domain.adoption.service === "rollout" && domain.adoption.members.map((m) => m.email)).toEqual(["ada@example.com"]);
    const noName = await readMembers(context, "rollout", opts({ fields: [] }));
    expect(noName.adoption.service === "rollout" && noName.adoption.members[0].name).toBeUndefined();
  });

  it("rogerroger: common fields that are set, notes with --with-notes, filters, and only GETs", async () => {
    const admin = new EmulatorAdmin(emu.adminUrls.rogerroger);
    await admin.since();
    const [tess, twin, nomail] = ids.rogerroger;
    const all = await readCrm(context, "rogerroger", opts({ withNotes: true }));
    if (all.adoption.service === "rollout") throw new Error("unexpected");
    expect(all.adoption.people.map((p) => p.id)).toEqual([tess, twin, nomail]);
    expect(all.adoption.people[0].model).toEqual({
      givenName: "Tess",
      familyName: "Ter",
      emails: ["tess@example.com", "tess.ter@home.example"],
      phones: [{ number: "+31 20 123 4567", type: "work" }],
      address: { street: "Oudegracht 1", city: "Utrecht", postalCode: "3511 AA", country: "NL" },
      jobTitle: "Head of Purchasing",
    });
    expect(all.adoption.people[0].notes).toEqual([
      { id: expect.any(String), personId: tess, fields: { title: "Demo script", description: "Show the seed data.\nThen the drift report.", flagged: true } },
    ]);
    expect(all.adoption.people[2].model).toEqual({ familyName: "Nomail" });
    const sent = await admin.since();
    expect(sent.every((line) => line.startsWith("GET "))).toBe(true);
    expect(sent).toHaveLength(4); // one page of people, one of notes per person

    const domain = await readCrm(context, "rogerroger", opts({ emailDomain: "partner.example" }));
    expect(domain.adoption.service !== "rollout" && domain.adoption.people.map((p) => p.id)).toEqual([twin]);
    const chosen = await readCrm(context, "rogerroger", opts({ ids: [nomail, `/people/${tess}`], fields: ["familyName", "jobTitle"] }));
    expect(chosen.adoption.service !== "rollout" && chosen.adoption.people.map((p) => [p.id, p.model])).toEqual([
      [nomail, { familyName: "Nomail" }],
      [tess, { familyName: "Ter", jobTitle: "Head of Purchasing" }],
    ]);
    const managedTess = await readCrm(context, "rogerroger", opts({ max: 1, withNotes: true, managed: { records: new Set([tess]), notes: new Set() } }));
    if (managedTess.adoption.service === "rollout") throw new Error("unexpected");
    expect(managedTess.adoption.people.map((p) => p.id)).toEqual([twin]);
    expect(managedTess.adoption.notesOnManagedPeople.map((n) => n.personId)).toEqual([tess]);
    expect(managedTess.skipped).toBe(1);
    await expect(readCrm(context, "rogerroger", opts({ ids: ["999999"] }))).rejects.toThrow(AdoptInputError);
    await expect(readCrm(context, "rogerroger", opts({ ids: ["999999"] }))).rejects.toThrow("--ids: rogerroger has no person with id '999999'");
  });

  it("outseta and the Universal CRM: their own shapes mapped to the common fields, natives only when chosen", async () => {
    const outseta = await readCrm(context, "outseta", opts());
    if (outseta.adoption.service === "rollout") throw new Error("unexpected");
    expect(outseta.adoption.people.map((p) => p.model)).toEqual([
      { givenName: "Cy", familyName: "Eo", emails: ["ceo@acme.example"], phones: [{ number: "+1 555 0100", type: "mobile" }], jobTitle: "CEO" },
      { givenName: "Bea", emails: ["buyer@acme.example"], address: { street: "1 Main St", city: "Springfield", postalCode: "62701", region: "IL", country: "US" } },
    ]);
    const crm = await readCrm(context, "rolloutCrm", opts({ fields: ["givenName", "familyName", "emails", "fields.stage", "fields.tags"] }));
    if (crm.adoption.service === "rollout") throw new Error("unexpected");
    expect(crm.adoption.people.map((p) => p.model)).toEqual([
      { givenName: "Lee", familyName: "Lead", emails: ["lee@example.com"], fields: { stage: "Lead", tags: ["seed"] } },
      { givenName: "Sam", familyName: "Source", emails: ["sam@example.com"] },
    ]);
  });
});

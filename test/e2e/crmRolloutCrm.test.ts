/**
 * CrmPerson on the Rollout Universal CRM with the real Pulumi CLI: a token minted per run
 * from client id/secret/user id, the credential id discovered, the first `up` waiting out
 * the 409 "not ready" window, then the acceptance lifecycle with requests counted.
 */
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CRM_DEV_CLIENT_ID, CRM_DEV_CLIENT_SECRET, CRM_DEV_TOKEN, DEV_CREDENTIAL_ID, startRolloutCrmEmulator, type RunningService } from "../../emulators";
import { EmulatorAdmin, byHand } from "../support/emulators";
import { failureText, setCrmRecords } from "../support/crm";
import { createTestStack, repoRoot, type TestStack } from "../support/stack";

const HEADERS = { authorization: `Bearer ${CRM_DEV_TOKEN}`, "x-rollout-credential-id": DEV_CREDENTIAL_ID, "content-type": "application/json" };
const DISCOVERY = "GET /api/credentials 200";

let emu: RunningService;
let admin: EmulatorAdmin;
let t: TestStack;

/** The API requests since the last call, without the one credential lookup each provider process makes. */
async function apiRequests(): Promise<string[]> {
  const log = await admin.since();
  expect(log.filter((l) => l === DISCOVERY).length).toBeLessThanOrEqual(1);
  return log.filter((l) => l !== DISCOVERY);
}

const ann = {
  crm: "rolloutCrm",
  givenName: "Ann",
  familyName: "Doe",
  emails: ["ann@example.com", "ann.doe@work.example"],
  phones: [{ number: "+1 555 0100", type: "mobile" }],
  address: { street: "1 Main St", city: "Springfield", region: "IL", postalCode: "62701", country: "US" },
  jobTitle: "Agent",
  fields: { stage: "Lead", tags: ["buyer"] },
};
const bob = { crm: "rolloutCrm", givenName: "Bob", emails: ["bob@example.com"] };

beforeAll(async () => {
  emu = await startRolloutCrmEmulator({ log: () => {} });
  admin = new EmulatorAdmin(emu.adminUrl);
  await admin.reset({ rateLimit: false });
  t = await createTestStack({
    workDir: path.join(repoRoot, "test/e2e/programs/crm"),
    // Own prefix: the e2e files share the program folder and may start in the same millisecond.
    stackName: `crm-uc-${Date.now().toString(36)}`,
    config: { "rolloutCrm:apiUrl": emu.url, "rolloutCrm:credentialsUrl": emu.url, "rolloutCrm:clientId": CRM_DEV_CLIENT_ID, "rolloutCrm:userId": "e2e-user" },
    secretConfig: { "rolloutCrm:clientSecret": CRM_DEV_CLIENT_SECRET },
  });
});
afterAll(async () => {
  await t?.dispose({ destroy: false }); // the emulators stop next, and their records with them
  await emu?.stop();
});

describe("CrmPerson on the Rollout Universal CRM, real CLI", () => {
  it("waits out the 'not ready' window, then runs the lifecycle with one request per changed record", async () => {
    // The CRM was just connected: its people endpoints answer 409 for 5 s from the first
    // people call (however long the engine takes to get there). `up` waits.
    await admin.settings({ notReadySeconds: 5, notReadyStartsOnFirstCall: true });
    await setCrmRecords(t, { ann, bob });
    const started = Date.now();
    const up = await t.stack.up();
    expect(up.summary.resourceChanges).toEqual({ create: 3 });
    expect(Date.now() - started).toBeGreaterThan(4000);
    expect(up.stdout + up.stderr).toContain("not ready yet (409); waiting");
    const ids = up.outputs.personIds.value as Record<string, string>;
    const first = await admin.since();
    expect(first[0]).toBe(DISCOVERY);
    expect(first.filter((l) => l === "POST /api/people 200")).toHaveLength(2);
    expect(first.filter((l) => l.endsWith(" 409")).length).toBeGreaterThan(0);
    // The creates' e-mail checks share the people list (no filter is documented), then POST.
    const answered = first.filter((l) => !l.endsWith(" 409") && l !== DISCOVERY);
    expect(answered.filter((l) => l !== "GET /api/people?limit=100 200")).toEqual(["POST /api/people 200", "POST /api/people 200"]);
    expect([1, 2]).toContain(answered.filter((l) => l === "GET /api/people?limit=100 200").length);

    await t.stack.preview({ expectNoChanges: true });
    expect(await admin.since()).toEqual([]);

    const refresh = await t.stack.refresh();
    expect(refresh.summary.resourceChanges).toEqual({ same: 3 });
    expect(await apiRequests()).toEqual(["GET /api/people?limit=100 200"]);

    // every common field and a native one on ann, the job title on bob: one PUT each
    const ann2 = {
      crm: "rolloutCrm",
      givenName: "Anne",
      familyName: "Doe-Smith",
      emails: ["ann.doe@work.example"],
      phones: [{ number: "+1 555 0199", type: "work" }],
      address: { city: "Chicago", country: "US" },
      jobTitle: "Broker",
      fields: { stage: "Client", tags: ["buyer"] },
    };
    const bob2 = { ...bob, jobTitle: "Agent" };
    await setCrmRecords(t, { ann: ann2, bob: bob2 });
    const update = await t.stack.up();
    expect(update.summary.resourceChanges).toEqual({ update: 2, same: 1 });
    expect((await apiRequests()).sort()).toEqual([`PUT /api/people/${ids.ann} 200`, `PUT /api/people/${ids.bob} 200`].sort());
    await t.stack.preview({ expectNoChanges: true });

    // drift on a managed field: detected, then corrected with one PUT
    await byHand(`${emu.url}/people/${ids.ann}`, "PUT", HEADERS, { jobTitle: "Changed by hand" });
    await admin.since();
    await failureText(t.stack.preview({ refresh: true, expectNoChanges: true }));
    await admin.since();
    const corrected = await t.stack.up({ refresh: true });
    expect(corrected.summary.resourceChanges).toMatchObject({ update: 1 });
    expect((await apiRequests()).filter((l) => !l.startsWith("GET "))).toEqual([`PUT /api/people/${ids.ann} 200`]);

    // fields the program does not set: not drift
    await byHand(`${emu.url}/people/${ids.bob}`, "PUT", HEADERS, { companyName: "Set by hand", lastName: "Roe" });
    await t.stack.preview({ refresh: true, expectNoChanges: true });

    // adoption with importId: one read, one PUT
    const existing = await byHand(`${emu.url}/people`, "POST", HEADERS, { firstName: "Old", lastName: "Carol" });
    await admin.since();
    await setCrmRecords(t, { ann: ann2, bob: bob2, carol: { crm: "rolloutCrm", givenName: "Carol", importId: existing.id } });
    const adopt = await t.stack.up();
    expect(adopt.summary.resourceChanges).toEqual({ create: 1, same: 3 });
    expect(await apiRequests()).toEqual([`GET /api/people?limit=100 200`, `PUT /api/people/${existing.id} 200`]); // the list page, as a refresh reads

    const destroy = await t.stack.destroy();
    expect(destroy.summary.resourceChanges).toEqual({ delete: 4 });
    expect((await apiRequests()).filter((l) => l.startsWith("DELETE "))).toHaveLength(3);
    expect((await admin.state()).people).toEqual([]);
  }, 300_000);

  it("fails at preview, with no API request, on a field the CRM never returns", async () => {
    await setCrmRecords(t, { rated: { crm: "rolloutCrm", givenName: "Rated", fields: { rating: 5 } } });
    const text = await failureText(t.stack.preview());
    expect(text).toContain("rating is write-only in the Universal CRM");
    expect(await admin.since()).toEqual([]);
    await setCrmRecords(t, {});
  }, 120_000);
});

/**
 * The CrmPerson provider against the Universal CRM emulator: a minted JWT or a static token,
 * the credential id discovered once, requests counted, and the 409 "not ready" window.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { CRM_DEV_CLIENT_ID, CRM_DEV_CLIENT_SECRET, CRM_DEV_TOKEN, DEV_CREDENTIAL_ID, startRolloutCrmEmulator, type RunningService } from "../../../emulators";
import { resetStackConfigForTests } from "../../../provider/config";
import { crmPersonProvider } from "../../../provider/crm/provider";
import type { CrmPersonInputs, CrmPersonOutputs } from "../../../provider/crm/types";
import { resetSharedHttp } from "../../../provider/http/registry";
import { rolloutCrmBackend } from "../../../provider/rolloutCrm/person";
import {
  createRolloutCrmService,
  resetRolloutCrmServiceForTests,
  rolloutCrmService,
  type RolloutCrmService,
  type RolloutCrmServiceOptions,
} from "../../../provider/rolloutCrm/service";
import { adminOf, byHand } from "./support";

let emu: RunningService;
let admin: ReturnType<typeof adminOf>;
let service: RolloutCrmService;
const people = crmPersonProvider({ rolloutCrm: rolloutCrmBackend(() => service) });

function serviceWith(options: Partial<RolloutCrmServiceOptions> = {}): RolloutCrmService {
  return createRolloutCrmService({
    auth: { clientId: CRM_DEV_CLIENT_ID, clientSecret: CRM_DEV_CLIENT_SECRET, userId: "user-1" },
    apiUrl: emu.url,
    credentialsUrl: emu.url,
    pacing: { kind: "none", key: "rolloutCrm-provider-test" },
    batchMs: 5,
    ...options,
  });
}

beforeAll(async () => {
  emu = await startRolloutCrmEmulator({ log: () => {} });
  admin = adminOf(emu.adminUrl);
});
afterAll(async () => {
  await emu?.stop();
  await resetSharedHttp();
});
beforeEach(async () => {
  await admin.reset();
  service = serviceWith();
});

async function checked(news: Record<string, unknown>): Promise<CrmPersonInputs> {
  const result = await people.check({} as CrmPersonInputs, news as CrmPersonInputs);
  expect(result.failures ?? []).toEqual([]);
  return result.inputs as CrmPersonInputs;
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

describe("CrmPerson on the Rollout Universal CRM", () => {
  it("check makes no request; missing credentials fail naming the keys and variables", async () => {
    await checked(ann);
    expect(await admin.since()).toEqual([]);
    resetStackConfigForTests();
    resetRolloutCrmServiceForTests();
    const names = ["ROLLOUT_CRM_AUTH_TOKEN", "ROLLOUT_CRM_CLIENT_ID", "ROLLOUT_CRM_CLIENT_SECRET", "ROLLOUT_CRM_USER_ID"];
    const saved = names.map((n) => process.env[n]);
    for (const n of names) delete process.env[n];
    try {
      const fromConfig = crmPersonProvider({ rolloutCrm: rolloutCrmBackend(rolloutCrmService) });
      const { failures } = await fromConfig.check({} as CrmPersonInputs, ann as unknown as CrmPersonInputs);
      expect(failures).toEqual([{ property: "rolloutCrm:authToken", reason: expect.stringMatching(/rolloutCrm:authToken.*ROLLOUT_CRM_AUTH_TOKEN.*rolloutCrm:clientId/) }]);
      process.env.ROLLOUT_CRM_CLIENT_ID = "dev-client";
      const partial = await fromConfig.check({} as CrmPersonInputs, ann as unknown as CrmPersonInputs);
      expect(partial.failures).toEqual([{ property: "rolloutCrm:clientSecret", reason: expect.stringContaining("missing: 'rolloutCrm:clientSecret'") }]);
    } finally {
      names.forEach((n, i) => (saved[i] === undefined ? delete process.env[n] : (process.env[n] = saved[i])));
      resetRolloutCrmServiceForTests();
    }
  });

  it("create, read, update, delete with a minted token; the credential id is discovered once", async () => {
    const inputs = await checked(ann);
    const { id, outs } = await people.create(inputs);
    expect(await admin.since()).toEqual(["GET /api/credentials 200", "POST /api/people 200"]);
    expect(outs).toEqual({ ...inputs, managedFields: expect.any(Array) });

    expect(await people.read(id, outs)).toEqual({ id, props: outs, inputs });
    // A lone read in a new session is page 1 of the list: the price of one GET (crm/pagedReader.ts).
    expect(await admin.since()).toEqual(["GET /api/people?limit=100 200"]);
    expect((await people.diff(id, outs, inputs)).changes).toBe(false);

    const changed = await checked({
      crm: "rolloutCrm",
      givenName: "Anne",
      familyName: "Doe-Smith",
      emails: ["ann.doe@work.example"],
      phones: [],
      address: { city: "Chicago", country: "US" },
      jobTitle: "Broker",
      fields: { stage: "Client", tags: ["buyer"] },
    });
    const updated = await people.update(id, outs, changed);
    expect(await admin.since()).toEqual([`PUT /api/people/${id} 200`]);
    expect(updated.outs).toEqual({ ...changed, managedFields: outs.managedFields });

    await people.delete(id, updated.outs as CrmPersonOutputs);
    expect(await admin.since()).toEqual([`DELETE /api/people/${id} 200`]);
    expect(await people.read(id, updated.outs)).toEqual({});
    await people.delete(id, updated.outs as CrmPersonOutputs);
  });

  it("uses a configured token and credential id as they are", async () => {
    service = serviceWith({ auth: { authToken: CRM_DEV_TOKEN }, credentialId: DEV_CREDENTIAL_ID });
    await people.create(await checked({ crm: "rolloutCrm", givenName: "Static" }));
    expect(await admin.since()).toEqual(["POST /api/people 200"]);
    service = serviceWith({ auth: { authToken: "not-a-token" }, credentialId: DEV_CREDENTIAL_ID });
    const err = await people.create(await checked({ crm: "rolloutCrm", givenName: "Refused" })).catch((e: Error) => e);
    expect((err as Error).message).toMatch(/^rolloutCrm: POST \/people failed with 401: Invalid token\. The rolloutCrm credentials were refused; check rolloutCrm:authToken/);
    expect((err as Error).message).not.toContain("not-a-token");
  });

  it("owns only the fields the program sets", async () => {
    const { id, outs } = await people.create(await checked({ crm: "rolloutCrm", givenName: "Ann", jobTitle: "Agent" }));
    const headers = { authorization: `Bearer ${CRM_DEV_TOKEN}`, "x-rollout-credential-id": DEV_CREDENTIAL_ID, "content-type": "application/json" };
    await byHand(`${emu.url}/people/${id}`, "PUT", headers, { companyName: "Set by hand", lastName: "Hand" });
    const read = await people.read(id, outs);
    expect(read.props).toEqual(outs);
    const fewer = await checked({ crm: "rolloutCrm", givenName: "Ann" });
    await admin.since();
    const { outs: after } = await people.update(id, outs, fewer);
    expect(await admin.since()).toEqual([`PUT /api/people/${id} 200`]);
    expect(after).toEqual({ crm: "rolloutCrm", givenName: "Ann", managedFields: ["givenName"] });
    expect((await admin.state()).people[0].fields).toMatchObject({ jobTitle: null, companyName: "Set by hand", lastName: "Hand" });
  });

  it("refresh of many people costs one list request", async () => {
    const created = [];
    for (const name of ["A", "B", "C"]) created.push(await people.create(await checked({ crm: "rolloutCrm", familyName: name })));
    await admin.since();
    const reads = await Promise.all(created.map(({ id, outs }) => people.read(id, outs)));
    expect(reads.map((r) => r.props?.familyName)).toEqual(["A", "B", "C"]);
    expect(await admin.since()).toEqual(["GET /api/people?limit=100 200"]);
  });

  it("waits while the CRM's data is not ready (409), then succeeds", async () => {
    service = serviceWith({ notReadyPollMs: 300 });
    await admin.settings({ notReadySeconds: 1 });
    const { outs } = await people.create(await checked({ crm: "rolloutCrm", givenName: "Patient" }));
    expect(outs.givenName).toBe("Patient");
    const log = await admin.since();
    expect(log[0]).toBe("GET /api/credentials 200");
    expect(log.filter((l) => l === "POST /api/people 409").length).toBeGreaterThan(0);
    expect(log.at(-1)).toBe("POST /api/people 200");
  });

  it("fails with a message saying why once the bounded wait is over", async () => {
    service = serviceWith({ notReadyPollMs: 200, notReadyTimeoutSeconds: 0.5 });
    await admin.settings({ notReadySeconds: 30 });
    await expect(people.create(await checked({ crm: "rolloutCrm", givenName: "Impatient" }))).rejects.toThrow(
      /rolloutCrm: POST \/people failed with 409: Data for this credential is not ready yet\. The CRM's data never became ready within 0\.5 seconds; try again later, or raise rolloutCrm:notReadyTimeoutSeconds\./,
    );
  });
});

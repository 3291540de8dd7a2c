/**
 * The CrmPerson provider against the Universal CRM emulator: a minted JWT or a static token,
 * the credential id discovered once, requests counted, and the 409 "not ready" window.
 */
import { beforeEach, describe, expect, it } from "vitest";
import { CRM_DEV_CLIENT_ID, CRM_DEV_CLIENT_SECRET, CRM_DEV_TOKEN, DEV_CREDENTIAL_ID, startRolloutCrmEmulator } from "../../../emulators";
import { crmPersonProvider } from "../../../provider/crm/person/provider";
import type { CrmPersonInputs, CrmPersonOutputs } from "../../../provider/crm/types";
import type { RolloutCrmAuth } from "../../../provider/rolloutCrm/profile";
import { CRMS } from "../../../provider/services";
import { testContext } from "../../support/services";
import { byHand, emulatorPerFile } from "../../support/emulators";
import { checked as checkedBy } from "../../support/crm";
import { withOuts } from "../../support/results";
import { RolloutCrmApi } from "../../../provider/rolloutCrm/api";

const emulator = emulatorPerFile(startRolloutCrmEmulator);
let people: ReturnType<typeof crmPersonProvider>;

interface ServiceOptions {
  auth?: RolloutCrmAuth;
  credentialId?: string;
  notReadyTimeoutSeconds?: number;
  /** Wait between 409 retries (shortened here). */
  notReadyPollMs?: number;
}

/** The provider over a Universal CRM service configured as `options` says (a minted JWT by default). */
function useService(options: ServiceOptions = {}): void {
  const auth = options.auth ?? { clientId: CRM_DEV_CLIENT_ID, clientSecret: CRM_DEV_CLIENT_SECRET, userId: "user-1" };
  const config: Record<string, string | undefined> = {
    "rolloutCrm:apiUrl": emulator.emu.url,
    "rolloutCrm:credentialsUrl": emulator.emu.url,
    "rolloutCrm:credentialId": options.credentialId,
    "rolloutCrm:notReadyTimeoutSeconds": options.notReadyTimeoutSeconds?.toString(),
  };
  for (const [name, value] of Object.entries(auth)) config[`rolloutCrm:${name}`] = value;
  const retry = options.notReadyPollMs === undefined ? undefined : { notReadyPollMs: options.notReadyPollMs };
  people = crmPersonProvider(testContext(config, { rolloutCrm: { pacing: { kind: "none", key: "rolloutCrm-provider-test" }, batchMs: 5, retry } }), CRMS);
}

beforeEach(() => {
  useService();
});

const checked = (news: Record<string, unknown>): Promise<CrmPersonInputs> => checkedBy(people, news);

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
  it("check makes no request; missing credentials warn naming the keys and variables", async () => {
    await checked(ann);
    expect(await emulator.admin.since()).toEqual([]);
    const warnings: string[] = [];
    const fromConfig = crmPersonProvider(testContext({}, {}, {}, (m) => warnings.push(m)), CRMS);
    const { failures } = await fromConfig.check({} as CrmPersonInputs, ann as unknown as CrmPersonInputs);
    expect(failures).toBeUndefined(); // a plain preview needs no credential: a warning
    expect(warnings).toEqual([expect.stringMatching(/rolloutCrm:authToken.*ROLLOUT_CRM_AUTH_TOKEN.*rolloutCrm:clientId/)]);
    // Another process (config is read once per process): the client id set, its secret and user id not.
    const partialConfig = crmPersonProvider(testContext({}, {}, { ROLLOUT_CRM_CLIENT_ID: "dev-client" }, (m) => warnings.push(m)), CRMS);
    const partial = await partialConfig.check({} as CrmPersonInputs, ann as unknown as CrmPersonInputs);
    expect(partial.failures).toBeUndefined();
    expect(warnings.slice(1)).toEqual([expect.stringContaining("missing: 'rolloutCrm:clientSecret'"), expect.stringContaining("missing: 'rolloutCrm:userId'")]);
  });

  it("create, read, update, delete with a minted token; the credential id is discovered once", async () => {
    const inputs = await checked(ann);
    const { id, outs } = withOuts(await people.create(inputs));
    // The people list is the only way to look an e-mail up (no filter is documented).
    expect(await emulator.admin.since()).toEqual(["GET /api/credentials 200", "GET /api/people?limit=100 200", "POST /api/people 200"]);
    expect(outs).toEqual({ ...inputs, managedFields: expect.any(Array) });

    expect(await people.read(id, outs)).toEqual({ id, props: outs, inputs });
    // A lone read in a new session is page 1 of the list: the price of one GET (reads/pagedReader.ts).
    expect(await emulator.admin.since()).toEqual(["GET /api/people?limit=100 200"]);
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
    expect(await emulator.admin.since()).toEqual([`PUT /api/people/${id} 200`]);
    expect(updated.outs).toEqual({ ...changed, managedFields: outs.managedFields });

    await people.delete(id, updated.outs as CrmPersonOutputs);
    expect(await emulator.admin.since()).toEqual([`DELETE /api/people/${id} 200`]);
    expect(await people.read(id, updated.outs)).toEqual({});
    await people.delete(id, updated.outs as CrmPersonOutputs);
  });

  it("uses a configured token and credential id as they are", async () => {
    useService({ auth: { authToken: CRM_DEV_TOKEN }, credentialId: DEV_CREDENTIAL_ID });
    await people.create(await checked({ crm: "rolloutCrm", givenName: "Static" }));
    expect(await emulator.admin.since()).toEqual(["POST /api/people 200"]);
    useService({ auth: { authToken: "not-a-token" }, credentialId: DEV_CREDENTIAL_ID });
    const err = await people.create(await checked({ crm: "rolloutCrm", givenName: "Refused" })).catch((e: Error) => e);
    expect((err as Error).message).toMatch(/^rolloutCrm: POST \/people failed with 401: Invalid token\. The rolloutCrm credentials were refused; check rolloutCrm:authToken/);
    expect((err as Error).message).not.toContain("not-a-token");
  });

  it("owns only the fields the program sets", async () => {
    const { id, outs } = withOuts(await people.create(await checked({ crm: "rolloutCrm", givenName: "Ann", jobTitle: "Agent" })));
    const headers = { authorization: `Bearer ${CRM_DEV_TOKEN}`, "x-rollout-credential-id": DEV_CREDENTIAL_ID, "content-type": "application/json" };
    await byHand(`${emulator.emu.url}/people/${id}`, "PUT", headers, { companyName: "Set by hand", lastName: "Hand" });
    const read = await people.read(id, outs);
    expect(read.props).toEqual(outs);
    const fewer = await checked({ crm: "rolloutCrm", givenName: "Ann" });
    await emulator.admin.since();
    const { outs: after } = await people.update(id, outs, fewer);
    expect(await emulator.admin.since()).toEqual([`PUT /api/people/${id} 200`]);
    expect(after).toEqual({ crm: "rolloutCrm", givenName: "Ann", managedFields: ["givenName"] });
    expect((await emulator.admin.state()).people[0].fields).toMatchObject({ jobTitle: null, companyName: "Set by hand", lastName: "Hand" });
  });

  it("refresh of many people costs one list request", async () => {
    const created = [];
    for (const name of ["A", "B", "C"]) created.push(await people.create(await checked({ crm: "rolloutCrm", familyName: name })));
    await emulator.admin.since();
    const reads = await Promise.all(created.map(({ id, outs }) => people.read(id, outs)));
    expect(reads.map((r) => r.props?.familyName)).toEqual(["A", "B", "C"]);
    expect(await emulator.admin.since()).toEqual(["GET /api/people?limit=100 200"]);
  });

  it("waits while the CRM's data is not ready (409), then succeeds", async () => {
    useService({ notReadyPollMs: 300 });
    await emulator.admin.settings({ notReadySeconds: 1 });
    const { outs } = withOuts(await people.create(await checked({ crm: "rolloutCrm", givenName: "Patient" })));
    expect(outs.givenName).toBe("Patient");
    const log = await emulator.admin.since();
    expect(log[0]).toBe("GET /api/credentials 200");
    expect(log.filter((l) => l === "POST /api/people 409").length).toBeGreaterThan(0);
    expect(log.at(-1)).toBe("POST /api/people 200");
  });

  it("fails with a message saying why once the bounded wait is over", async () => {
    useService({ notReadyPollMs: 200, notReadyTimeoutSeconds: 0.5 });
    await emulator.admin.settings({ notReadySeconds: 30 });
    await expect(people.create(await checked({ crm: "rolloutCrm", givenName: "Impatient" }))).rejects.toThrow(
      /rolloutCrm: POST \/people failed with 409: Data for this credential is not ready yet\. The CRM's data never became ready within 0\.5 seconds; try again later, or raise rolloutCrm:notReadyTimeoutSeconds\./,
    );
  });
});

describe("existence checks of creates on the Universal CRM (shared, issue #11 and #14)", () => {
  it("people created together share one list; a list body without `people` is an error, never an empty list", async () => {
    const inputs = await Promise.all(["a", "b", "c"].map((n) => checked({ crm: "rolloutCrm", givenName: n, emails: [`${n}@example.com`] })));
    await emulator.admin.since();
    await Promise.all(inputs.map((i) => people.create(i)));
    const log = await emulator.admin.since();
    expect(log.filter((r) => r.startsWith("GET /api/people"))).toEqual(["GET /api/people?limit=100 200"]);
    expect(log.filter((r) => r.startsWith("POST "))).toHaveLength(3);

    // The overview's generic `data` array instead of `people`: refused, not read as "nobody".
    const client = { service: "rolloutCrm", baseUrl: emulator.emu.url, request: async () => ({ status: 200, headers: {}, body: { data: [], _metadata: {} } }) };
    await expect(new RolloutCrmApi(client as never).listPeople()).rejects.toThrow("rolloutCrm: GET /people answered 200 without a `people` array (keys: data, _metadata)");
  });
});

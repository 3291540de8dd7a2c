import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startRolloutEmulator } from "../../emulators";
import { resetSharedHttp } from "../../provider/http";
import { rollout } from "../../provider/registry";
import { rolloutUserProvider } from "../../provider/rollout/provider";
import type { RolloutUserInputs } from "../../provider/rollout/types";
import { testContext } from "../support/services";
import { EmulatorAdmin } from "../support/emulators";
import { present } from "../support/results";

// Provider functions called directly (no engine) against the Rollout emulator with its
// real 1 request/s limit: what each method sends, and how each status is handled.
const TOKEN = "dev-rollout-token";
const APP = "5f1175a8f8daa545e28c8aa2";

describe("RolloutUser provider against the emulator", () => {
  let emulator: Awaited<ReturnType<typeof startRolloutEmulator>>;
  let admin: EmulatorAdmin;
  let provider: ReturnType<typeof rolloutUserProvider>;

  const useConfig = (values: Record<string, string>) => {
    provider = rolloutUserProvider(testContext(values), rollout);
  };

  beforeAll(async () => {
    emulator = await startRolloutEmulator({ port: 0 });
    admin = new EmulatorAdmin(emulator.adminUrl);
  });
  afterAll(async () => {
    await resetSharedHttp();
    await emulator.stop();
  });
  beforeEach(async () => {
    await admin.reset();
    useConfig({ "rollout:apiUrl": emulator.url, "rollout:apiToken": TOKEN });
  });

  const alice: RolloutUserInputs = { email: "alice@example.com", name: "Alice", teamAdmin: false, applications: { [APP]: { environments: { Production: "read" } } } };

  it("check and diff send nothing", async () => {
    await provider.check({} as any, { email: "Alice@Example.com" } as any);
    await provider.diff("alice@example.com", { ...alice, name: "Alice" }, alice);
    expect(await admin.requests()).toEqual([]);
  });

  it("a missing token is a warning at check naming the config key and the variable, and fails create before any request", async () => {
    const warnings: string[] = [];
    provider = rolloutUserProvider(testContext({ "rollout:apiUrl": emulator.url }, {}, {}, (m) => warnings.push(m)), rollout);
    const result = await provider.check({} as any, { email: "a@b.io" } as any);
    expect(result.failures).toBeUndefined();
    expect(warnings).toEqual([expect.stringMatching(/'rollout:apiToken'.*ROLLOUT_API_TOKEN/)]);
    await expect(provider.create(present(result.inputs, "the inputs check returned"))).rejects.toThrow(/'rollout:apiToken'.*ROLLOUT_API_TOKEN/);
    expect(await admin.requests()).toEqual([]);
  });

  it("refuses a plain http URL that is not loopback, at check", async () => {
    useConfig({ "rollout:apiUrl": "http://rollout.example.com/public-api", "rollout:apiToken": TOKEN });
    const result = await provider.check({} as any, { email: "a@b.io" } as any);
    expect(JSON.stringify(result.failures)).toContain("rollout:apiUrl");
  });

  it("create, read, update, delete: one request each, plus the list that checks the creates; writes keep the list current; paced without a 555", async () => {
    const created = await provider.create(alice);
    expect(created).toMatchObject({ id: "alice@example.com", outs: { name: "Alice", teamAdmin: false } });

    const read = await provider.read("alice@example.com", created.outs);
    expect(read.props).toEqual(created.outs);

    const updated = await provider.update("alice@example.com", created.outs!, { ...alice, teamAdmin: true });
    expect(updated.outs).toMatchObject({ teamAdmin: true });
    const unchanged = await provider.update("alice@example.com", updated.outs!, { ...alice, teamAdmin: true });
    expect(unchanged.outs).toEqual(updated.outs);

    await provider.delete("alice@example.com", updated.outs!);
    const gone = await provider.read("alice@example.com", updated.outs);
    expect(gone.id).toBeUndefined();
    await provider.delete("alice@example.com", updated.outs!); // already gone: still fine

    const log = (await admin.requests()).map((r) => `${r.method} ${r.path} ${r.status}`);
    // The reads are answered by the list the create loaded, as the writes left it: no new list.
    expect(log).toEqual([
      "GET /public-api/users 200",
      "PUT /public-api/users 200",
      "PATCH /public-api/users/alice%40example.com 200",
      "DELETE /public-api/users/alice%40example.com 200",
      "DELETE /public-api/users/alice%40example.com 404",
    ]);
  });

  it("waits and retries when another client of the same IP used the second (555)", async () => {
    // Somebody else spends our IP's request for this second, right before the provider.
    await fetch(`${emulator.url}/users`, { headers: { authorization: `Bearer ${TOKEN}` } });
    const created = await provider.create(alice);
    expect(created.id).toBe("alice@example.com");
    const statuses = (await admin.requests()).map((r) => r.status);
    expect(statuses.filter((s) => s !== 555)).toEqual([200, 200, 200]);
  });

  it("a bad token gives a credentials message without the token", async () => {
    useConfig({ "rollout:apiUrl": emulator.url, "rollout:apiToken": "wrong-secret-token" });
    const err = await provider.create(alice).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(err).toBeInstanceOf(Error);
    expect(err!.message).toContain("401");
    expect(err!.message).toContain("rollout:apiToken");
    expect(err!.message).not.toContain("wrong-secret-token");
  });

  it("create adopts a member exactly as declared, refuses one that differs naming aliases then importId; adoption patches it", async () => {
    const first = await provider.create(alice);
    const before = (await admin.requests()).length;
    // The same member again (a create whose response was lost, or a killed run): adopted, nothing written.
    expect(await provider.create(alice)).toEqual(first);
    expect((await admin.requests()).slice(before)).toEqual([]);
    const err = await provider.create({ ...alice, name: "Other" }).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(err?.message).toMatch(/aliases.*importId: "alice@example.com"/);
    const adopted = await provider.create({ ...alice, name: "Adopted", importId: "alice@example.com" });
    expect(adopted.outs).toMatchObject({ name: "Adopted", importId: "alice@example.com" });
    const state = JSON.stringify(await admin.state());
    expect(state).toContain("Adopted");
  });

  it.each([
    ["a 500", { statuses: [500] }],
    ["a dropped connection", { dropConnection: true }],
  ])("a PATCH whose answer was lost (%s): the error says to run up again, and the rerun is rebuilt from the live member", async (_what, fault) => {
    const both: RolloutUserInputs = { ...alice, applications: { [APP]: { environments: { Production: "read" } }, "5f1175a8f8daa545e28c8aa3": { environments: { Staging: "write" } } } };
    const created = await provider.create(both);
    await admin.faults({ ...fault, when: "after", methods: ["PATCH"], count: 1 });
    const lost = await provider.update("alice@example.com", created.outs!, alice).catch((e: Error) => e);
    expect((lost as Error).message).toMatch(/^rollout: PATCH \/users\/alice%40example.com.*Run `pulumi up` again: the update is then rebuilt from the member as Rollout holds it/s);
    // The rerun starts from the same stored state, whose patch (remove of the second application) no longer applies.
    const rerun = await provider.update("alice@example.com", created.outs!, alice);
    expect(rerun.outs).toMatchObject({ applications: alice.applications });
    const log = (await admin.requests()).map((r) => `${r.method} ${r.path} ${r.status}`).filter((l) => !l.endsWith(" 555"));
    // The stale patch is refused (changing nothing), the member is read, and it already is as declared: no second PATCH.
    expect(log.slice(-2)).toEqual(["PATCH /public-api/users/alice%40example.com 400", "GET /public-api/users/alice%40example.com 200"]);
    expect((await admin.state()).users).toHaveLength(1);
  });
});

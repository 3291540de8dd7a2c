/**
 * RolloutTeam against the Rollout emulator (its 1 request/s limit off here; pacing is the
 * provider's own): turning it on removes nobody, a read lists who is not in code, an update
 * removes exactly the members the state listed (what the preview showed).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { ROLLOUT_DEV_TOKEN, startRolloutEmulator } from "../../emulators";
import { resetSharedHttp } from "../../provider/http";
import { rollout } from "../../provider/registry";
import { rolloutTeamProvider } from "../../provider/rollout/team/provider";
import type { RolloutTeamInputs } from "../../provider/rollout/team/types";
import { EmulatorAdmin } from "../support/emulators";
import { testContext } from "../support/services";
import { withOuts } from "../support/results";

let emulator: Awaited<ReturnType<typeof startRolloutEmulator>>;
let admin: EmulatorAdmin;
let team: ReturnType<typeof rolloutTeamProvider>;
const HEADERS = { authorization: `Bearer ${ROLLOUT_DEV_TOKEN}`, "content-type": "application/json" };
const put = (email: string) => fetch(`${emulator.url}/users`, { method: "PUT", headers: HEADERS, body: JSON.stringify({ email }) }).then((r) => r.text());
const live = async () => ((await admin.state()).users ?? Object.values(await admin.state())[0]).map((u: any) => u.email).sort();

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
  await admin.settings({ rateLimit: false });
  const context = testContext({ "rollout:apiUrl": emulator.url, "rollout:apiToken": ROLLOUT_DEV_TOKEN }, { rollout: { pacing: { kind: "none", key: "rollout-team-test" } } });
  team = rolloutTeamProvider(context, rollout);
});

describe("RolloutTeam", () => {
  it("check normalises the lists and names a bad e-mail", async () => {
    const ok = await team.check({} as any, { members: ["B@x.example", "a@x.example", "a@x.example"], keep: ["Owner@x.example"] } as any);
    expect(ok).toEqual({ inputs: { members: ["a@x.example", "b@x.example"], keep: ["owner@x.example"] } });
    const bad = await team.check({} as any, { members: ["a@x.example", "nope"], extra: 1 } as any);
    expect(bad.failures).toEqual([
      { property: "extra", reason: "unknown property 'extra'; expected members, keep" },
      { property: "members[1]", reason: '"nope" is not a valid e-mail address' },
    ]);
    expect(await admin.requests()).toEqual([]);
  });

  it("names on create, lists on read (outputs and inputs), removes on update only what a read listed, keeps `keep`", async () => {
    for (const email of ["ada@x.example", "owner@x.example", "mallory@x.example"]) await put(email);
    const stderr = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    try {
      const inputs: RolloutTeamInputs = { members: ["ada@x.example"], keep: ["owner@x.example"] };
      const created = withOuts(await team.create(inputs));
      // Only a read can write the state's inputs, which is what `preview --diff` shows: the
      // create names mallory but lists nobody for removal (issue 22, item 6).
      expect(created.outs.notInCode).toEqual([]);
      expect(await live()).toEqual(["ada@x.example", "mallory@x.example", "owner@x.example"]); // nobody removed yet
      expect(String(stderr.mock.calls.at(-1)?.[0])).toContain("RolloutTeam: 1 team member(s) are not in code: mallory@x.example. Nobody was removed");
      expect((await team.diff("rollout-team", created.outs, inputs)).changes).toBe(false);

      // A refresh lists mallory, in the outputs and in the inputs the preview diffs against.
      const listed = await team.read("rollout-team", created.outs);
      expect(listed.props?.notInCode).toEqual(["mallory@x.example"]);
      expect(listed.inputs).toEqual({ ...inputs, notInCode: ["mallory@x.example"] });
      // The preview's diff: a change, because someone is listed.
      expect((await team.diff("rollout-team", listed.props!, inputs)).changes).toBe(true);
      // Someone invited after the read is not in the state's list: named, not removed.
      await put("late@x.example");
      const updated = withOuts(await team.update("rollout-team", listed.props!, inputs));
      expect(await live()).toEqual(["ada@x.example", "late@x.example", "owner@x.example"]);
      expect(updated.outs.notInCode).toEqual([]);
      expect(String(stderr.mock.calls.at(-1)?.[0])).toContain("RolloutTeam: 1 team member(s) are not in code: late@x.example. Nobody was removed");

      const read = await team.read("rollout-team", updated.outs);
      expect(read.props?.notInCode).toEqual(["late@x.example"]);
      const sent = (await admin.requests()).map((r) => `${r.method} ${r.path}`);
      expect(sent.filter((r) => r.startsWith("DELETE"))).toEqual(["DELETE /public-api/users/mallory%40x.example"]);

      // Nothing listed and the lists unchanged: no change.
      expect((await team.diff("rollout-team", { ...inputs, notInCode: [] }, inputs)).changes).toBe(false);
      // Removing the team resource removes nobody.
      await team.delete("rollout-team", updated.outs);
      expect(await live()).toEqual(["ada@x.example", "late@x.example", "owner@x.example"]);
    } finally {
      stderr.mockRestore();
    }
  });
});

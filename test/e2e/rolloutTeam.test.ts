/**
 * The opt-in authoritative RolloutTeam, end to end with the real CLI on the Rollout emulator
 * (its 1 request/s limit on): turning it on removes nobody and names who is not in code;
 * `preview --refresh` names whom `up` would remove; `up --refresh` removes exactly them.
 */
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EmulatorAdmin, requestsSince, startEmulators, type RunningEmulators } from "../support/emulators";
import { createTestStack, repoRoot, type TestStack } from "../support/stack";
import { seedByHand } from "../support/seed";

let emu: RunningEmulators;
let admin: EmulatorAdmin;
let t: TestStack;

beforeAll(async () => {
  emu = await startEmulators({ log: () => {} });
  admin = new EmulatorAdmin(emu.adminUrls.rollout);
  t = await createTestStack({
    workDir: path.join(repoRoot, "test/e2e/programs/rollout-users"),
    config: {
      "rollout:apiUrl": emu.urls.rollout,
      "rollout-users:users": JSON.stringify({ ada: { email: "ada@example.com", name: "Ada" } }),
      "rollout-users:team": JSON.stringify({ keep: ["owner@example.com"] }),
    },
    secretConfig: { "rollout:apiToken": "dev-rollout-token" },
  });
}, 120_000);
afterAll(async () => {
  await t?.dispose({ destroy: false }); // the emulators stop next, and their records with them
  await emu?.stop();
});

const members = async (): Promise<string[]> => ((await admin.state()).users ?? Object.values(await admin.state())[0]).map((u: any) => u.email).sort();

describe("RolloutTeam (real CLI, Rollout emulator)", () => {
  it("an authoritative RolloutTeam: its preview lists who up would remove, and up removes exactly them", async () => {
    await seedByHand(emu, "rollout", [{ email: "mallory@example.com" }, { email: "owner@example.com" }]);
    // Turning it on removes nobody; it names who is not in code.
    const on = await t.stack.up();
    expect(on.summary.resourceChanges).toMatchObject({ create: 3 }); // the stack, ada, the team
    expect(on.stdout + on.stderr).toContain("RolloutTeam: 1 team member(s) are not in code: mallory@example.com");
    expect(await members()).toEqual(["ada@example.com", "mallory@example.com", "owner@example.com"]);

    // The preview: the team is an update, and the refresh names whom that update removes.
    const preview = await t.stack.preview({ refresh: true, diff: true });
    expect(preview.changeSummary).toMatchObject({ update: 1 });
    expect(preview.stdout + preview.stderr, preview.stdout).toContain("RolloutTeam: 1 team member(s) are not in code: mallory@example.com. The next `pulumi up` removes them");

    let mark = (await admin.requests()).length;
    await t.stack.up({ refresh: true });
    const sent = (await requestsSince(admin, mark)).filter((r) => r.status !== 555);
    expect(sent.filter((r) => r.method !== "GET").map((r) => `${r.method} ${r.path}`)).toEqual(["DELETE /public-api/users/mallory%40example.com"]);
    expect(await members()).toEqual(["ada@example.com", "owner@example.com"]);
    mark = (await admin.requests()).length;
    await t.stack.preview({ expectNoChanges: true });
    expect(await requestsSince(admin, mark)).toEqual([]);
  }, 600_000);
});

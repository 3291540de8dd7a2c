/**
 * `adopt --out FILE --force` run again after new members appeared (issue 22, item 7), end
 * to end with the real CLI: adopt 4 members, `up`, 2 more invited by hand, adopt again over
 * the same file. The file must still declare all 6, with the 4 under their old names and as
 * the user left them, and the next `up` must delete nothing: the emulator still holds 6
 * members and received no DELETE.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adoptProject, read, runBin, typeErrors } from "../support/adopt";
import { EmulatorAdmin, startEmulators, type RunningEmulators } from "../support/emulators";
import { seedByHand } from "../support/seed";
import { APP } from "../support/rollout/handMade";
import { createTestStack, type TestStack } from "../support/stack";

let emu: RunningEmulators;
let admin: EmulatorAdmin;
let project: { dir: string; dispose(): void };
let t: TestStack;

const members = async (): Promise<string[]> => {
  const records: Array<{ email?: string }> = Object.values(await admin.state()).flat();
  return records.map((u) => String(u.email)).sort();
};

beforeAll(async () => {
  emu = await startEmulators({ log: () => {} });
  admin = new EmulatorAdmin(emu.adminUrls.rollout);
  await admin.settings({ rateLimit: false });
  await seedByHand(emu, "rollout", [
    { email: "ada@example.com", name: "Ada Lovelace", teamAdmin: true, applications: { [APP]: { environments: { Production: "write" } } } },
    { email: "grace@example.com", name: "Grace Hopper" },
    { email: "linus@partner.example" },
    { email: "margaret@example.com", name: "Margaret Hamilton", applications: { [APP]: { environments: { Staging: "read" } } } },
  ]);
  project = adoptProject("adopt-rerun", ["team.adopted"]);
  t = await createTestStack({
    workDir: project.dir,
    config: { "rollout:apiUrl": emu.urls.rollout },
    secretConfig: { "rollout:apiToken": "dev-rollout-token" },
    env: { PULUMI_ROLLOUT_CRM_UNPACED: "rollout" },
  });
}, 180_000);

afterAll(async () => {
  await t?.dispose({ destroy: false }); // the emulators stop next, and their records with them
  project?.dispose();
  await emu?.stop();
});

describe("adopt --force again after new members appeared (real CLI)", () => {
  it("keeps the 4 adopted before, adds the 2 new ones, and the next up deletes nothing", async () => {
    const adopt = () => runBin(t, ["adopt", "rollout", "--stack", t.stack.name, "--out", "team.adopted.ts", "--force"], project.dir);
    const first = await adopt();
    expect(first.code, first.stderr).toBe(0);
    expect((await t.stack.up()).summary.resourceChanges).toEqual({ create: 5 });
    expect(await members()).toHaveLength(4);

    // The reviewer's edit: Grace's name is left to Rollout from now on.
    const { readFileSync, writeFileSync } = await import("node:fs");
    const file = `${project.dir}/team.adopted.ts`;
    writeFileSync(file, readFileSync(file, "utf8").replace(', name: "Grace Hopper"', ""));
    await seedByHand(emu, "rollout", [{ email: "mallory@example.com", name: "Mallory" }, { email: "trent@example.com", teamAdmin: true }]);

    const again = await adopt();
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toContain("team.adopted.ts exists: its 4 record(s) stay in the code, new ones are added");
    expect(again.stderr).toContain("6 team member(s) (4 kept from the existing module, 2 new) to adopt; 0 skipped");
    const text = read(project.dir, "team.adopted.ts");
    const resources = [...text.matchAll(/resource: "([^"]+)"/g)].map((m) => m[1]);
    expect(resources).toEqual(["ada", "grace", "linus", "mallory", "margaret", "trent"]);
    expect(text).toContain('{ resource: "grace", member: { email: "grace@example.com" } }');
    expect(typeErrors(project.dir)).toBe("");

    const mark = (await admin.requests()).length;
    const up = await t.stack.up();
    expect(up.summary.resourceChanges).toEqual({ create: 2, same: 5 });
    const sent = (await admin.requests()).slice(mark);
    expect(sent.filter((r) => r.method !== "GET").map((r) => `${r.method} ${r.path}`)).toEqual([]);
    expect(await members()).toEqual(["ada@example.com", "grace@example.com", "linus@partner.example", "mallory@example.com", "margaret@example.com", "trent@example.com"]);

    // A third run changes nothing: the same six, the same text.
    const third = await adopt();
    expect(third.code, third.stderr).toBe(0);
    expect(third.stderr).toContain("6 team member(s) (6 kept from the existing module, 0 new) to adopt; 0 skipped");
    expect(read(project.dir, "team.adopted.ts").replace(/6 kept/, "4 kept")).toBe(text);
  }, 900_000);
});

/**
 * adopt at scale, one lean run each: 200 Rollout members with the emulator's 1 request/s
 * limit on, and 1,000 RogerRoger people with RogerRoger's limit off (test/support/adoptScale.ts,
 * also `npm run bench:adopt`). adopt, the first up (reads only, every record into the state),
 * `preview --expect-no-changes`. The requests and times are printed for the README.
 */
import { rmSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { adoptProject, runBin } from "../support/adopt";
import { EmulatorAdmin, startEmulators, type RunningEmulators } from "../support/emulators";
import { createTestStack, type TestStack } from "../support/stack";
import { seedByHand } from "../support/seed";
import { APP } from "../support/rollout/handMade";
import { runAdoptScale, scaleReport } from "../support/adoptScale";

let emu: RunningEmulators | undefined;
let t: TestStack | undefined;
let project: { dir: string; dispose(): void } | undefined;

// No destroy: the emulators are thrown away, and deleting 200 members at 1 request/s would
// take longer than the test. The stack and its state folder go.
afterEach(async () => {
  if (t) {
    await t.stack.workspace.removeStack(t.stack.name, { force: true }).catch(() => undefined);
    rmSync(t.stateDir, { recursive: true, force: true });
  }
  project?.dispose();
  await emu?.stop();
  t = project = emu = undefined;
}, 120_000);

const seconds = (since: number) => ((Date.now() - since) / 1000).toFixed(1);

describe("adopt at scale (real CLI)", () => {
  it("200 Rollout members, rate limit on: adopt and the first up each cost one list request", async () => {
    emu = await startEmulators({ log: () => {} });
    const admin = new EmulatorAdmin(emu.adminUrls.rollout);
    await admin.settings({ rateLimit: false });
    const members = Array.from({ length: 200 }, (_, i) => ({
      email: `member${String(i).padStart(3, "0")}@example.com`,
      name: `Member ${i}`,
      teamAdmin: i % 50 === 0,
      applications: i % 2 === 0 ? { [APP]: { environments: { Production: i % 4 === 0 ? "write" : "read" } } } : {},
    }));
    await seedByHand(emu, "rollout", members);
    await admin.settings({ rateLimit: true });

    project = adoptProject("adopt-scale-rollout", ["team.adopted"]);
    t = await createTestStack({ workDir: project.dir, config: { "rollout:apiUrl": emu.urls.rollout }, secretConfig: { "rollout:apiToken": "dev-rollout-token" } });
    let mark = (await admin.requests()).length;
    let started = Date.now();
    const adopt = await runBin(t, ["adopt", "rollout", "--stack", t.stack.name, "--out", "team.adopted.ts"], project.dir);
    expect(adopt.code, adopt.stderr).toBe(0);
    const adoptTime = seconds(started);
    const adoptSent = (await admin.requests()).slice(mark);
    expect(adoptSent.map((r) => `${r.method} ${r.path}`)).toEqual(["GET /public-api/users"]);

    mark = (await admin.requests()).length;
    started = Date.now();
    const up = await t.stack.up();
    const upTime = seconds(started);
    expect(up.summary.resourceChanges).toEqual({ create: 201 });
    const upSent = (await admin.requests()).slice(mark);
    expect(upSent.filter((r) => r.method !== "GET")).toEqual([]);
    expect(upSent.filter((r) => r.status !== 200 && r.status !== 555)).toEqual([]);
    expect((await t.resources()).filter((r) => r.type.endsWith("rollout:User"))).toHaveLength(200);

    started = Date.now();
    mark = (await admin.requests()).length;
    await t.stack.preview({ expectNoChanges: true });
    const previewTime = seconds(started);
    expect((await admin.requests()).slice(mark)).toEqual([]);
    console.log(
      `adopt scale, 200 Rollout members (1 request/s on): adopt ${adoptSent.length} request(s) in ${adoptTime} s; ` +
        `first up ${upSent.length} request(s) (${upSent.filter((r) => r.status === 555).length} answered 555), 0 writes, in ${upTime} s; ` +
        `preview --expect-no-changes 0 requests in ${previewTime} s`,
    );
    // One list serves the adoptions; the snapshot may be reloaded once if the up outlasts its 30 s.
    expect(upSent.filter((r) => r.status === 200).length).toBeLessThanOrEqual(4);
  }, 900_000);

  it("1,000 RogerRoger people, rate limit off: adopt, the first up with reads only, preview and drift report clean", async () => {
    const run = await runAdoptScale(1000);
    console.log(scaleReport(run));
    expect(run.failures).toEqual([]);
    const [adopt, up] = run.steps;
    // adopt pages the list (30 a page); the first up's adoptions read the same pages as a
    // refresh does (the batched list reader), plus a few single GETs: far from one per person.
    expect(adopt!.sent).toHaveLength(34);
    expect(up!.sent.length).toBeLessThanOrEqual(100);
  }, 1_200_000);
});

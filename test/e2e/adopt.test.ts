/**
 * The adoption contract, end to end with the real CLI on all four services: records made by
 * hand through the emulators' APIs; `adopt` writes a module per service; the module compiles
 * under `tsc --strict` with Pulumi's template tsconfig; the first `pulumi up` sends reads only
 * (no create, no write) and puts every record in the state; `preview --expect-no-changes`
 * passes and the drift report exits 0; a second `adopt` skips what the stack now manages.
 * The emulators' rate limits are on for everything after the seeding.
 */
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adoptProject, read, runBin, typeErrors } from "../support/adopt";
import { EmulatorAdmin, startEmulators, type RequestLogEntry, type RunningEmulators } from "../support/emulators";
import { createTestStack, type TestStack } from "../support/stack";
import { seedByHand } from "../support/seed";
import { handMadeMembers } from "../support/rollout/handMade";
import { handMadeRogerRogerPeople } from "../support/rogerroger/handMade";
import { handMadeOutsetaPeople } from "../support/outseta/handMade";
import { handMadeRolloutCrmPeople } from "../support/rolloutCrm/handMade";

const SERVICES = ["rollout", "rogerroger", "outseta", "rolloutCrm"] as const;
let emu: RunningEmulators;
let admins: Record<(typeof SERVICES)[number], EmulatorAdmin>;
let project: { dir: string; dispose(): void };
let t: TestStack;
const ids: Record<string, string[]> = {};

async function marks(): Promise<Record<string, number>> {
  return Object.fromEntries(await Promise.all(SERVICES.map(async (s) => [s, (await admins[s].requests()).length])));
}
async function sentSince(mark: Record<string, number>): Promise<Record<string, RequestLogEntry[]>> {
  return Object.fromEntries(await Promise.all(SERVICES.map(async (s) => [s, (await admins[s].requests()).slice(mark[s])])));
}

beforeAll(async () => {
  emu = await startEmulators({ log: () => {} });
  admins = Object.fromEntries(SERVICES.map((s) => [s, new EmulatorAdmin(emu.adminUrls[s])])) as typeof admins;
  // Seeding is the hand-made part: quick with the limits off; they go back on before adopt.
  for (const s of SERVICES) await admins[s].settings({ rateLimit: false });
  await seedByHand(emu, "rollout", handMadeMembers);
  ids.rogerroger = await seedByHand(emu, "rogerroger", handMadeRogerRogerPeople);
  ids.outseta = await seedByHand(emu, "outseta", handMadeOutsetaPeople);
  ids.rolloutCrm = await seedByHand(emu, "rolloutCrm", handMadeRolloutCrmPeople);
  for (const s of SERVICES) await admins[s].settings({ rateLimit: true });

  project = adoptProject("adopt-e2e", ["rollout.adopted", "rogerroger.adopted", "outseta.adopted", "rolloutCrm.adopted"]);
  t = await createTestStack({
    workDir: project.dir,
    config: {
      "rollout:apiUrl": emu.urls.rollout,
      "rogerroger:apiUrl": emu.urls.rogerroger,
      "outseta:apiUrl": emu.urls.outseta,
      "rolloutCrm:apiUrl": emu.urls.rolloutCrm,
      "rolloutCrm:credentialsUrl": emu.urls.rolloutCrmCredentials,
    },
    // Secrets: adopt must read them decrypted, as the provider's configure gets them.
    secretConfig: {
      "rollout:apiToken": "dev-rollout-token",
      "rogerroger:apiKey": "dev-rogerroger-key",
      "outseta:apiKey": "dev-outseta-key",
      "outseta:secretKey": "dev-outseta-secret",
      "rolloutCrm:authToken": "dev-rollout-crm-token",
    },
  });
}, 180_000);

afterAll(async () => {
  await t?.dispose({ destroy: false }); // the emulators stop next, and their records with them
  project?.dispose();
  await emu?.stop();
});

describe("adopt, end to end on the four services (real CLI, rate limits on)", () => {
  it("adopts every hand-made record with reads only; preview and the drift report are then clean", async () => {
    // 1. adopt, one module per service; only GETs reach the services.
    let mark = await marks();
    const runs = [];
    for (const [service, extra] of [["rollout", []], ["rogerroger", ["--with-notes"]], ["outseta", []], ["rolloutCrm", []]] as const) {
      const run = await runBin(t, ["adopt", service, "--stack", t.stack.name, "--out", `${service}.adopted.ts`, ...extra], project.dir);
      expect(run.stderr, `adopt ${service}`).toContain("0 skipped (already in the state");
      expect(run.code, `adopt ${service}: ${run.stderr}`).toBe(0);
      runs.push(run);
    }
    let sent = await sentSince(mark);
    for (const s of SERVICES) expect(sent[s].filter((r) => r.method !== "GET"), s).toEqual([]);
    expect(runs[1].stderr).toMatch(/rogerroger: read page 1 of 1 \(3 people, 3 in all\)/);
    expect(runs[1].stderr).toContain("3 person(s) and 1 note(s) to adopt");

    const rollout = read(project.dir, "rollout.adopted.ts");
    expect(rollout).toContain('resource: "ada"');
    expect(rollout).toMatch(/email: "ada@example.com",\s+name: "Ada Lovelace",\s+teamAdmin: true,/);
    expect(rollout.indexOf('"ada"')).toBeLessThan(rollout.indexOf('"grace"'));
    const rogerroger = read(project.dir, "rogerroger.adopted.ts");
    // Two Tesses: the e-mail's domain tells them apart.
    expect(rogerroger).toContain('resource: "rogerroger-tess-example-com"');
    expect(rogerroger).toContain('resource: "rogerroger-tess-partner-example"');
    expect(rogerroger).toContain('resource: "rogerroger-nomail"');
    expect(rogerroger).toContain('"rogerroger-tess-example-com-demo-script"');
    expect(rogerroger).toContain(`id: "${ids.rogerroger[0]}"`);

    // 2. The modules compile as a user's program: tsc --strict, Pulumi's template tsconfig.
    expect(typeErrors(project.dir)).toBe("");

    // 3. The first up adopts: every record into the state, reads only.
    mark = await marks();
    const up = await t.stack.up();
    expect(up.summary.resourceChanges).toEqual({ create: 3 + 4 + 2 + 2 + 1 }); // the records and the stack
    sent = await sentSince(mark);
    for (const s of SERVICES) {
      expect(sent[s].filter((r) => r.method !== "GET"), `${s}: no create, no write`).toEqual([]);
      expect(sent[s].filter((r) => r.status >= 400 && r.status !== 429 && r.status !== 555), s).toEqual([]);
    }
    console.log(`adopt e2e: the first up sent ${SERVICES.map((s) => `${s} ${sent[s].length} GET`).join(", ")}`);
    expect(sent.rollout.filter((r) => r.status === 200).map((r) => r.path)).toEqual(["/public-api/users"]); // one list for the whole team
    const resources = await t.resources();
    const liveIds = [...ids.rogerroger, ...ids.outseta, ...ids.rolloutCrm, "ada@example.com", "grace@example.com", "linus@partner.example"];
    expect(resources.map((r) => r.id)).toEqual(expect.arrayContaining(liveIds));

    // 4. Nothing to change, and the drift report agrees (exit 0).
    mark = await marks();
    await t.stack.preview({ expectNoChanges: true });
    sent = await sentSince(mark);
    expect(Object.values(sent).flat()).toEqual([]);
    const drift = await runBin(t, ["drift", "--stack", t.stack.name], project.dir);
    expect(drift.stdout + drift.stderr).toContain(`No drift: the 11 records of stack '${t.stack.name}' match the code.`);
    expect(drift.code).toBe(0);

    // 5. adopt again: everything is in the state now, so nothing is left to adopt.
    const again = await runBin(t, ["adopt", "rogerroger", "--stack", t.stack.name, "--out", path.join(project.dir, "more.ts")], project.dir);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toContain("0 person(s) to adopt; 3 skipped (already in the state");
    // Nothing the stack holds was ever written: the services hold exactly what was made by hand.
    const state = await admins.rogerroger.state();
    expect(JSON.stringify(state)).toContain("Head of Purchasing");

    // 6. Members not in code: someone invited by hand shows up in the drift report (exit 2).
    await seedByHand(emu, "rollout", [{ email: "mallory@example.com", name: "Mallory" }]);
    const [late] = await seedByHand(emu, "rogerroger", [{ givenName: "Late", familyName: "Comer", emailAddresses: [{ email: "late@example.com" }] }]);
    const unmanaged = await runBin(t, ["drift", "--stack", t.stack.name, "--unmanaged", "rollout,rogerroger", "--json"], project.dir);
    expect(unmanaged.code, unmanaged.stderr).toBe(2);
    const rows = JSON.parse(unmanaged.stdout).rows;
    expect(rows.map((r: any) => [r.resource, r.type, r.cause, r.live])).toEqual([
      ["Late Comer <late@example.com>", "crm:Person", "not in code", `exists (rogerroger id ${late})`],
      ["mallory@example.com", "rollout:User", "not in code", "exists"],
    ]);
    // Without --unmanaged, records outside the code are not the report's business.
    expect((await runBin(t, ["drift", "--stack", t.stack.name], project.dir)).code).toBe(0);
  }, 900_000);
});

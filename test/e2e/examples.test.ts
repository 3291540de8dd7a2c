/**
 * The examples' stack (root Pulumi.yaml → examples/) with the real Pulumi CLI against the
 * emulators: up, a no-change preview, the drift report's three exit codes and its table,
 * destroy, and nothing left in the emulators.
 */
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CRM_DEV_CLIENT_ID,
  CRM_DEV_CLIENT_SECRET,
  OUTSETA_DEV_KEY,
  OUTSETA_DEV_SECRET,
  ROGERROGER_DEV_KEY,
  ROLLOUT_DEV_TOKEN,
  startEmulators,
  type RunningEmulators,
} from "../../emulators";
import { EmulatorAdmin, byHand } from "../support/emulators";
import { createTestStack, pulumiEnv, repoRoot, type TestStack } from "../support/stack";
import { runCommand, type CommandResult } from "../support/command";

let emulators: RunningEmulators;
let t: TestStack;

/** Runs the package's bin as a user would, with the stack's backend and passphrase. */
function driftReport(...args: string[]): Promise<CommandResult> {
  const env = { ...process.env, ...pulumiEnv(t.stateDir, { PULUMI_HOME: path.join(t.stateDir, ".pulumi-home") }) };
  return runCommand(process.execPath, [path.join(repoRoot, "dist/cli/main.js"), "drift", ...args], { cwd: repoRoot, env });
}

async function storedRecords(): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const [service, adminUrl] of Object.entries(emulators.adminUrls)) {
    const state = await new EmulatorAdmin(adminUrl).state();
    for (const [collection, records] of Object.entries(state)) {
      if (Array.isArray(records) && records.length > 0) counts[`${service}.${collection}`] = records.length;
    }
  }
  return counts;
}

beforeAll(async () => {
  emulators = await startEmulators({ log: () => {} });
  t = await createTestStack({
    workDir: repoRoot,
    stackName: `examples-${Date.now().toString(36)}`,
    config: {
      "rollout:apiUrl": emulators.urls.rollout,
      "rogerroger:apiUrl": emulators.urls.rogerroger,
      "outseta:apiUrl": emulators.urls.outseta,
      "rolloutCrm:apiUrl": emulators.urls.rolloutCrm,
      "rolloutCrm:credentialsUrl": emulators.urls.rolloutCrmCredentials,
      "rolloutCrm:clientId": CRM_DEV_CLIENT_ID,
      "rolloutCrm:userId": "e2e-user",
    },
    secretConfig: {
      "rollout:apiToken": ROLLOUT_DEV_TOKEN,
      "rogerroger:apiKey": ROGERROGER_DEV_KEY,
      "outseta:apiKey": OUTSETA_DEV_KEY,
      "outseta:secretKey": OUTSETA_DEV_SECRET,
      "rolloutCrm:clientSecret": CRM_DEV_CLIENT_SECRET,
    },
  });
});
afterAll(async () => {
  await t?.dispose({ destroy: false }); // the emulators stop next, and their records with them
  await emulators?.stop();
});

describe("the examples' stack, real CLI", () => {
  it("applies, previews clean, reports drift with exit codes 0/2/1, and destroys to nothing", async () => {
    const up = await t.stack.up();
    // 3 team members, 4 CRM people (2 RogerRoger, 1 Outseta, 1 Universal CRM), 2 notes.
    expect(up.summary.resourceChanges).toEqual({ create: 10 });
    expect(Object.keys(up.outputs.teamMembers.value).sort()).toEqual(["ada", "grace", "linus"]);
    expect(Object.keys(up.outputs.crmPeople.value).sort()).toEqual(["demo-buyer", "partner-contact", "test-lead", "trial-user"]);
    expect(await storedRecords()).toEqual({ "rollout.users": 3, "rogerroger.people": 2, "rogerroger.notes": 2, "outseta.people": 1, "rolloutCrm.people": 1 });

    const before = (await new EmulatorAdmin(emulators.adminUrls.rollout).requests()).length;
    await t.stack.preview({ expectNoChanges: true });
    expect((await new EmulatorAdmin(emulators.adminUrls.rollout).requests()).length, "a preview sends no request").toBe(before);

    // No drift: exit 0.
    const clean = await driftReport("--stack", t.stack.name);
    expect(clean.stderr).toBe("");
    expect(clean.stdout).toBe(`No drift: the 9 records of stack '${t.stack.name}' match the code.\n`);
    expect(clean.code).toBe(0);

    // Hand edits through the APIs, as a person in a console makes them.
    const grace = "grace@example.com";
    await byHand(`${emulators.urls.rollout}/users/${grace}`, "PATCH", { authorization: `Bearer ${ROLLOUT_DEV_TOKEN}`, "content-type": "application/json" }, [
      { op: "replace", path: "/applications/5f1d7c2a9e3b4a6d8c0e1f23/environments/Production", value: "write" },
    ]);
    const buyerId = up.outputs.crmPeople.value["demo-buyer"];
    await byHand(`${emulators.urls.rogerroger}/people/${buyerId}`, "PATCH", { "x-api-key": ROGERROGER_DEV_KEY, "content-type": "application/merge-patch+json" }, { jobTitle: "Buyer" });
    const partnerId = up.outputs.crmPeople.value["partner-contact"];
    const termsId = up.outputs.crmNotes.value["partner-contact-terms"];
    await byHand(`${emulators.urls.rogerroger}/people/${partnerId}/notes/${termsId}`, "DELETE", { "x-api-key": ROGERROGER_DEV_KEY });

    // Drift: exit 2, one row per drifted field.
    const drifted = await driftReport("--stack", t.stack.name);
    expect(drifted.code).toBe(2);
    const lines = drifted.stdout.trimEnd().split("\n");
    expect(lines.slice(0, 4).map((line) => line.trim().split(/\s{2,}/))).toEqual([
      ["RESOURCE", "FIELD", "IN CODE", "LIVE", "CAUSE"],
      ["demo-buyer (crm:Person)", "jobTitle", "Head of Purchasing", "Buyer", "edited outside Pulumi"],
      ["grace (rollout:User)", "applications.5f1d7c2a9e3b4a6d8c0e1f23.environments.Production", "read", "write", "edited outside Pulumi"],
      ["partner-contact-terms (crm:PersonNote)", "(record)", "exists", "absent", "deleted outside Pulumi"],
    ]);
    expect(lines.at(-1)).toBe(`Drift: 2 fields of 2 records and 1 whole record differ from the code (9 records checked in stack '${t.stack.name}').`);

    const json = await driftReport("--stack", t.stack.name, "--json");
    expect(json.code).toBe(2);
    expect(JSON.parse(json.stdout)).toMatchObject({ stack: t.stack.name, recordsChecked: 9, drift: true, rows: [{ resource: "demo-buyer" }, { resource: "grace" }, { resource: "partner-contact-terms", op: "create" }] });

    // The report changed nothing: the hand edit is still live and the state still the code's.
    const graceLive = await byHand(`${emulators.urls.rollout}/users`, "GET", { authorization: `Bearer ${ROLLOUT_DEV_TOKEN}` });
    expect(JSON.stringify(graceLive)).toContain('"Production":"write"');

    // Error: exit 1 with the CLI's own message, and no credential in any output.
    const missing = await driftReport("--stack", "no-such-stack");
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("no stack named 'no-such-stack' found");
    for (const out of [clean, drifted, json, missing]) {
      for (const secret of [ROLLOUT_DEV_TOKEN, ROGERROGER_DEV_KEY, OUTSETA_DEV_SECRET, CRM_DEV_CLIENT_SECRET]) {
        expect(out.stdout + out.stderr).not.toContain(secret);
      }
    }

    // Correct the drift (the deleted note is created again), then destroy: nothing left in any emulator.
    const corrected = await t.stack.up({ refresh: true });
    expect(corrected.summary.resourceChanges).toMatchObject({ update: 2, create: 1 });
    expect((await driftReport("--stack", t.stack.name)).code).toBe(0);
    const destroy = await t.stack.destroy();
    expect(destroy.summary.resourceChanges).toEqual({ delete: 10 });
    expect(await storedRecords()).toEqual({});
  }, 300_000);
});

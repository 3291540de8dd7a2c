/**
 * The drift report and `review --refresh` read the records with the *current* stack config,
 * not the configuration the last `up` saved in the state's default provider: after a URL
 * change they read the new account, and after a credential change they use the new
 * credential (here one the API refuses, so using it shows); so does `pulumi refresh
 * --run-program`. Real CLI, two emulators.
 * Also: a typo in a config key is warned about at preview, naming the nearest known key.
 */
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROGERROGER_DEV_KEY, startRogerRogerEmulator, type RunningService } from "../../emulators";
import { failureText, setCrmRecords } from "../support/crm";
import { EmulatorAdmin } from "../support/emulators";
import { runCommand } from "../support/command";
import { createTestStack, pulumiEnv, repoRoot, type TestStack } from "../support/stack";

const PROGRAM = path.join(repoRoot, "test/e2e/programs/crm");
let first: RunningService;
let second: RunningService;
let t: TestStack;

function cli(...args: string[]) {
  const env = { ...process.env, ...pulumiEnv(t.stateDir, { PULUMI_HOME: path.join(t.stateDir, ".pulumi-home") }) };
  return runCommand(process.execPath, [path.join(repoRoot, "dist/cli/main.js"), ...args, "--stack", t.stack.name, "--cwd", PROGRAM], { cwd: repoRoot, env });
}

beforeAll(async () => {
  [first, second] = await Promise.all([startRogerRogerEmulator({ log: () => {} }), startRogerRogerEmulator({ log: () => {} })]);
  for (const emu of [first, second]) await new EmulatorAdmin(emu.adminUrl).reset({ rateLimit: false });
  t = await createTestStack({
    workDir: PROGRAM,
    stackName: `crm-cfg-${Date.now().toString(36)}`,
    // A typo of a setting's key: warned about, with the nearest known key.
    config: { "rogerroger:apiUrl": first.url, "rogerroger:apiURL": "http://typo.example" },
    secretConfig: { "rogerroger:apiKey": ROGERROGER_DEV_KEY },
  });
});
afterAll(async () => {
  await t?.dispose({ destroy: false }); // the emulators stop next, and their records with them
  await Promise.all([first?.stop(), second?.stop()]);
});

describe("refresh with the current config, real CLI", () => {
  it("the drift report and review --refresh follow a URL change and a credential change without an up", async () => {
    await setCrmRecords(t, { rr: { crm: "rogerroger", familyName: "Roe", jobTitle: "CEO" } });
    await t.stack.up();
    const preview = await t.stack.preview();
    expect(preview.stdout).toContain("the stack config 'rogerroger:apiURL' is not a setting of this provider and is ignored; did you mean 'rogerroger:apiUrl'?");
    // One warning for the program run (the display repeats it under "Diagnostics:").
    expect(preview.stdout.split("Diagnostics:")[1].match(/rogerroger:apiURL' is not a setting/g)).toHaveLength(1);
    const [a, b] = [new EmulatorAdmin(first.adminUrl), new EmulatorAdmin(second.adminUrl)];
    expect((await cli("drift")).code).toBe(0);

    // The stack now points at another account (the second emulator), where the person is not.
    await t.stack.setConfig("rogerroger:apiUrl", { value: second.url });
    await a.since();
    await b.since();
    const drift = await cli("drift");
    expect(drift.stderr).toBe("");
    expect(drift.code).toBe(2);
    expect(drift.stdout).toMatch(/^rr \(crm:Person\) +\(record\) +exists +absent +deleted outside Pulumi$/m);
    const review = await cli("review", "--refresh");
    expect(review.code).toBe(0);
    expect(review.stdout).toContain("#### Changed outside the code (1 record)");
    expect(review.stdout).toContain("  - deleted outside Pulumi: up creates it again");
    expect(await a.since(), "nothing read from the URL of the last up").toEqual([]);
    expect((await b.since()).every((line) => line.startsWith("GET /people"))).toBe(true);

    // Back on the first account with a new credential (one it refuses): the report uses it and says so.
    await t.stack.setAllConfig({ "rogerroger:apiUrl": { value: first.url }, "rogerroger:apiKey": { value: "rotated-not-accepted", secret: true } });
    const refused = await cli("drift");
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/rogerroger.*GET \/people.*401/s);
    expect(refused.stderr).not.toContain("rotated-not-accepted");
    expect((await a.since()).every((line) => line.endsWith(" 401"))).toBe(true);
    // Pulumi's own refresh with --run-program uses it too (README, "Credential rotation").
    const refresh = await failureText(t.stack.refresh({ runProgram: true }));
    expect(refresh).toMatch(/rogerroger: GET \/people.*401/);
    expect(refresh).not.toContain("rotated-not-accepted");
    const refreshed = await a.since();
    expect(refreshed.length).toBeGreaterThan(0);
    expect(refreshed.every((line) => line.endsWith(" 401"))).toBe(true);

    await t.stack.setConfig("rogerroger:apiKey", { value: ROGERROGER_DEV_KEY, secret: true });
    expect((await cli("drift")).code).toBe(0);
  }, 300_000);
});

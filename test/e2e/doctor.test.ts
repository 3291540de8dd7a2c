/**
 * `pulumi-rollout-crm doctor --stack S` as a user runs it (the package's bin, the real
 * Pulumi CLI): the settings come from the stack's config, secrets decrypted but never shown.
 */
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulators, type RunningEmulators } from "../support/emulators";
import { runBin } from "../support/adopt";
import { createTestStack, repoRoot, type TestStack } from "../support/stack";

const workDir = path.join(repoRoot, "test/e2e/programs/crm");
let emu: RunningEmulators;
let t: TestStack;

beforeAll(async () => {
  emu = await startEmulators();
  t = await createTestStack({
    workDir,
    stackName: `doctor-${Date.now().toString(36)}`,
    config: { "rogerroger:apiUrl": emu.urls.rogerroger, "outseta:apiUrl": emu.urls.outseta },
    secretConfig: { "rogerroger:apiKey": "dev-rogerroger-key", "outseta:apiKey": "dev-outseta-key", "outseta:secretKey": "dev-outseta-secret" },
  });
}, 120_000);
afterAll(async () => {
  await t?.dispose({ destroy: false }); // the emulators stop next, and their records with them
  await emu?.stop();
});

interface Row {
  service: string;
  configured: boolean;
  usable: boolean;
  settings: Array<{ key: string; from: string }>;
  checks: Array<{ check: string; status: string; detail: string; next?: string }>;
}

describe("doctor --stack", () => {
  it("reads the stack's config: the configured services usable, exit 0, settings 'config', no secret shown", async () => {
    const r = await runBin(t, ["doctor", "--stack", t.stack.name, "--json"], workDir);
    expect(r.code, r.stderr).toBe(0);
    for (const secret of ["dev-rogerroger-key", "dev-outseta-key", "dev-outseta-secret"]) expect(r.stdout + r.stderr).not.toContain(secret);
    const services = (JSON.parse(r.stdout) as { services: Row[] }).services;
    expect(services.filter((s) => s.configured).map((s) => s.service).sort()).toEqual(["outseta", "rogerroger"]);
    expect(services.find((s) => s.service === "rogerroger")!.settings.find((x) => x.key === "rogerroger:apiKey")!.from).toBe("config");
    const table = await runBin(t, ["doctor", "--stack", t.stack.name], workDir);
    expect(table.stdout).toContain("settings from stack");
  }, 120_000);

  it("a wrong key in the stack: exit 1, the row names the key", async () => {
    await t.stack.setConfig("rogerroger:apiKey", { value: "wrong-stack-key-123", secret: true });
    const r = await runBin(t, ["doctor", "--stack", t.stack.name, "--json"], workDir);
    expect(r.code).toBe(1);
    expect(r.stdout + r.stderr).not.toContain("wrong-stack-key-123");
    const row = (JSON.parse(r.stdout) as { services: Row[] }).services.find((s) => s.service === "rogerroger")!.checks.find((c) => c.status === "fail")!;
    expect(row.next).toContain("rogerroger:apiKey");
  }, 120_000);

  it("an unknown stack: exit 1 naming --stack", async () => {
    const r = await runBin(t, ["doctor", "--stack", "no-such-stack"], workDir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("--stack no-such-stack");
  }, 120_000);
});

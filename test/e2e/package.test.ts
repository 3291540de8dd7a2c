/**
 * The package as a user gets it: `npm pack`, installed from the tarball into a new Pulumi
 * project outside this repository (no self-reference, no rootDir, the README's own
 * example), applied with the real CLI, checked by the installed `pulumi-rollout-crm drift`
 * bin, destroyed.
 */
import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROLLOUT_DEV_TOKEN, startRolloutEmulator, type RunningService } from "../../emulators";
import { adminOf } from "../unit/crm/support";
import { createTestStack, pulumiEnv, repoRoot, type TestStack } from "./support/pulumi";

const own = require("../../package.json");
let project: string;
let emu: RunningService;
let t: TestStack;

beforeAll(async () => {
  project = mkdtempSync(path.join(tmpdir(), "prc-user-project-"));
  // The tarball npm would publish (the build is current: npm test builds before vitest runs).
  execFileSync("npm", ["pack", "--silent", "--pack-destination", project], { cwd: repoRoot, stdio: ["ignore", "pipe", "inherit"] });
  const tarball = readdirSync(project).find((f) => f.endsWith(".tgz"));
  expect(tarball).toBeDefined();
  writeFileSync(
    path.join(project, "package.json"),
    JSON.stringify({
      name: "team-access",
      private: true,
      dependencies: { "pulumi-rollout-crm": `file:./${tarball}`, "@pulumi/pulumi": own.dependencies["@pulumi/pulumi"] },
      devDependencies: { typescript: own.devDependencies.typescript, "@types/node": own.devDependencies["@types/node"] },
    }),
  );
  execFileSync("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline"], { cwd: project, stdio: ["ignore", "ignore", "inherit"] });
  writeFileSync(path.join(project, "Pulumi.yaml"), "name: team-access\nruntime: nodejs\n");
  // Pulumi's own TypeScript template settings: nothing specific to this package.
  writeFileSync(
    path.join(project, "tsconfig.json"),
    JSON.stringify({ compilerOptions: { strict: true, outDir: "bin", target: "es2020", module: "commonjs", moduleResolution: "node", sourceMap: true, experimentalDecorators: true, forceConsistentCasingInFileNames: true }, files: ["index.ts"] }),
  );
  writeFileSync(
    path.join(project, "index.ts"),
    `import { RolloutUser } from "pulumi-rollout-crm";

const STOREFRONT = "5f1d7c2a9e3b4a6d8c0e1f23"; // a Rollout application id

const grace = new RolloutUser("grace", {
  email: "grace@example.com",
  name: "Grace Hopper",
  applications: { [STOREFRONT]: { environments: { Production: "read", Staging: "write" } } },
});

export const email = grace.email;
`,
  );
  emu = await startRolloutEmulator({ log: () => {} });
  t = await createTestStack({
    workDir: project,
    config: { "rollout:apiUrl": emu.url },
    secretConfig: { "rollout:apiToken": ROLLOUT_DEV_TOKEN },
  });
}, 300_000);
afterAll(async () => {
  await t?.dispose();
  await emu?.stop();
  if (project) rmSync(project, { recursive: true, force: true });
});

describe("the published package in a user's project", () => {
  it("applies the README's example, reports no drift through the installed bin, and destroys", async () => {
    const up = await t.stack.up();
    expect(up.summary.resourceChanges).toEqual({ create: 2 });
    expect(up.outputs.email.value).toBe("grace@example.com");
    expect((await adminOf(emu.adminUrl).state()).users).toHaveLength(1);

    const env = { ...process.env, ...pulumiEnv(t.stateDir, { PULUMI_HOME: path.join(t.stateDir, ".pulumi-home") }) };
    // Asynchronously: the emulator serves from this process's event loop.
    const drift = await new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve, reject) => {
      const child = spawn("npx", ["--no", "pulumi-rollout-crm", "drift", "--stack", t.stack.name], { cwd: project, env });
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (d) => (stdout += d));
      child.stderr.on("data", (d) => (stderr += d));
      child.on("error", reject);
      child.on("close", (status) => resolve({ status, stdout, stderr }));
    });
    expect(drift.stderr.replace(/npm warn.*\n/g, "")).toBe("");
    expect(drift.stdout).toBe(`No drift: the 1 records of stack '${t.stack.name}' match the code.\n`);
    expect(drift.status).toBe(0);

    const destroy = await t.stack.destroy();
    expect(destroy.summary.resourceChanges).toEqual({ delete: 2 });
    expect((await adminOf(emu.adminUrl).state()).users).toEqual([]);
  }, 180_000);
});

/**
 * The package as a user gets it: `npm pack`, installed from the tarball into a new Pulumi
 * project outside this repository (no self-reference, no rootDir, the README's own
 * example), applied with the real CLI, checked by the installed `pulumi-rollout-crm drift`
 * bin, destroyed: under the machine's Node.js and under each supported major version
 * (the program, the dynamic provider and the bin all run on the `node` first on PATH).
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROLLOUT_DEV_TOKEN, startRolloutEmulator, type RunningService } from "../../emulators";
import { EmulatorAdmin } from "../support/emulators";
import { createTestStack, pulumiCliFolder, pulumiEnv, repoRoot } from "../support/stack";
import { runCommand } from "../support/command";

const own = require("../../package.json");
/** Node.js releases the package supports besides the machine's own (README, Requirements). */
const OTHER_NODE_VERSIONS = ["22.23.3", "24.21.0"];
let project: string;

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
export const nodeVersion = process.version;
`,
  );
}, 300_000);
afterAll(() => {
  if (project) rmSync(project, { recursive: true, force: true });
});

/** The folder of a pinned Node.js binary (scripts/ensure-node.sh), or undefined for the machine's. */
function nodeFolder(version: string | undefined): string | undefined {
  if (version === undefined) return undefined;
  return execFileSync("bash", [path.join(repoRoot, "scripts/ensure-node.sh"), version], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] }).trim().split("\n").pop();
}

const RUNTIMES = [{ label: `the machine's (${process.version})`, nodeVersion: undefined }, ...OTHER_NODE_VERSIONS.map((v) => ({ label: `v${v}`, nodeVersion: v }))];

describe.each(RUNTIMES)("the published package in a user's project, Node.js $label", ({ nodeVersion }) => {
  let emu: RunningService;

  beforeAll(async () => {
    emu = await startRolloutEmulator({ log: () => {} });
  });
  afterAll(async () => {
    await emu?.stop();
  });

  it("applies the README's example, reports no drift through the installed bin, and destroys", async () => {
    const node = nodeFolder(nodeVersion);
    const PATH = [pulumiCliFolder(), node, process.env.PATH].filter(Boolean).join(path.delimiter);
    const t = await createTestStack({
      workDir: project,
      stackName: `node-${nodeVersion ?? "machine"}-${Date.now().toString(36)}`.replace(/\./g, "-"),
      config: { "rollout:apiUrl": emu.url },
      secretConfig: { "rollout:apiToken": ROLLOUT_DEV_TOKEN },
      env: { PATH },
    });
    try {
      const up = await t.stack.up();
      expect(up.summary.resourceChanges).toEqual({ create: 2 });
      expect(up.outputs.email.value).toBe("grace@example.com");
      expect(up.outputs.nodeVersion.value).toBe(nodeVersion === undefined ? process.version : `v${nodeVersion}`);
      expect((await new EmulatorAdmin(emu.adminUrl).state()).users).toHaveLength(1);

      // The installed bin, with the same node first on PATH.
      const env = { ...process.env, ...pulumiEnv(t.stateDir, { PULUMI_HOME: path.join(t.stateDir, ".pulumi-home"), PATH }) };
      const drift = await runCommand(path.join(project, "node_modules/.bin/pulumi-rollout-crm"), ["drift", "--stack", t.stack.name], { cwd: project, env });
      expect(drift.stderr).toBe("");
      expect(drift.stdout).toBe(`No drift: the 1 records of stack '${t.stack.name}' match the code.\n`);
      expect(drift.code).toBe(0);

      const destroy = await t.stack.destroy();
      expect(destroy.summary.resourceChanges).toEqual({ delete: 2 });
      expect((await new EmulatorAdmin(emu.adminUrl).state()).users).toEqual([]);
    } finally {
      await t.dispose();
    }
  }, 300_000);
});

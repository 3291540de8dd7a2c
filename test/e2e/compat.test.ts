/**
 * The compatibility matrix: the package as a user gets it (`npm pack`), installed into a new
 * Pulumi project outside this repository (Pulumi's TypeScript template tsconfig, the
 * README's example program), on each supported pair of `@pulumi/pulumi` and CLI:
 *   A  the lockfile's @pulumi/pulumi (the oldest supported) on the machine's Node.js (20)
 *      with the CLI of that version;
 *   B  the newest @pulumi/pulumi on Node.js 22, and C  the same on Node.js 24, with the
 *      newest CLI (tools/pulumi-cli-newest; its version is the newest release on the npm
 *      registry when it was last moved).
 * Each cell runs the lifecycle a user runs, with the plain CLI (not this repository's
 * Automation API): up, a preview with no changes, a one-field update, a hand change found by
 * `preview --refresh`, the drift report through the installed bin, destroy. The program,
 * the dynamic provider and the bin run on the cell's Node.js (first on PATH).
 *
 * Each cell checks that npm installed one copy of @pulumi/pulumi (package.json declares a
 * range, so npm dedupes it into the user's copy) and that the provider plugin on npm's bin
 * path serves its schema with that SDK; the serialized providers of all cells must be
 * byte-identical: a user who upgrades @pulumi/pulumi sees no diff.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ROGERROGER_DEV_KEY,
  ROLLOUT_DEV_TOKEN,
  startRogerRogerEmulator,
  startRolloutEmulator,
  type RunningService,
} from "../../emulators";
import { runCommand, type CommandResult } from "../support/command";
import { byHand, EmulatorAdmin } from "../support/emulators";
import { cliModuleVersion, pulumiCliFolder, repoRoot, TEST_PASSPHRASE, type CliModule } from "../support/stack";

const own = require("../../package.json");
const lock = require("../../package-lock.json");
const OLDEST_SDK: string = lock.packages["node_modules/@pulumi/pulumi"].version;
const NEWEST = cliModuleVersion("pulumi-cli-newest");

interface Cell {
  name: string;
  /** A Node.js version from scripts/ensure-node.sh, or undefined for the machine's. */
  node: string | undefined;
  sdk: string;
  cli: CliModule;
  /** Also moves the records to a second stack with `pulumi import --file` (Pulumi 3.254+). */
  importFile?: boolean;
}
const CELLS: Cell[] = [
  { name: "A", node: undefined, sdk: OLDEST_SDK, cli: "pulumi-cli" },
  { name: "B", node: "22.23.3", sdk: NEWEST, cli: "pulumi-cli-newest", importFile: true },
  { name: "C", node: "24.21.0", sdk: NEWEST, cli: "pulumi-cli-newest" },
];

/** Pulumi's own `typescript` template tsconfig.json, unchanged: nothing specific to this package. */
const TEMPLATE_TSCONFIG = {
  compilerOptions: {
    strict: true,
    outDir: "bin",
    target: "es2020",
    module: "commonjs",
    moduleResolution: "node",
    sourceMap: true,
    experimentalDecorators: true,
    pretty: true,
    noFallthroughCasesInSwitch: true,
    noImplicitReturns: true,
    forceConsistentCasingInFileNames: true,
  },
  files: ["index.ts"],
};

/** The README's example, with Grace's name from config so that one field can change. */
const PROGRAM = `import * as pulumi from "@pulumi/pulumi";
import { CrmPerson, PersonNote, RolloutUser } from "pulumi-rollout-crm";

const STOREFRONT = "5f1d7c2a9e3b4a6d8c0e1f23"; // a Rollout application id

const grace = new RolloutUser("grace", {
  email: "grace@example.com",
  name: new pulumi.Config().require("graceName"),
  applications: { [STOREFRONT]: { environments: { Production: "read", Staging: "write" } } },
});

const buyer = new CrmPerson("demo-buyer", {
  crm: "rogerroger",
  givenName: "Dana",
  familyName: "Demo",
  emails: ["dana.demo@example.com"],
  jobTitle: "Head of Purchasing",
});

new PersonNote("demo-script", { personId: buyer.id, title: "Demo script", flagged: true });

export const email = grace.email;
export const nodeVersion = process.version;
export const sdkVersion: string = require("@pulumi/pulumi/package.json").version;
`;

let tarball: string;
let tarballDir: string;
/** Each cell's `__provider` text per resource type, compared across cells at the end. */
const providersByCell = new Map<string, Record<string, string>>();
const timings: string[] = [];

beforeAll(() => {
  tarballDir = mkdtempSync(path.join(tmpdir(), "prc-pack-"));
  // The tarball npm would publish (the build is current: npm test builds before vitest runs;
  // --ignore-scripts: prepack would rebuild dist/ under the tests running beside this one).
  execFileSync("npm", ["pack", "--silent", "--ignore-scripts", "--pack-destination", tarballDir], { cwd: repoRoot, stdio: ["ignore", "pipe", "inherit"] });
  const name = readdirSync(tarballDir).find((f) => f.endsWith(".tgz"));
  expect(name).toBeDefined();
  tarball = path.join(tarballDir, name!);
}, 120_000);
afterAll(() => {
  if (tarballDir) rmSync(tarballDir, { recursive: true, force: true });
  // The figures the README quotes; vitest shows them with the run's output.
  if (timings.length > 0) console.log(`compatibility matrix:\n${timings.join("\n")}`);
});

/**
 * The machine's Node.js: the one first on PATH when `npm test` started (scripts/test.sh runs
 * the suite itself on a pinned 22 and names the machine's here), else the one running vitest.
 */
const MACHINE_NODE_DIR = process.env.PULUMI_ROLLOUT_CRM_MACHINE_NODE_DIR || path.dirname(process.execPath);
const MACHINE_NODE_VERSION = execFileSync(path.join(MACHINE_NODE_DIR, "node"), ["--version"], { encoding: "utf8" }).trim().slice(1);

/** The folder of a pinned Node.js binary (scripts/ensure-node.sh), or of the machine's. */
function nodeFolder(version: string | undefined): string {
  if (version === undefined) return MACHINE_NODE_DIR;
  const out = execFileSync("bash", [path.join(repoRoot, "scripts/ensure-node.sh"), version], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
  return out.trim().split("\n").pop()!;
}

for (const cell of CELLS) describe(`cell ${cell.name}: Node.js ${cell.node ?? MACHINE_NODE_VERSION}, @pulumi/pulumi ${cell.sdk}, ${cell.cli}`, () => {
  let project: string;
  let stateDir: string;
  let env: NodeJS.ProcessEnv;
  let rollout: RunningService;
  let rogerroger: RunningService;
  let installSeconds = 0;

  /** A command in the user's project, with the cell's CLI and Node.js first on PATH. */
  const run = (command: string, args: string[]): Promise<CommandResult> => runCommand(command, args, { cwd: project, env });
  const pulumi = async (...args: string[]): Promise<CommandResult> => {
    const result = await run("pulumi", [...args, "--non-interactive"]);
    expect(result.code, `pulumi ${args.join(" ")}\n${result.stdout}\n${result.stderr}`).toBe(0);
    return result;
  };

  beforeAll(async () => {
    const started = Date.now();
    project = mkdtempSync(path.join(tmpdir(), `prc-compat-${cell.name}-`));
    stateDir = mkdtempSync(path.join(tmpdir(), `prc-compat-state-${cell.name}-`));
    env = {
      ...process.env,
      PATH: [pulumiCliFolder(cell.cli), nodeFolder(cell.node), process.env.PATH].join(path.delimiter),
      PULUMI_BACKEND_URL: `file://${stateDir}`,
      PULUMI_HOME: path.join(stateDir, ".pulumi-home"),
      PULUMI_CONFIG_PASSPHRASE: TEST_PASSPHRASE,
      PULUMI_SKIP_UPDATE_CHECK: "true",
      PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
      PULUMI_SKIP_CONFIRMATIONS: "true",
    };
    writeFileSync(
      path.join(project, "package.json"),
      JSON.stringify({
        name: "team-access",
        private: true,
        dependencies: { "@pulumi/pulumi": cell.sdk, "pulumi-rollout-crm": `file:${tarball}` },
        devDependencies: { typescript: own.devDependencies.typescript, "@types/node": own.devDependencies["@types/node"] },
      }),
    );
    writeFileSync(path.join(project, "Pulumi.yaml"), "name: team-access\nruntime: nodejs\n");
    writeFileSync(path.join(project, "tsconfig.json"), JSON.stringify(TEMPLATE_TSCONFIG, null, 4));
    writeFileSync(path.join(project, "index.ts"), PROGRAM);
    // npm itself runs on the cell's Node.js, as it would on the user's machine.
    const install = await run("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline"]);
    expect(install.code, install.stderr).toBe(0);
    installSeconds = (Date.now() - started) / 1000;

    rollout = await startRolloutEmulator({ log: () => {} });
    rogerroger = await startRogerRogerEmulator({ log: () => {} });
    // The rate limits have their own tests; here they would only add waiting.
    await new EmulatorAdmin(rollout.adminUrl).settings({ rateLimit: false });
    await new EmulatorAdmin(rogerroger.adminUrl).settings({ rateLimit: false });
  }, 600_000);
  afterAll(async () => {
    await rollout?.stop();
    await rogerroger?.stop();
    for (const dir of [project, stateDir]) if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("installs one @pulumi/pulumi, and runs up, preview, update, preview --refresh, the drift report and destroy", async () => {
    const started = Date.now();
    // One copy: the user's. (`npm ls --parseable` prints one line per installed copy.)
    const ls = await run("npm", ["ls", "@pulumi/pulumi", "--all", "--parseable"]);
    expect(ls.code, ls.stderr).toBe(0);
    expect(ls.stdout.trim().split("\n")).toEqual([path.join(project, "node_modules/@pulumi/pulumi")]);
    expect((await pulumi("version")).stdout.trim()).toBe(`v${cell.sdk}`);

    await pulumi("stack", "init", "dev", "--secrets-provider", "passphrase");
    await pulumi("config", "set-all",
      "--plaintext", `rollout:apiUrl=${rollout.url}`, "--secret", `rollout:apiToken=${ROLLOUT_DEV_TOKEN}`,
      "--plaintext", `rogerroger:apiUrl=${rogerroger.url}`, "--secret", `rogerroger:apiKey=${ROGERROGER_DEV_KEY}`,
      "--plaintext", "team-access:graceName=Grace Hopper");

    // up
    await pulumi("up", "--yes", "--skip-preview");
    const outputs = JSON.parse((await pulumi("stack", "output", "--json")).stdout);
    expect(outputs).toEqual({ email: "grace@example.com", nodeVersion: `v${cell.node ?? MACHINE_NODE_VERSION}`, sdkVersion: cell.sdk });
    const live = async () => ({ users: (await new EmulatorAdmin(rollout.adminUrl).state()).users, rr: await new EmulatorAdmin(rogerroger.adminUrl).state() });
    let state = await live();
    expect(state.users.map((u: any) => [u.email, u.name])).toEqual([["grace@example.com", "Grace Hopper"]]);
    expect([state.rr.people.length, state.rr.notes.length]).toEqual([1, 1]);

    // The serialized providers, one per resource type.
    const exported = JSON.parse((await pulumi("stack", "export")).stdout);
    const providers: Record<string, string> = {};
    for (const r of exported.deployment.resources.filter((r: any) => r.outputs?.__provider !== undefined)) {
      expect(typeof r.outputs.__provider, `${r.urn}'s __provider is plain text`).toBe("string");
      providers[r.type] = r.outputs.__provider;
    }
    expect(Object.keys(providers).sort()).toEqual(["pulumi-nodejs:dynamic/crm:Person", "pulumi-nodejs:dynamic/crm:PersonNote", "pulumi-nodejs:dynamic/rollout:User"]);
    expect(providers["pulumi-nodejs:dynamic/rollout:User"]).toBe(readFileSync(path.join(__dirname, "fixtures/provider-shim.rollout-user.txt"), "utf8"));
    providersByCell.set(cell.name, providers);

    // An unchanged program: no change.
    await pulumi("preview", "--expect-no-changes");

    // One field changed in code: one update, applied.
    await pulumi("config", "set", "graceName", "Grace B. Hopper");
    const preview = JSON.parse((await pulumi("preview", "--json")).stdout);
    expect(preview.changeSummary).toEqual({ same: 3, update: 1 });
    await pulumi("up", "--yes", "--skip-preview");
    state = await live();
    expect(state.users.map((u: any) => u.name)).toEqual(["Grace B. Hopper"]);

    // A hand change, found by `preview --refresh` and by the drift report.
    await byHand(`${rollout.url}/users/grace%40example.com`, "PATCH", { authorization: `Bearer ${ROLLOUT_DEV_TOKEN}`, "content-type": "application/json" }, [
      { op: "replace", path: "/applications/5f1d7c2a9e3b4a6d8c0e1f23/environments/Production", value: "write" },
    ]);
    await pulumi("preview", "--expect-no-changes");
    const refreshed = await run("pulumi", ["preview", "--refresh", "--expect-no-changes", "--non-interactive"]);
    expect(refreshed.code, refreshed.stdout).not.toBe(0);
    expect(refreshed.stdout).toMatch(/~\s*1 to update/);
    const drift = await run(path.join(project, "node_modules/.bin/pulumi-rollout-crm"), ["drift", "--stack", "dev"]);
    expect(drift.stderr).toBe("");
    expect(drift.code).toBe(2);
    expect(drift.stdout.trimEnd().split("\n").map((line) => line.trim().split(/\s{2,}/))).toEqual([
      ["RESOURCE", "FIELD", "IN CODE", "LIVE", "CAUSE"],
      ["grace (rollout:User)", "applications.5f1d7c2a9e3b4a6d8c0e1f23.environments.Production", "read", "write", "edited outside Pulumi"],
      [""],
      ["Drift: 1 field of 1 record differ from the code (3 records checked in stack 'dev')."],
    ]);

    if (cell.importFile) await moveWithImportFile();

    // destroy: nothing left. (Named: removing another stack leaves none selected.)
    await pulumi("destroy", "--stack", "dev", "--yes", "--skip-preview");
    state = await live();
    expect([state.users.length, state.rr.people.length, state.rr.notes.length]).toEqual([0, 0, 0]);

    /**
     * `pulumi import --file` with `inputs` and `outputs` (Pulumi 3.254+, pulumi/pulumi#23984):
     * the engine then skips the provider's read, which a dynamic provider cannot run without
     * its serialized provider (pulumi/pulumi#16175). It works when both carry `__provider`,
     * as in `pulumi stack export`: here the records move to a second stack. The README's
     * "Adoption" section states these facts.
     */
    async function moveWithImportFile(): Promise<void> {
      const entries = JSON.parse((await pulumi("stack", "export")).stdout).deployment.resources
        .filter((r: any) => r.outputs?.__provider !== undefined)
        .map((r: any) => ({ type: r.type, name: r.urn.split("::").pop(), id: r.id, inputs: r.inputs, outputs: r.outputs }));
      expect(entries).toHaveLength(3);
      const importFile = (name: string, resources: unknown[]): string => {
        writeFileSync(path.join(project, name), JSON.stringify({ resources }));
        return name;
      };
      const withoutProvider = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).filter(([k]) => k !== "__provider"));
      await pulumi("stack", "init", "moved", "--secrets-provider", "passphrase", "--no-select");
      await pulumi("config", "set-all", "--stack", "moved",
        "--plaintext", `rollout:apiUrl=${rollout.url}`, "--secret", `rollout:apiToken=${ROLLOUT_DEV_TOKEN}`,
        "--plaintext", `rogerroger:apiUrl=${rogerroger.url}`, "--secret", `rogerroger:apiKey=${ROGERROGER_DEV_KEY}`,
        "--plaintext", "team-access:graceName=Grace B. Hopper");
      const requestCount = async () => (await new EmulatorAdmin(rollout.adminUrl).requests()).length + (await new EmulatorAdmin(rogerroger.adminUrl).requests()).length;
      const before = await requestCount();

      // Without `__provider` the dynamic provider cannot load: the import fails, naming why.
      const bare = importFile("import-bare.json", entries.map((e: any) => ({ ...e, inputs: withoutProvider(e.inputs), outputs: withoutProvider(e.outputs) })));
      const failed = await run("pulumi", ["import", "--stack", "moved", "--file", bare, "--yes", "--generate-code=false", "--non-interactive"]);
      expect(failed.code).not.toBe(0);
      expect(failed.stdout + failed.stderr).toContain("code must be a string, not undefined");

      // With it: imported without a single API request, no change against the program, and
      // refresh (the drift report) works on the imported state and sees the hand change.
      const imported = await pulumi("import", "--stack", "moved", "--file", importFile("import.json", entries), "--yes", "--generate-code=false");
      expect(imported.stdout).toMatch(/3 imported/);
      expect(await requestCount()).toBe(before);
      await pulumi("preview", "--stack", "moved", "--expect-no-changes");
      const moved = await run(path.join(project, "node_modules/.bin/pulumi-rollout-crm"), ["drift", "--stack", "moved"]);
      expect(moved.code, moved.stdout + moved.stderr).toBe(2);
      expect(moved.stdout).toContain("Drift: 1 field of 1 record differ from the code (3 records checked in stack 'moved').");
      // Forget the second stack's state; the first stack's destroy removes the records.
      await pulumi("stack", "rm", "moved", "--force", "--yes");
    }

    timings.push(`  ${cell.name}: Node.js ${cell.node ?? MACHINE_NODE_VERSION}, @pulumi/pulumi ${cell.sdk}, CLI ${cell.sdk}: npm install ${installSeconds.toFixed(0)} s, lifecycle ${((Date.now() - started) / 1000).toFixed(0)} s`);
  }, 600_000);

  it("installs the provider plugin as an executable on npm's bin path, which serves its schema with this SDK", async () => {
    const plugin = path.join(project, "node_modules/.bin/pulumi-resource-rolloutcrm");
    const schema = JSON.parse((await pulumi("package", "get-schema", plugin)).stdout);
    expect(schema.name).toBe("rolloutcrm");
    expect(Object.keys(schema.resources)).toContain("rolloutcrm:index:CrmPerson");
  }, 120_000);
});

describe("across the cells", () => {
  it("serializes byte-identical providers, so moving between the tested versions shows no diff", () => {
    expect([...providersByCell.keys()]).toEqual(CELLS.map((c) => c.name));
    const [first, ...rest] = [...providersByCell.values()];
    for (const providers of rest) expect(providers).toEqual(first);
  });
});

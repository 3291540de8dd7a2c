/**
 * The commands of the CI templates (examples/ci/), run as GitHub would run them (the `run:`
 * script of the step, with bash -eo pipefail, GITHUB_STEP_SUMMARY, GITHUB_OUTPUT and
 * RUNNER_TEMP) against a stack on the Rollout emulator with the real CLI, in a project that
 * has the package installed (`npx --no pulumi-rollout-crm` finds it there):
 * - drift.yml's report: exit 0 and "No drift"; after a hand change and a member invited by
 *   hand, exit 2, both rows, and advice that is true (`pulumi up --refresh`, which then
 *   clears the hand change, while a plain `up` would not); the plain-CLI alternative it names
 *   exits 7 as it says;
 * - preview.yml's review: no credential, the commit named, `sensitive` set for a production
 *   write; when the review fails, the comment becomes a stale note; the approval gate counts
 *   an approving review of this very commit only.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { parse } from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROLLOUT_DEV_TOKEN, startRolloutEmulator, type RunningService } from "../../emulators";
import { runCommand, type CommandResult } from "../support/command";
import { byHand, EmulatorAdmin } from "../support/emulators";
import { pulumiEnv, repoRoot } from "../support/stack";

const ciDir = path.join(repoRoot, "examples/ci");
const APP = "5f1d7c2a9e3b4a6d8c0e1f23";
const HEAD_SHA = "0123456789abcdef0123456789abcdef01234567";

const PROGRAM = `const pulumi = require("@pulumi/pulumi");
const { RolloutUser } = require("pulumi-rollout-crm");
const production = new pulumi.Config().get("graceProduction") || "read";
new RolloutUser("grace", {
  email: "grace@example.com",
  name: "Grace Hopper",
  applications: { "${APP}": { environments: { Production: production, Staging: "write" } } },
});
`;

interface Step {
  name?: string;
  run?: string;
  if?: string;
}

/** The `run:` script of the step of `workflow` whose name starts with `name`. */
function stepScript(workflow: string, name: string): string {
  const jobs = parse(readFileSync(path.join(ciDir, workflow), "utf8")).jobs as Record<string, { steps: Step[] }>;
  const step = Object.values(jobs).flatMap((job) => job.steps).find((s) => s.name?.startsWith(name));
  if (!step?.run) throw new Error(`${workflow} has no step '${name}' with a run script`);
  return step.run;
}

let scratch: string;
let project: string;
let rollout: RunningService;
let env: Record<string, string>;
let admin: EmulatorAdmin;

const run = (command: string, args: string[], extra: Record<string, string> = {}): Promise<CommandResult> =>
  runCommand(command, args, { cwd: project, env: { ...process.env, ...env, ...extra } });
const pulumi = async (...args: string[]): Promise<CommandResult> => {
  const result = await run("pulumi", [...args, "--non-interactive"], { ROLLOUT_API_TOKEN: ROLLOUT_DEV_TOKEN });
  expect(result.code, `pulumi ${args.join(" ")}\n${result.stdout}\n${result.stderr}`).toBe(0);
  return result;
};

/** Runs a step's script as GitHub's `bash` shell does; returns its exit code, summary and outputs. */
async function runStep(script: string, extra: Record<string, string>): Promise<CommandResult & { summary: string; outputs: string }> {
  const runner = mkdtempSync(path.join(scratch, "runner-"));
  const files = { GITHUB_STEP_SUMMARY: path.join(runner, "summary.md"), GITHUB_OUTPUT: path.join(runner, "output") };
  for (const file of Object.values(files)) writeFileSync(file, "");
  writeFileSync(path.join(runner, "step.sh"), script);
  const result = await run("bash", ["--noprofile", "--norc", "-eo", "pipefail", path.join(runner, "step.sh")], {
    STACK: "dev",
    HEAD_SHA,
    RUNNER_TEMP: runner,
    GITHUB_SERVER_URL: "https://github.com",
    GITHUB_REPOSITORY: "acme/team-access",
    GITHUB_RUN_ID: "42",
    ...files,
    ...extra,
  });
  return { ...result, summary: readFileSync(files.GITHUB_STEP_SUMMARY, "utf8"), outputs: readFileSync(files.GITHUB_OUTPUT, "utf8") };
}

beforeAll(async () => {
  scratch = mkdtempSync(path.join(tmpdir(), "prc-ci-"));
  // A user's project with the package installed: its bin where `npx --no` looks for it.
  project = path.join(scratch, "team-access");
  mkdirSync(path.join(project, "node_modules/.bin"), { recursive: true });
  symlinkSync(repoRoot, path.join(project, "node_modules/pulumi-rollout-crm"), "dir");
  symlinkSync(path.join(repoRoot, "node_modules/@pulumi"), path.join(project, "node_modules/@pulumi"), "dir");
  // What npm's bin link runs (the packed bin is executable; the build's dist/ need not be).
  writeFileSync(path.join(project, "node_modules/.bin/pulumi-rollout-crm"), `#!/bin/sh\nexec node ${JSON.stringify(path.join(repoRoot, "dist/cli/main.js"))} "$@"\n`, { mode: 0o755 });
  writeFileSync(path.join(project, "package.json"), JSON.stringify({ name: "team-access", private: true, main: "index.js", dependencies: { "pulumi-rollout-crm": "*" } }));
  writeFileSync(path.join(project, "Pulumi.yaml"), "name: team-access\nruntime: nodejs\n");
  writeFileSync(path.join(project, "index.js"), PROGRAM);

  rollout = await startRolloutEmulator({ log: () => {} });
  admin = new EmulatorAdmin(rollout.adminUrl);
  await admin.settings({ rateLimit: false });
  const stateDir = path.join(scratch, "state");
  mkdirSync(stateDir);
  env = pulumiEnv(stateDir, { PULUMI_HOME: path.join(stateDir, ".pulumi-home"), PULUMI_ROLLOUT_CRM_PACING_DIR: path.join(stateDir, "pacing") });
  await pulumi("stack", "init", "dev", "--secrets-provider", "passphrase");
  // The URL in the stack config; the credential only in the environment, as the templates pass it.
  await pulumi("config", "set", "rollout:apiUrl", rollout.url);
  await pulumi("up", "--yes", "--skip-preview");
}, 300_000);

afterAll(async () => {
  // No destroy: the emulator stops next, and its records with it; the state folder goes below.
  await rollout?.stop();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
}, 300_000);

const rolloutHeaders = { authorization: `Bearer ${ROLLOUT_DEV_TOKEN}`, "content-type": "application/json" };

describe("drift.yml's drift report", () => {
  const script = stepScript("drift.yml", "Drift report");

  it("runs the offboarding check with the report", () => {
    expect(script).toMatch(/pulumi-rollout-crm drift --stack "\$STACK" --unmanaged rollout/);
  });

  it("exits 0 with 'No drift' when the live records match the code", async () => {
    const step = await runStep(script, { ROLLOUT_API_TOKEN: ROLLOUT_DEV_TOKEN });
    expect(step.code, step.stderr).toBe(0);
    expect(step.summary).toContain("No drift");
  }, 300_000);

  it("after a hand change and a hand invitation: exit 2, both rows, and advice that works", async () => {
    await byHand(`${rollout.url}/users/grace%40example.com`, "PATCH", rolloutHeaders, [
      { op: "replace", path: `/applications/${APP}/environments/Production`, value: "write" },
    ]);
    await byHand(`${rollout.url}/users`, "PUT", rolloutHeaders, { email: "eve@example.com", name: "Eve", teamAdmin: false, applications: {} });

    const step = await runStep(script, { ROLLOUT_API_TOKEN: ROLLOUT_DEV_TOKEN });
    expect(step.code, step.stderr).toBe(2);
    expect(step.summary).toContain("**Drift found.**");
    expect(step.summary).toContain("`pulumi up --refresh`");
    expect(step.summary).toMatch(/grace \(rollout:User\)\s+applications\.5f1d7c2a9e3b4a6d8c0e1f23\.environments\.Production\s+read\s+write\s+edited outside Pulumi/);
    expect(step.summary).toMatch(/eve@example\.com.*not in code/);
    console.log(`drift.yml's job summary after a hand change:\n${step.summary}`);

    // The plain-CLI alternative the template names exits 7, as it says.
    const comment = readFileSync(path.join(ciDir, "drift.yml"), "utf8");
    expect(comment).toContain("exit 7 on any change");
    const plain = await run("pulumi", ["preview", "--refresh", "--run-program", "--expect-no-changes", "--diff", "--stack", "dev", "--non-interactive"], { ROLLOUT_API_TOKEN: ROLLOUT_DEV_TOKEN });
    expect(plain.code).toBe(7);

    // The advice: a plain `up` leaves the hand change; `up --refresh` (up.yml with refresh) puts the code's value back.
    await pulumi("up", "--yes", "--skip-preview");
    expect((await admin.state()).users.find((u: { email: string }) => u.email === "grace@example.com").applications[APP].environments.Production).toBe("write");
    await pulumi("up", "--refresh", "--yes", "--skip-preview");
    expect((await admin.state()).users.find((u: { email: string }) => u.email === "grace@example.com").applications[APP].environments.Production).toBe("read");

    // Offboarded by hand: no drift left.
    await byHand(`${rollout.url}/users/eve%40example.com`, "DELETE", rolloutHeaders);
    const clean = await runStep(script, { ROLLOUT_API_TOKEN: ROLLOUT_DEV_TOKEN });
    expect(clean.code, clean.stdout + clean.stderr).toBe(0);
  }, 600_000);
});

describe("up.yml", () => {
  it("can run `up --refresh` by hand, as the drift summary advises", () => {
    const up = parse(readFileSync(path.join(ciDir, "up.yml"), "utf8"));
    expect(up.on.workflow_dispatch.inputs.refresh).toMatchObject({ type: "boolean", default: false });
    const upStep = (up.jobs.up.steps as { with?: Record<string, unknown> }[]).find((s) => s.with?.command === "up");
    expect(upStep?.with?.refresh).toBe("${{ inputs.refresh == true }}");
  });
});

describe("preview.yml's review", () => {
  const review = stepScript("preview.yml", "pulumi-rollout-crm review");
  const stale = stepScript("preview.yml", "Mark the comment stale");
  const gate = stepScript("preview.yml", "Sensitive changes need an approving review");

  it("needs no credential, names the commit, and flags a production write as sensitive", async () => {
    const quiet = await runStep(review, {});
    expect(quiet.code, quiet.stderr).toBe(0);
    expect(quiet.outputs).toBe("sensitive=false\n");
    const comment = readFileSync(path.join(project, "review.md"), "utf8");
    expect(comment.startsWith(`Review of commit \`${HEAD_SHA}\`.`)).toBe(true);
    expect(quiet.summary).toBe(comment);

    await pulumi("config", "set", "graceProduction", "write");
    const sensitive = await runStep(review, {});
    expect(sensitive.code, sensitive.stderr).toBe(0);
    expect(sensitive.outputs).toBe("sensitive=true\n");
    expect(readFileSync(path.join(project, "review.md"), "utf8")).toContain("Production");
    await pulumi("config", "rm", "graceProduction");
  }, 300_000);

  it("fails when the review fails, and the comment then says the earlier review is stale", async () => {
    writeFileSync(path.join(project, "review.md"), "an earlier commit's review\n");
    const failed = await runStep(review, { PULUMI_CONFIG_PASSPHRASE: "not-the-passphrase" });
    expect(failed.code).toBe(1);
    const marked = await runStep(stale, {});
    expect(marked.code).toBe(0);
    const comment = readFileSync(path.join(project, "review.md"), "utf8");
    expect(comment).toContain(`**No current Pulumi review.** The review of commit \`${HEAD_SHA}\` failed`);
    expect(comment).toContain("https://github.com/acme/team-access/actions/runs/42");
    expect(comment).not.toContain("an earlier commit's review");
  }, 300_000);

  it("counts only an approving review of this commit by a maintainer", () => {
    // The step's own jq filter (gh api --jq), applied to reviews as GitHub's API lists them.
    const filter = /--jq "((?:[^"\\]|\\.)*)"/.exec(gate)![1].replace(/\\"/g, '"').replace(/\$HEAD_SHA/g, HEAD_SHA);
    const approvers = (reviews: object[]): string[] =>
      execFileSync("jq", ["-r", filter], { input: JSON.stringify(reviews), encoding: "utf8" }).split("\n").filter(Boolean);
    const review = (login: string, state: string, commit: string, association = "MEMBER") => ({ user: { login }, state, commit_id: commit, author_association: association });
    expect(approvers([review("ada", "APPROVED", "fedcba9876543210fedcba9876543210fedcba98")])).toEqual([]);
    expect(approvers([review("ada", "APPROVED", HEAD_SHA, "CONTRIBUTOR"), review("bob", "COMMENTED", HEAD_SHA), review("cy", "DISMISSED", HEAD_SHA)])).toEqual([]);
    expect(approvers([review("ada", "APPROVED", "fedcba9876543210fedcba9876543210fedcba98"), review("dee", "APPROVED", HEAD_SHA)])).toEqual(["dee"]);
    // The step fails without such an approver.
    const ran = spawnSync("bash", ["-c", 'approvers=""; ' + gate.slice(gate.indexOf("if [ -z"))], { encoding: "utf8", env: { ...process.env, HEAD_SHA } });
    expect(ran.status).toBe(1);
    expect(ran.stdout).toContain(`::error::This pull request makes sensitive changes`);
  });
});

/**
 * The GitHub Actions templates in examples/ci/ are valid workflows: actionlint (built by
 * scripts/ensure-actionlint.sh, pinned) finds nothing in them, and does find a problem in
 * a deliberately broken copy, so this test can fail. Plus a few text checks of what each
 * template must do. Fails (never skips) when actionlint cannot be had.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const repoRoot = path.resolve(__dirname, "../..");
const ciDir = path.join(repoRoot, "examples", "ci");
const WORKFLOWS = ["drift.yml", "preview.yml", "up.yml"];
const CREDENTIALS = [
  "ROLLOUT_API_TOKEN",
  "ROGERROGER_API_KEY",
  "OUTSETA_API_KEY",
  "OUTSETA_SECRET_KEY",
  "ROLLOUT_CRM_CLIENT_ID",
  "ROLLOUT_CRM_CLIENT_SECRET",
  "ROLLOUT_CRM_USER_ID",
];

let actionlint: string;
let scratch: string;

function lint(file: string): { status: number | null; output: string } {
  // -no-color: plain messages. shellcheck and pyflakes are used for `run:` scripts when on PATH.
  const r = spawnSync(actionlint, ["-no-color", file], { cwd: repoRoot, encoding: "utf8" });
  if (r.error) throw r.error;
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}

function read(name: string): string {
  return readFileSync(path.join(ciDir, name), "utf8");
}

beforeAll(() => {
  // Throws with the script's stderr when actionlint can be neither found nor built.
  const out = execFileSync("bash", [path.join(repoRoot, "scripts", "ensure-actionlint.sh")], {
    cwd: repoRoot,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  });
  actionlint = out.trim().split("\n").pop() ?? "";
  const version = execFileSync(actionlint, ["-version"], { encoding: "utf8" }).split("\n")[0];
  expect(version).toMatch(/^v1\.7\.\d+$/);
  scratch = mkdtempSync(path.join(tmpdir(), "ci-workflows-"));
}, 300_000);

afterAll(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

describe("examples/ci", () => {
  it("holds exactly the three workflow templates", () => {
    expect(readdirSync(ciDir).sort()).toEqual(WORKFLOWS);
  });

  it.each(WORKFLOWS)("actionlint finds no problem in %s", (name) => {
    const { status, output } = lint(path.join(ciDir, name));
    expect(output).toBe("");
    expect(status).toBe(0);
  });

  // Each broken copy is a real template with one realistic mistake.
  it.each([
    {
      mistake: "an unknown job key",
      file: "up.yml",
      from: "    runs-on: ubuntu-latest",
      to: "    runs_on: ubuntu-latest",
      reported: /unexpected key "runs_on" for "job" section/,
    },
    {
      mistake: "an undefined context in an expression",
      file: "preview.yml",
      from: "if: steps.review.outputs.sensitive == 'true'",
      to: "if: review.outputs.sensitive == 'true'",
      reported: /undefined variable "review"/,
    },
    {
      mistake: "an input pulumi/actions@v6 does not have",
      file: "preview.yml",
      from: "          pulumi-version: 3.276.0\n\n      # The review",
      to: "          pulumi-cli-version: 3.276.0\n\n      # The review",
      reported: /input "pulumi-cli-version" is not defined in action "pulumi\/actions@v6"/,
    },
    {
      mistake: "the env context in a concurrency group",
      file: "up.yml",
      from: "group: pulumi-stack-prod",
      to: "group: pulumi-stack-${{ env.STACK }}",
      reported: /context "env" is not allowed here/,
    },
  ])("actionlint reports $mistake", ({ file, from, to, reported }) => {
    const original = read(file);
    expect(original).toContain(from);
    const broken = path.join(scratch, file);
    writeFileSync(broken, original.replace(from, to));
    const { status, output } = lint(broken);
    expect(status).not.toBe(0);
    expect(output).toMatch(reported);
  });

  it("preview posts the review as one comment edited in place, the raw diff collapsed, with no API secret", () => {
    const preview = read("preview.yml");
    expect(preview).toMatch(/^on:\n {2}pull_request:/m);
    expect(preview).toMatch(/^permissions:\n(?: {2}.*\n)*? {2}pull-requests: write\b/m);
    expect(preview).toMatch(/npx --no pulumi-rollout-crm review --stack "\$STACK" --with-diff --fail-on-sensitive > review.md/);
    // A maintained action finds its own comment by header and edits it, instead of hand-rolled HTTP.
    expect(preview).toMatch(/uses: marocchino\/sticky-pull-request-comment@v2\n {8}with:\n {10}header: pulumi-rollout-crm-review\n {10}path: review.md/);
  });

  it("up applies the stack on main one run at a time, never cancelled, in a group no other workflow can preempt", () => {
    const up = read("up.yml");
    expect(up).toMatch(/^ {10}command: up$/m);
    expect(up).toMatch(/^on:\n {2}push:\n {4}branches: \[main\]\n {2}workflow_dispatch:/m);
    expect(up).toMatch(/^concurrency:\n {2}group: pulumi-stack-prod\n {2}cancel-in-progress: false$/m);
    // A workflow sharing the group could replace a queued update (one pending run per group).
    for (const other of ["drift.yml", "preview.yml"]) expect(read(other)).not.toMatch(/group: pulumi-stack-prod$/m);
  });

  it("up is all or nothing: every credential required, and a plain preview checks every resource before the action's up (--skip-preview)", () => {
    const up = read("up.yml");
    expect(up).toMatch(/^env:\n(?: {2}.*\n| {2}#.*\n)*? {2}PULUMI_ROLLOUT_CRM_REQUIRE_CREDENTIALS: "true"$/m);
    const preview = up.search(/^ {10}command: preview$/m);
    expect(preview).toBeGreaterThan(0);
    expect(preview).toBeLessThan(up.search(/^ {10}command: up$/m));
  });

  it("drift runs the package's drift report on a schedule, writes a summary and fails on drift", () => {
    const drift = read("drift.yml");
    expect(drift).toMatch(/^ {2}schedule:\n {4}- cron: "/m);
    expect(drift).toMatch(/npx --no pulumi-rollout-crm drift --stack "\$STACK"/);
    expect(drift).toContain("$GITHUB_STEP_SUMMARY");
    expect(drift).toMatch(/exit "\$status"/);
    expect(drift).toContain("pulumi preview --refresh --run-program --expect-no-changes");
  });

  it.each(WORKFLOWS)("%s pins the stack, skips update checks and takes the state backend from secrets", (name) => {
    const text = read(name);
    expect(text).toMatch(/^env:\n {2}STACK: \w+\n {2}PULUMI_SKIP_UPDATE_CHECK: "true"$/m);
    for (const v of ["PULUMI_BACKEND_URL", "PULUMI_CONFIG_PASSPHRASE"]) expect(text).toContain(`${v}: \${{ secrets.${v} }}`);
    expect(text).toMatch(/actions\/checkout@v4\b/);
    expect(text).toMatch(/actions\/setup-node@v4\b/);
    expect(text).toMatch(/pulumi\/actions@v6\b/);
  });

  it.each(["drift.yml", "up.yml"])("%s passes every service credential from secrets", (name) => {
    const text = read(name);
    for (const v of CREDENTIALS) expect(text).toContain(`${v}: \${{ secrets.${v} }}`);
  });

  it("preview holds no service credential and says so, and stays a plain preview (issue #13)", () => {
    const text = read("preview.yml");
    for (const v of [...CREDENTIALS, "ROLLOUT_CRM_AUTH_TOKEN"]) expect(text).not.toContain(v);
    expect(text).toMatch(/^# No API secrets: this job holds no credential/m);
    expect(text).not.toMatch(/pulumi-rollout-crm review[^\n]*--refresh/);
  });
});

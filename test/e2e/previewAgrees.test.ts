/**
 * The preview, the review and `up` agree (issue 22 items 6, 8, 9; issue 25), with the real
 * CLI on the emulators:
 * - an authoritative RolloutTeam with a member added by hand: after `pulumi refresh`, a plain
 *   `preview --diff` names the member, `review` lists the removal as sensitive, and a plain
 *   `up` removes exactly that member;
 * - a plain JavaScript program: a misspelt argument and the `import` option fail at preview,
 *   naming the argument ("did you mean") and `importId`;
 * - config that would send requests to a production URL fails at preview, naming the keys;
 *   a wrong global setting fails without blaming a resource.
 */
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROGERROGER_DEV_KEY, ROLLOUT_DEV_TOKEN } from "../../emulators";
import { runCommand } from "../support/command";
import { EmulatorAdmin, requestsSince, startEmulators, type RunningEmulators } from "../support/emulators";
import { seedByHand } from "../support/seed";
import { createTestStack, pulumiEnv, repoRoot, type TestStack } from "../support/stack";

let emu: RunningEmulators;
const stacks: TestStack[] = [];

beforeAll(async () => {
  emu = await startEmulators({ log: () => {} });
}, 120_000);
afterAll(async () => {
  // The emulators stop next, and their records with them.
  for (const t of stacks) await t.dispose({ destroy: false });
  await emu?.stop();
});

async function stack(program: string, config: Record<string, string>, env?: Record<string, string>): Promise<TestStack> {
  const t = await createTestStack({ workDir: path.join(repoRoot, "test/e2e/programs", program), config, secretConfig: { "rollout:apiToken": ROLLOUT_DEV_TOKEN, "rogerroger:apiKey": ROGERROGER_DEV_KEY }, env });
  stacks.push(t);
  return t;
}

/** The failure text of a command that must fail (the Automation API's error carries the CLI's output). */
async function failure(run: Promise<unknown>): Promise<string> {
  try {
    await run;
  } catch (err) {
    return String(err);
  }
  throw new Error("expected the command to fail");
}

const members = async (admin: EmulatorAdmin): Promise<string[]> => ((await admin.state()).users as Array<{ email: string }>).map((u) => u.email).sort();

describe("an authoritative RolloutTeam: preview, review and up agree", () => {
  it("after a plain refresh, preview --diff names the member up removes, review lists it as sensitive, up removes exactly it", async () => {
    const admin = new EmulatorAdmin(emu.adminUrls.rollout);
    const t = await stack("rollout-users", {
      "rollout:apiUrl": emu.urls.rollout,
      "rollout-users:users": JSON.stringify({ ada: { email: "ada@example.com", name: "Ada" } }),
      "rollout-users:team": JSON.stringify({ keep: ["owner@example.com"] }),
    });
    await seedByHand(emu, "rollout", [{ email: "owner@example.com" }]);
    await t.stack.up();
    // A team admin added by hand, after the team was turned on.
    await seedByHand(emu, "rollout", [{ email: "mallory@example.com", teamAdmin: true }]);
    await t.stack.refresh();

    const preview = await t.stack.preview({ diff: true });
    expect(preview.changeSummary).toMatchObject({ update: 1 });
    // The engine's own diff of the team: the state's list (from the refresh) against the program's (empty).
    expect(preview.stdout).toMatch(/- notInCode: \[\s*-\s*\[0\]: "mallory@example\.com"/);

    const env = { ...process.env, ...pulumiEnv(t.stateDir, { PULUMI_HOME: path.join(t.stateDir, ".pulumi-home") }) };
    const review = await runCommand(process.execPath, [path.join(repoRoot, "dist/cli/main.js"), "review", "--stack", t.stack.name, "--cwd", path.join(repoRoot, "test/e2e/programs/rollout-users")], { cwd: repoRoot, env });
    expect(review.code, review.stderr).toBe(0);
    expect(review.stdout).toContain("#### ⚠️ Sensitive changes (1)");
    expect(review.stdout).toContain("- **Member removed**: mallory@example.com");
    expect(review.stdout).toContain("`mallory@example.com is removed from the team (not in code)`");
    expect(review.stdout).not.toContain("no member removed");

    const mark = (await admin.requests()).length;
    await t.stack.up();
    const writes = (await requestsSince(admin, mark)).filter((r) => r.status !== 555 && r.method !== "GET");
    expect(writes.map((r) => `${r.method} ${r.path}`)).toEqual(["DELETE /public-api/users/mallory%40example.com"]);
    expect(await members(admin)).toEqual(["ada@example.com", "owner@example.com"]);
    await t.stack.preview({ expectNoChanges: true });
  }, 600_000);
});

describe("a plain JavaScript program", () => {
  let t: TestStack;
  let admins: EmulatorAdmin[];
  beforeAll(async () => {
    t = await stack("js-args", { "rollout:apiUrl": emu.urls.rollout, "rogerroger:apiUrl": emu.urls.rogerroger, "js-args:resources": "[]" });
    admins = [new EmulatorAdmin(emu.adminUrls.rollout), new EmulatorAdmin(emu.adminUrls.rogerroger)];
  }, 120_000);
  const sent = async () => (await Promise.all(admins.map((a) => a.requests()))).flat().length;
  const previewOf = async (resources: unknown[]) => {
    await t.stack.setConfig("js-args:resources", { value: JSON.stringify(resources) });
    return failure(t.stack.preview());
  };

  it("fails at preview on a misspelt argument, naming it with the one it meant", async () => {
    const before = await sent();
    const user = await previewOf([{ kind: "RolloutUser", name: "ada", args: { email: "ada@example.com", teamadmin: true } }]);
    expect(user).toContain("unknown property 'teamadmin'; did you mean 'teamAdmin'?");
    const person = await previewOf([{ kind: "CrmPerson", name: "rita", args: { crm: "rogerroger", familyName: "Roe", jobtitle: "CEO" } }]);
    expect(person).toContain("unknown property 'jobtitle'; did you mean 'jobTitle'?");
    const team = await previewOf([{ kind: "RolloutTeam", name: "team", args: { members: [], Keep: ["owner@example.com"] } }]);
    expect(team).toContain("unknown property 'Keep'; did you mean 'keep'?");
    expect(await sent()).toBe(before); // a preview sends no request
  }, 300_000);

  it("fails at preview on the `import` option, naming importId", async () => {
    const text = await previewOf([{ kind: "RolloutUser", name: "ada", args: { email: "ada@example.com" }, import: "ada@example.com" }]);
    expect(text).toContain("RolloutUser 'ada': the `import` resource option does not work for dynamic resources");
    expect(text).toContain('importId: "ada@example.com"');
    expect(text).not.toContain("toJavaScript");
  }, 300_000);

  it("fails at preview on a config key that looks like an unset setting's, naming both", async () => {
    await t.stack.removeConfig("rollout:apiUrl");
    await t.stack.setConfig("rollout:apiURL", { value: emu.urls.rollout });
    try {
      const text = await previewOf([{ kind: "RolloutUser", name: "ada", args: { email: "ada@example.com" } }]);
      expect(text).toContain("the stack config 'rollout:apiURL' is not a setting of this provider; did you mean 'rollout:apiUrl'?");
      expect(text).toContain("'rollout:apiUrl' is not set, so its default https://x-api.rollout.io/public-api would be used");
    } finally {
      await t.stack.removeConfig("rollout:apiURL");
      await t.stack.setConfig("rollout:apiUrl", { value: emu.urls.rollout });
    }
  }, 300_000);

  it("fails at preview when a sibling URL is left at its production default, naming the key", async () => {
    await t.stack.setConfig("rolloutCrm:apiUrl", { value: emu.urls.rolloutCrm });
    try {
      const text = await previewOf([{ kind: "CrmPerson", name: "uma", args: { crm: "rolloutCrm", givenName: "Uma", familyName: "Ute" } }]);
      expect(text).toContain("rolloutCrm:credentialsUrl is not set, so it would fall back to the production URL https://universal.rollout.com/api");
      expect(text).toContain(`while rolloutCrm:apiUrl points to ${new URL(emu.urls.rolloutCrm).origin}`);
    } finally {
      await t.stack.removeConfig("rolloutCrm:apiUrl");
    }
  }, 300_000);
});

describe("a wrong global setting", () => {
  it("fails the preview once, without blaming a resource", async () => {
    const t = await stack(
      "js-args",
      { "rollout:apiUrl": emu.urls.rollout, "js-args:resources": JSON.stringify([{ kind: "RolloutUser", name: "typo-env", args: { email: "ada@example.com" } }]) },
      { PULUMI_ROLLOUT_CRM_REQUIRE_CREDENTIALS: "maybe" },
    );
    const text = await failure(t.stack.preview());
    expect(text).toContain("PULUMI_ROLLOUT_CRM_REQUIRE_CREDENTIALS must be true or false (it is 'maybe')");
    expect(text).not.toContain("resource 'typo-env'");
    expect(text).not.toContain("typo-env' has a problem");
  }, 300_000);
});

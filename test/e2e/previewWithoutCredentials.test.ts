/**
 * A pull-request preview needs no API secret (issue #13, point 3), with the real CLI and the
 * four emulators. A stack whose credentials are set neither in config nor in the environment:
 * `pulumi preview` and the review succeed, with one warning per missing credential naming the
 * config key and the variable (only for the services the program uses), and send no request;
 * `pulumi up` fails naming them, before any request. Once the records exist (created with the
 * credentials in the environment of that `up` only), `pulumi preview --refresh`, the drift
 * report and `review --refresh` fail the same way, before any request.
 */
import * as path from "node:path";
import type { LocalWorkspace } from "@pulumi/pulumi/automation";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OUTSETA_DEV_KEY, OUTSETA_DEV_SECRET, ROGERROGER_DEV_KEY, ROLLOUT_DEV_TOKEN, startEmulators, type RunningEmulators } from "../../emulators";
import { runCommand } from "../support/command";
import { failureText } from "../support/crm";
import { EmulatorAdmin } from "../support/emulators";
import { createTestStack, pulumiCliFolder, pulumiEnv, repoRoot, type TestStack } from "../support/stack";

const PROGRAM = path.join(repoRoot, "test/e2e/programs/review");

/** Every credential variable, empty (the provider reads an empty variable as unset). */
const NO_CREDENTIALS: Record<string, string> = Object.fromEntries(
  [
    "ROLLOUT_API_TOKEN",
    "ROGERROGER_API_KEY",
    "OUTSETA_API_KEY",
    "OUTSETA_SECRET_KEY",
    "ROLLOUT_CRM_AUTH_TOKEN",
    "ROLLOUT_CRM_CLIENT_ID",
    "ROLLOUT_CRM_CLIENT_SECRET",
    "ROLLOUT_CRM_USER_ID",
  ].map((name) => [name, ""]),
);

/** The credentials the program's services need: a RolloutUser, RogerRoger (a person and a note), Outseta. */
const NEEDED: [key: string, env: string][] = [
  ["rollout:apiToken", "ROLLOUT_API_TOKEN"],
  ["rogerroger:apiKey", "ROGERROGER_API_KEY"],
  ["outseta:apiKey", "OUTSETA_API_KEY"],
  ["outseta:secretKey", "OUTSETA_SECRET_KEY"],
];

let emulators: RunningEmulators;
let admins: EmulatorAdmin[];
let t: TestStack;

/** The API requests all four emulators answered since the previous call. */
const requests = async () => (await Promise.all(admins.map((a) => a.since()))).flat();

/** The package's bin as a user runs it, without credentials. */
function cli(...args: string[]) {
  const env = { ...process.env, ...pulumiEnv(t.stateDir, { PULUMI_HOME: path.join(t.stateDir, ".pulumi-home"), ...NO_CREDENTIALS }) };
  return runCommand(process.execPath, [path.join(repoRoot, "dist/cli/main.js"), ...args, "--stack", t.stack.name, "--cwd", PROGRAM], { cwd: repoRoot, env });
}

/** The credentials a failed command's output names as missing, with the key and the variable. */
function named(text: string): string[] {
  return NEEDED.filter(([key, env]) => new RegExp(`${key}' \\(pulumi config set --secret ${key} <value>\\) or the environment variable ${env}\\.`).test(text)).map(([key]) => key);
}

/** What a refresh of every record names: the first missing credential of each service (a read builds its service). */
const EVERY_SERVICE = ["rollout:apiToken", "rogerroger:apiKey", "outseta:apiKey"];

beforeAll(async () => {
  emulators = await startEmulators({ log: () => {} });
  admins = Object.values(emulators.adminUrls).map((url) => new EmulatorAdmin(url));
  for (const admin of admins) await admin.reset({ rateLimit: false });
  t = await createTestStack({
    workDir: PROGRAM,
    stackName: `nocred-${Date.now().toString(36)}`,
    // The URLs only, as a stack file committed to the repository holds them.
    config: {
      "rollout:apiUrl": emulators.urls.rollout,
      "rogerroger:apiUrl": emulators.urls.rogerroger,
      "outseta:apiUrl": emulators.urls.outseta,
      users: JSON.stringify({ grace: { email: "grace@example.com", name: "Grace" } }),
      people: JSON.stringify({
        rr: { crm: "rogerroger", givenName: "Rita", familyName: "Roe", emails: ["rita@example.com"] },
        os: { crm: "outseta", givenName: "Olga", emails: ["olga@example.com"] },
      }),
      notes: JSON.stringify({ memo: { person: "rr", title: "Call back" } }),
    },
    env: NO_CREDENTIALS,
  });
});
afterAll(async () => {
  await t?.dispose({ destroy: false }); // the emulators stop next, and their records with them
  await emulators?.stop();
});

describe("a stack without credentials, real CLI", () => {
  it("preview and review succeed with one warning per missing credential and no request; up fails naming them, before any request", async () => {
    const preview = await t.stack.preview();
    expect(preview.changeSummary).toMatchObject({ create: 5 }); // and the stack
    // The display repeats each warning under "Diagnostics:"; there, each appears once.
    const diagnostics = preview.stdout.split("Diagnostics:")[1] ?? "";
    for (const [key, env] of NEEDED) {
      const warning = new RegExp(`warning: pulumi-rollout-crm: .*'${key}' \\(pulumi config set --secret ${key} <value>\\) or the environment variable ${env}\\. A plain preview needs no credential`, "g");
      expect(diagnostics.match(warning), `${key} in\n${preview.stdout}`).toHaveLength(1);
    }
    expect(diagnostics.match(/A plain preview needs no credential/g)).toHaveLength(NEEDED.length);
    expect(diagnostics).not.toContain("rolloutCrm:"); // the program uses no Universal CRM person
    expect(await requests()).toEqual([]);

    const review = await cli("review");
    expect(review.stderr).toBe("");
    expect(review.code).toBe(0);
    expect(review.stdout).toContain("**4 to create, 0 to update, 0 to replace, 0 to delete**");
    expect(await requests()).toEqual([]);

    // The engine stops at the first failed create: which service's comes first varies.
    const upFailure = await failureText(t.stack.up());
    expect(named(upFailure).length, upFailure).toBeGreaterThan(0);
    expect(upFailure).toMatch(/error: The \w+ API (token|key) is missing: set the stack config/);
    expect(await requests(), "no request before the failure, lookups included").toEqual([]);
    expect(await t.resources()).toEqual([]);

    // The up jobs' all-or-nothing switch: the CLI's `pulumi up` as CI runs it (its preview
    // phase first), with Rollout's token given and the other services' missing, changes
    // nothing anywhere: the preview phase fails on the missing ones, Rollout included.
    const strictUp = await runCommand(path.join(pulumiCliFolder(), "pulumi"), ["up", "--yes", "--stack", t.stack.name], {
      cwd: PROGRAM,
      env: {
        ...process.env,
        ...pulumiEnv(t.stateDir, { PULUMI_HOME: path.join(t.stateDir, ".pulumi-home"), ...NO_CREDENTIALS }),
        ROLLOUT_API_TOKEN: ROLLOUT_DEV_TOKEN,
        PULUMI_ROLLOUT_CRM_REQUIRE_CREDENTIALS: "true",
      },
    });
    const strictOutput = strictUp.stdout + strictUp.stderr;
    expect(strictUp.code, strictOutput).not.toBe(0);
    // The engine stops at the first resource that fails its check: which one comes first varies.
    expect(strictOutput).toMatch(/'(rogerroger:apiKey|outseta:apiKey|outseta:secretKey)'.*(ROGERROGER_API_KEY|OUTSETA_API_KEY|OUTSETA_SECRET_KEY)\. \(PULUMI_ROLLOUT_CRM_REQUIRE_CREDENTIALS is set/);
    expect(strictOutput).not.toContain("rollout:apiToken");
    expect(strictOutput).not.toContain("Updating (");
    expect(await requests(), "the strict up changed nothing, Rollout included").toEqual([]);
    expect(await t.resources()).toEqual([]);
  }, 300_000);

  it("with records in the state, preview --refresh, the drift report and review --refresh fail naming them, before any request", async () => {
    const env = (t.stack.workspace as LocalWorkspace).envVars;
    Object.assign(env, { ROLLOUT_API_TOKEN: ROLLOUT_DEV_TOKEN, ROGERROGER_API_KEY: ROGERROGER_DEV_KEY, OUTSETA_API_KEY: OUTSETA_DEV_KEY, OUTSETA_SECRET_KEY: OUTSETA_DEV_SECRET });
    await t.stack.up(); // the credentials in this up's environment only: saved nowhere
    expect(await t.resources()).toHaveLength(4);
    Object.assign(env, NO_CREDENTIALS);
    await requests();

    expect(named(await failureText(t.stack.preview({ refresh: true })))).toEqual(EVERY_SERVICE);
    expect(await requests()).toEqual([]);

    for (const command of [["drift"], ["review", "--refresh"]]) {
      const run = await cli(...command);
      expect(run.code, command.join(" ")).toBe(1);
      expect(named(run.stderr), command.join(" ")).toEqual(EVERY_SERVICE);
      expect(await requests(), command.join(" ")).toEqual([]);
    }
  }, 300_000);
});

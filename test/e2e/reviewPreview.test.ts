/**
 * What a reviewer sees, from the CLI's own output (not the provider's return values), on
 * all three resources and every backend: one change in code and one by hand per resource
 * type and backend. `pulumi preview --diff` and `preview --refresh --diff` name each changed
 * field with old => new, the one-line view carries `[diff: ~field]`, and after a plain
 * `pulumi refresh` a later preview still names the fields. Then the review command on the
 * same stack: Markdown sections, `--refresh`, `--json`, `--fail-on-sensitive` exit codes.
 */
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CRM_DEV_CLIENT_ID,
  CRM_DEV_CLIENT_SECRET,
  CRM_DEV_TOKEN,
  DEV_CREDENTIAL_ID,
  OUTSETA_DEV_KEY,
  OUTSETA_DEV_SECRET,
  ROGERROGER_DEV_KEY,
  ROLLOUT_DEV_TOKEN,
  startEmulators,
  type RunningEmulators,
} from "../../emulators";
import { EmulatorAdmin, byHand } from "../support/emulators";
import { createTestStack, pulumiEnv, repoRoot, type TestStack } from "../support/stack";
import { runCommand } from "../support/command";

const APP = "5f1d7c2a9e3b4a6d8c0e1f23";
const SECRETS = [ROLLOUT_DEV_TOKEN, ROGERROGER_DEV_KEY, OUTSETA_DEV_SECRET, CRM_DEV_CLIENT_SECRET];

let emulators: RunningEmulators;
let t: TestStack;

interface Records {
  users: Record<string, unknown>;
  people: Record<string, unknown>;
  notes: Record<string, unknown>;
}

const original: Records = {
  users: { grace: { email: "grace@example.com", name: "Grace", applications: { [APP]: { environments: { Production: "read" } } } } },
  people: {
    rr: { crm: "rogerroger", givenName: "Rita", familyName: "Roe", jobTitle: "CEO" },
    os: { crm: "outseta", givenName: "Olga", emails: ["olga@example.com"], jobTitle: "CEO" },
    uc: { crm: "rolloutCrm", givenName: "Uma", familyName: "Ute", jobTitle: "CEO" },
  },
  notes: { memo: { person: "rr", title: "Call back", description: "Tuesday" } },
};

/** One change in code per resource type and backend. */
const changedInCode: Records = {
  users: {
    grace: { email: "grace@example.com", name: "Grace Hopper", applications: { [APP]: { environments: { Production: "read" } } } },
    linus: { email: "linus@example.com", teamAdmin: true }, // sensitive: a new team admin
  },
  people: {
    rr: { ...(original.people.rr as object), givenName: "Rita Ann" },
    os: { ...(original.people.os as object), givenName: "Olga Ann" },
    uc: { ...(original.people.uc as object), givenName: "Uma Ann" },
  },
  notes: { memo: { person: "rr", title: "Call back", description: "Wednesday" } },
};

async function setRecords(records: Records): Promise<void> {
  await t.stack.setAllConfig({
    users: { value: JSON.stringify(records.users) },
    people: { value: JSON.stringify(records.people) },
    notes: { value: JSON.stringify(records.notes) },
  });
}

/** The package's bin as a user runs it, with the stack's backend and passphrase. */
function cli(...args: string[]) {
  const env = { ...process.env, ...pulumiEnv(t.stateDir, { PULUMI_HOME: path.join(t.stateDir, ".pulumi-home") }) };
  return runCommand(process.execPath, [path.join(repoRoot, "dist/cli/main.js"), ...args, "--stack", t.stack.name, "--cwd", path.join(repoRoot, "test/e2e/programs/review")], { cwd: repoRoot, env });
}

/**
 * The changed properties the full diff view marks (`~ key   : old => new` under a resource's
 * `[urn=...::name]`), as `name key: old => new`, sorted.
 */
function changedProperties(stdout: string): string[] {
  const out: string[] = [];
  let resource = "";
  let op = "";
  for (const line of stdout.split("\n").map((l) => l.trim())) {
    const header = /^\S+ [\w:/-]+: \(([\w-]+)\)$/.exec(line);
    if (header) op = header[1];
    const urn = /^\[urn=.*::([^:\]]+)\]$/.exec(line);
    if (urn) resource = urn[1];
    const changed = /^~ (\w+)\s*: (.* => .*)$/.exec(line);
    // Only the updates `up` would make: a `--refresh` preview also shows each refresh's own diff.
    if (changed && op === "update") out.push(`${resource} ${changed[1]}: ${changed[2]}`);
  }
  return out.sort();
}

beforeAll(async () => {
  emulators = await startEmulators({ log: () => {} });
  for (const url of Object.values(emulators.adminUrls)) await new EmulatorAdmin(url).reset({ rateLimit: false }); // this test reads output, not waits
  t = await createTestStack({
    workDir: path.join(repoRoot, "test/e2e/programs/review"),
    stackName: `review-${Date.now().toString(36)}`,
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

describe("pull-request previews, real CLI", () => {
  it("name every changed field, old => new, in code and by hand, on every resource and backend", async () => {
    await setRecords(original);
    const up = await t.stack.up();
    expect(up.summary.resourceChanges).toEqual({ create: 6 }); // and the stack
    const ids = up.outputs.personIds.value as Record<string, string>;

    // By hand, through the APIs: one managed field per resource type and backend.
    const { urls } = emulators;
    await byHand(`${urls.rollout}/users/grace@example.com`, "PATCH", { authorization: `Bearer ${ROLLOUT_DEV_TOKEN}`, "content-type": "application/json" }, [
      { op: "replace", path: `/applications/${APP}/environments/Production`, value: "write" },
    ]);
    const rr = { "x-api-key": ROGERROGER_DEV_KEY, "content-type": "application/merge-patch+json" };
    await byHand(`${urls.rogerroger}/people/${ids.rr}`, "PATCH", rr, { jobTitle: "Boss" });
    const noteId = (up.outputs.noteIds.value as Record<string, string>).memo;
    await byHand(`${urls.rogerroger}/people/${ids.rr}/notes/${noteId}`, "PATCH", rr, { title: "Call back soon" });
    await byHand(`${urls.outseta}/crm/people/${ids.os}`, "PUT", { authorization: `Outseta ${OUTSETA_DEV_KEY}:${OUTSETA_DEV_SECRET}`, "content-type": "application/json" }, { Title: "Boss" });
    await byHand(`${urls.rolloutCrm}/people/${ids.uc}`, "PUT", { authorization: `Bearer ${CRM_DEV_TOKEN}`, "x-rollout-credential-id": DEV_CREDENTIAL_ID, "content-type": "application/json" }, { jobTitle: "Boss" });
    await setRecords(changedInCode);

    const codeOnly = [
      'grace name: "Grace" => "Grace Hopper"',
      'memo description: "Tuesday" => "Wednesday"',
      'os givenName: "Olga" => "Olga Ann"',
      'rr givenName: "Rita" => "Rita Ann"',
      'uc givenName: "Uma" => "Uma Ann"',
    ];
    const byHandToo = [
      ...codeOnly,
      'grace Production: "write" => "read"',
      'memo title: "Call back soon" => "Call back"',
      'os jobTitle: "Boss" => "CEO"',
      'rr jobTitle: "Boss" => "CEO"',
      'uc jobTitle: "Boss" => "CEO"',
    ].sort();

    // A PR preview without refresh: the code's changes, each named.
    const plain = await t.stack.preview({ diff: true });
    expect(plain.changeSummary).toMatchObject({ update: 5, create: 1 });
    expect(changedProperties(plain.stdout)).toEqual(codeOnly);

    // With --refresh: the hand changes too, live => code.
    const refreshed = await t.stack.preview({ refresh: true, diff: true });
    expect(changedProperties(refreshed.stdout)).toEqual(byHandToo);

    // The one-line view marks the fields of every update.
    const oneLine = await t.stack.preview({ refresh: true });
    const marks = Object.fromEntries([...oneLine.stdout.matchAll(/dynamic\/[\w:]+ +(\S+) +update +\[diff: ([^\]]+)\]/g)].map((m) => [m[1], m[2]]));
    expect(marks).toEqual({
      grace: "~applications,name",
      rr: "~givenName,jobTitle",
      os: "~givenName,jobTitle",
      uc: "~givenName,jobTitle",
      memo: "~description,title",
    });

    // The review: summary, the sensitive change, the code's changes, the hand changes apart.
    const review = await cli("review", "--refresh");
    expect(review.stderr).toBe("");
    expect(review.code).toBe(0);
    const md = review.stdout;
    expect(md).toContain("**1 to create, 5 to update, 0 to replace, 0 to delete** (6 records in stack");
    expect(md).toContain("5 records changed outside the code");
    const sections = md.split(/^#### /m).map((section) => section.trim());
    // A Production write granted by hand is sensitive drift (issue 25), beside the code's new admin.
    expect(sections[1]).toBe(
      "⚠️ Sensitive changes (2)\n\n- **New team admin**: linus@example.com\n- **Write granted outside Pulumi**: grace@example.com: 5f1d…/Production: write by hand \\(code: read\\)",
    );
    expect(sections[2]).toBe(
      [
        "Changes in code (6 records)",
        "",
        "- **linus@example.com** (`linus`): Rollout team member, create",
        "  - team admin: yes",
        "- **grace@example.com** (`grace`): Rollout team member, update",
        '  - name: "Grace" → "Grace Hopper"',
        "- **memo**: RogerRoger note, update",
        '  - description: "Tuesday" → "Wednesday"',
        "- **os**: Outseta person, update",
        '  - givenName: "Olga" → "Olga Ann"',
        "- **rr**: RogerRoger person, update",
        '  - givenName: "Rita" → "Rita Ann"',
        "- **uc**: Universal CRM person, update",
        '  - givenName: "Uma" → "Uma Ann"',
      ].join("\n"),
    );
    expect(sections[3]).toContain("Changed outside the code (5 records)");
    // Hand changes read as what was done by hand, then the code's value (issue 25).
    for (const line of ["  - 5f1d…/Production: write by hand \\(code: read\\)", '  - title: "Call back soon" by hand \\(code: "Call back"\\)']) expect(sections[3]).toContain(line);
    expect(sections[3].match(/ {2}- jobTitle: "Boss" by hand \\\(code: "CEO"\\\)/g)).toHaveLength(3);

    // The gate: exit 2 on a sensitive change; JSON with the same content.
    const gate = await cli("review", "--json", "--fail-on-sensitive");
    expect(gate.code).toBe(2);
    const json = JSON.parse(gate.stdout);
    expect(json).toMatchObject({ refresh: false, summary: { create: 1, update: 5, replace: 0, delete: 0 }, sensitive: [{ kind: "new team admin", record: "linus@example.com" }], outside: [] });
    expect(json.changes).toHaveLength(6);

    // After a plain refresh, a later PR preview still names every field (the state's inputs
    // are the live record), and so does a review, which with nothing sensitive exits 0.
    await t.stack.refresh();
    const afterRefresh = await t.stack.preview({ diff: true });
    expect(changedProperties(afterRefresh.stdout)).toEqual(byHandToo);
    await setRecords({ ...changedInCode, users: { grace: changedInCode.users.grace } });
    const calm = await cli("review", "--fail-on-sensitive");
    expect(calm.code).toBe(0);
    expect(calm.stdout).toContain("#### Sensitive changes: none");
    expect(calm.stdout).toContain('  - jobTitle: "Boss" → "CEO"');
    for (const out of [plain.stdout, refreshed.stdout, oneLine.stdout, afterRefresh.stdout, md, gate.stdout, calm.stdout]) {
      for (const secret of SECRETS) expect(out).not.toContain(secret);
    }
  }, 400_000);
});

/**
 * Exactly once, whatever fails (issue #11, cases 1-4): `pulumi up` killed with SIGKILL in
 * the middle (the whole CLI, or the dynamic-provider process alone), and lost responses
 * injected with the emulators' faults, then the recovery a user would run. Each test counts
 * the records in the emulator afterwards: exactly those the program asks for, none twice,
 * none overwritten, no hand edit needed.
 */
import * as path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import {
  OUTSETA_DEV_KEY,
  OUTSETA_DEV_SECRET,
  ROGERROGER_DEV_KEY,
  startOutsetaEmulator,
  startRogerRogerEmulator,
  startRolloutCrmEmulator,
  startRolloutEmulator,
  CRM_DEV_TOKEN,
  DEV_CREDENTIAL_ID,
  type RunningService,
} from "../../emulators";
import { EmulatorAdmin } from "../support/emulators";
import { pulumi, recover, upKilledWhen, type KillTarget } from "../support/crash";
import { setCrmRecords } from "../support/crm";
import { createTestStack, repoRoot, type TestStack } from "../support/stack";

const CRM_PROGRAM = path.join(repoRoot, "test/e2e/programs/crm");
const ROLLOUT_PROGRAM = path.join(repoRoot, "test/e2e/programs/rollout-users");
const APP = "5f1175a8f8daa545e28c8aa2";
const APP2 = "5f1175a8f8daa545e28c8aa3";
/** Each test runs the real CLI three or four times on a shared machine. */
const SLOW = 300_000;

let cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
  cleanups = [];
});

type Crm = "rogerroger" | "outseta" | "rolloutCrm";

interface Setup {
  emu: RunningService;
  admin: EmulatorAdmin;
  t: TestStack;
}

async function crmSetup(crm: Crm): Promise<Setup> {
  const start = { rogerroger: startRogerRogerEmulator, outseta: startOutsetaEmulator, rolloutCrm: startRolloutCrmEmulator }[crm];
  const emu = await start({ log: () => {} });
  cleanups.push(() => emu.stop());
  const admin = new EmulatorAdmin(emu.adminUrl);
  await admin.reset({ rateLimit: false });
  const config: Record<string, Record<string, string>> = {
    rogerroger: { "rogerroger:apiUrl": emu.url },
    outseta: { "outseta:apiUrl": emu.url },
    rolloutCrm: { "rolloutCrm:apiUrl": emu.url, "rolloutCrm:credentialsUrl": emu.url, "rolloutCrm:credentialId": DEV_CREDENTIAL_ID },
  };
  const secrets: Record<string, Record<string, string>> = {
    rogerroger: { "rogerroger:apiKey": ROGERROGER_DEV_KEY },
    outseta: { "outseta:apiKey": OUTSETA_DEV_KEY, "outseta:secretKey": OUTSETA_DEV_SECRET },
    rolloutCrm: { "rolloutCrm:authToken": CRM_DEV_TOKEN },
  };
  const t = await createTestStack({ workDir: CRM_PROGRAM, stackName: `x1-${crm}-${Date.now().toString(36)}`, config: config[crm], secretConfig: secrets[crm] });
  cleanups.push(() => t.dispose({ destroy: false })); // before the emulator stops, with the records
  return { emu, admin, t };
}

/** People stored in a CRM emulator, whatever the service calls its collection. */
async function stored(admin: Setup["admin"]): Promise<any[]> {
  return (await admin.state()).people ?? [];
}

/** The e-mails of the stored people, primary first, lower-case, sorted: duplicates show twice. */
function storedEmails(crm: Crm, people: any[]): string[] {
  const email = (p: any): string =>
    crm === "rogerroger" ? p.fields.emailAddresses[0].email : crm === "outseta" ? p.props.Email : p.fields?.emails?.[0]?.value ?? p.emails?.[0]?.value;
  return people.map((p) => String(email(p)).toLowerCase()).sort();
}

function person(crm: Crm, i: number): Record<string, unknown> {
  return { crm, givenName: `P${i}`, familyName: "Crash", emails: [`p${i}@example.com`] };
}

const output = (r: { stdout: string; stderr: string }) => `${r.stdout}\n${r.stderr}`;

describe("case 1 and 2: pulumi up killed with SIGKILL, then cancel and a plain up", () => {
  it.each([
    ["rogerroger", "cli"],
    ["rolloutCrm", "provider"],
    ["outseta", "provider"],
  ] as [Crm, KillTarget][])("%s, kill -9 of the %s while people are being created: exactly the people asked for (after a CLI kill, refresh --clear-pending-creates then leaves them untouched and the warning gone)", async (crm, target) => {
    const { admin, t } = await crmSetup(crm);
    const people = Object.fromEntries([0, 1, 2, 3].map((i) => [`p${i}`, person(crm, i)]));
    // On RogerRoger, notes too: created as soon as their person is, so some are on their way at the kill.
    const notes = crm === "rogerroger" ? { n0: { person: "p0", title: "First" }, n1: { person: "p1", title: "First" } } : {};
    await setCrmRecords(t, people, notes);
    await admin.faults({ latencyMs: 700, methods: ["POST"] });
    // One create at a time, 700 ms each: the kill lands with two people stored, the third
    // POST on its way and the fourth not sent, so the run cannot have finished.
    const killed = await upKilledWhen(t, target, async () => (await stored(admin)).length >= 2, ["--parallel", "1"]);
    expect(killed.code).not.toBe(0);
    await admin.faults({});

    const up = await recover(t);
    expect(up.code, output(up)).toBe(0);
    const emails = storedEmails(crm, await stored(admin));
    expect(emails).toEqual(["p0@example.com", "p1@example.com", "p2@example.com", "p3@example.com"]);
    const noteCount = Object.keys(notes).length;
    if (crm === "rogerroger") expect((await admin.state()).notes).toHaveLength(noteCount);
    expect(await t.resources()).toHaveLength(4 + noteCount);
    // Nothing was overwritten: every stored record still has the declared values.
    expect((await t.stack.preview({ refresh: true, expectNoChanges: true })).changeSummary).toEqual({ same: 5 + noteCount });

    // The pending-operation warning a killed CLI leaves: cleared without touching a record.
    if (target === "cli") {
      const before = await stored(admin);
      const mark = (await admin.requests()).length;
      const clear = await pulumi(t, ["refresh", "--clear-pending-creates", "--yes"]);
      expect(clear.code, output(clear)).toBe(0);
      const preview = await pulumi(t, ["preview"]);
      expect(preview.code, output(preview)).toBe(0);
      expect(output(preview)).not.toMatch(/pending (operation|create)/i);
      expect(await stored(admin)).toEqual(before);
      expect((await admin.requests()).slice(mark).filter((r) => r.method !== "GET")).toEqual([]);
    }
  }, SLOW);

  it("rollout, kill -9 of the CLI while members are being added: exactly the members asked for, no importId needed", async () => {
    const emu = await startRolloutEmulator({ log: () => {} });
    cleanups.push(() => emu.stop());
    const admin = new EmulatorAdmin(emu.adminUrl);
    await admin.reset({ rateLimit: false });
    await admin.settings({ rateLimit: true }); // the real limit: one request per second
    const users = Object.fromEntries(
      [0, 1, 2].map((i) => [`u${i}`, { email: `u${i}@example.com`, name: `U${i}`, applications: { [APP]: { environments: { Production: "read" } } } }]),
    );
    const t = await createTestStack({
      workDir: ROLLOUT_PROGRAM,
      stackName: `x1-rollout-${Date.now().toString(36)}`,
      config: { "rollout:apiUrl": emu.url, "rollout-users:users": JSON.stringify(users) },
      secretConfig: { "rollout:apiToken": "dev-rollout-token" },
    });
    cleanups.push(() => t.dispose({ destroy: false })); // before the emulator stops, with the records
    const members = async () => ((await admin.state()).users ?? []) as any[];
    // Each PUT takes 1.5 s to land, one starting every 1.1 s: when the first is stored the
    // next ones are on their way, and land after the kill with nobody to hear their answers.
    await admin.faults({ latencyMs: 1500, methods: ["PUT"] });
    const killed = await upKilledWhen(t, "cli", async () => (await members()).length >= 1);
    expect(killed.code).not.toBe(0);
    await admin.faults({});
    await new Promise((r) => setTimeout(r, 3000)); // the PUTs in flight land
    expect((await members()).length).toBeGreaterThan(1);

    const up = await recover(t);
    expect(up.code, output(up)).toBe(0);
    expect((await members()).map((u) => u.email).sort()).toEqual(["u0@example.com", "u1@example.com", "u2@example.com"]);
    expect(await t.resources()).toHaveLength(3);
  }, SLOW);
});

describe("case 3: a lost create response, then the rerun the error suggests", () => {
  /** `pulumi up`; when it fails, its message must say to run it again, and that rerun is made. */
  async function upAsAdvised(t: TestStack): Promise<string> {
    const first = await pulumi(t, ["up", "--yes"]);
    if (first.code === 0) return output(first);
    expect(output(first)).toContain("Run `pulumi up` again");
    expect(output(first)).not.toContain("find it in rolloutCrm");
    const again = await pulumi(t, ["up", "--yes"]);
    expect(again.code, output(again)).toBe(0);
    return output(first) + output(again);
  }

  it.each([
    ["a 500 after the POST took effect", { statuses: [500], when: "after" }],
    ["a connection dropped after the POST took effect", { dropConnection: true, when: "after" }],
  ])("rogerroger person and PersonNote, %s: one person, one note", async (_what, fault) => {
    const { admin, t } = await crmSetup("rogerroger");
    await setCrmRecords(t, { ann: person("rogerroger", 0) }, { call: { person: "ann", title: "Call back" } });
    await admin.faults({ ...fault, methods: ["POST"], count: 2 }); // the person's POST, then the note's
    await upAsAdvised(t);
    const state = await admin.state();
    expect(storedEmails("rogerroger", state.people!)).toEqual(["p0@example.com"]);
    expect(state.notes).toHaveLength(1);
    expect(await t.resources()).toHaveLength(2);
  }, SLOW);

  it("rolloutCrm person, a 500 after the POST took effect: one person, and no internal name in any message", async () => {
    const { admin, t } = await crmSetup("rolloutCrm");
    await setCrmRecords(t, { ann: person("rolloutCrm", 0) });
    await admin.faults({ statuses: [500], when: "after", methods: ["POST"], count: 1 });
    await upAsAdvised(t);
    expect(storedEmails("rolloutCrm", await stored(admin))).toEqual(["p0@example.com"]);
  }, SLOW);
});

describe("case 4: a lost PATCH response on Rollout", () => {
  it("the update is applied once by the rerun the error suggests, and later updates still apply", async () => {
    const emu = await startRolloutEmulator({ log: () => {} });
    cleanups.push(() => emu.stop());
    const admin = new EmulatorAdmin(emu.adminUrl);
    await admin.reset({ rateLimit: false });
    const access = (apps: Record<string, Record<string, string>>) => ({
      ann: { email: "ann@example.com", name: "Ann", applications: Object.fromEntries(Object.entries(apps).map(([a, e]) => [a, { environments: e }])) },
    });
    const t = await createTestStack({
      workDir: ROLLOUT_PROGRAM,
      stackName: `x4-rollout-${Date.now().toString(36)}`,
      config: { "rollout:apiUrl": emu.url, "rollout-users:users": JSON.stringify(access({ [APP]: { Production: "read" }, [APP2]: { Staging: "write" } })) },
      secretConfig: { "rollout:apiToken": "dev-rollout-token" },
    });
    cleanups.push(() => t.dispose({ destroy: false })); // before the emulator stops, with the records
    const setUsers = (users: unknown) => t.stack.setConfig("rollout-users:users", { value: JSON.stringify(users) });
    const live = async () => ((await admin.state()).users ?? [])[0];
    expect((await pulumi(t, ["up", "--yes", "--skip-preview"])).code).toBe(0);

    // Remove APP2; the PATCH takes effect but its answer is a 500.
    await setUsers(access({ [APP]: { Production: "read" } }));
    await admin.faults({ statuses: [500], when: "after", methods: ["PATCH"], count: 1 });
    const lost = await pulumi(t, ["up", "--yes", "--skip-preview"]);
    expect(lost.code).not.toBe(0);
    expect(output(lost)).toContain("Run `pulumi up` again");
    expect(Object.keys((await live()).applications)).toEqual([APP]);

    const rerun = await pulumi(t, ["up", "--yes", "--skip-preview"]);
    expect(rerun.code, output(rerun)).toBe(0);
    expect(Object.keys((await live()).applications)).toEqual([APP]);

    await setUsers(access({ [APP]: { Production: "write" } }));
    const next = await pulumi(t, ["up", "--yes", "--skip-preview"]);
    expect(next.code, output(next)).toBe(0);
    expect((await live()).applications).toEqual({ [APP]: { environments: { Production: "write" } } });
    expect((await admin.state()).users).toHaveLength(1);
  }, SLOW);
});

describe("two stacks creating the same Rollout member at once", () => {
  it("one PUT wins (the API has no condition); the loser's next preview --refresh shows the drift", async () => {
    const emu = await startRolloutEmulator({ log: () => {} });
    cleanups.push(() => emu.stop());
    const admin = new EmulatorAdmin(emu.adminUrl);
    await admin.reset({ rateLimit: false });
    // Both stacks' existence checks run before either PUT lands.
    await admin.faults({ latencyMs: 4000, methods: ["PUT"] });
    const stackFor = async (name: string, env: string) => {
      const users = { ann: { email: "ann@example.com", name: "Ann", applications: { [APP]: { environments: { [env]: "write" } } } } };
      const t = await createTestStack({
        workDir: ROLLOUT_PROGRAM,
        stackName: `race-${name}-${Date.now().toString(36)}`,
        config: { "rollout:apiUrl": emu.url, "rollout-users:users": JSON.stringify(users) },
        secretConfig: { "rollout:apiToken": "dev-rollout-token" },
      });
      cleanups.push(() => t.dispose({ destroy: false })); // before the emulator stops, with the records
      return { t, env };
    };
    const a = await stackFor("a", "Production");
    const b = await stackFor("b", "Staging");
    const ups = await Promise.all([a, b].map((s) => pulumi(s.t, ["up", "--yes", "--skip-preview"])));
    for (const up of ups) expect(up.code, output(up)).toBe(0);
    await admin.faults({});
    const users = (await admin.state()).users as any[];
    expect(users).toHaveLength(1);
    const winnerEnv = Object.keys(users[0].applications[APP].environments)[0];
    const loser = winnerEnv === "Production" ? b : a;
    const preview = await pulumi(loser.t, ["preview", "--refresh", "--expect-no-changes", "--diff"]);
    expect(preview.code).not.toBe(0);
    expect(output(preview)).toContain(loser.env);
    expect(output(preview)).toMatch(/~ .*update|1 to update/);
  }, SLOW);
});

describe("a person without any e-mail on a service without another key", () => {
  it("pulumi preview warns that a lost response cannot be recovered for it, and does not fail", async () => {
    const { admin, t } = await crmSetup("rolloutCrm");
    await setCrmRecords(t, { nomail: { crm: "rolloutCrm", givenName: "No", familyName: "Mail" } });
    const preview = await pulumi(t, ["preview"]);
    expect(preview.code, output(preview)).toBe(0);
    expect(output(preview)).toMatch(/warning: CrmPerson No Mail \(the Rollout Universal CRM\) has no e-mail/);
    expect(await admin.since()).toEqual([]); // and preview asked nothing of the API
  }, SLOW);
});

/**
 * The provider plugin with the real CLI: a TypeScript program declaring the plugin's
 * CrmPerson (`rolloutcrm:index:CrmPerson`) through an explicit provider instance, against
 * the Universal CRM emulator (test/e2e/programs/plugin-crm). It measures what one person
 * costs in the state in each form (the plugin keeps no serialized provider per record:
 * issue 26), runs the plugin's lifecycle (a no-change preview sending nothing, a field-level
 * change, the `import` resource option adopting with reads only, destroy), and checks that
 * no credential reaches the state in plain text.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CRM_DEV_TOKEN, DEV_CREDENTIAL_ID, startRolloutCrmEmulator, type RunningService } from "../../emulators";
import { EmulatorAdmin, byHand } from "../support/emulators";
import { createTestStack, pulumiCliFolder, pulumiEnv, repoRoot, type TestStack } from "../support/stack";

const PEOPLE = 5;
const WORK_DIR = path.join(repoRoot, "test/e2e/programs/plugin-crm");
const HEADERS = { authorization: `Bearer ${CRM_DEV_TOKEN}`, "x-rollout-credential-id": DEV_CREDENTIAL_ID, "content-type": "application/json" };
/** The type of each form's person in the state. */
const TYPES = { dynamic: "pulumi-nodejs:dynamic/crm:Person", plugin: "rolloutcrm:index:CrmPerson", noop: "pulumi-nodejs:dynamic/bench:Noop" } as const;
type Form = keyof typeof TYPES;

/**
 * The same inputs in every form, as the benchmark declares its people (bench/program.js), but
 * for a tag of the same length in the e-mail: the plugin's create would otherwise adopt the
 * dynamic form's people, which hold exactly its values (an earlier create of its own, for all
 * it can tell).
 */
const TAG: Record<Form, string> = { dynamic: "dyn", plugin: "plg", noop: "nop" };
const person = (i: number, form: Form = "plugin", jobTitle = "Engineer") => ({
  crm: "rolloutCrm",
  givenName: `Given${i}`,
  familyName: `Family${i}`,
  emails: [`person${i}.${TAG[form]}@state.example`],
  jobTitle,
});
const people = (form: Form = "plugin") => Object.fromEntries(Array.from({ length: PEOPLE }, (_, i) => [`p${i}`, person(i, form)]));

let emu: RunningService;
let admin: EmulatorAdmin;
const stacks: TestStack[] = [];

async function stackFor(form: Form): Promise<TestStack> {
  const settings = { apiUrl: emu.url, credentialsUrl: emu.url, credentialId: DEV_CREDENTIAL_ID, authToken: CRM_DEV_TOKEN };
  const t = await createTestStack({
    workDir: WORK_DIR,
    stackName: `plugin-${form}-${Date.now().toString(36)}`,
    config: { form, people: JSON.stringify(people(form)), ...(form === "dynamic" ? { "rolloutCrm:apiUrl": emu.url, "rolloutCrm:credentialsUrl": emu.url, "rolloutCrm:credentialId": DEV_CREDENTIAL_ID } : {}) },
    secretConfig: form === "plugin" ? { settings: JSON.stringify(settings) } : form === "dynamic" ? { "rolloutCrm:authToken": CRM_DEV_TOKEN } : {},
  });
  stacks.push(t);
  return t;
}

/** Bytes per person in the state: each person's resource as `pulumi stack export` holds it, compact JSON, averaged. */
async function bytesPerPerson(t: TestStack, form: Form): Promise<number> {
  const resources = ((await t.exportState()).resources ?? []).filter((r: { type: string }) => r.type === TYPES[form]);
  expect(resources).toHaveLength(PEOPLE);
  const total = resources.reduce((sum: number, r: unknown) => sum + Buffer.byteLength(JSON.stringify(r)), 0);
  return Math.round(total / PEOPLE);
}

beforeAll(async () => {
  emu = await startRolloutCrmEmulator({ log: () => {} });
  admin = new EmulatorAdmin(emu.adminUrl);
  await admin.reset({ rateLimit: false });
});
afterAll(async () => {
  // The emulators stop next, and their records with them.
  for (const t of stacks) await t.dispose({ destroy: false });
  await emu?.stop();
});

describe("the rolloutcrm plugin with the real CLI", () => {
  it("keeps a Universal CRM person in fewer state bytes than the dynamic CrmPerson", async () => {
    const figures: Partial<Record<Form, number>> = {};
    for (const form of ["dynamic", "plugin", "noop"] as const) {
      const t = await stackFor(form);
      const up = await t.stack.up();
      expect(up.summary.resourceChanges?.create).toBeGreaterThanOrEqual(PEOPLE);
      figures[form] = await bytesPerPerson(t, form);
    }
    const { dynamic, plugin, noop } = figures as Record<Form, number>;
    console.log(
      `state bytes per Universal CRM person: dynamic CrmPerson ${dynamic} B, plugin CrmPerson ${plugin} B, ` +
        `no-op dynamic resource with the same inputs ${noop} B (dynamic/plugin ${(dynamic / plugin).toFixed(2)}x)`,
    );
    expect(plugin).toBeLessThan(dynamic);
    expect(plugin).toBeLessThan(noop); // no serialized provider at all, even the no-op's
    expect((await admin.state()).people).toHaveLength(2 * PEOPLE); // the dynamic and the plugin people; the no-op sends nothing
  }, 600_000);

  it("runs the plugin's lifecycle: no requests on a clean preview, a field-level update, the import option with reads only, destroy; no credential in the state", async () => {
    const t = stacks.find((s) => s.stack.name.startsWith("plugin-plugin-"));
    expect(t, "the plugin stack of the first test").toBeDefined();
    const stack = t!.stack;
    await admin.since();
    await stack.preview({ expectNoChanges: true });
    expect(await admin.since()).toEqual([]);

    await stack.setConfig("people", { value: JSON.stringify({ ...people(), p0: person(0, "plugin", "Broker") }) });
    const preview = await stack.preview({ diff: true });
    expect(preview.changeSummary).toMatchObject({ update: 1 });
    expect(preview.stdout).toMatch(/~ jobTitle: "Engineer" => "Broker"/);
    const update = await stack.up();
    expect(update.summary.resourceChanges).toMatchObject({ update: 1 });
    expect((await admin.since()).filter((l) => !l.startsWith("GET "))).toEqual([expect.stringMatching(/^PUT \/api\/people\/[\w-]+ 200$/)]);

    // The `import` resource option: the record is read, nothing is written, and the next preview is clean.
    const hand = await byHand(`${emu.url}/people`, "POST", HEADERS, { firstName: "Ivy", lastName: "Lee", emails: [{ value: "ivy@state.example" }], jobTitle: "Chef" });
    await admin.since();
    const ivy = { crm: "rolloutCrm", givenName: "Ivy", familyName: "Lee", emails: ["ivy@state.example"], jobTitle: "Chef" };
    await stack.setAllConfig({
      people: { value: JSON.stringify({ ...people(), p0: person(0, "plugin", "Broker"), ivy }) },
      importIds: { value: JSON.stringify({ ivy: `rolloutCrm/${hand.id}` }) },
    });
    const imported = await stack.up();
    expect(imported.summary.resourceChanges).toMatchObject({ import: 1 });
    expect((await admin.since()).every((l) => l.startsWith("GET "))).toBe(true);
    await stack.removeConfig("importIds");
    await stack.preview({ expectNoChanges: true });
    expect(await admin.since()).toEqual([]);

    const raw = t!.rawStateText();
    expect(raw).not.toContain(CRM_DEV_TOKEN);
    expect(raw).toContain("ciphertext"); // the provider's settings are kept encrypted

    const destroyed = await stack.destroy();
    expect(destroyed.summary.resourceChanges).toMatchObject({ delete: PEOPLE + 3 }); // the people, ivy, the provider, the stack
    expect((await admin.state()).people.map((p: { id: string }) => p.id)).not.toContain(hand.id);
  }, 600_000);

  it("answers `pulumi package get-schema` on the executable", () => {
    const stateDir = mkdtempSync(path.join(tmpdir(), "prc-schema-"));
    const out = execFileSync(path.join(pulumiCliFolder(), "pulumi"), ["package", "get-schema", path.join(repoRoot, "bin/pulumi-resource-rolloutcrm")], {
      encoding: "utf8",
      env: { ...process.env, ...pulumiEnv(stateDir, { PULUMI_HOME: path.join(stateDir, ".pulumi-home") }) },
    });
    const schema = JSON.parse(out);
    expect(schema.name).toBe("rolloutcrm");
    expect(Object.keys(schema.resources)).toContain(TYPES.plugin);
    rmSync(stateDir, { recursive: true, force: true });
  }, 120_000);
});

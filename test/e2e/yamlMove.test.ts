/**
 * Moving a stack from the dynamic resources to the provider plugin, with the real CLI: a
 * TypeScript program's RogerRoger person and note (test/e2e/programs/yaml-move) become a
 * Pulumi YAML program of the same project and stack whose resources carry `aliases` naming
 * their old URNs. The move sends no request and replaces nothing; the first refresh drops
 * the serialized provider the old outputs still hold; after it the preview is clean, a field
 * change is one PATCH, and destroy removes both records.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROGERROGER_DEV_KEY, startRogerRogerEmulator, type RunningService } from "../../emulators";
import { EmulatorAdmin } from "../support/emulators";
import { createTestStack, repoRoot, type TestStack } from "../support/stack";
import { createYamlProject, PLUGIN_DIR, type YamlProject } from "../support/yaml";

const PROGRAM = path.join(repoRoot, "test/e2e/programs/yaml-move");
const stack = `move-${Date.now().toString(36)}`;

/** The same records in Pulumi YAML, each aliased to its dynamic resource's URN. */
function yamlProgram(): string {
  const old = (type: string, name: string) => `urn:pulumi:${stack}::yaml-move::pulumi-nodejs:dynamic/${type}::${name}`;
  return `name: yaml-move
runtime: yaml
plugins:
  providers:
    - name: rolloutcrm
      path: ${PLUGIN_DIR}
resources:
  rita:
    type: rolloutcrm:index:CrmPerson
    properties:
      crm: rogerroger
      givenName: Rita
      familyName: Roe
      emails: [rita@acme.example]
      jobTitle: Head of Sales
    options:
      aliases:
        - ${old("crm:Person", "rita")}
  ritaIntro:
    type: rolloutcrm:index:PersonNote
    properties:
      personId: \${rita.id}
      title: Intro call
      description: Wants the Q3 pricing sheet.
    options:
      aliases:
        - ${old("crm:PersonNote", "ritaIntro")}
outputs:
  ritaId: \${rita.id}
`;
}

let emu: RunningService;
let admin: EmulatorAdmin;
let dynamic: TestStack;
let project: YamlProject;
let source: string;

beforeAll(async () => {
  emu = await startRogerRogerEmulator({ log: () => {} });
  admin = new EmulatorAdmin(emu.adminUrl);
  await admin.settings({ rateLimit: false });
  dynamic = await createTestStack({
    workDir: PROGRAM,
    stackName: stack,
    config: { "rogerroger:apiUrl": emu.url },
    secretConfig: { "rogerroger:apiKey": ROGERROGER_DEV_KEY },
  });
}, 120_000);

afterAll(async () => {
  await project?.dispose();
  // The stack now belongs to the YAML project (disposed above, with the backend folder);
  // only the stack file the Automation API wrote beside the TypeScript program is left.
  rmSync(path.join(PROGRAM, `Pulumi.${stack}.yaml`), { force: true });
  if (source) rmSync(source, { recursive: true, force: true });
  await emu?.stop();
}, 300_000);

describe("a stack of dynamic resources moved to the provider plugin with aliases, real CLI", () => {
  let ids: { rita: string; note: string };

  it("starts as a TypeScript stack of dynamic resources", async () => {
    const up = await dynamic.stack.up();
    expect(up.summary.resourceChanges).toEqual({ create: 3 });
    const resources = await dynamic.resources();
    expect(resources.map((r: any) => r.type).sort()).toEqual(["pulumi-nodejs:dynamic/crm:Person", "pulumi-nodejs:dynamic/crm:PersonNote"]);
    ids = { rita: resources.find((r: any) => r.urn.endsWith("::rita")).id, note: resources.find((r: any) => r.urn.endsWith("::ritaIntro")).id };
    await admin.since();
  }, 300_000);

  it("the YAML program with aliases takes the records over: no request, nothing created, replaced or deleted", async () => {
    source = mkdtempSync(path.join(tmpdir(), "prc-yaml-move-"));
    writeFileSync(path.join(source, "Pulumi.yaml"), yamlProgram());
    project = await createYamlProject({ from: source, stack, existing: { stateDir: dynamic.stateDir, stackFile: path.join(PROGRAM, `Pulumi.${stack}.yaml`) } });
    await project.ok("config", "set", "--path", "rolloutcrm:rogerroger.apiUrl", emu.url);
    await project.ok("config", "set", "--secret", "--path", "rolloutcrm:rogerroger.apiKey", ROGERROGER_DEV_KEY);

    // The stack and both records stay as they are: nothing to create, update, replace or delete.
    const preview = JSON.parse((await project.run("preview", "--json")).stdout);
    expect(preview.changeSummary).toEqual({ same: 3 });
    expect(await admin.since()).toEqual([]);

    await project.ok("up", "--yes");
    expect(await admin.since()).toEqual([]);
    const state = await project.exportState();
    const moved = state.deployment.resources.filter((r: any) => r.type.startsWith("rolloutcrm:index:"));
    expect(moved.map((r: any) => [r.type, r.id]).sort()).toEqual([["rolloutcrm:index:CrmPerson", ids.rita], ["rolloutcrm:index:PersonNote", ids.note]]);
    expect(state.deployment.resources.filter((r: any) => r.type.startsWith("pulumi-nodejs:"))).toEqual([]);
  }, 300_000);

  it("the first refresh reads the records and drops the old serialized provider; then the preview is clean", async () => {
    await project.ok("refresh", "--yes");
    expect((await admin.since()).filter((r) => !r.startsWith("GET "))).toEqual([]);
    expect(JSON.stringify((await project.exportState()).deployment.resources)).not.toContain("__provider");
    await project.ok("preview", "--expect-no-changes");
    expect(await admin.since()).toEqual([]);
  }, 300_000);

  it("a changed field is one PATCH, and destroy removes both records", async () => {
    project.edit((doc) => doc.setIn(["resources", "rita", "properties", "jobTitle"], "VP Sales"));
    await project.ok("up", "--yes");
    expect(await admin.since()).toEqual([`PATCH /people/${ids.rita} 200`]);
    await project.ok("destroy", "--yes");
    expect(await admin.state()).toEqual({ people: [], notes: [] });
  }, 300_000);
});

/**
 * The Pulumi YAML example (examples/yaml) with the provider plugin, run the way a user runs
 * it: the `pulumi` command, its preview phases included, against two sets of emulators with
 * their rate limits on. The default provider serves the team members (Rollout, set A); two
 * explicit provider instances serve two RogerRoger accounts, `acme` (set A) and `globex`
 * (set B). Steps, as in a provider's acceptance test: up; a preview with no change and no
 * request; a field-level diff and the one PATCH that applies it; a hand change found by
 * `preview --refresh` and corrected; `pulumi import` of a person made by hand, after which
 * the preview is clean; destroy, leaving no record. Requests are counted from the emulators'
 * logs, and none of them was refused (429 or Rollout's 555).
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { ROGERROGER_DEV_KEY, ROLLOUT_DEV_TOKEN, startEmulators, type RunningEmulators } from "../../emulators";
import { byHand, EmulatorAdmin } from "../support/emulators";
import { repoRoot } from "../support/stack";
import { createYamlProject, PLUGIN_DIR, type YamlProject } from "../support/yaml";

const EXAMPLE = path.join(repoRoot, "examples/yaml");
const KEY = { "x-api-key": ROGERROGER_DEV_KEY };
const MERGE_PATCH = { ...KEY, "content-type": "application/merge-patch+json" };

let a: RunningEmulators;
let b: RunningEmulators;
/** The admin clients of both sets, by a name the assertions read. */
let admins: Record<"rolloutA" | "acme" | "globex" | "otherA" | "otherB", EmulatorAdmin[]>;
let project: YamlProject;
const stack = `yaml-${Date.now().toString(36)}`;
/** Seconds each step took, printed at the end for the record. */
const timings: Record<string, number> = {};

async function timed<T>(step: string, run: () => Promise<T>): Promise<T> {
  const start = Date.now();
  try {
    return await run();
  } finally {
    timings[step] = (Date.now() - start) / 1000;
  }
}

/** The API requests each emulator answered since the previous call, as "METHOD path status". */
async function requests(): Promise<Record<keyof typeof admins, string[]>> {
  const entries = await Promise.all(Object.entries(admins).map(async ([name, list]) => [name, (await Promise.all(list.map((x) => x.since()))).flat()] as const));
  return Object.fromEntries(entries) as Record<keyof typeof admins, string[]>;
}

const NONE = { rolloutA: [], acme: [], globex: [], otherA: [], otherB: [] };

beforeAll(async () => {
  a = await startEmulators({ log: () => {} });
  b = await startEmulators({ log: () => {} });
  const admin = (url: string) => new EmulatorAdmin(url);
  admins = {
    rolloutA: [admin(a.adminUrls.rollout)],
    acme: [admin(a.adminUrls.rogerroger)],
    globex: [admin(b.adminUrls.rogerroger)],
    otherA: [admin(a.adminUrls.outseta), admin(a.adminUrls.rolloutCrm)],
    otherB: [admin(b.adminUrls.rollout), admin(b.adminUrls.outseta), admin(b.adminUrls.rolloutCrm)],
  };
  project = await createYamlProject({
    from: EXAMPLE,
    // The copy is elsewhere: its plugin path points at this repository's bin/ instead.
    pluginDir: PLUGIN_DIR,
    stack,
    env: {
      // The default provider: Rollout from the environment, as CI sets it.
      ROLLOUT_API_URL: a.urls.rollout,
      ROLLOUT_API_TOKEN: ROLLOUT_DEV_TOKEN,
      // No RogerRoger fallback: each instance must use its own account's settings.
      ROGERROGER_API_URL: "",
      ROGERROGER_API_KEY: "",
    },
  });
  await project.ok("config", "set", "acmeUrl", a.urls.rogerroger);
  await project.ok("config", "set", "--secret", "acmeApiKey", ROGERROGER_DEV_KEY);
  await project.ok("config", "set", "globexUrl", b.urls.rogerroger);
  await project.ok("config", "set", "--secret", "globexApiKey", ROGERROGER_DEV_KEY);
}, 120_000);

afterAll(async () => {
  // For the record: what the whole run sent to each account, by method.
  const totals: Record<string, Record<string, number>> = {};
  for (const [name, list] of Object.entries(admins ?? {})) {
    for (const entry of (await Promise.all(list.map((x) => x.requests()))).flat()) {
      totals[name] ??= {};
      totals[name]![entry.method] = (totals[name]![entry.method] ?? 0) + 1;
    }
  }
  console.log(`yaml e2e requests of the whole run: ${JSON.stringify(totals)}`);
  await project?.dispose();
  await a?.stop();
  await b?.stop();
  console.log(`yaml e2e step durations (s): ${JSON.stringify(timings)}`);
}, 300_000);

describe("the Pulumi YAML example with the provider plugin, real CLI, two RogerRoger accounts", () => {
  let ids: { rita: string; sam: string; gus: string; note: string };

  it("up creates the team members, and the people and note of each account in its own emulator", async () => {
    const out = await timed("up", () => project.ok("up", "--yes"));
    expect(out).toMatch(/\+ 9 created/); // the stack, two provider instances, six records
    const state = await project.exportState();
    const byName = (name: string) => state.deployment.resources.find((r: any) => r.urn.endsWith(`::${name}`));
    ids = { rita: byName("rita").id, sam: byName("sam").id, gus: byName("gus").id, note: byName("ritaIntro").id };
    // No serialized provider in a plugin resource's state, and no credential anywhere in it.
    expect(JSON.stringify(state)).not.toContain("__provider");
    expect(readFileSync(path.join(project.stateDir, ".pulumi/stacks", "rollout-crm-yaml", `${stack}.json`), "utf8")).not.toContain(ROGERROGER_DEV_KEY);
    expect(byName("gus").provider).toMatch(/::pulumi:providers:rolloutcrm::globex::/);

    const [rollout, acme, globex] = await Promise.all([admins.rolloutA[0]!.state(), admins.acme[0]!.state(), admins.globex[0]!.state()]);
    expect(rollout.users.map((u: { email: string }) => u.email).sort()).toEqual(["ada@example.com", "grace@example.com"]);
    expect(acme.people.map((p: any) => p.fields.givenName).sort()).toEqual(["Rita", "Sam"]);
    expect(acme.notes).toHaveLength(1);
    expect(globex.people.map((p: any) => p.fields.givenName)).toEqual(["Gus"]);

    const sent = await requests();
    expect(sent.acme.sort()).toEqual(["GET /people?itemsPerPage=30&page=1 200", "POST /people 201", "POST /people 201", `POST /people/${ids.rita}/notes 201`].sort());
    expect(sent.globex.sort()).toEqual(["GET /people?itemsPerPage=30&page=1 200", "POST /people 201"].sort());
    // Rollout: one list of the team answers both members' checks, then one PUT each.
    expect(sent.rolloutA.map((r) => r.split(" ")[0]).sort()).toEqual(["GET", "PUT", "PUT"]);
    expect([...sent.otherA, ...sent.otherB]).toEqual([]);
  }, 300_000);

  it("a preview with no change sends no request", async () => {
    await timed("preview (no change)", () => project.ok("preview", "--expect-no-changes"));
    expect(await requests()).toEqual(NONE);
  }, 120_000);

  it("a changed field shows in preview --diff by name, and up sends one PATCH", async () => {
    project.edit((doc) => doc.setIn(["resources", "rita", "properties", "jobTitle"], "VP Sales"));
    const diff = await timed("preview --diff", () => project.ok("preview", "--diff"));
    expect(diff).toMatch(/~ jobTitle\s*: "Head of Sales" => "VP Sales"/);
    expect(diff).toMatch(/1 to update/);
    expect(await requests()).toEqual(NONE);

    await timed("up (one field)", () => project.ok("up", "--yes"));
    expect(await requests()).toEqual({ ...NONE, acme: [`PATCH /people/${ids.rita} 200`] });
    expect((await byHand(`${a.urls.rogerroger}/people/${ids.rita}`, "GET", KEY)).jobTitle).toBe("VP Sales");
  }, 300_000);

  it("a hand change in the second account is found by preview --refresh and undone by up --refresh", async () => {
    const gusUrl = `${b.urls.rogerroger}/people/${ids.gus}`;
    await byHand(gusUrl, "PATCH", MERGE_PATCH, { jobTitle: "Chief Buyer" });
    await requests();
    const drift = await timed("preview --refresh", () => project.ok("preview", "--refresh", "--diff"));
    expect(drift).toMatch(/~ jobTitle\s*: "Chief Buyer" => "Buyer"/);
    const reads = await requests();
    expect(Object.values(reads).flat().filter((r) => !r.startsWith("GET "))).toEqual([]);

    await timed("up --refresh", () => project.ok("up", "--refresh", "--yes"));
    expect((await requests()).globex.filter((r) => !r.startsWith("GET "))).toEqual([`PATCH /people/${ids.gus} 200`]);
    expect((await byHand(gusUrl, "GET", KEY)).jobTitle).toBe("Buyer");
  }, 300_000);

  it("pulumi import adopts a person made by hand with reads only, and with its generated code the next preview is clean", async () => {
    const hank = await byHand(`${b.urls.rogerroger}/people`, "POST", { ...KEY, "content-type": "application/ld+json" }, {
      givenName: "Hank",
      familyName: "Hill",
      emailAddresses: [{ email: "hank@globex.example" }],
    });
    await requests();
    const provider = `urn:pulumi:${stack}::rollout-crm-yaml::pulumi:providers:rolloutcrm::globex`;
    const code = path.join(project.stateDir, "hank.yaml");
    await timed("import", () => project.ok("import", "rolloutcrm:index:CrmPerson", "hank", `rogerroger/${hank.id}`, "--provider", `globex=${provider}`, "--protect=false", "--out", code, "--yes"));
    expect(Object.values(await requests()).flat().filter((r) => !r.startsWith("GET "))).toEqual([]);

    // The code `pulumi import` wrote for the language, added to the program as a user does.
    const generated = parse(readFileSync(code, "utf8"));
    expect(generated.resources.hank).toEqual({
      type: expect.stringMatching(/^rolloutcrm:(index:)?CrmPerson$/),
      properties: { crm: "rogerroger", givenName: "Hank", familyName: "Hill", emails: ["hank@globex.example"] },
      options: { provider: "${globex}" },
    });
    project.edit((doc) => doc.setIn(["resources", "hank"], doc.createNode(generated.resources.hank)));
    await timed("preview after import", () => project.ok("preview", "--expect-no-changes"));
    expect(await requests()).toEqual(NONE);
  }, 300_000);

  it("destroy leaves no record in either account, and no request of the whole run was refused", async () => {
    await timed("destroy", () => project.ok("destroy", "--yes"));
    const [rollout, acme, globex] = await Promise.all([admins.rolloutA[0]!.state(), admins.acme[0]!.state(), admins.globex[0]!.state()]);
    expect(rollout.users).toEqual([]);
    expect(acme).toEqual({ people: [], notes: [] });
    expect(globex).toEqual({ people: [], notes: [] });
    const refused = (await Promise.all(Object.values(admins).flat().map((x) => x.requests()))).flat().filter((r) => r.status === 429 || r.status === 555);
    expect(refused).toEqual([]);
  }, 300_000);
});

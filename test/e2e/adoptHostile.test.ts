/**
 * `adopt` over values written by whoever fills in a form (issue 22, item 10), end to end with
 * the real CLI: environments named after members of Object, line and paragraph separators,
 * bidi overrides, quotes and code-like text, lone surrogates, e-mails the API accepted but
 * the provider's check refuses, a blank required name. The module must compile under
 * `tsc --strict`, show every value escaped, say what it left out, and its first `up` must
 * send no write at all.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adoptProject, read, runBin, typeErrors } from "../support/adopt";
import { EmulatorAdmin, startEmulators, type RunningEmulators } from "../support/emulators";
import { seedByHand } from "../support/seed";
import { APP } from "../support/rollout/handMade";
import { createTestStack, type TestStack } from "../support/stack";

const SERVICES = ["rollout", "rogerroger", "outseta"] as const;
const CODE = '"; process.exit(1); // */ ${globalThis} `x` \\';
const SEPARATED = `Line\u2028Para\u2029 \u202eevil\u202c \x1b[2J${CODE}`;
const LONE = "bad\ud800half";
/** Characters that must never appear raw in the module or on stderr (line feed and tab aside). */
const RAW = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]|[\ud800-\udfff]/u;

let emu: RunningEmulators;
let admins: Record<(typeof SERVICES)[number], EmulatorAdmin>;
let project: { dir: string; dispose(): void };
let t: TestStack;
let rogerroger: string[];

beforeAll(async () => {
  emu = await startEmulators({ log: () => {} });
  admins = Object.fromEntries(SERVICES.map((s) => [s, new EmulatorAdmin(emu.adminUrls[s])])) as typeof admins;
  for (const s of SERVICES) await admins[s].settings({ rateLimit: false });
  await seedByHand(emu, "rollout", [
    { email: "envs@example.com", applications: { [APP]: { environments: { constructor: "read", toString: "write", valueOf: "read", hasOwnProperty: "read", isPrototypeOf: "write", Production: "read" } } } },
    { email: "sep@example.com", name: SEPARATED, teamAdmin: true },
    { email: "lone@example.com", name: LONE },
    { email: "ops(team)@example.com", name: "Accepted by Rollout, refused by the check" },
    { email: "envlone@example.com", applications: { [APP]: { environments: { [LONE]: "write" } } } },
  ]);
  rogerroger = await seedByHand(emu, "rogerroger", [
    { givenName: SEPARATED, familyName: "Ok", honorificPrefix: LONE, notes: [{ title: LONE, description: CODE }] },
    { givenName: "Blank", familyName: "   " },
    { givenName: "Spaces", familyName: "Lone\udc00" },
  ]);
  await seedByHand(emu, "outseta", [
    { Email: "ops(team)@acme.example", FirstName: "Refused" },
    { Email: "fine@acme.example", FirstName: SEPARATED, LastName: LONE },
  ]);
  project = adoptProject("adopt-hostile", SERVICES.map((s) => `${s}.adopted`));
  t = await createTestStack({
    workDir: project.dir,
    config: { "rollout:apiUrl": emu.urls.rollout, "rogerroger:apiUrl": emu.urls.rogerroger, "outseta:apiUrl": emu.urls.outseta },
    secretConfig: { "rollout:apiToken": "dev-rollout-token", "rogerroger:apiKey": "dev-rogerroger-key", "outseta:apiKey": "dev-outseta-key", "outseta:secretKey": "dev-outseta-secret" },
  });
}, 180_000);

afterAll(async () => {
  await t?.dispose({ destroy: false }); // the emulators stop next, and their records with them
  project?.dispose();
  await emu?.stop();
});

describe("adopt over hostile values (real CLI)", () => {
  it("writes modules that compile strictly, show every value escaped, leave out what the provider refuses, and whose first up writes nothing", async () => {
    const stderr: Record<string, string> = {};
    for (const s of SERVICES) {
      const run = await runBin(t, ["adopt", s, "--stack", t.stack.name, "--out", `${s}.adopted.ts`, ...(s === "rogerroger" ? ["--with-notes", "--fields", "givenName,familyName,emails,fields.honorificPrefix"] : [])], project.dir);
      expect(run.code, `adopt ${s}: ${run.stderr}`).toBe(0);
      expect(run.stderr, s).not.toMatch(RAW);
      stderr[s] = run.stderr;
    }
    // What was left out, each named.
    expect(stderr.rollout).toContain(`adopt: warning: rollout member "ops(team)@example.com" left out of the code: the provider refuses email`);
    expect(stderr.rollout).toContain(`adopt: warning: rollout member "envlone@example.com" left out of the code: its access (applications) holds a lone surrogate`);
    expect(stderr.rollout).toContain(`adopt: warning: rollout member "lone@example.com": 'name' left out of the code (it holds a lone surrogate`);
    expect(stderr.rollout).toContain("3 team member(s) to adopt");
    expect(stderr.rogerroger).toContain(`rogerroger person "${rogerroger[0]}": 'fields.honorificPrefix' left out of the code (it holds a lone surrogate`);
    expect(stderr.rogerroger).toMatch(/rogerroger note "[^"]+": 'title' left out of the code \(it holds a lone surrogate/);
    expect(stderr.rogerroger).toContain(`rogerroger person "${rogerroger[1]}" left out of the code: rogerroger requires familyName, and it was left out`);
    expect(stderr.rogerroger).toContain(`rogerroger person "${rogerroger[2]}" left out of the code: rogerroger requires familyName, and it was left out`);
    expect(stderr.rogerroger).toContain("1 person(s) and 1 note(s) to adopt");
    expect(stderr.outseta).toMatch(/outseta person "[^"]+" left out of the code: outseta requires emails/);
    expect(stderr.outseta).toMatch(/outseta person "[^"]+": 'familyName' left out of the code \(it holds a lone surrogate/);
    expect(stderr.outseta).toContain("1 person(s) to adopt");

    // The modules: nothing raw, the hostile text escaped, and tsc --strict is clean.
    for (const s of SERVICES) expect(read(project.dir, `${s}.adopted.ts`), s).not.toMatch(RAW);
    const rollout = read(project.dir, "rollout.adopted.ts");
    expect(rollout).toContain('constructor: "read" as const');
    expect(rollout).toContain("Line\\u2028Para\\u2029 \\u202eevil\\u202c \\u001b[2J");
    expect(typeErrors(project.dir)).toBe("");

    // The first up adopts with reads only: not one write to any service.
    const marks = Object.fromEntries(await Promise.all(SERVICES.map(async (s) => [s, (await admins[s].requests()).length])));
    const up = await t.stack.up();
    expect(up.summary.resourceChanges).toEqual({ create: 3 + 2 + 1 + 1 }); // members, person + note, person, the stack
    for (const s of SERVICES) {
      const sent = (await admins[s].requests()).slice(marks[s]);
      expect(sent.filter((r) => r.method !== "GET").map((r) => `${r.method} ${r.path}`), `${s}: no write`).toEqual([]);
    }
    // The values went through the engine unchanged.
    const resources = await t.resources();
    const sep = resources.find((r) => r.id === "sep@example.com");
    expect(sep?.outputs.name).toBe(SEPARATED);
    const envs = resources.find((r) => r.id === "envs@example.com");
    expect(envs?.outputs.applications[APP].environments).toEqual({ constructor: "read", toString: "write", valueOf: "read", hasOwnProperty: "read", isPrototypeOf: "write", Production: "read" });
    const person = resources.find((r) => r.id === rogerroger[0]);
    expect(person?.outputs.givenName).toBe(SEPARATED);
    await t.stack.preview({ expectNoChanges: true });
  }, 900_000);
});

/**
 * The package as a user gets it: packed (`npm pack`, so the `prepack` build runs) from a
 * clean clone of the committed HEAD, where dist/ and docs/api do not exist yet. What the
 * tarball holds is checked: the build, LICENSE, the docs, source maps that carry their
 * sources, and no internal document names; a project pinned to a too old @pulumi/pulumi is
 * refused at install. Then a Pulumi YAML project, as the README's section on it writes it,
 * with the provider plugin from the installed package: up on two RogerRoger accounts, a clean
 * preview, `pulumi import`, destroy. The lifecycle of a TypeScript project that installs the
 * package, with the oldest and the newest @pulumi/pulumi, is the compatibility matrix's
 * (test/e2e/compat.test.ts), which also runs the plugin's schema from npm's bin path.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import * as path from "node:path";
import MarkdownIt from "markdown-it";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { ROGERROGER_DEV_KEY, startRogerRogerEmulator, type RunningService } from "../../emulators";
import { runCommand } from "../support/command";
import { byHand, EmulatorAdmin } from "../support/emulators";
import { repoRoot } from "../support/stack";
import { createYamlProject, type YamlProject } from "../support/yaml";

const OLDEST_SDK = "3.248.0";

const scratch = mkdtempSync(path.join(tmpdir(), "prc-package-"));
let tarball: string;
let unpacked: string;

/** Every file under `dir`, as paths relative to it. */
function filesUnder(dir: string, prefix = ""): string[] {
  return readdirSync(path.join(dir, prefix), { withFileTypes: true }).flatMap((entry) => {
    const rel = path.join(prefix, entry.name);
    return entry.isDirectory() ? filesUnder(dir, rel) : [rel];
  });
}

/** A command that must succeed; run asynchronously, since the clone's install and build take minutes. */
async function mustRun(command: string, args: string[], cwd: string): Promise<void> {
  const result = await runCommand(command, args, { cwd });
  expect(result.code, `${command} ${args.join(" ")}\n${result.stdout}\n${result.stderr}`).toBe(0);
}

beforeAll(async () => {
  // The committed tree only: a clone has no dist/, no generated docs/api of its own build, no node_modules.
  const clone = path.join(scratch, "clone");
  await mustRun("git", ["clone", "--quiet", "--no-hardlinks", repoRoot, clone], scratch);
  await mustRun("npm", ["ci", "--no-audit", "--no-fund", "--prefer-offline"], clone);
  const packs = path.join(scratch, "packs");
  mkdirSync(packs);
  await mustRun("npm", ["pack", "--silent", "--pack-destination", packs], clone);
  const name = readdirSync(packs).find((f) => f.endsWith(".tgz"));
  expect(name, "npm pack wrote no tarball").toBeDefined();
  tarball = path.join(packs, name!);
  unpacked = path.join(scratch, "unpacked");
  mkdirSync(unpacked);
  await mustRun("tar", ["-xzf", tarball, "-C", unpacked], scratch);
}, 900_000);
// Asynchronous: removing the clone's and the projects' node_modules takes minutes on a busy machine.
afterAll(() => rm(scratch, { recursive: true, force: true }), 600_000);

describe("npm pack from a clean clone", () => {
  it("carries the build, LICENSE, README and docs, and nothing of the repository's own", () => {
    const files = filesUnder(path.join(unpacked, "package"));
    for (const needed of ["package.json", "LICENSE", "README.md", "dist/provider/index.js", "dist/provider/index.d.ts", "dist/provider/runtime/index.js", "dist/emulators/index.js", "dist/emulators/cli.js", "dist/cli/main.js", "dist/server/main.js", "bin/pulumi-resource-rolloutcrm", "docs/api/README.md", "docs/security.md", "docs/yaml-and-plugin.md"]) {
      expect(files, needed).toContain(needed);
    }
    // The engine runs the plugin by its file name, so it must stay executable.
    expect(statSync(path.join(unpacked, "package/bin/pulumi-resource-rolloutcrm")).mode & 0o111).toBe(0o111);
    expect(readFileSync(path.join(unpacked, "package/LICENSE"), "utf8")).toContain("Apache License\n                           Version 2.0, January 2004");
    expect(files.filter((f) => /^(test|bench|demo|scripts|tools|examples|provider|cli|emulators|server)\//.test(f) || f.endsWith(".tgz") || f.endsWith(".ts") && !f.endsWith(".d.ts"))).toEqual([]);
  });

  it("ships source maps that carry their sources, so none points at a missing file", () => {
    const maps = filesUnder(path.join(unpacked, "package")).filter((f) => f.endsWith(".map"));
    expect(maps.length).toBeGreaterThan(50);
    const dangling = maps.filter((f) => {
      const map = JSON.parse(readFileSync(path.join(unpacked, "package", f), "utf8")) as { sources: string[]; sourcesContent?: (string | null)[] };
      return map.sourcesContent?.length !== map.sources.length || map.sourcesContent.some((s) => typeof s !== "string");
    });
    expect(dangling).toEqual([]);
  });

  it("names no internal document in what it ships", () => {
    const internal = /PRODUCT\.md|\bseeds? 00\d|api\/(rollout-users|rogerroger|outseta|rollout-universal-crm|\*)\.md|shared\/api/;
    const offending = filesUnder(path.join(unpacked, "package")).filter((f) => internal.test(readFileSync(path.join(unpacked, "package", f), "utf8")));
    expect(offending).toEqual([]);
  });

  it("declares @pulumi/pulumi as a peer dependency, so a project's own SDK is the one loaded", () => {
    const manifest = JSON.parse(readFileSync(path.join(unpacked, "package/package.json"), "utf8"));
    expect(manifest.peerDependencies).toEqual({ "@pulumi/pulumi": ">=3.248.0 <4" });
    expect(manifest.dependencies["@pulumi/pulumi"]).toBeUndefined();
    for (const field of ["repository", "homepage", "bugs"]) expect(manifest[field], field).toBeDefined();
    expect(statSync(tarball).size).toBeLessThan(3_000_000);
  });
});

describe("a project pinned to an @pulumi/pulumi older than the tested range", () => {
  it("is refused at install, naming the peer dependency, instead of loading a second SDK", async () => {
    // What `npm install pulumi-rollout-crm` meets in such a project: only its package.json matters.
    const project = path.join(scratch, "too-old");
    mkdirSync(project);
    writeFileSync(path.join(project, "package.json"), JSON.stringify({ name: "too-old", private: true, dependencies: { "@pulumi/pulumi": "3.200.0", "pulumi-rollout-crm": `file:${tarball}` } }));
    const install = await runCommand("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline"], { cwd: project });
    expect(install.code).not.toBe(0);
    expect(install.stderr).toContain("ERESOLVE");
    expect(install.stderr).toMatch(/peer @pulumi\/pulumi@">=3\.248\.0 <4" from pulumi-rollout-crm/);
  }, 300_000);
});

/** The code blocks of the README's section on Pulumi YAML: its YAML project, and its shell blocks in order. */
function readmeYamlSection(): { yaml: string; sh: string[] } {
  const tokens = new MarkdownIt().parse(readFileSync(path.join(repoRoot, "README.md"), "utf8"), {});
  const start = tokens.findIndex((t, i) => t.type === "heading_open" && tokens[i + 1]?.content === "Pulumi YAML and two accounts in one stack");
  expect(start, "the README's section 'Pulumi YAML and two accounts in one stack'").toBeGreaterThanOrEqual(0);
  const end = tokens.findIndex((t, i) => i > start && t.type === "heading_open" && t.tag === "h2");
  const fences = tokens.slice(start, end).filter((t) => t.type === "fence");
  const blocks = (info: string) => fences.filter((t) => t.info.trim() === info).map((t) => t.content);
  const [yaml] = blocks("yaml");
  expect(yaml, "a yaml block in that section").toBeDefined();
  return { yaml: yaml!, sh: blocks("sh") };
}

/** The commands of a shell block, each as its words (the README's commands quote nothing). */
function commandsOf(block: string | undefined, replace: [string, string]): string[][] {
  expect(block, "a sh block").toBeDefined();
  return block!.split("\n").filter((line) => line.trim() !== "" && !line.startsWith("#")).map((line) => line.replaceAll(...replace).trim().split(/\s+/));
}

describe("a Pulumi YAML project, as the README writes it, with the plugin of the installed package", () => {
  // Two RogerRoger accounts: the README's on port 4102 (the default provider) and 4202 (`globex`).
  let acme: RunningService;
  let globex: RunningService;
  let project: YamlProject;
  const people = async (emu: RunningService) => ((await new EmulatorAdmin(emu.adminUrl).state()).people as { id: string; fields: Record<string, any> }[]).map((p) => p.fields.familyName).sort();

  beforeAll(async () => {
    acme = await startRogerRogerEmulator({ log: () => {} });
    globex = await startRogerRogerEmulator({ log: () => {} });
    for (const emu of [acme, globex]) await new EmulatorAdmin(emu.adminUrl).settings({ rateLimit: false });
    const { yaml } = readmeYamlSection();
    const source = path.join(scratch, "yaml-source");
    mkdirSync(source);
    writeFileSync(path.join(source, "Pulumi.yaml"), yaml.replaceAll("http://127.0.0.1:4202", globex.url));
    // What `npm install pulumi-rollout-crm @pulumi/pulumi` writes, with the tarball for the registry.
    writeFileSync(path.join(source, "package.json"), JSON.stringify({ name: "crm-seed", private: true, dependencies: { "@pulumi/pulumi": OLDEST_SDK, "pulumi-rollout-crm": `file:${tarball}` } }));
    project = await createYamlProject({ from: source, stack: "dev" });
    const install = await runCommand("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline"], { cwd: project.dir });
    expect(install.code, install.stderr).toBe(0);
  }, 600_000);
  afterAll(async () => {
    await project?.dispose();
    await acme?.stop();
    await globex?.stop();
  }, 300_000);

  it("runs the README's commands: up in two accounts, a preview with no change, pulumi import, adopt and import --file, destroy", async () => {
    const { sh } = readmeYamlSection();
    const setup = commandsOf(sh[0], ["http://127.0.0.1:4102", acme.url]);
    expect(setup.at(-1)).toEqual(["pulumi", "up"]);
    for (const words of setup.slice(0, -1)) {
      expect(words[0]).toBe("pulumi");
      await project.ok(...words.slice(1));
    }
    await project.ok("up", "--yes");
    expect(await people(acme)).toEqual(["Demo"]);
    expect(await people(globex)).toEqual(["Grant"]);

    await project.ok("preview", "--expect-no-changes");

    // A person made by hand in the default provider's account, imported as the README says.
    const hank = await byHand(`${acme.url}/people`, "POST", { "x-api-key": ROGERROGER_DEV_KEY, "content-type": "application/ld+json" }, {
      givenName: "Hank",
      familyName: "Hill",
      emailAddresses: [{ email: "hank@acme.example" }],
    });
    const code = path.join(project.stateDir, "hank.yaml");
    await project.ok("import", "rolloutcrm:index:CrmPerson", "hank", `rogerroger/${hank.id}`, "--protect=false", "--out", code, "--yes");
    const generated = parse(readFileSync(code, "utf8"));
    project.edit((doc) => doc.setIn(["resources", "hank"], doc.createNode(generated.resources.hank)));
    await project.ok("preview", "--expect-no-changes");

    // Two more made by hand: the README's adopt command writes the import document for the
    // people the stack does not manage, and `pulumi import --file` adopts them.
    for (const [givenName, familyName] of [["Ivy", "Ives"], ["Jon", "Jones"]]) {
      await byHand(`${acme.url}/people`, "POST", { "x-api-key": ROGERROGER_DEV_KEY, "content-type": "application/ld+json" }, {
        givenName,
        familyName,
        emailAddresses: [{ email: `${givenName!.toLowerCase()}@acme.example` }],
      });
    }
    const [adopt, fileImport] = commandsOf(sh[1], ["", ""]);
    expect(adopt!.slice(0, 3)).toEqual(["npx", "--no", "pulumi-rollout-crm"]);
    const adopted = await runCommand(adopt![0]!, adopt!.slice(1), { cwd: project.dir, env: project.env });
    expect(adopted.code, adopted.stdout + adopted.stderr).toBe(0);
    const document = JSON.parse(readFileSync(path.join(project.dir, "import.json"), "utf8"));
    expect(document.resources.map((r: { id: string }) => r.id).sort()).toEqual(
      ((await new EmulatorAdmin(acme.adminUrl).state()).people as { id: string; fields: { familyName: string } }[])
        .filter((p) => ["Ives", "Jones"].includes(p.fields.familyName))
        .map((p) => `rogerroger/${p.id}`)
        .sort(),
    );
    expect(fileImport).toEqual(["pulumi", "import", "--file", "import.json"]);
    const more = path.join(project.stateDir, "more.yaml");
    await project.ok(...fileImport!.slice(1), "--protect=false", "--out", more, "--yes");
    const generatedMore = parse(readFileSync(more, "utf8"));
    project.edit((doc) => {
      for (const [name, resource] of Object.entries(generatedMore.resources)) doc.setIn(["resources", name], doc.createNode(resource));
    });
    await project.ok("preview", "--expect-no-changes");

    await project.ok("destroy", "--yes");
    expect(await people(acme)).toEqual([]);
    expect(await people(globex)).toEqual([]);
  }, 600_000);
});

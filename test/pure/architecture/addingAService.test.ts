/**
 * CONTRIBUTING.md "Adding a service" is true (issue 23): its tables of files are the files
 * of the fixture CRM (test/fixtureService/), which the contract suites run; its count of
 * lines outside them is the number of lines it lists; and each line, written for a shipped
 * service, is in the file it names, so the template is the form the registries really take.
 */
import { readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import * as emulatorRegistry from "../../../emulators/registry";
import * as registry from "../../../provider/registry";
import { TEST_EMULATORS, TEST_REGISTRY } from "../../fixtureService/registry";

const ROOT = path.resolve(__dirname, "../../..");
const FIXTURE = path.join(ROOT, "test/fixtureService");
const guide = readFileSync(path.join(ROOT, "CONTRIBUTING.md"), "utf8");

/** The text of the guide from `heading` to the next heading of its level or higher. */
function section(text: string, heading: string): string {
  const level = heading.match(/^#+/)![0].length;
  const start = text.indexOf(`${heading}\n`);
  expect(start, `CONTRIBUTING.md has no "${heading}"`).toBeGreaterThanOrEqual(0);
  const rest = text.slice(start + heading.length + 1);
  const next = rest.search(new RegExp(`^#{1,${level}} `, "m"));
  return next < 0 ? rest : rest.slice(0, next);
}

/** The rows of the first Markdown table after `lead`, as cells without their code spans' backquotes. */
function tableAfter(text: string, lead: string): string[][] {
  const at = text.indexOf(lead);
  expect(at, `no "${lead}" in the guide`).toBeGreaterThanOrEqual(0);
  const lines = text.slice(at).split("\n");
  const first = lines.findIndex((line) => line.startsWith("|"));
  const rows: string[][] = [];
  for (const line of lines.slice(first + 2)) {
    if (!line.startsWith("|")) break;
    rows.push(line.slice(1, -1).split(" | ").map((cell) => cell.trim()));
  }
  return rows;
}

const code = (cell: string): string => {
  const match = cell.match(/^`(.*)`$/);
  expect(match, `a table cell that is not one code span: ${cell}`).not.toBeNull();
  return match![1]!;
};

const filesIn = (dir: string): string[] => readdirSync(dir).filter((f) => f.endsWith(".ts")).sort();

const adding = section(guide, "## Adding a service");
const created = section(adding, "### The files you create");

describe('CONTRIBUTING.md "Adding a service"', () => {
  it.each([
    ["provider/<name>/", "provider"],
    ["emulators/<name>/", "emulator"],
  ])("lists the files of %s the fixture CRM has, with their count", (folder, fixtureFolder) => {
    const lead = `**\`${folder}\`, `;
    const rows = tableAfter(created, lead);
    const listed = rows.map((row) => code(row[0]!)).sort();
    expect(listed).toEqual(filesIn(path.join(FIXTURE, fixtureFolder)));
    const count = Number(created.slice(created.indexOf(lead) + lead.length).match(/^(\d+) files/)?.[1]);
    expect(count).toBe(rows.length);
  });

  it("lists the lines added outside those folders, as many as its heading says, and the fixture adds the same", () => {
    const heading = adding.match(/^### The lines you add outside them: (\d+)$/m);
    expect(heading, 'no "### The lines you add outside them: N"').not.toBeNull();
    const rows = tableAfter(adding, heading![0]);
    expect(rows).toHaveLength(Number(heading![1]));
    const lines = Object.fromEntries(rows.map(([file, line]) => [code(file!), code(line!)]));
    expect(Object.keys(lines).sort()).toEqual(["emulators/registry.ts", "provider/index.ts", "provider/registry.ts"]);

    // Written for each shipped CRM, every line is in its file: the template is the registries' real form.
    const crms = Object.values(registry).filter((profile) => "person" in profile).map((profile) => profile.name);
    expect(crms.length).toBeGreaterThan(0);
    for (const [file, template] of Object.entries(lines)) {
      const text = readFileSync(path.join(ROOT, file), "utf8");
      for (const name of crms) expect(text, `${file} for ${name}`).toContain(template.replaceAll("<name>", name));
    }

    // The fixture is listed in the test registries as those lines list a service: one more key each, its own name.
    expect(Object.keys(TEST_REGISTRY).filter((name) => !(name in registry))).toEqual(["fixtureCrm"]);
    expect(Object.keys(TEST_EMULATORS).filter((name) => !(name in emulatorRegistry))).toEqual(["fixtureCrm"]);
    // And the names those lines take exist in its folders.
    expect(readFileSync(path.join(FIXTURE, "provider/profile.ts"), "utf8")).toMatch(/^export const profile\b/m);
    expect(readFileSync(path.join(FIXTURE, "emulator/index.ts"), "utf8")).toMatch(/^export const fixtureCrmDefinition\b/m);
    expect(readFileSync(path.join(FIXTURE, "provider/index.ts"), "utf8")).toMatch(/^export type \{ FixtureCrmPersonArgs \} from "\.\/args";$/m);
  });

  it("is never built into dist/: tsconfig.json builds only shipped folders, tsconfig.all.json checks every file", () => {
    const build = JSON.parse(readFileSync(path.join(ROOT, "tsconfig.json"), "utf8")) as { include: string[] };
    expect(build.include.every((glob) => !glob.startsWith("test/") && !glob.startsWith("**"))).toBe(true);
    const all = readFileSync(path.join(ROOT, "tsconfig.all.json"), "utf8");
    expect(all).toContain('"include": ["**/*.ts"');
  });
});

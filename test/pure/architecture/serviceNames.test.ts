/**
 * Shared code names no service (issue 23, item 2): the CLI, the bench, the shared test
 * support and the emulators' core take every service from the registries and the data each
 * profile carries, so a new service is its folders and its registry lines. A name in a
 * comment is fine (comments may give an example); so is the package's own name.
 *
 * A folder named after a registered service (test/support/<service>/) is that service's own,
 * as provider/<service>/ and emulators/<service>/ are: its records, in its API's shape.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import * as path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { DEFAULT_PORTS } from "../../../emulators";
import * as registry from "../../../provider/registry";

const root = path.resolve(__dirname, "../../..");
const SHARED = ["cli", "bench", "test/support", "emulators/core"];

/** Every service of both registries. */
const NAMES = [...new Set([...Object.keys(registry), ...Object.keys(DEFAULT_PORTS)])];

/**
 * Files that may name a service, each with the reason; kept short. The bench's Pulumi
 * program is an example stack (like the demo's): it declares records of each service.
 */
const ALLOWED: Readonly<Record<string, string>> = {
  "bench/program.js": "the benchmark's Pulumi program: an example stack that declares records of each service",
};

/** The text of a source file with its comments blanked out (lines kept), as TypeScript's parser finds them. */
export function withoutComments(text: string): string {
  const file = ts.createSourceFile("x.ts", text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const ranges = new Map<number, number>();
  const visit = (node: ts.Node): void => {
    for (const r of [...(ts.getLeadingCommentRanges(text, node.pos) ?? []), ...(ts.getTrailingCommentRanges(text, node.end) ?? [])]) ranges.set(r.pos, r.end);
    for (const child of node.getChildren(file)) visit(child);
  };
  visit(file);
  let out = text;
  for (const [pos, end] of ranges) out = out.slice(0, pos) + out.slice(pos, end).replace(/[^\n]/g, " ") + out.slice(end);
  return out;
}

/**
 * The package's own names: the npm package, its variables' prefix, and the provider plugin's
 * package (`rolloutcrm`, all lower case: `rolloutcrm:index:CrmPerson`, `pulumi:providers:rolloutcrm`)
 * with its class. The service `rolloutCrm` is spelt with a capital C and still found.
 */
const PACKAGE_NAMES = /pulumi-rollout-crm|PULUMI_ROLLOUT_CRM|RolloutCrmPlugin|(?<![A-Za-z])rolloutcrm(?![A-Za-z])/g;

/** The lines of `text` (comments aside) that name one of `names`, the package's own name aside. */
export function namingLines(text: string, names: readonly string[]): Array<{ line: number; text: string }> {
  const name = new RegExp(names.join("|"), "i");
  return withoutComments(text)
    .split("\n")
    .map((line, i) => ({ line: i + 1, text: line.trim() }))
    .filter((l) => name.test(l.text.replace(PACKAGE_NAMES, "")));
}

function sources(dir: string): string[] {
  const own = NAMES.map((n) => path.join(root, "test/support", n));
  return readdirSync(dir).flatMap((entry) => {
    const full = path.join(dir, entry);
    if (entry === "node_modules" || own.includes(full)) return [];
    if (statSync(full).isDirectory()) return sources(full);
    return /\.(ts|js|cjs|mjs)$/.test(entry) ? [full] : [];
  });
}

describe("shared code names no service", () => {
  it("finds a name in code, and not in a comment or the package's name", () => {
    const sample = [
      "// rollout: a comment",
      'const type = "rollout:User";',
      "/* RogerRoger",
      "   outseta */ const ok = 1;",
      'import x from "pulumi-rollout-crm"; const env = "PULUMI_ROLLOUT_CRM_UNPACED";',
      "const url = `${base}/x`; // rolloutCrm",
      "const t = `a ${b} rolloutCrm`;",
      'const token = "rolloutcrm:index:CrmPerson"; const p = "pulumi:providers:rolloutcrm";',
      'const crm = "rolloutCrm"; const upper = "ROLLOUTCRM_URL";',
    ].join("\n");
    expect(namingLines(sample, NAMES).map((l) => l.line)).toEqual([2, 7, 9]);
  });

  it(`in ${SHARED.join(", ")}: none, but for a short list of files with a reason`, () => {
    const offenders: string[] = [];
    for (const dir of SHARED) {
      for (const file of sources(path.join(root, dir))) {
        const rel = path.relative(root, file).split(path.sep).join("/");
        if (ALLOWED[rel]) continue;
        for (const l of namingLines(readFileSync(file, "utf8"), NAMES)) offenders.push(`${rel}:${l.line}: ${l.text.slice(0, 160)}`);
      }
    }
    expect(offenders, `these lines name a service; take it from the registry or the profile instead:\n${offenders.join("\n")}`).toEqual([]);
  });

  it("keeps the allow-list to files that exist and still name a service", () => {
    for (const file of Object.keys(ALLOWED)) {
      expect(namingLines(readFileSync(path.join(root, file), "utf8"), NAMES).length, `${file} no longer names a service: take it off the list`).toBeGreaterThan(0);
    }
  });
});

/**
 * No import circle in provider/, cli/ or emulators/, type imports included (issue 23). A
 * circle is how shared code ends up knowing the services: a shared module importing the
 * registry back makes every new service part of one growing knot. The composition root
 * (provider/registry.ts, services.ts, runtime/, the resource classes) sits on top and only
 * imports downwards; what shared code needs of a service is handed down as a type parameter
 * or a value.
 */
import { readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(__dirname, "../../..");

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return tsFiles(full);
    return entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts") ? [full] : [];
  });
}

/** The repository file a relative specifier names (`./x` → x.ts or x/index.ts), or undefined for a package. */
function resolve(from: string, specifier: string): string | undefined {
  if (!specifier.startsWith(".")) return undefined;
  const base = path.resolve(path.dirname(from), specifier);
  for (const candidate of [`${base}.ts`, path.join(base, "index.ts"), base]) {
    try {
      if (readFileSync(candidate) && candidate.endsWith(".ts")) return candidate;
    } catch {
      // not this candidate
    }
  }
  throw new Error(`${path.relative(ROOT, from)}: cannot resolve '${specifier}'`);
}

/**
 * Every module a file imports: `import`, `import type`, `export ... from` and `require`
 * (ts.preProcessFile reads them all, type-only ones included, without type-checking).
 */
function importsOf(file: string): string[] {
  const info = ts.preProcessFile(readFileSync(file, "utf8"), true, true);
  return info.importedFiles.map((ref) => resolve(file, ref.fileName)).filter((f): f is string => f !== undefined);
}

/** The elementary circles of the graph, each listed once, starting at its smallest file name (Johnson-like DFS per start node, bounded by the node count). */
function circles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  const nodes = [...graph.keys()].sort();
  const found: string[][] = [];
  for (const [i, start] of nodes.entries()) {
    // Only circles whose smallest node is `start`: each circle is found from one start.
    const allowed = new Set(nodes.slice(i));
    const stack: string[] = [start];
    const onStack = new Set([start]);
    const walk = (node: string): void => {
      for (const next of graph.get(node) ?? []) {
        if (next === start) found.push([...stack]);
        else if (allowed.has(next) && !onStack.has(next) && found.length < 1000) {
          stack.push(next);
          onStack.add(next);
          walk(next);
          stack.pop();
          onStack.delete(next);
        }
      }
    };
    walk(start);
  }
  return found;
}

const FOLDERS = ["provider", "cli", "emulators", "server"] as const;

/** Every file of the four folders and what it imports: a circle through another folder counts too. */
const graph = new Map(FOLDERS.flatMap((folder) => tsFiles(path.join(ROOT, folder))).map((file) => [file, [...new Set(importsOf(file))]] as const));
const rel = (file: string): string => path.relative(ROOT, file).split(path.sep).join("/");

/**
 * The composition root: the registry, what is derived from it, the public resource classes,
 * the runtime wiring and the public entry point. It imports everything; nothing else in
 * provider/ (or emulators/) imports it, so shared code cannot learn the services' names. The
 * CLI and the provider plugin (server/) sit above it, as a user's program does.
 */
const isRoot = (file: string): boolean => /^provider\/(index\.ts|registry\.ts|services\.ts|resources\/|runtime\/)/.test(rel(file));

describe("import circles", () => {
  it("the parser sees type imports, re-exports and requires", () => {
    const info = ts.preProcessFile('import type { A } from "./a";\nexport { B } from "./b";\nexport * from "./c";\nconst d = require("./d");\nimport "./e";', true, true);
    expect(info.importedFiles.map((f) => f.fileName)).toEqual(["./a", "./b", "./c", "./d", "./e"]);
  });

  it("the circle finder finds every circle of a small graph, once each", () => {
    const small = new Map([
      ["a", ["b"]],
      ["b", ["a", "c"]],
      ["c", ["a", "c"]],
      ["d", ["a"]],
    ]);
    expect(circles(small).map((c) => c.join(""))).toEqual(["ab", "abc", "c"]);
  });

  const all = circles(graph).map((circle) => [...circle, circle[0]].map(rel).join(" → "));
  for (const folder of FOLDERS) {
    it(`there is none in ${folder}/, type imports included`, () => {
      expect(all.filter((circle) => circle.startsWith(`${folder}/`) || circle.includes(` ${folder}/`))).toEqual([]);
    });
  }

  it("nothing below the composition root imports it", () => {
    const upward = [...graph].flatMap(([file, imports]) =>
      rel(file).startsWith("cli/") || rel(file).startsWith("server/") || isRoot(file) ? [] : imports.filter(isRoot).map((target) => `${rel(file)} → ${rel(target)}`),
    );
    expect(upward).toEqual([]);
    // The rule has something to hold: the root is there and imports the registry.
    expect([...graph.keys()].filter(isRoot).map(rel)).toContain("provider/services.ts");
  });
});

/**
 * docs/development.md "Repository layout" matches the tree (issue 23): every top-level folder
 * of the repository has its row, and every folder a row names under `provider/`, `cli/`,
 * `emulators/` and `test/` exists, and each one there is named.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(__dirname, "../../..");
const doc = readFileSync(path.join(ROOT, "docs/development.md"), "utf8");
const layout = doc.slice(doc.indexOf("## Repository layout"));
const rows = Object.fromEntries(
  [...layout.matchAll(/^\| `([^`]+\/)` \| (.*) \|$/gm)].map((m) => [m[1]!, m[2]!]),
);

const foldersIn = (dir: string): string[] =>
  readdirSync(path.join(ROOT, dir), { withFileTypes: true })
    .filter((e) => e.isDirectory() && !e.name.startsWith(".") && e.name !== "node_modules")
    .map((e) => `${e.name}/`);

/** Top-level folders under version control, as the layout describes the tree of a clone. */
const TRACKED = ["bench/", "cli/", "demo/", "docs/", "emulators/", "examples/", "provider/", "scripts/", "test/", "tools/"];

describe("the repository layout of docs/development.md", () => {
  it("has a row for every top-level folder of a clone", () => {
    const present = foldersIn(".").filter((f) => TRACKED.includes(f) || existsSync(path.join(ROOT, f, ".keep")));
    expect(present.sort()).toEqual(TRACKED);
    for (const folder of TRACKED.filter((f) => f !== "docs/")) expect(Object.keys(rows), folder).toContain(folder);
  });

  it.each(["provider/", "cli/", "emulators/", "test/"])("names every folder of %s, and only folders that exist", (root) => {
    const row = rows[root];
    expect(row, `no row for ${root}`).toBeDefined();
    const named = new Set([...row!.matchAll(/`([A-Za-z0-9]+\/)`/g)].map((m) => m[1]!));
    for (const folder of foldersIn(root)) {
      if (root === "emulators/" || root === "provider/") {
        // A service's folder may be named by the registry rather than the row: only shared folders must be.
        const registry = readFileSync(path.join(ROOT, root, "registry.ts"), "utf8");
        if (registry.includes(`"./${folder.slice(0, -1)}`)) continue;
      }
      expect(named, `${root}${folder} is not in the layout`).toContain(folder);
    }
    // Named folders sit in the root or one level down (`crm/`'s `person/`, `pure/`'s `architecture/`).
    const existing = new Set([...foldersIn(root), ...foldersIn(root).flatMap((f) => foldersIn(`${root}${f}`))]);
    for (const folder of [...named].filter((f) => f !== root)) expect(existing, `the layout names ${root}…${folder}, which does not exist`).toContain(folder);
  });
});

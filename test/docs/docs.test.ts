/**
 * The README and docs/ as a reader meets them: every relative link (and its #anchor) leads
 * somewhere, every code block that is a whole program (it imports the package) compiles
 * against the package's public entry points under Pulumi's template compiler options, and
 * the API reference in docs/api is what TypeDoc makes of the current TSDoc.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import GithubSlugger from "github-slugger";
import MarkdownIt from "markdown-it";
import { afterAll, describe, expect, it } from "vitest";
import { runCommand } from "../support/command";

const root = path.resolve(__dirname, "../..");
const markdown = new MarkdownIt({ html: true });

/** README.md, CONTRIBUTING.md and every page under docs/, as paths from the root. */
function documents(): string[] {
  const pages: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(path.join(root, dir), { withFileTypes: true })) {
      const rel = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(rel);
      else if (entry.name.endsWith(".md")) pages.push(rel);
    }
  };
  walk("docs");
  return ["README.md", "CONTRIBUTING.md", ...pages.sort()];
}

type Token = ReturnType<MarkdownIt["parse"]>[number];
const parsed = new Map<string, Token[]>();
function tokensOf(file: string): Token[] {
  let tokens = parsed.get(file);
  if (!tokens) {
    tokens = markdown.parse(readFileSync(path.join(root, file), "utf8"), {});
    parsed.set(file, tokens);
  }
  return tokens;
}

/** The anchors a page offers: GitHub's slugs of its headings, and explicit `id`s in its HTML. */
function anchorsOf(file: string): Set<string> {
  const slugger = new GithubSlugger();
  const anchors = new Set<string>();
  const tokens = tokensOf(file);
  tokens.forEach((token, i) => {
    if (token.type === "heading_open") {
      const text = (tokens[i + 1].children ?? []).filter((c) => c.type === "text" || c.type === "code_inline").map((c) => c.content).join("");
      anchors.add(slugger.slug(text));
    }
    const html = token.type === "inline" ? (token.children ?? []).filter((c) => c.type === "html_inline").map((c) => c.content).join("") : token.type === "html_block" ? token.content : "";
    for (const match of html.matchAll(/\bid="([^"]+)"/g)) anchors.add(match[1]);
  });
  return anchors;
}

/** Every link and image target of a page. */
function targetsOf(file: string): string[] {
  const targets: string[] = [];
  for (const token of tokensOf(file)) {
    for (const child of token.children ?? []) {
      const target = child.type === "link_open" ? child.attrGet("href") : child.type === "image" ? child.attrGet("src") : null;
      if (target) targets.push(target);
    }
  }
  return targets;
}

/** Why a relative link of `file` does not resolve, or undefined when it does. */
function brokenLink(file: string, target: string): string | undefined {
  const [pathPart, anchor] = target.split("#", 2) as [string, string | undefined];
  const resolved = pathPart === "" ? file : path.normalize(path.join(path.dirname(file), decodeURIComponent(pathPart)));
  if (resolved.startsWith("..")) return "points outside the repository";
  if (!existsSync(path.join(root, resolved))) return `${resolved} does not exist`;
  if (anchor === undefined || anchor === "") return undefined;
  if (!resolved.endsWith(".md") || statSync(path.join(root, resolved)).isDirectory()) return `an anchor into ${resolved}, which is not a page`;
  return anchorsOf(resolved).has(anchor) ? undefined : `${resolved} has no heading or id '${anchor}'`;
}

describe("the README", () => {
  const readme = readFileSync(path.join(root, "README.md"), "utf8").split("\n");
  it("is at most 300 lines, with the quick start in its first 60", () => {
    expect(readme.length).toBeLessThanOrEqual(300);
    const quickStart = readme.findIndex((line) => /^##\s+Quick start/i.test(line));
    expect(quickStart, "a '## Quick start' heading").toBeGreaterThanOrEqual(0);
    expect(quickStart).toBeLessThan(60);
  });

  it("links every page under docs/, the API reference included", () => {
    const reachable = new Set<string>();
    const visit = (file: string): void => {
      if (reachable.has(file)) return;
      reachable.add(file);
      for (const target of targetsOf(file)) {
        if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue;
        const pathPart = target.split("#")[0];
        if (!pathPart) continue;
        const resolved = path.normalize(path.join(path.dirname(file), decodeURIComponent(pathPart)));
        if (resolved.endsWith(".md") && resolved.startsWith("docs") && existsSync(path.join(root, resolved))) visit(resolved);
      }
    };
    visit("README.md");
    const pages = documents().filter((f) => f.startsWith("docs"));
    expect(pages.filter((page) => !reachable.has(page))).toEqual([]);
  });
});

describe("links", () => {
  for (const file of documents()) {
    it(`every relative link of ${file} resolves`, () => {
      const broken = targetsOf(file)
        .filter((target) => !/^[a-z][a-z0-9+.-]*:/i.test(target))
        .map((target) => [target, brokenLink(file, target)] as const)
        .filter(([, why]) => why !== undefined)
        .map(([target, why]) => `${target}: ${why}`);
      expect(broken).toEqual([]);
    });
  }
});

describe("code blocks", () => {
  let scratch: string | undefined;
  afterAll(() => {
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  /** The TypeScript blocks that import the package: whole programs a reader copies. */
  const programs = documents().flatMap((file) =>
    tokensOf(file)
      .filter((t) => t.type === "fence" && /^(ts|typescript)\b/.test(t.info) && /from "pulumi-rollout-crm(\/[a-z]+)?"/.test(t.content))
      .map((t) => ({ file, line: (t.map?.[0] ?? 0) + 1, code: t.content })),
  );

  it("include the README's first stack", () => {
    expect(programs.filter((p) => p.file === "README.md").length).toBeGreaterThanOrEqual(1);
  });

  it("that are whole programs compile against the package (Pulumi's template tsconfig, strict)", async () => {
    // Each block is a file of a scratch project whose tsconfig maps the package's name to its
    // public entry points in source (no build needed). tsc runs in its own process: a minute
    // of type-checking inside the test worker would starve vitest's own messages.
    scratch = mkdtempSync(path.join(tmpdir(), "prc-docs-"));
    const files = programs.map((p, i) => ({ ...p, path: path.join(scratch!, `block${i}.ts`) }));
    for (const f of files) writeFileSync(f.path, f.code);
    const tsconfig = {
      compilerOptions: {
        strict: true,
        noEmit: true,
        target: "es2020",
        // The package's sources stand in for its .d.ts here, and they are ES2022 (tsconfig.json).
        lib: ["es2022"],
        module: "commonjs",
        moduleResolution: "node10",
        noImplicitReturns: true,
        noFallthroughCasesInSwitch: true,
        // The libraries' own .d.ts are checked by the build; checking them again here only costs time.
        skipLibCheck: true,
        typeRoots: [path.join(root, "node_modules/@types")],
        types: ["node"],
        baseUrl: root,
        paths: { "pulumi-rollout-crm": ["provider/index.ts"], "pulumi-rollout-crm/emulators": ["emulators/index.ts"], "*": ["node_modules/*"] },
      },
      files: files.map((f) => f.path),
    };
    writeFileSync(path.join(scratch, "tsconfig.json"), JSON.stringify(tsconfig));
    const tsc = await runCommand(process.execPath, [path.join(root, "node_modules/typescript/bin/tsc"), "-p", scratch, "--pretty", "false"], { cwd: scratch });
    const errors = tsc.stdout
      .split("\n")
      .filter((line) => line.trim() !== "")
      .map((line) => {
        const at = /^(.+?)\((\d+),\d+\): (.*)$/.exec(line);
        const block = at && files.find((f) => f.path === path.resolve(scratch!, at[1]));
        return block ? `${block.file}:${block.line + Number(at![2])}: ${at![3]}` : line;
      });
    expect(errors).toEqual([]);
    expect(tsc.code).toBe(0);
  }, 180_000);
});

describe("the API reference", () => {
  let out: string | undefined;
  afterAll(() => {
    if (out) rmSync(out, { recursive: true, force: true });
  });

  it("in docs/api is what `npm run build:docs` makes of the current TSDoc", async () => {
    out = mkdtempSync(path.join(tmpdir(), "prc-typedoc-"));
    const typedoc = await runCommand(process.execPath, [path.join(root, "node_modules/typedoc/bin/typedoc"), "--out", out, "--logLevel", "Warn"], { cwd: root });
    expect(typedoc.code, typedoc.stdout + typedoc.stderr).toBe(0);
    const generated = readdirSync(out).sort();
    expect(readdirSync(path.join(root, "docs/api")).sort()).toEqual(generated);
    for (const file of generated) {
      expect(readFileSync(path.join(root, "docs/api", file), "utf8"), `docs/api/${file} is stale: run npm run build:docs`).toBe(readFileSync(path.join(out, file), "utf8"));
    }
    // Every resource's arguments and outputs are there.
    const reference = readFileSync(path.join(root, "docs/api/provider.md"), "utf8");
    for (const name of ["RolloutUser", "RolloutTeam", "CrmPerson", "PersonNote", "RolloutUserArgs", "RolloutTeamArgs", "PersonNoteArgs", "RogerRogerPersonArgs", "OutsetaPersonArgs", "RolloutCrmPersonArgs"]) {
      expect(reference).toContain(`### ${name}`);
    }
  }, 180_000);
});

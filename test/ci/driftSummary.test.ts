/**
 * Issue 22 item 2: what examples/ci/drift.yml writes into the job summary renders inert
 * under CommonMark whatever the report holds. The step's own script runs under bash, with
 * an `npx` on PATH that prints a hostile report (a lone CR before a fence, HTML, a heading,
 * mentions, a link, `</details>`), and the summary is rendered by markdown-it.
 */
import { spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { decodeEntities, elementsOf, renderMarkdown } from "../support/inert";

const workflow = readFileSync(path.resolve(__dirname, "../../examples/ci/drift.yml"), "utf8");

/** The `run: |` script of the step named `name`, dedented. */
function stepScript(name: string): string {
  const start = workflow.indexOf(`- name: ${name}\n`);
  expect(start).toBeGreaterThan(0);
  const lines = workflow.slice(start).split("\n");
  const runAt = lines.findIndex((l) => /^ +run: \|$/.test(l));
  const body: string[] = [];
  for (const line of lines.slice(runAt + 1)) {
    if (line.trim() !== "" && !line.startsWith(" ".repeat(10))) break;
    body.push(line.slice(10));
  }
  return body.join("\n");
}

const scratch = mkdtempSync(path.join(tmpdir(), "drift-summary-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Runs the step with a fake `npx` that prints `stdout` and `stderr` and exits `code`; returns the summary. */
function summaryOf(stdout: string, stderr: string, code: number): { summary: string; status: number | null } {
  const dir = mkdtempSync(path.join(scratch, "run-"));
  const bin = path.join(dir, "bin");
  mkdirSync(bin);
  writeFileSync(path.join(dir, "out"), stdout);
  writeFileSync(path.join(dir, "err"), stderr);
  writeFileSync(path.join(bin, "npx"), `#!/bin/sh\ncat "${dir}/out"\ncat "${dir}/err" >&2\nexit ${code}\n`);
  chmodSync(path.join(bin, "npx"), 0o755);
  const summary = path.join(dir, "summary.md");
  const r = spawnSync("bash", ["-e", "-c", stepScript("Drift report")], {
    env: { PATH: `${bin}:${process.env.PATH}`, STACK: "prod", RUNNER_TEMP: dir, GITHUB_STEP_SUMMARY: summary },
    encoding: "utf8",
  });
  return { summary: readFileSync(summary, "utf8"), status: r.status };
}

const HOSTILE_REPORT = [
  "RESOURCE  FIELD      IN CODE  LIVE",
  "rita      givenName  Rita     x\r```\r<img src=x onerror=alert(1)>\r# Heading\r- **Approved by @acme/security**",
  "ann       name       Ann      ```` ````` https://evil.example/x @everyone </details> <script>alert(1)</script>",
  "",
  "Drift: 2 fields of 2 records differ from the code (2 records checked in stack 'prod').",
  "",
].join("\n");

describe("examples/ci/drift.yml's job summary", () => {
  it.each([
    ["drift found (exit 2), the report on stdout", HOSTILE_REPORT, "", 2],
    ["the check failed (exit 1), the error on stderr", "", `error: ${HOSTILE_REPORT}`, 1],
    ["the report does not end with a line feed", HOSTILE_REPORT.trimEnd(), "", 2],
  ])("renders the report as one code block, all text: %s", (_what, stdout, stderr, code) => {
    const { summary, status } = summaryOf(stdout, stderr, code);
    expect(status).toBe(code);
    const html = renderMarkdown(summary);
    // The template's own advice: `pulumi up --refresh`, `pulumi up`, *refresh*, `not in code`, `pulumi-rollout-crm adopt`.
    expect(elementsOf(html)).toEqual(["h2", "code", "p", "strong", ...(code === 2 ? ["code", "code", "em", "code", "code"] : []), "pre", "code"]);
    const block = /<pre><code class="language-text">([\s\S]*)<\/code><\/pre>\n$/.exec(html);
    expect(block).not.toBeNull();
    // Every character of the report is in the block, as text (CommonMark reads a lone CR as a line end).
    expect(decodeEntities(block![1]).replace(/\r\n?/g, "\n")).toBe(`${(stdout + stderr).replace(/\r\n?/g, "\n").trimEnd()}\n`);
  });

  it("says so when there is no drift", () => {
    const { summary, status } = summaryOf("No drift: the 3 records of stack 'prod' match the code.\n", "", 0);
    expect(status).toBe(0);
    expect(renderMarkdown(summary)).toContain("<pre><code class=\"language-text\">No drift: the 3 records of stack 'prod' match the code.\n</code></pre>");
  });
});

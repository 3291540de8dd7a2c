/**
 * Issue 22 items 1 and 3 through the real CLI: a person created by hand through RogerRoger's
 * API with a hostile givenName (OSC 52 to the clipboard, a screen clear, a carriage return
 * and a fake "No drift" line, mentions, a URL, `</details>`), and a managed person edited by
 * hand to the same value. `drift`, `drift --unmanaged` and `review --refresh --with-diff`
 * run as a user runs them; their output bytes carry no control character from data, every
 * value starts no line of its own, and the review renders as text (test/support/inert.ts).
 */
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROGERROGER_DEV_KEY, startRogerRogerEmulator, type RunningService } from "../../emulators";
import { runCommand } from "../support/command";
import { setCrmRecords } from "../support/crm";
import { byHand, EmulatorAdmin } from "../support/emulators";
import { elementsOf, hasRawControl, MENTION, renderMarkdown, textOutsideCode } from "../support/inert";
import { createTestStack, pulumiEnv, repoRoot, type TestStack } from "../support/stack";

const HOSTILE = "\u001b]52;c;aGk=\u0007\u001b[2J\rNo drift: all good\n@acme/owners @everyone https://evil.example/x\n\n</details>\n\n- **Approved** \u202etxt.exe\u009b8m";
const LD = { "x-api-key": ROGERROGER_DEV_KEY, "content-type": "application/ld+json", accept: "*/*" };
const MERGE = { "x-api-key": ROGERROGER_DEV_KEY, "content-type": "application/merge-patch+json" };
const program = path.join(repoRoot, "test/e2e/programs/crm");

let emu: RunningService;
let t: TestStack;

beforeAll(async () => {
  emu = await startRogerRogerEmulator({ log: () => {} });
  await new EmulatorAdmin(emu.adminUrl).reset({ rateLimit: false });
  t = await createTestStack({
    workDir: program,
    stackName: `inert-${Date.now().toString(36)}`,
    config: { "rogerroger:apiUrl": emu.url },
    secretConfig: { "rogerroger:apiKey": ROGERROGER_DEV_KEY },
    env: { PULUMI_ROLLOUT_CRM_PACING_DIR: "off" },
  });
});
afterAll(async () => {
  await t?.dispose({ destroy: false }); // the emulators stop next, and their records with them
  await emu?.stop();
});

/** The package's bin as a user runs it, with the stack's backend and passphrase. */
function cli(...args: string[]) {
  const env = { ...process.env, ...pulumiEnv(t.stateDir, { PULUMI_HOME: path.join(t.stateDir, ".pulumi-home") }) };
  return runCommand(process.execPath, [path.join(repoRoot, "dist/cli/main.js"), ...args, "--stack", t.stack.name, "--cwd", program], { cwd: repoRoot, env });
}

describe("output of the CLI with hostile values from a CRM, real CLI", () => {
  it("drift, drift --unmanaged and review --refresh print them escaped and inert", async () => {
    await setCrmRecords(t, { rita: { crm: "rogerroger", givenName: "Rita", familyName: "Roe" } });
    const up = await t.stack.up();
    const ritaId = (up.outputs.personIds.value as Record<string, string>).rita;
    await byHand(`${emu.url}/people/${ritaId}`, "PATCH", MERGE, { givenName: HOSTILE });
    const stranger = await byHand(`${emu.url}/people`, "POST", LD, { givenName: HOSTILE, familyName: "Form" });

    const drift = await cli("drift");
    expect(drift.code, drift.stderr).toBe(2);
    expect(hasRawControl(drift.stdout)).toBe(false);
    const lines = drift.stdout.split("\n");
    // The header, rita's one row, a blank line, the summary: the value's line feeds are text.
    expect(lines).toHaveLength(5);
    expect(lines[1]).toMatch(/^rita \(crm:Person\) +givenName +Rita +\\x1b\]52;c;aGk=\\x07\\x1b\[2J\\rNo drift: all good\\n… +edited outside Pulumi$/);
    expect(lines[3]).toMatch(/^Drift: 1 field of 1 record differ/);

    const unmanaged = await cli("drift", "--unmanaged", "rogerroger");
    expect(unmanaged.code, unmanaged.stderr).toBe(2);
    expect(hasRawControl(unmanaged.stdout)).toBe(false);
    const row = unmanaged.stdout.split("\n").find((l) => l.endsWith("not in code"));
    // The live record's label is the hostile name, escaped; its id is shown whole (issue 25).
    expect(row).toMatch(/^\\x1b\]52;c;aGk=\\x07\\x1b\[2J\\rNo drift: all good\\n@acme\/owners @ev… \(crm:Person\) +\(record\) +absent +exists \(rogerroger id [0-9a-f-]{36}\) +not in code$/);
    expect(row).toContain(`exists (rogerroger id ${String(stranger.id ?? stranger["@id"]).split("/").pop()})`);
    expect(unmanaged.stdout.split("\n")).toHaveLength(6);

    const review = await cli("review", "--refresh", "--with-diff");
    expect(review.code, review.stderr).toBe(0);
    expect(hasRawControl(review.stdout)).toBe(false);
    const html = renderMarkdown(review.stdout);
    expect(html).not.toMatch(/<a[\s>]/);
    expect([...new Set(elementsOf(html))].sort()).toEqual(["code", "details", "em", "h3", "h4", "li", "p", "pre", "strong", "summary", "ul"]);
    expect(html.match(/<\/details>/g)).toHaveLength(1);
    const outside = textOutsideCode(html);
    expect(outside).not.toMatch(MENTION);
    expect(outside).not.toMatch(/https?:\/\//);
    // The hand change is one list item, the whole line a code span, the value escaped and capped.
    const line = review.stdout.split("\n").find((l) => l.includes("givenName:"));
    expect(line).toMatch(/^ {2}- `givenName: .*"\\x1b\]52;c;aGk=\\x07\\x1b\[2J\\rNo drift: all good\\n@acme\/owners @everyone.*…".*`$/);
  }, 300_000);
});

/**
 * `npm run demo` from a fresh copy of the repository (the files git tracks, no node_modules,
 * no build): it installs, runs every step with the real CLI, reports drift, and leaves no
 * process and no port behind; and a Ctrl-C in the middle stops everything it started.
 */
import { execFileSync, spawn } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_PORTS } from "../../emulators";
import { repoRoot } from "../support/stack";

let copy: string;

beforeAll(() => {
  copy = mkdtempSync(path.join(tmpdir(), "prc-demo-"));
  const files = execFileSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], { cwd: repoRoot, encoding: "utf8" })
    .split("\0")
    .filter(Boolean);
  for (const file of files) {
    mkdirSync(path.dirname(path.join(copy, file)), { recursive: true });
    cpSync(path.join(repoRoot, file), path.join(copy, file));
  }
});
afterAll(() => {
  if (copy) rmSync(copy, { recursive: true, force: true });
});

interface Run {
  code: number | null;
  output: string;
}

/** Starts a command in its own process group, as a terminal starts a foreground job. */
function start(command: string, args: string[]): { pid: number; output: () => string; done: Promise<Run> } {
  const child = spawn(command, args, { cwd: copy, detached: true, env: { ...process.env, FORCE_COLOR: "0" } });
  let output = "";
  child.stdout.on("data", (d) => (output += d));
  child.stderr.on("data", (d) => (output += d));
  const done = new Promise<Run>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, output }));
  });
  return { pid: child.pid!, output: () => output, done };
}

/** Processes whose command line or working folder is inside the copy. */
function processesInCopy(): string[] {
  const found: string[] = [];
  for (const pid of readdirSync("/proc").filter((name) => /^\d+$/.test(name))) {
    try {
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, "utf8").replace(/\0/g, " ");
      let cwd = "";
      try {
        cwd = readlinkSync(`/proc/${pid}/cwd`);
      } catch {
        // not ours to read
      }
      if (cmdline.includes(copy) || cwd.startsWith(copy)) found.push(`${pid}: ${cmdline.trim()} (cwd ${cwd})`);
    } catch {
      // the process exited while we looked
    }
  }
  return found;
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}

async function expectNothingLeft(): Promise<void> {
  // Process groups are killed before the demo exits; give the kernel a moment to reap.
  await new Promise((resolve) => setTimeout(resolve, 500));
  expect(processesInCopy()).toEqual([]);
  for (const port of Object.values(DEFAULT_PORTS)) expect(await portIsFree(port), `port ${port} is still taken`).toBe(true);
}

describe("npm run demo", () => {
  it("runs start to finish from a fresh copy: adoption, review, drift detected, reported, corrected; nothing left behind", async () => {
    const demo = start("npm", ["run", "demo"]);
    const { code, output } = await demo.done;
    expect(code, output.slice(-3000)).toBe(0);
    const stepOf = (n: number) => output.slice(output.indexOf(`[${n}/13]`), output.indexOf(`[${n + 1}/13]`) < 0 ? undefined : output.indexOf(`[${n + 1}/13]`));
    // Installed from scratch.
    expect(output).toContain("install: npm ci");
    // Steps 2 and 10: the clean preview, then drift failing the check as CI would.
    expect(output).toMatch(/\[2\/13\] pulumi preview: nothing to do[\s\S]*10 unchanged/);
    expect(output).toContain("error: no changes were expected for preview but changes were proposed");
    // Steps 3-5: the records made by hand are not in code, adopt writes them, and the first up
    // adopts them with reads only (the emulators' request logs, as the demo prints them).
    expect(stepOf(3)).toMatch(/barbara@example\.com \(rollout:User\)\s+\(record\)\s+absent\s+exists\s+not in code/);
    expect(stepOf(3)).toContain("Drift: 4 live records not in the code");
    expect(stepOf(4)).toContain("2 team member(s) to adopt; 3 skipped");
    expect(stepOf(4)).toContain("2 person(s) to adopt");
    expect(stepOf(4)).toMatch(/API requests in this step: 2 \(Rollout 1, RogerRoger 1\), reads only: 0 writes/);
    expect(stepOf(5)).toContain("+ 4 created");
    expect(stepOf(5)).toMatch(/API requests in this step: \d+ \([^)]*\), reads only: 0 writes/);
    // Steps 6-7: the code change previewed with --diff (exactly one permission), then the
    // review comment with the write on production in its sensitive section.
    expect(stepOf(6)).toMatch(/~ Production: "read" => "write"/);
    expect(stepOf(7)).toContain("**0 to create, 1 to update, 0 to replace, 0 to delete**");
    expect(stepOf(7)).toMatch(/Sensitive changes \(1\)\s+- \*\*Write on production\*\*: grace@example\.com: 5f1d…\/Production: read → write/);
    // Step 10: the refresh preview marks the CRM field changed by hand, live => code.
    expect(stepOf(10)).toMatch(/~ jobTitle\s*: "Buyer" => "Head of Purchasing"/);
    // Step 12: the one-line view of `up --refresh` carries the field too.
    expect(stepOf(12)).toContain("dynamic/crm:Person demo-buyer update [diff: ~jobTitle]");
    // The drift report: exit 2 with the two drifted fields, then exit 0 after `up --refresh`.
    expect(output).toMatch(/demo-buyer \(crm:Person\)\s+jobTitle\s+Head of Purchasing\s+Buyer\s+edited outside Pulumi/);
    expect(output).toMatch(/linus \(rollout:User\)\s+applications\.5f1d7c2a9e3b4a6d8c0e1f23\s+\(not set\)/);
    expect(output).toContain("Drift: 2 fields of 2 records differ from the code (13 records checked in stack 'dev').");
    expect(output).toContain("exit code 2 (0 no drift, 2 drift, 1 error)");
    expect(output).toContain("No drift: the 13 records of stack 'dev' match the code.");
    expect(output).toContain("- 14 deleted");
    expect(output).toMatch(/Done in \d+ s\./);
    // The demo's code change happened in its scratch copy, never in the examples.
    expect(execFileSync("git", ["diff", "--no-index", "--stat", path.join(repoRoot, "examples"), path.join(copy, "examples")], { encoding: "utf8" }).trim()).toBe("");
    await expectNothingLeft();
  }, 600_000);

  it("stops the CLI, its plugins and the emulators on Ctrl-C", async () => {
    // The first test installed and built the copy; this run starts the steps at once.
    const demo = start("bash", ["scripts/demo.sh"]);
    // Interrupt while the CLI, the program and the dynamic-provider plugin all run.
    const deadline = Date.now() + 120_000;
    const providerRunning = () => processesInCopy().some((p) => p.includes("@pulumi/pulumi/cmd/dynamic-provider"));
    // What was seen is kept: `pulumi up` ends its preview's provider before the update starts
    // one, so asking again after the loop may fall between the two.
    let providerSeen = false;
    while (!(demo.output().includes("$ pulumi up --yes") && (providerSeen = providerRunning())) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 200));
    }
    // The interrupt at once, and on a failed expectation too: a demo left running would hold
    // the emulator ports the next test needs free.
    process.kill(-demo.pid, "SIGINT"); // what the terminal sends to the foreground job on Ctrl-C
    expect(demo.output()).toContain("$ pulumi up --yes");
    expect(providerSeen, "the dynamic-provider plugin should be running before the interrupt").toBe(true);
    const { code, output } = await demo.done;
    expect(code, output.slice(-2000)).toBe(130);
    expect(output).toContain("SIGINT: stopping the Pulumi CLI and the emulators");
    await expectNothingLeft();
  }, 300_000);

  it("fails clearly, and leaves nothing behind, when an emulator port is taken", async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(DEFAULT_PORTS.rogerroger, "127.0.0.1", resolve));
    try {
      const { code, output } = await start("bash", ["scripts/demo.sh"]).done;
      expect(code).toBe(1);
      expect(output).toContain("is in use: is `npm run emulators` (or another demo) running?");
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
    await expectNothingLeft();
  }, 120_000);
});

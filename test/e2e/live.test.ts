/**
 * `npm run test:live` pointed at the emulators (their URLs and dev credentials in the same
 * variables a real account uses): it passes and leaves no record, counted in each emulator's
 * state; and `sweep` removes exactly the prefixed leftovers of a run killed with SIGKILL.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sweepMain } from "../../cli/sweep/main";
import { resetSharedHttp } from "../../provider/http/registry";
import { EmulatorAdmin, startEmulators, type RunningEmulators } from "../support/emulators";
import type { Recording } from "../contract/recording";
import { replay } from "../contract/replay";
import { emulatorEnv } from "../support/emulatorEnv";
import { seedByHand } from "../support/seed";
import { handMadeOutsetaPeople } from "../support/outseta/handMade";
import { pulumiCliFolder, repoRoot } from "../support/stack";

const SERVICES = ["rollout", "rogerroger", "outseta", "rolloutCrm"] as const;
let emu: RunningEmulators;

beforeAll(async () => {
  emu = await startEmulators();
  pulumiCliFolder(); // fails loudly, never skips, without the CLI
}, 120_000);
afterAll(async () => {
  await emu?.stop();
  await resetSharedHttp();
});

function liveEnv(services: readonly string[], prefix: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    ...emulatorEnv(emu),
    PULUMI_ROLLOUT_CRM_PULUMI_DIR: pulumiCliFolder(),
    PULUMI_ROLLOUT_CRM_LIVE: services.join(","),
    PULUMI_ROLLOUT_CRM_LIVE_EMAIL_DOMAIN: "example.com",
    PULUMI_ROLLOUT_CRM_LIVE_PREFIX: prefix,
  };
}

function runLive(env: NodeJS.ProcessEnv, args: string[] = []): { child: ChildProcess; done: Promise<{ code: number | null; output: string }> } {
  // Its own process group, so a kill -9 reaches vitest, the Pulumi CLI and the providers alike.
  const child = spawn("bash", ["test/live/run.sh", ...args], { cwd: repoRoot, env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout!.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (output += d.toString()));
  return { child, done: new Promise((resolve) => child.on("close", (code) => resolve({ code, output }))) };
}

/** Every e-mail the emulators hold, lower-case, by service. */
async function emails(service: (typeof SERVICES)[number]): Promise<string[]> {
  const state = JSON.stringify(await new EmulatorAdmin(emu.adminUrls[service]).state());
  return [...state.matchAll(/"([^"@\s]+@[^"\s]+)"/g)].map((m) => m[1].toLowerCase()).sort();
}

describe("npm run test:live against the emulators", () => {
  it("without PULUMI_ROLLOUT_CRM_LIVE: says what it needs, exits non-zero, starts nothing", async () => {
    const r = await runLive(liveEnv([], "plrc-none-")).done;
    expect(r.code).not.toBe(0);
    expect(r.output).toContain("PULUMI_ROLLOUT_CRM_LIVE=");
    expect(r.output).toContain("PULUMI_ROLLOUT_CRM_LIVE_EMAIL_DOMAIN");
  });

  it("runs the lifecycle of every service, leaves 0 records, and its --record output replays green", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "prc-record-"));
    try {
      const r = await runLive(liveEnv(SERVICES, "plrc-e2e1-"), ["--record", dir]).done;
      expect(r.code, r.output.slice(-4000)).toBe(0);
      expect(r.output).toMatch(/4 passed/);
      for (const service of SERVICES) expect(await emails(service), service).toEqual([]);

      expect(readdirSync(dir).sort()).toEqual(SERVICES.map((s) => `${s}.json`).sort());
      for (const service of SERVICES) {
        const text = readFileSync(path.join(dir, `${service}.json`), "utf8");
        // Placeholders, never the run's e-mails or the credentials.
        expect(text).not.toMatch(/plrc-e2e1-/);
        for (const secret of ["dev-rollout-token", "dev-rogerroger-key", "dev-outseta-key", "dev-outseta-secret", "dev-rollout-crm-token"]) expect(text).not.toContain(secret);
        const recording = JSON.parse(text) as Recording;
        expect(recording.exchanges.length, service).toBeGreaterThan(3);
        expect(await replay(recording, emu), service).toEqual([]);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 2_700_000);

  it("sweep removes exactly the prefixed leftovers of a run killed with kill -9", async () => {
    // Records of someone else: they must stay.
    await seedByHand(emu, "outseta", handMadeOutsetaPeople);
    const others = await emails("outseta");
    const prefix = "plrc-kill9-";
    const run = runLive(liveEnv(["outseta"], prefix));
    // Killed once the run has made a record.
    const deadline = Date.now() + 600_000;
    while (!(await emails("outseta")).some((e) => e.startsWith(prefix))) {
      expect(Date.now(), "the live run made no record").toBeLessThan(deadline);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    process.kill(-run.child.pid!, "SIGKILL");
    await run.done;

    const left = (await emails("outseta")).filter((e) => e.startsWith(prefix));
    expect(left.length, "the killed run left records").toBeGreaterThan(0);
    let out = "";
    const write = { write: (s: string) => ((out += s), true) } as unknown as NodeJS.WritableStream;
    expect(await sweepMain(["outseta", "--prefix", prefix, "--yes"], write, write, { env: liveEnv(["outseta"], prefix) }), out).toBe(0);
    expect(out).toContain(`Deleted ${left.length} of`);
    expect(await emails("outseta")).toEqual(others);
  }, 900_000);
});

/**
 * Issue #22, item 5 and "Bounded", with the real Pulumi CLI: a `pulumi up` whose create
 * looks its person up in a RogerRoger list that never ends (a hostile server on loopback that
 * answers every page slowly and announces a million people) must
 * - stop promptly on SIGTERM or SIGINT of `pulumi` (the engine's Cancel), leaving no provider
 *   process and no request after the CLI has exited;
 * - after a SIGKILL of the CLI alone (the provider process is orphaned, in a process group of
 *   its own), leave no provider process sending requests;
 * - fail at the operation's bound, naming the operation and the setting, when nobody stops it.
 * Before this change the up kept paging after SIGTERM, and the orphaned provider paged on
 * for good (409,146 requests in 751 s in the issue).
 */
import { spawn } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { descendants, killAll, pulumi } from "../support/crash";
import { setCrmRecords } from "../support/crm";
import { sendJson, startScriptedServer, type ScriptedServer } from "../support/scriptedServer";
import { createTestStack, pulumiEnv, repoRoot, type TestStack } from "../support/stack";

/** How long each page takes: slow, so that a kill lands while a request is on the wire. */
const PAGE_MS = 150;
/** The promise of the README: a cancelled run ends within this many seconds. */
const CANCEL_SECONDS = 15;

let server: ScriptedServer;
let t: TestStack;

/** A page of a list of a million people, each page a different one, always with a next page. */
function endlessPeople(): Promise<ScriptedServer> {
  return startScriptedServer((req, res, n) => {
    if (req.method !== "GET") return sendJson(res, 405, { detail: "this test server only pages" });
    const member = Array.from({ length: 30 }, (_, i) => ({
      "@id": `/people/p${n}-${i}`,
      "@type": "Person",
      id: `p${n}-${i}`,
      givenName: "Someone",
      familyName: `Else ${n}-${i}`,
      emailAddresses: [{ email: `someone.${n}.${i}@example.com` }],
    }));
    const body = {
      "@context": "/contexts/Person",
      "@id": "/people",
      "@type": "Collection",
      member,
      totalItems: 1_000_000,
      view: { "@id": `/people?page=${n + 1}`, "@type": "PartialCollectionView", next: `/people?page=${n + 2}` },
    };
    setTimeout(() => sendJson(res, 200, body, {}, "application/ld+json; charset=utf-8"), PAGE_MS);
  });
}

beforeAll(async () => {
  server = await endlessPeople();
  t = await createTestStack({
    workDir: path.join(repoRoot, "test/e2e/programs/crm"),
    stackName: `cancel-${Date.now().toString(36)}`,
    config: { "rogerroger:apiUrl": server.origin },
    secretConfig: { "rogerroger:apiKey": "test-key-not-a-secret" },
  });
  await setCrmRecords(t, { ann: { crm: "rogerroger", givenName: "Ann", familyName: "Doe", emails: ["ann@example.com"] } });
});
afterAll(async () => {
  await t?.dispose({ destroy: false }); // the server stops next, and its records with it
  await server?.close();
});

interface Run {
  cli: number;
  ended: Promise<{ code: number | null; signal: NodeJS.Signals | null; output: string }>;
  exited(): boolean;
}

/** `pulumi up` of the stack; `env` reaches the provider process too. */
function startUp(env: Record<string, string> = {}): Run {
  const child = spawn("pulumi", ["up", "--yes", "--skip-preview", "--stack", t.stack.name, "--non-interactive"], {
    cwd: t.stack.workspace.workDir,
    env: {
      ...process.env,
      ...pulumiEnv(t.stateDir, {
        PULUMI_HOME: path.join(t.stateDir, ".pulumi-home"),
        PULUMI_ROLLOUT_CRM_PACING_DIR: path.join(t.stateDir, "pacing"),
        // RogerRoger's pacing (18 per minute) would make the pages too sparse to count.
        PULUMI_ROLLOUT_CRM_UNPACED: "rogerroger",
        ...env,
      }),
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (d) => (output += d));
  child.stderr!.on("data", (d) => (output += d));
  let done = false;
  const ended = new Promise<{ code: number | null; signal: NodeJS.Signals | null; output: string }>((resolve) =>
    child.on("close", (code, signal) => {
      done = true;
      resolve({ code, signal, output });
    }),
  );
  return { cli: child.pid!, ended, exited: () => done };
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(what: string, ok: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await sleep(50);
  }
}

/** Waits until the up pages, and returns the dynamic-provider process doing it. */
async function pagingProvider(run: Run): Promise<number> {
  const before = server.calls.length;
  await until("the create pages through the list", () => run.exited() || server.calls.length >= before + 5, 90_000);
  if (run.exited()) throw new Error(`pulumi up ended before it paged:\n${(await run.ended).output}`);
  const provider = descendants(run.cli).filter((p) => p.args.includes("dynamic-provider"));
  expect(provider, "one dynamic-provider process").toHaveLength(1);
  return provider[0]!.pid;
}

/** Kills what is left of a run, and releases the stack's lock if a killed run left it. */
async function cleanUp(run: Run, tree: { pid: number }[]): Promise<void> {
  killAll([run.cli, ...tree.map((p) => p.pid)]);
  await run.ended;
  const locks = path.join(t.stateDir, ".pulumi", "locks");
  if (existsSync(locks) && readdirSync(locks, { recursive: true }).some((f) => String(f).endsWith(".json"))) await pulumi(t, ["cancel", "--yes"]);
}

/** The requests of the next `ms` milliseconds. */
async function requestsDuring(ms: number): Promise<number> {
  const before = server.calls.length;
  await sleep(ms);
  return server.calls.length - before;
}

describe("the bound of one operation", () => {
  it("fails a create that pages forever at the bound, naming the operation and the setting", async () => {
    const run = startUp({ PULUMI_ROLLOUT_CRM_OPERATION_TIMEOUT_SECONDS: "5" });
    let tree: { pid: number }[] = [];
    try {
      await pagingProvider(run);
      tree = descendants(run.cli);
      const result = await Promise.race([run.ended, sleep(90_000).then(() => undefined)]);
      expect(result, "pulumi up still running 90 s after it started paging").toBeDefined();
      expect(result!.code).not.toBe(0);
      expect(result!.output).toContain("create of crm:Person did not finish within 5 s");
      expect(result!.output).toContain("PULUMI_ROLLOUT_CRM_OPERATION_TIMEOUT_SECONDS");
      expect(await requestsDuring(3 * PAGE_MS + 1000)).toBe(0);
    } finally {
      await cleanUp(run, tree);
    }
  }, 150_000);
});

describe("a cancelled or killed pulumi up leaves no provider process sending requests", () => {
  it.each(["SIGTERM", "SIGINT"] as const)("one %s to pulumi ends the up promptly, and nothing pages after it", async (signal) => {
    const run = startUp();
    let tree: { pid: number }[] = [];
    try {
      const provider = await pagingProvider(run);
      tree = descendants(run.cli);
      const sentAt = Date.now();
      process.kill(run.cli, signal);
      const result = await Promise.race([run.ended, sleep(60_000).then(() => undefined)]);
      expect(result, `pulumi up still running 60 s after ${signal}`).toBeDefined();
      const seconds = (Date.now() - sentAt) / 1000;
      console.log(`${signal}: pulumi up ended ${seconds.toFixed(1)} s after the signal`);
      expect(seconds).toBeLessThan(CANCEL_SECONDS);
      expect(result!.code).not.toBe(0);
      expect(result!.output).toContain("the update was cancelled");
      await until("the provider process exits", () => !alive(provider), 10_000);
      expect(await requestsDuring(3 * PAGE_MS + 1000)).toBe(0);
    } finally {
      await cleanUp(run, tree);
    }
  }, 150_000);

  it("a SIGKILL of pulumi alone: the orphaned provider process exits and sends no more requests", async () => {
    const run = startUp();
    let tree: { pid: number }[] = [];
    try {
      const provider = await pagingProvider(run);
      tree = descendants(run.cli);
      const killedAt = Date.now();
      process.kill(run.cli, "SIGKILL"); // the CLI only: its plugins live in process groups of their own
      await run.ended;
      expect(alive(provider)).toBe(true); // nobody killed it
      await until("the orphaned provider process exits", () => !alive(provider), 10_000);
      console.log(`SIGKILL: the provider process exited ${((Date.now() - killedAt) / 1000).toFixed(1)} s after the kill`);
      expect(await requestsDuring(3 * PAGE_MS + 1000)).toBe(0);
    } finally {
      await cleanUp(run, tree);
    }
  }, 150_000);
});

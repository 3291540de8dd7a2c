/**
 * The machine-wide schedule (pacingStore.ts), tested with two real processes: the preview
 * and update phases of one `pulumi` command are two provider processes, and they must share
 * one limit (issue #14 item 3).
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { buildSync } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FakeClock } from "../../provider/http/clock";
import { Limiter } from "../../provider/http/pacing";
import { FileScheduleStore, MemoryScheduleStore, PACING_DIR_ENV, machineScheduleStore } from "../../provider/http/pacingStore";

let dir: string;
let worker: string;

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), "prc-pacing-"));
  // The child: reserves `count` slots of a limiter on `file` (or in memory), waiting for each, and prints them.
  const entry = path.join(dir, "worker.ts");
  writeFileSync(
    entry,
    `import { systemClock } from ${JSON.stringify(path.join(__dirname, "../../provider/http/clock"))};
import { Limiter } from ${JSON.stringify(path.join(__dirname, "../../provider/http/pacing"))};
import { FileScheduleStore, MemoryScheduleStore } from ${JSON.stringify(path.join(__dirname, "../../provider/http/pacingStore"))};
const [file, configJson, count, startAt] = process.argv.slice(2);
const store = file === "memory" ? new MemoryScheduleStore() : new FileScheduleStore(file);
const limiter = new Limiter(JSON.parse(configJson), systemClock, store);
(async () => {
  await new Promise((r) => setTimeout(r, Number(startAt) - Date.now()));
  const slots: number[] = [];
  for (let i = 0; i < Number(count); i++) {
    const slot = limiter.reserve();
    slots.push(slot);
    await new Promise((r) => setTimeout(r, Math.max(0, slot - Date.now())));
  }
  process.stdout.write(JSON.stringify(slots));
})();
`,
  );
  worker = path.join(dir, "worker.cjs");
  buildSync({ entryPoints: [entry], bundle: true, platform: "node", format: "cjs", outfile: worker, logLevel: "silent" });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(file: string, config: object, count: number, startAt: number): Promise<number[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [worker, file, JSON.stringify(config), String(count), String(startAt)], { stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.on("error", reject);
    child.on("close", (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`worker exited ${code}`))));
  });
}

/** Two processes at once, each reserving `count` slots; all slots, ascending. */
async function twoProcesses(file: string, config: object, count: number): Promise<number[]> {
  const startAt = Date.now() + 1500; // both are running by then
  const [a, b] = await Promise.all([run(file, config, count, startAt), run(file, config, count, startAt)]);
  return [...a, ...b].sort((x, y) => x - y);
}

/** The most slots in any window of `windowMs` (t - windowMs, t]. */
function busiestWindow(slots: number[], windowMs: number): number {
  let most = 0;
  for (let i = 0; i < slots.length; i++) {
    let n = 0;
    for (let j = i; j >= 0 && slots[j] > slots[i] - windowMs; j--) n++;
    most = Math.max(most, n);
  }
  return most;
}

describe("pacing across processes", () => {
  const interval = { kind: "interval", intervalMs: 60 };
  const window = { kind: "window", limit: 3, windowMs: 300 };

  it("interval mode: two processes on one file never start closer than the interval", async () => {
    const slots = await twoProcesses(path.join(dir, "interval.json"), interval, 8);
    expect(slots).toHaveLength(16);
    for (let i = 1; i < slots.length; i++) expect(slots[i] - slots[i - 1]).toBeGreaterThanOrEqual(60);
  }, 30_000);

  it("window mode: two processes on one file never exceed the limit in any window", async () => {
    const slots = await twoProcesses(path.join(dir, "window.json"), window, 6);
    expect(slots).toHaveLength(12);
    expect(busiestWindow(slots, 300)).toBeLessThanOrEqual(3);
  }, 30_000);

  it("control: with per-process schedules the same two processes break the limit", async () => {
    const slots = await twoProcesses("memory", window, 6);
    expect(busiestWindow(slots, 300)).toBeGreaterThan(3);
  }, 30_000);

  it("a later process continues the schedule an earlier one left (consecutive commands)", async () => {
    const file = path.join(dir, "sequence.json");
    const first = await run(file, { kind: "interval", intervalMs: 400 }, 2, Date.now());
    const second = await run(file, { kind: "interval", intervalMs: 400 }, 1, Date.now());
    expect(second[0] - first[1]).toBeGreaterThanOrEqual(400);
  }, 30_000);
});

describe("FileScheduleStore", () => {
  it("shares a pause after a 429 with every limiter on the file", () => {
    const file = path.join(dir, "pause.json");
    const clock = new FakeClock(1_000_000);
    new Limiter({ kind: "none" }, clock, new FileScheduleStore(file)).pauseUntil(1_005_000);
    expect(new Limiter({ kind: "none" }, clock, new FileScheduleStore(file)).reserve()).toBe(1_005_000);
  });

  it("treats an unreadable file as an empty schedule, and rewrites it", () => {
    const file = path.join(dir, "corrupt.json");
    writeFileSync(file, "{not json");
    const clock = new FakeClock(2_000_000);
    expect(new Limiter({ kind: "interval", intervalMs: 1000 }, clock, new FileScheduleStore(file)).reserve()).toBe(2_000_000);
    expect(JSON.parse(readFileSync(file, "utf8")).starts).toEqual([2_000_000]);
  });

  it("breaks a lock left by a process killed inside the critical section", () => {
    const file = path.join(dir, "stale.json");
    writeFileSync(`${file}.lock`, "");
    const old = (Date.now() - 60_000) / 1000;
    utimesSync(`${file}.lock`, old, old);
    const clock = new FakeClock(3_000_000);
    expect(new Limiter({ kind: "interval", intervalMs: 1000 }, clock, new FileScheduleStore(file)).reserve()).toBe(3_000_000);
  });

  it("is one file per limiter key and base URL, and can be turned off", () => {
    const env = { [PACING_DIR_ENV]: dir };
    const a = machineScheduleStore("rollout", "http://127.0.0.1:4101/public-api", env)!;
    expect(machineScheduleStore("rollout", "http://127.0.0.1:4101/public-api", env)!.file).toBe(a.file);
    expect(machineScheduleStore("rollout", "http://127.0.0.1:4999/public-api", env)!.file).not.toBe(a.file);
    expect(machineScheduleStore("rogerroger", "http://127.0.0.1:4101/public-api", env)!.file).not.toBe(a.file);
    expect(path.dirname(a.file)).toBe(dir);
    expect(machineScheduleStore("rollout", "http://127.0.0.1:4101/public-api", { [PACING_DIR_ENV]: "off" })).toBeUndefined();
    expect(new MemoryScheduleStore().update((s) => s.starts)).toEqual([]);
  });
});

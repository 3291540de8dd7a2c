/**
 * Two provider processes against the Rollout emulator with its real limit (1 request/s per
 * client IP, refused requests counted): the preview and update phases of one `pulumi`
 * command, or two commands in a row, are two processes. With the machine-wide schedule
 * (http/pacingStore.ts) the emulator refuses none of their requests (issue #14 item 3).
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { buildSync } from "esbuild";
import { afterAll, beforeAll, expect, it } from "vitest";
import { EmulatorAdmin, startRolloutEmulator, type RunningService } from "../../emulators";

let dir: string;
let worker: string;
let emu: RunningService;
let admin: EmulatorAdmin;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "prc-pacing-rollout-"));
  const from = (p: string) => JSON.stringify(path.join(__dirname, "../../provider", p));
  // The child: the provider's own Rollout service, built from config as in a provider
  // process, listing the team `count` times at once.
  const entry = path.join(dir, "worker.ts");
  writeFileSync(
    entry,
    `import { ProviderContext, configOf } from ${from("plugin")};
import { SERVICES } from ${from("services")};
import { rollout } from ${from("registry")};
import { ROLLOUT_DEV_TOKEN } from ${JSON.stringify(path.join(__dirname, "../../emulators"))};
const [url, count] = process.argv.slice(2);
const context = new ProviderContext(SERVICES, { config: configOf({ "rollout:apiUrl": url, "rollout:apiToken": ROLLOUT_DEV_TOKEN }) });
const service = context.service(rollout);
Promise.all(Array.from({ length: Number(count) }, () => service.api.listUsers())).then(() => process.exit(0), (e) => { console.error(e); process.exit(1); });
`,
  );
  worker = path.join(dir, "worker.cjs");
  buildSync({ entryPoints: [entry], bundle: true, platform: "node", format: "cjs", outfile: worker, logLevel: "silent" });
  emu = await startRolloutEmulator({ log: () => {} });
  admin = new EmulatorAdmin(emu.adminUrl);
}, 60_000);
afterAll(async () => {
  await emu?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** Runs one provider process; resolves with its exit code. */
function runProvider(pacingDir: string, count: number, stderr: "inherit" | "ignore" = "inherit"): Promise<number | null> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [worker, emu.url, String(count)], {
      stdio: ["ignore", "ignore", stderr],
      env: { ...process.env, PULUMI_ROLLOUT_CRM_PACING_DIR: pacingDir },
    });
    child.on("error", reject);
    child.on("close", resolve);
  });
}

async function provider(pacingDir: string, count: number): Promise<void> {
  const code = await runProvider(pacingDir, count);
  if (code !== 0) throw new Error(`provider process exited ${code}`);
}

async function statuses(): Promise<number[]> {
  return (await admin.requests()).map((r) => r.status);
}

it("two processes at once, then a third right after: no request refused", async () => {
  await admin.reset();
  const shared = path.join(dir, "shared");
  await Promise.all([provider(shared, 3), provider(shared, 3)]);
  await provider(shared, 2);
  expect(await statuses()).toEqual(Array(8).fill(200));
}, 120_000);

it("control: with a schedule per process, the same processes are refused", async () => {
  await admin.reset();
  // Without the shared schedule the two processes collide; on a loaded machine their bounded
  // retries may run out too, so the control asserts the refusals, not whether retries succeed.
  const codes = await Promise.all([runProvider("off", 3, "ignore"), runProvider("off", 3, "ignore")]);
  const seen = await statuses();
  expect(seen.filter((s) => s === 555).length).toBeGreaterThan(0);
  expect(seen.filter((s) => s === 200).length).toBeGreaterThan(0);
  expect(codes.every((c) => c === 0 || c === 1)).toBe(true);
}, 120_000);

/**
 * Two accounts of one service in one stack: two instances of the plugin (the engine starts
 * one process per provider instance; here two servers in one process, which is the harder
 * case, as they share the process's HTTP registry), each configured for its own Rollout
 * emulator with the emulator's real limit of 1 request per second. Each account is paced on
 * its own (ContextOptions.pacePerAccount): both finish in the time one takes, and neither
 * emulator refuses a request.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROLLOUT_DEV_TOKEN, startRolloutEmulator, type RunningService } from "../../../emulators";
import { configOf } from "../../../provider/plugin/config";
import { accountKey, ConfigReader } from "../../../provider/plugin";
import { rollout } from "../../../provider/registry";
import { resetSharedHttp } from "../../../provider/http/registry";
import { PACING_DIR_ENV } from "../../../provider/http/pacingStore";
import { EmulatorAdmin } from "../../support/emulators";
import { startPlugin, type PluginClient } from "../../support/pluginClient";

const USER = "rolloutcrm:index:RolloutUser";
const USERS = 3;

let emulators: RunningService[] = [];
let plugins: PluginClient[] = [];
let pacingDir: string;
const previousPacingDir = process.env[PACING_DIR_ENV];

beforeAll(async () => {
  // The limiters share their schedule through files, as on a user's machine; a folder of this test's own.
  pacingDir = mkdtempSync(path.join(tmpdir(), "prc-accounts-"));
  process.env[PACING_DIR_ENV] = pacingDir;
  emulators = await Promise.all([startRolloutEmulator({ log: () => {} }), startRolloutEmulator({ log: () => {} })]);
  await Promise.all(emulators.map((e) => new EmulatorAdmin(e.adminUrl).reset({ rateLimit: true })));
  plugins = await Promise.all(emulators.map(() => startPlugin({ env: {} })));
});
afterAll(async () => {
  await Promise.all(plugins.map((p) => p.close()));
  await Promise.all(emulators.map((e) => e.stop()));
  await resetSharedHttp();
  if (previousPacingDir === undefined) delete process.env[PACING_DIR_ENV];
  else process.env[PACING_DIR_ENV] = previousPacingDir;
  rmSync(pacingDir, { recursive: true, force: true });
});

describe("two provider instances, two accounts of Rollout", () => {
  it("an account is its base URL and credentials, digested: another URL or token is another account, the same ones the same", () => {
    const key = (values: Record<string, string>) => accountKey(rollout, new ConfigReader(configOf(values), {}), values["rollout:apiUrl"]);
    const a = key({ "rollout:apiUrl": "https://a.example/api", "rollout:apiToken": "token-a" });
    expect(key({ "rollout:apiUrl": "https://a.example/api", "rollout:apiToken": "token-a" })).toBe(a);
    expect(key({ "rollout:apiUrl": "https://b.example/api", "rollout:apiToken": "token-a" })).not.toBe(a);
    expect(key({ "rollout:apiUrl": "https://a.example/api", "rollout:apiToken": "token-b" })).not.toBe(a);
    expect(a).toMatch(/^[0-9a-f]{16}$/);
  });

  it("each instance creates its users in its own account, paced on its own: both in the time of one, 0 refusals", async () => {
    await Promise.all(plugins.map((p, i) => p.configure({ rollout: { apiUrl: emulators[i].url, apiToken: ROLLOUT_DEV_TOKEN } })));
    const admins = emulators.map((e) => new EmulatorAdmin(e.adminUrl));
    await Promise.all(admins.map((a) => a.since()));
    const started = Date.now();
    const created = await Promise.all(
      plugins.map(async (p, account) => {
        const checked = await Promise.all(
          Array.from({ length: USERS }, (_, i) => p.check(USER, `u${i}`, {}, { email: `user${i}@account${account}.example`, name: `User ${i}` })),
        );
        return Promise.all(checked.map((c) => p.create(USER, c.inputs)));
      }),
    );
    const seconds = (Date.now() - started) / 1000;
    const logs = await Promise.all(admins.map((a) => a.requests()));
    console.log(`two accounts, ${USERS} users each: ${seconds.toFixed(1)} s; requests ${logs.map((l) => l.length).join(" + ")}`);

    // Each account holds its own users, and only those.
    expect(created[0].map((c) => c.id).sort()).toEqual(["user0@account0.example", "user1@account0.example", "user2@account0.example"]);
    const states = await Promise.all(admins.map((a) => a.state()));
    expect(states.map((s) => (s.users as { email: string }[]).map((u) => u.email).sort())).toEqual([
      created[0].map((c) => c.id).sort(),
      created[1].map((c) => c.id).sort(),
    ]);
    // 0 refusals: no 555 (Rollout's "rate limited") and no 429 in either account.
    for (const log of logs) {
      expect(log.filter((r) => r.status === 555 || r.status === 429)).toEqual([]);
      expect(log.filter((r) => r.method === "PUT")).toHaveLength(USERS);
    }
    // Paced per account: one list and 3 PUTs each, 1.1 s apart, take about 3.3 s; paced as
    // one service (one limiter for both) the 8 requests would take about 7.7 s.
    expect(seconds).toBeGreaterThan(3);
    expect(seconds).toBeLessThan(6.5);
  }, 60_000);
});

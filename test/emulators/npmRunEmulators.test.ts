/**
 * `npm run emulators` as a user or a CI step runs it, on free ports: killing the npm process
 * with SIGINT or SIGTERM stops the emulators too. npm forwards those signals only to the
 * shell it starts, so any process between that shell and node would leave the emulators
 * running, orphaned, on their ports.
 */
import { spawn } from "node:child_process";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";

const root = resolve(__dirname, "../..");
const FREE_PORTS = ["--rollout-port", "0", "--rogerroger-port", "0", "--outseta-port", "0", "--rollout-crm-port", "0"];

/** Whether anything still answers at `url` (an emulator answers its admin API). */
async function answers(url: string): Promise<boolean> {
  try {
    await fetch(`${url}/_emulator/settings`, { signal: AbortSignal.timeout(2_000) });
    return true;
  } catch {
    return false;
  }
}

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  describe(`npm run emulators, then ${signal} to npm`, () => {
    it("stops every emulator and exits", async () => {
      const npm = spawn("npm", ["run", "--silent", "emulators", "--", ...FREE_PORTS], { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
      let stdout = "";
      let stderr = "";
      npm.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
      const exited = new Promise<number | null>((done) => npm.once("exit", (code) => done(code)));
      const started = await new Promise<string>((done, fail) => {
        npm.stdout!.on("data", (chunk: Buffer) => {
          stdout += chunk.toString();
          if (stdout.includes("Admin API")) done(stdout);
        });
        void exited.then((code) => fail(new Error(`npm run emulators exited (${code}) before starting:\n${stdout}\n${stderr}`)));
      });
      const origins = [...started.matchAll(/http:\/\/127\.0\.0\.1:\d+/g)].map((m) => m[0]);
      expect(new Set(origins).size).toBe(4);
      for (const origin of origins) expect(await answers(origin), origin).toBe(true);

      npm.kill(signal);
      await exited;
      expect(stdout).toContain(`${signal}: stopping the emulators`);
      for (const origin of new Set(origins)) expect(await answers(origin), `${origin} still answers after ${signal}`).toBe(false);
    }, 180_000);
  });
}

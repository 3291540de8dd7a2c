/**
 * The CLI as `npm run emulators` runs it: compiled to CommonJS and started with node. It
 * prints the four base URLs with their development credentials, takes ports from flags or
 * environment variables, keeps records in a data file, and stops cleanly on SIGTERM.
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const root = resolve(__dirname, "../..");
let outDir: string;
let cli: string;

beforeAll(() => {
  outDir = mkdtempSync(join(tmpdir(), "emulators-cli-"));
  // The compiler options of tsconfig.json, restricted to the emulators.
  execFileSync(
    process.execPath,
    [
      join(root, "node_modules/typescript/bin/tsc"),
      ...["--outDir", outDir, "--rootDir", root, "--module", "commonjs", "--target", "ES2022"],
      ...["--moduleResolution", "node10", "--strict", "--types", "node", "--esModuleInterop", "--skipLibCheck"],
      join(root, "emulators/cli.ts"),
    ],
    { cwd: root, stdio: "pipe" },
  );
  cli = join(outDir, "emulators/cli.js");
});
afterAll(() => rmSync(outDir, { recursive: true, force: true }));

function start(args: string[], env: Record<string, string> = {}): { child: ChildProcess; output: Promise<string>; exit: Promise<number | null> } {
  const child = spawn(process.execPath, [cli, ...args], { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  const output = new Promise<string>((resolveOutput, reject) => {
    child.stdout!.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
      if (stdout.includes("Admin API")) resolveOutput(stdout);
    });
    child.once("exit", (code) => reject(new Error(`CLI exited with ${code} before it was ready: ${stdout}`)));
  });
  const exit = new Promise<number | null>((r) => child.once("exit", (code) => r(code)));
  return { child, output, exit };
}

const ZERO_PORTS = ["--rollout-port", "0", "--rogerroger-port", "0"];
const ZERO_PORT_ENV = { OUTSETA_EMULATOR_PORT: "0", ROLLOUT_CRM_EMULATOR_PORT: "0" };

describe("emulators CLI", () => {
  it("prints help", () => {
    const help = execFileSync(process.execPath, [cli, "--help"]).toString();
    expect(help).toMatch(/--rollout-port/);
    expect(help).toMatch(/--data-file/);
  });

  it("refuses a bad port with exit code 2", () => {
    expect(() => execFileSync(process.execPath, [cli, "--rollout-port", "http"], { stdio: "pipe" })).toThrow(
      expect.objectContaining({ status: 2 }),
    );
  });

  it("prints four base URLs with credentials, serves them, keeps data, stops on SIGTERM", async () => {
    const dir = mkdtempSync(join(tmpdir(), "emulators-data-"));
    const dataFile = join(dir, "data.json");
    try {
      const run = start([...ZERO_PORTS, "--data-file", dataFile], ZERO_PORT_ENV);
      const text = await run.output;
      const line = (title: RegExp) => text.split("\n").find((l) => title.test(l)) ?? "";
      const url = (title: RegExp) => /http:\/\/127\.0\.0\.1:\d+\S*/.exec(line(title))?.[0] ?? "";
      const rollout = url(/Rollout users/);
      const rogerroger = url(/RogerRoger/);
      const outseta = url(/Outseta/);
      const crm = url(/Universal CRM API/);
      expect(rollout).toMatch(/\/public-api$/);
      expect(rogerroger).toMatch(/:\d+$/);
      expect(outseta).toMatch(/\/api\/v1$/);
      expect(crm).toMatch(/\/api$/);
      expect(line(/Rollout users/)).toContain("Authorization: Bearer dev-rollout-token");
      expect(line(/RogerRoger/)).toContain("X-API-KEY: dev-rogerroger-key");
      expect(line(/Outseta/)).toContain("Authorization: Outseta dev-outseta-key:dev-outseta-secret");
      expect(line(/Universal CRM API/)).toContain("dev-rollout-crm-token");
      expect(text).toContain("dev-client-secret");

      const put = await fetch(`${rollout}/users`, {
        method: "PUT",
        headers: { authorization: "Bearer dev-rollout-token", "content-type": "application/json" },
        body: JSON.stringify({ email: "ann@example.com" }),
      });
      expect(put.status).toBe(200);
      expect((await fetch(`${rogerroger}/people`, { headers: { "x-api-key": "dev-rogerroger-key" } })).status).toBe(200);
      expect((await fetch(`${outseta}/crm/people`, { headers: { authorization: "Outseta dev-outseta-key:dev-outseta-secret" } })).status).toBe(200);
      expect((await fetch(`${crm}/credentials`, { headers: { authorization: "Bearer dev-rollout-crm-token" } })).status).toBe(200);

      run.child.kill("SIGTERM");
      expect(await run.exit).toBe(0);

      const again = start([...ZERO_PORTS], { ...ZERO_PORT_ENV, EMULATORS_DATA_FILE: dataFile });
      const rollout2 = /http:\/\/127\.0\.0\.1:\d+\/public-api/.exec(await again.output)?.[0];
      const users = await fetch(`${rollout2}/users`, { headers: { authorization: "Bearer dev-rollout-token" } });
      expect(await users.json()).toEqual([expect.objectContaining({ email: "ann@example.com" })]);
      again.child.kill("SIGINT");
      expect(await again.exit).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

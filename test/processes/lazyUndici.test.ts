/**
 * undici loads on the first request, not with the package (provider/http/registry.ts): the
 * program process sends no request, nor does a provider process that only checks and diffs
 * (a preview, a no-op `up`), and loading it was a tenth of what 200 resources add to a
 * preview (issue #14, item 4). Checked in a fresh process, where `require.cache` tells.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { buildSync } from "esbuild";
import { afterAll, beforeAll, expect, it } from "vitest";

let dir: string;
let worker: string;
let server: Server;
let url: string;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "prc-lazy-undici-"));
  const entry = path.join(dir, "worker.ts");
  writeFileSync(
    entry,
    `const loaded = () => Object.keys(require.cache).some((k) => k.includes(\`\${require("node:path").sep}undici\${require("node:path").sep}\`));
const seen: Record<string, boolean> = {};
require(${JSON.stringify(path.join(__dirname, "../../provider/index"))});
seen.package = loaded();
const { createServiceClient } = require(${JSON.stringify(path.join(__dirname, "../../provider/http/client"))});
const client = createServiceClient({ service: "lazy", baseUrl: process.argv[2], auth: () => ({}) });
seen.client = loaded();
client.request({ method: "GET", path: "/ping" }).then((res: { status: number }) => {
  seen.request = loaded();
  process.stdout.write(JSON.stringify({ seen, status: res.status }));
  process.exit(0);
});
`,
  );
  worker = path.join(dir, "worker.cjs");
  // Packages stay `require`s of node_modules, as in the installed package.
  buildSync({ entryPoints: [entry], bundle: true, platform: "node", format: "cjs", packages: "external", outfile: worker, logLevel: "silent" });
  server = createServer((_req, res) => res.writeHead(200, { "content-type": "application/json" }).end("{}"));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await new Promise((resolve) => server.close(resolve));
});

it("loading the package and building a client leave undici unloaded; the first request loads it", async () => {
  const out = await new Promise<string>((resolve, reject) => {
    const root = path.join(__dirname, "../..");
    const env = { ...process.env, NODE_PATH: path.join(root, "node_modules") }; // the worker lives in a temp folder
    const child = spawn(process.execPath, [worker, url], { cwd: root, env, stdio: ["ignore", "pipe", "inherit"] });
    let text = "";
    child.stdout.on("data", (d) => (text += d));
    child.on("error", reject);
    child.on("close", (code) => (code === 0 ? resolve(text) : reject(new Error(`worker exited ${code}`))));
  });
  expect(JSON.parse(out)).toEqual({ seen: { package: false, client: false, request: true }, status: 200 });
});

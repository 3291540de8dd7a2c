/**
 * `npm run bench`: what each operation costs in API requests, beside its floor, with the real
 * Pulumi CLI, the packed package installed in a temp project, and the emulators started here
 * on free ports (issue #14). Not part of `npm test`: a full run takes the better part of an
 * hour, most of it the services' rate limits.
 *
 *   npm run bench                       # N = 10, 100, 1000
 *   npm run bench -- --n 10             # a quick run
 *   npm run bench -- --n 10,100 --services rollout,outseta --engine-n 100
 *
 * Prints one table (requests of each operation as counted in the emulators' request logs,
 * `count [floor]`, refusals), the wall time of N records of each service paced one request
 * at a time (Rollout's) with the limit on, as a ratio to N seconds, and the engine time of
 * CrmPersons (of the CRM paced fastest) against no-op dynamic resources. Exits 1 when a count
 * exceeds its floor. The floors are explained in the README, "Performance". The services,
 * their page sizes and paced rates come from the registries (provider and emulators).
 */
import { spawn } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { DEFAULT_PORTS, EmulatorAdmin, startEmulators, type RequestLogEntry, type RunningEmulators, type ServiceName } from "../emulators";
import { isCrm, pageSizeOf, profileOf, titleOf } from "../cli/services";
import type { PacingConfig } from "../provider/http/pacing";
import { emulatorEnv } from "../test/support/emulatorEnv";

const repoRoot = path.resolve(__dirname, "..");
const own = require("../package.json") as { dependencies: Record<string, string>; devDependencies: Record<string, string> };

/** Every emulated service, in the emulator registry's order. */
const SERVICES = Object.keys(DEFAULT_PORTS) as ServiceName[];

/** The provider's default pacing of a service (its profile's `http.pacing`). */
const pacingOf = (service: ServiceName): PacingConfig => profileOf(service)!.http.pacing;

/** Requests per second the provider's pacing allows by default. */
function pacedRate(service: ServiceName): number {
  const pacing = pacingOf(service);
  if (pacing.kind === "interval") return 1000 / pacing.intervalMs;
  if (pacing.kind === "window") return (pacing.limit * 1000) / pacing.windowMs;
  return Number.POSITIVE_INFINITY;
}

const { values: opts } = parseArgs({
  options: {
    n: { type: "string", default: process.env.BENCH_N ?? "10,100,1000" },
    services: { type: "string", default: SERVICES.join(",") },
    // With the limit on, a step of N records costs at least N / rate seconds: above this
    // estimate for all steps, the service's limit is switched off for that N (and marked).
    "max-limited-seconds": { type: "string", default: "420" },
    "engine-n": { type: "string", default: "200" },
    "engine-repeats": { type: "string", default: "4" },
    "wall-n": { type: "string", default: "10,100" },
    "skip-checkpoints-from": { type: "string", default: "1000" },
    keep: { type: "boolean", default: false },
  },
});
const sizes = opts.n!.split(",").filter((v) => v.trim() !== "").map(Number);
const services = opts.services!.split(",") as ServiceName[];
for (const s of services) if (!SERVICES.includes(s)) throw new Error(`bench: unknown service '${s}' (one of ${SERVICES.join(", ")})`);
const maxLimitedSeconds = Number(opts["max-limited-seconds"]);
const engineN = Number(opts["engine-n"]);
const engineRepeats = Number(opts["engine-repeats"]);
const wallSizes = opts["wall-n"]!.split(",").filter(Boolean).map(Number);
const skipCheckpointsFrom = Number(opts["skip-checkpoints-from"]);

const log = (line: string) => process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}\n`);

interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** Runs a command without blocking this event loop (the emulators serve from it). */
function run(command: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; allowFailure?: boolean } = {}): Promise<Result> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code) => {
      const result = { code, stdout, stderr, ms: Date.now() - started };
      if (code !== 0 && !options.allowFailure) {
        reject(new Error(`${command} ${args.join(" ")} exited ${code}\n${stdout.slice(-3000)}\n${stderr.slice(-3000)}`));
      } else resolve(result);
    });
  });
}

async function cliFolder(): Promise<string> {
  const fromEnv = process.env.PULUMI_ROLLOUT_CRM_PULUMI_DIR;
  if (fromEnv) return fromEnv;
  const out = await run("bash", [path.join(repoRoot, "scripts/ensure-pulumi.sh")]);
  return out.stdout.trim().split("\n").pop()!;
}

/** A temp Pulumi project with the packed package installed, as a user has it. */
async function userProject(): Promise<string> {
  const project = mkdtempSync(path.join(tmpdir(), "prc-bench-"));
  log("building and packing the package");
  await run("npm", ["run", "build", "--silent"], { cwd: repoRoot });
  await run("npm", ["pack", "--silent", "--pack-destination", project], { cwd: repoRoot });
  const tarball = readdirSync(project).find((f) => f.endsWith(".tgz"))!;
  writeFileSync(
    path.join(project, "package.json"),
    JSON.stringify({ name: "bench", private: true, main: "index.js", dependencies: { "pulumi-rollout-crm": `file:./${tarball}`, "@pulumi/pulumi": own.devDependencies["@pulumi/pulumi"] } }),
  );
  log("installing it in a temp project");
  await run("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline"], { cwd: project });
  writeFileSync(path.join(project, "Pulumi.yaml"), "name: bench\nruntime: nodejs\n");
  copyFileSync(path.join(__dirname, "program.js"), path.join(project, "index.js"));
  return project;
}

/** The API requests each emulator logged since `mark`. */
class Counter {
  private marks = new Map<ServiceName, number>();
  constructor(private readonly emulators: RunningEmulators) {}

  private log(service: ServiceName): Promise<RequestLogEntry[]> {
    return new EmulatorAdmin(this.emulators.adminUrls[service]).requests();
  }

  async mark(): Promise<void> {
    for (const s of SERVICES) this.marks.set(s, (await this.log(s)).length);
  }

  async since(service: ServiceName): Promise<{ requests: number; refusals: number; entries: RequestLogEntry[] }> {
    const entries = (await this.log(service)).slice(this.marks.get(service) ?? 0);
    return { requests: entries.length, refusals: entries.filter((e) => e.status === 429 || e.status === 555).length, entries };
  }
}

/** The admin client of one emulator. */
const admin = (emulators: RunningEmulators, service: ServiceName): EmulatorAdmin => new EmulatorAdmin(emulators.adminUrls[service]);

/** The operations measured, in order, with their floors for N records of a service. */
const STEPS = [
  { key: "create", title: "create", floor: (n: number) => n + 1 },
  { key: "preview", title: "no-op preview", floor: () => 0 },
  { key: "update", title: "update 1 field", floor: (n: number) => n },
  { key: "refresh", title: "refresh", floor: (_n: number, pages: number) => 2 * pages },
  { key: "refreshSkip", title: "refresh --skip-preview", floor: (_n: number, pages: number) => pages },
  { key: "upRefresh", title: "up --refresh", floor: (_n: number, pages: number) => 2 * pages },
  { key: "drift", title: "drift report", floor: (_n: number, pages: number) => pages },
  { key: "destroy", title: "destroy", floor: (n: number) => n },
] as const;
type StepKey = (typeof STEPS)[number]["key"];

interface Row {
  service: ServiceName;
  n: number;
  limitOn: boolean;
  counts: Partial<Record<StepKey, number>>;
  floors: Partial<Record<StepKey, number>>;
  refusals: number;
}

function pages(service: ServiceName, n: number): number {
  return n === 0 ? 0 : Math.max(1, Math.ceil(n / pageSizeOf(service)));
}

/** Whether the service's limit stays on for N records: the steps' requests at the paced rate fit the budget. */
function limitOn(service: ServiceName, n: number): boolean {
  const requests = STEPS.reduce((sum, step) => sum + step.floor(n, pages(service, n)), 0);
  return requests / pacedRate(service) <= maxLimitedSeconds;
}

async function main(): Promise<number> {
  const bin = await cliFolder();
  const project = await userProject();
  const state = mkdtempSync(path.join(tmpdir(), "prc-bench-state-"));
  const requestLogs = path.join(state, "requests");
  mkdirSync(requestLogs);
  const emulators = await startEmulators({ log: () => {} });
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PATH: `${bin}${path.delimiter}${process.env.PATH ?? ""}`,
    PULUMI_BACKEND_URL: `file://${state}`,
    PULUMI_HOME: path.join(state, ".pulumi-home"),
    PULUMI_CONFIG_PASSPHRASE: "bench-passphrase",
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    PULUMI_SKIP_CONFIRMATIONS: "true",
    // A fresh machine-wide pacing state: these emulators are new, so is their window.
    PULUMI_ROLLOUT_CRM_PACING_DIR: path.join(state, "pacing"),
    // Credentials through the environment (the provider's fallback), so stacks need no config;
    // pinned settings as the README advises for CI: no discovery request per provider process.
    ...emulatorEnv(emulators, "default", true),
  };
  const counter = new Counter(emulators);
  const pulumi = (stack: string, args: string[], extra: Record<string, string>) =>
    run("pulumi", [...args, "--stack", stack, "--non-interactive"], { cwd: project, env: { ...env, ...extra } });
  const started = Date.now();

  try {
    const rows: Row[] = [];
    for (const n of sizes) {
      const stack = `n${n}`;
      const limits = Object.fromEntries(services.map((s) => [s, limitOn(s, n)])) as Record<ServiceName, boolean>;
      for (const s of SERVICES) {
        await admin(emulators, s).reset({ rateLimit: limits[s] ?? false });
      }
      log(`N = ${n}: ${services.map((s) => `${s} (limit ${limits[s] ? "on" : "off"})`).join(", ")}`);
      await run("pulumi", ["stack", "init", stack, "--non-interactive"], { cwd: project, env });
      // Where the emulator's limit is off, the provider's pacing is too: it is the limit alone
      // that would take hours (provider/plugin/context.ts, PULUMI_ROLLOUT_CRM_UNPACED).
      const unpaced = services.filter((s) => !limits[s]).join(",");
      const program: Record<string, string> = { BENCH_N: String(n), BENCH_SERVICES: services.join(","), BENCH_VARIANT: "a", PULUMI_ROLLOUT_CRM_UNPACED: unpaced };
      // The file backend rewrites the whole checkpoint after every step: at 1,000 records that
      // is quadratic and took over 20 minutes per step on the benchmark machine. Request
      // counts do not depend on it, so large N skip the intermediate checkpoints.
      if (n >= skipCheckpointsFrom) program.PULUMI_SKIP_CHECKPOINTS = "true";
      const measured: Record<string, Partial<Record<StepKey, { requests: number; refusals: number }>>> = {};
      const step = async (key: StepKey, go: () => Promise<unknown>) => {
        await counter.mark();
        const t = Date.now();
        await go();
        log(`  ${key}: ${((Date.now() - t) / 1000).toFixed(1)} s`);
        for (const s of services) {
          const seen = await counter.since(s);
          (measured[s] ??= {})[key] = seen;
          // With --keep, each step's requests are kept beside the state, to tell what a count above its floor was.
          if (opts.keep) writeFileSync(path.join(requestLogs, `n${n}-${key}-${s}.log`), seen.entries.map((e) => `${e.method} ${e.path} ${e.status}`).join("\n") + "\n");
        }
      };
      await step("create", () => pulumi(stack, ["up", "--yes"], program));
      await step("preview", () => pulumi(stack, ["preview", "--expect-no-changes"], program));
      const changed = { ...program, BENCH_VARIANT: "b" };
      await step("update", () => pulumi(stack, ["up", "--yes"], changed));
      await step("refresh", () => pulumi(stack, ["refresh", "--yes", "--expect-no-changes"], changed));
      await step("refreshSkip", () => pulumi(stack, ["refresh", "--yes", "--skip-preview", "--expect-no-changes"], changed));
      await step("upRefresh", () => pulumi(stack, ["up", "--refresh", "--yes", "--expect-no-changes"], changed));
      await step("drift", () =>
        run(path.join(project, "node_modules/.bin/pulumi-rollout-crm"), ["drift", "--stack", stack], { cwd: project, env: { ...env, ...changed } }),
      );
      await step("destroy", () => pulumi(stack, ["destroy", "--yes"], changed));
      await run("pulumi", ["stack", "rm", stack, "--yes", "--force", "--non-interactive"], { cwd: project, env });
      for (const s of services) {
        const row: Row = { service: s, n, limitOn: limits[s], counts: {}, floors: {}, refusals: 0 };
        for (const { key, floor } of STEPS) {
          row.counts[key] = measured[s][key]!.requests;
          row.floors[key] = floor(n, pages(s, n));
          row.refusals += measured[s][key]!.refusals;
        }
        rows.push(row);
        // Each N's counts as soon as they are known, so a run cut short still tells them.
        log(`  ${s} N=${n} limit ${row.limitOn ? "on" : "off*"}: ${STEPS.map(({ key }) => `${key} ${row.counts[key]} [${row.floors[key]}]`).join(", ")}; refusals ${row.refusals}`);
      }
    }

    // N records of each service paced one request at a time, with the limit on, as a ratio to N intervals.
    const wall: Wall[] = [];
    for (const service of services.filter((s) => pacingOf(s).kind === "interval")) {
      for (const n of wallSizes) {
        await admin(emulators, service).reset();
        const stack = `wall${n}`;
        await run("pulumi", ["stack", "init", stack, "--non-interactive"], { cwd: project, env });
        await counter.mark();
        const up = await pulumi(stack, ["up", "--yes"], { BENCH_N: String(n), BENCH_SERVICES: service, BENCH_VARIANT: "a" });
        wall.push({ service, n, seconds: up.ms / 1000, requests: (await counter.since(service)).requests });
        log(`${service} wall time, N = ${n}: ${(up.ms / 1000).toFixed(1)} s`);
        await run("pulumi", ["stack", "rm", stack, "--yes", "--force", "--non-interactive"], { cwd: project, env });
      }
    }

    // Engine time: N CrmPersons against N no-op dynamic resources, same run, best of `engineRepeats`:
    // with the CrmPersons' inputs (the provider's own cost) and with one input (all it adds).
    // The CRM paced fastest, so that its limit weighs least against the engine's own time.
    let engine: Engine | undefined;
    if (engineN > 0) {
      const crm = SERVICES.filter(isCrm).sort((a, b) => pacedRate(b) - pacedRate(a))[0];
      await admin(emulators, crm).reset();
      const kinds = {
        crm: { stack: "engine-crm", vars: { BENCH_N: String(engineN), BENCH_SERVICES: crm, BENCH_VARIANT: "a" } },
        noop: { stack: "engine-noop", vars: { BENCH_N: String(engineN), BENCH_SERVICES: crm, BENCH_KIND: "noop" } },
        noopMin: { stack: "engine-noop-min", vars: { BENCH_N: String(engineN), BENCH_KIND: "noop-min" } },
      };
      for (const { stack, vars } of Object.values(kinds)) {
        await run("pulumi", ["stack", "init", stack, "--non-interactive"], { cwd: project, env });
        await pulumi(stack, ["up", "--yes", "--skip-preview"], vars);
      }
      const best = { crm: { preview: Infinity, up: Infinity }, noop: { preview: Infinity, up: Infinity }, noopMin: { preview: Infinity, up: Infinity } };
      for (let i = 0; i < engineRepeats; i++) {
        for (const [kind, { stack, vars }] of Object.entries(kinds) as [keyof typeof kinds, (typeof kinds)[keyof typeof kinds]][]) {
          best[kind].preview = Math.min(best[kind].preview, (await pulumi(stack, ["preview", "--expect-no-changes"], vars)).ms);
          best[kind].up = Math.min(best[kind].up, (await pulumi(stack, ["up", "--yes", "--expect-no-changes"], vars)).ms);
        }
      }
      engine = best;
      log(`engine time: preview ${(best.crm.preview / best.noop.preview).toFixed(2)}x, no-op up ${(best.crm.up / best.noop.up).toFixed(2)}x`);
      for (const { stack } of Object.values(kinds)) await run("pulumi", ["stack", "rm", stack, "--yes", "--force", "--non-interactive"], { cwd: project, env });
    }

    const over = report(rows, wall, engine, Date.now() - started);
    return over > 0 ? 1 : 0;
  } finally {
    await emulators.stop();
    if (!opts.keep) {
      rmSync(project, { recursive: true, force: true });
      rmSync(state, { recursive: true, force: true });
    } else log(`kept: the project in ${project}, the state and each step's requests (requests/) in ${state}`);
  }
}

/** Prints the table; returns how many counts exceed their floor. */
/** Best wall times (ms) of `pulumi preview` and a no-op `pulumi up` per stack kind. */
type Engine = Record<"crm" | "noop" | "noopMin", { preview: number; up: number }>;

/** The wall time of N records of a service paced one request at a time. */
interface Wall {
  service: ServiceName;
  n: number;
  seconds: number;
  requests: number;
}

function report(rows: Row[], wall: Wall[], engine: Engine | undefined, ms: number): number {
  let over = 0;
  const header = ["service", "N", "limit", ...STEPS.map((s) => s.title), "refusals"];
  const lines = rows.map((row) => [
    row.service,
    String(row.n),
    (row.limitOn ? "on" : "off*") + (row.n >= skipCheckpointsFrom ? " †" : ""),
    ...STEPS.map(({ key }) => {
      const count = row.counts[key]!;
      const floor = row.floors[key]!;
      if (count > floor) over++;
      return `${count} [${floor}]${count > floor ? " !" : ""}`;
    }),
    String(row.refusals),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const fmt = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(" | ")} |`;
  const out: string[] = [];
  out.push("API requests per operation, counted in the emulators' request logs: count [floor]; ! = above the floor");
  out.push("");
  out.push(fmt(header));
  out.push(`|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`);
  for (const l of lines) out.push(fmt(l));
  out.push("");
  out.push("limit off* = the service's documented rate limit switched off in its emulator, and the provider's pacing with it (PULUMI_ROLLOUT_CRM_UNPACED), for this N: with it on, these steps alone would take longer than the --max-limited-seconds budget; refusals = 429/555 answers in all steps.");
  if (rows.some((r) => r.n >= skipCheckpointsFrom)) out.push(`† = run with PULUMI_SKIP_CHECKPOINTS=true (N >= ${skipCheckpointsFrom}): the engine saves the state once per command instead of after every step; request counts do not depend on it.`);
  for (const w of wall) out.push(`Wall time of ${w.n} ${titleOf(w.service)} records with the limit on (pulumi up, preview included): ${w.seconds.toFixed(1)} s = ${(w.seconds / w.n).toFixed(2)} × N seconds (${w.requests} requests).`);
  if (engine) {
    const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
    const ratio = (op: "preview" | "up", base: "noop" | "noopMin") => `${s(engine.crm[op])} / ${s(engine[base][op])} = ${(engine.crm[op] / engine[base][op]).toFixed(2)}×`;
    out.push(`Engine time (wall time of the command, best of ${engineRepeats}), ${engineN} CrmPerson vs ${engineN} no-op dynamic resources (target ≤ 1.2×):`);
    out.push(`  with the same inputs: preview ${ratio("preview", "noop")}; no-op up ${ratio("up", "noop")}`);
    out.push(`  with one input:       preview ${ratio("preview", "noopMin")}; no-op up ${ratio("up", "noopMin")}`);
  }
  out.push(`Counts above their floor: ${over}. Bench wall time: ${(ms / 60000).toFixed(1)} min.`);
  process.stdout.write(`${out.join("\n")}\n`);
  return over;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`bench failed: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
    process.exit(2);
  },
);

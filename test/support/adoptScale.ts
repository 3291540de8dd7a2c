/**
 * The adopt contract at CRM scale (issue #12, item 1), with the real Pulumi CLI on the
 * emulators: N people made by hand in one CRM (by default the one with the slowest documented
 * rate limit, where adopt at scale costs the most), then
 *
 *   1. `pulumi-rollout-crm adopt <crm> --out seed.adopted.ts`
 *   2. the first `pulumi up`: N creates that adopt, with reads only (0 writes)
 *   3. `pulumi preview --expect-no-changes`: clean, 0 requests
 *   4. the drift report: exit 0, reads only
 *
 * Each step's requests (from the emulator's request log) and wall time are kept; every break
 * of the contract is a failure. Run by test/e2e/adoptScale.test.ts and `npm run bench:adopt`
 * (bench/adopt.ts, which prints the figures).
 *
 * Two switches, said in every report:
 * - The CRM's rate limit is switched off in its emulator, and the provider's pacing with it
 *   (PULUMI_ROLLOUT_CRM_UNPACED), unless `rateLimit` is set: each step then takes as long
 *   as its requests at the provider's pacing.
 * - PULUMI_SKIP_CHECKPOINTS=true: the file backend saves the state once per command instead
 *   of after every step (its per-step checkpoint is quadratic: over 20 minutes per step at
 *   1,000 records, see bench/run.ts). Request counts do not depend on it.
 */
import { rmSync } from "node:fs";
import * as path from "node:path";
import type { PersonModel } from "../../provider/crm/types";
import { CRM_NAMES, CRMS, type CrmName } from "../../provider/services";
import { EmulatorAdmin, startEmulators, type RequestLogEntry, type RunningEmulators } from "../../emulators";
import { crmPresentation } from "../../cli/services";
import { adoptProject, runBin } from "./adopt";
import { devEnv } from "./emulatorEnv";
import { asStackConfig, testContext } from "./services";
import { createTestStack, type TestStack } from "./stack";

/** Requests per second a documented limit or a pacing allows. */
const perSecond = (requests: number, perMs: number): number => (requests * 1000) / perMs;

/** The CRM whose documented rate limit is the slowest: where adopt at scale costs the most. */
export function slowestCrm(): CrmName {
  const rate = (crm: CrmName) => perSecond(CRMS[crm].http.documentedLimit.requests, CRMS[crm].http.documentedLimit.perMs);
  return [...CRM_NAMES].sort((a, b) => rate(a) - rate(b))[0];
}

/** "20 requests a minute" */
function limitText(requests: number, perMs: number): string {
  const unit = perMs === 60_000 ? "a minute" : perMs === 1000 ? "a second" : `per ${perMs} ms`;
  return `${requests} requests ${unit}`;
}

/** What is switched off (or not) for a run, as every report says it. */
function switches(crm: CrmName, rateLimit: boolean): string {
  const { title } = crmPresentation(crm);
  const { documentedLimit, pacing } = CRMS[crm].http;
  const paced = pacing.kind === "window" ? ` at ${pacing.limit}` : "";
  return rateLimit
    ? `${title}'s rate limit on (${limitText(documentedLimit.requests, documentedLimit.perMs)}; the provider paces${paced}); PULUMI_SKIP_CHECKPOINTS=true`
    : `${title}'s rate limit switched off in its emulator and the provider's pacing with it (PULUMI_ROLLOUT_CRM_UNPACED); PULUMI_SKIP_CHECKPOINTS=true`;
}

export interface ScaleStep {
  name: string;
  sent: RequestLogEntry[];
  seconds: number;
}

export interface ScaleRun {
  crm: CrmName;
  n: number;
  rateLimit: boolean;
  seedSeconds: number;
  steps: ScaleStep[];
  /** Every break of the contract; empty when it held. */
  failures: string[];
}

/** The people made "by hand": varied, as a real CRM's are (some with a phone, a title, a second e-mail). */
function person(i: number): PersonModel {
  const n = String(i).padStart(4, "0");
  return {
    givenName: `Given${n}`,
    familyName: `Family${n}`,
    emails: [`person${n}@example.com`, ...(i % 5 === 0 ? [`p${n}@home.example`] : [])],
    ...(i % 3 === 0 ? { phones: [{ number: `+31 20 555 ${n}`, type: "work" }] } : {}),
    ...(i % 4 === 0 ? { jobTitle: "Buyer" } : {}),
  };
}

/** A step's requests by kind: `1000× GET /people/{id} 200`. */
export function describeRequests(sent: RequestLogEntry[]): string {
  const byKind = new Map<string, number>();
  for (const r of sent) {
    const kind = `${r.method} ${r.path.replace(/\?.*$/, "").replace(/\/[0-9a-f-]{36}/g, "/{id}")} ${r.status}`;
    byKind.set(kind, (byKind.get(kind) ?? 0) + 1);
  }
  const writes = sent.filter((r) => r.method !== "GET").length;
  return `${sent.length} request(s), ${writes} write(s)${byKind.size ? ` [${[...byKind].map(([k, c]) => `${c}× ${k}`).join(", ")}]` : ""}`;
}

/** ` (n answered 429)`: requests refused by the rate limit, not executed. */
const refusals = (sent: RequestLogEntry[]): string => {
  const n = sent.filter((r) => r.status === 429).length;
  return n === 0 ? "" : ` (${n} answered 429)`;
};

/** The figures as a Markdown table and one line per step. */
export function scaleReport(run: ScaleRun): string {
  return [
    `adopt at scale: ${run.n} ${crmPresentation(run.crm).title} people made by hand (seeded in ${run.seedSeconds.toFixed(1)} s); ${switches(run.crm, run.rateLimit)}`,
    "",
    "| step | requests | writes | wall time |",
    "|---|---|---|---|",
    ...run.steps.map((s) => `| ${s.name} | ${s.sent.length}${refusals(s.sent)} | ${s.sent.filter((r) => r.method !== "GET").length} | ${s.seconds.toFixed(1)} s |`),
    "",
    ...run.steps.map((s) => `${s.name}: ${describeRequests(s.sent)}`),
  ].join("\n");
}

export async function runAdoptScale(n: number, options: { crm?: CrmName; drift?: boolean; rateLimit?: boolean; log?: (line: string) => void } = {}): Promise<ScaleRun> {
  const log = options.log ?? (() => {});
  const rateLimit = options.rateLimit === true;
  const crm = options.crm ?? slowestCrm();
  const { title } = crmPresentation(crm);
  const run: ScaleRun = { crm, n, rateLimit, seedSeconds: 0, steps: [], failures: [] };
  const must = (ok: boolean, what: string) => {
    if (!ok) run.failures.push(what);
    log(`${ok ? "ok  " : "FAIL"} ${what}`);
  };
  let emu: RunningEmulators | undefined;
  let t: TestStack | undefined;
  let project: { dir: string; dispose(): void } | undefined;
  try {
    emu = await startEmulators({ log: () => {} });
    const admin = new EmulatorAdmin(emu.adminUrls[crm]);
    const serviceEnv = devEnv(emu.urls[crm], emu.services[crm].devConfig);
    const step = async <T>(name: string, body: () => Promise<T>): Promise<{ result: T; sent: RequestLogEntry[] }> => {
      const mark = (await admin.requests()).length;
      const started = Date.now();
      log(`${name} ...`);
      const result = await body();
      const seconds = (Date.now() - started) / 1000;
      const sent = (await admin.requests()).slice(mark);
      run.steps.push({ name, sent, seconds });
      log(`${name}: ${describeRequests(sent)} in ${seconds.toFixed(1)} s`);
      return { result, sent };
    };

    await admin.settings({ rateLimit: false });
    const seedStarted = Date.now();
    const people = Array.from({ length: n }, (_, i) => person(i));
    // Made through the CRM's API with the provider's own mapping of each CRM's shape, unpaced
    // (the emulator's limit is off); eight at a time: the emulator serves from this event loop.
    const seeder = testContext({}, { [crm]: { pacing: { kind: "none" } } }, serviceEnv);
    const api = CRMS[crm].person.api(seeder.service(CRMS[crm]));
    for (let i = 0; i < people.length; i += 8) await Promise.all(people.slice(i, i + 8).map((p) => api.create(p)));
    run.seedSeconds = (Date.now() - seedStarted) / 1000;
    log(`seeded ${n} ${title} people by hand in ${run.seedSeconds.toFixed(1)} s (rate limit off)`);
    if (rateLimit) await admin.settings({ rateLimit: true });

    // The bin (adopt, drift) and the CLI's provider processes all get these.
    const env: Record<string, string> = { PULUMI_SKIP_CHECKPOINTS: "true" };
    if (!rateLimit) env.PULUMI_ROLLOUT_CRM_UNPACED = crm;
    project = adoptProject(`adopt-scale-${crm.toLowerCase()}`, ["seed.adopted"]);
    const dir = project.dir;
    const stack = (t = await createTestStack({ workDir: dir, ...asStackConfig(serviceEnv), env }));
    // One pacing store for the bin and the CLI's provider processes, as on a user's machine.
    env.PULUMI_ROLLOUT_CRM_PACING_DIR = path.join(stack.stateDir, "pacing");

    const adopt = await step(`adopt ${crm}`, () => runBin(stack, ["adopt", crm, "--stack", stack.stack.name, "--out", "seed.adopted.ts"], dir, env));
    must(adopt.result.code === 0, `adopt exits 0 (${adopt.result.code}: ${adopt.result.stderr.trim().split("\n").pop()})`);
    must(adopt.sent.every((r) => r.method === "GET"), "adopt sends only GETs");

    const up = await step("first pulumi up", () => stack.stack.up());
    const changes = up.result.summary.resourceChanges ?? {};
    must(changes.create === n + 1 && Object.keys(changes).length === 1, `first up: ${n} creates that adopt (+ the stack), nothing else (${JSON.stringify(changes)})`);
    must(up.sent.filter((r) => r.method !== "GET").length === 0, "first up: 0 writes (reads only)");
    must(up.sent.every((r) => r.status === 200 || (rateLimit && r.status === 429)), "first up: every request answered 200 (or 429, not executed, with the limit on)");
    const inState = (await stack.resources()).filter((r) => String(r.type).endsWith("crm:Person")).length;
    must(inState === n, `the state holds ${n} CrmPersons (${inState})`);
    const live = ((await admin.state()).people ?? []).length;
    must(live === n, `the emulator still holds exactly ${n} people (${live})`);

    const preview = await step("pulumi preview --expect-no-changes", () => stack.stack.preview({ expectNoChanges: true }));
    must(preview.sent.length === 0, "preview --expect-no-changes: clean, 0 requests");

    if (options.drift !== false) {
      const drift = await step("drift report", () => runBin(stack, ["drift", "--stack", stack.stack.name], dir, env));
      must(drift.result.code === 0, `drift report exits 0 (${drift.result.code}: ${drift.result.stdout.trim().split("\n").pop()})`);
      must(drift.sent.every((r) => r.method === "GET"), "drift report sends only GETs");
    }
  } catch (err) {
    run.failures.push(`a step failed: ${err instanceof Error ? err.message.slice(0, 3000) : String(err)}`);
  } finally {
    // No destroy: the emulator is thrown away. The stack and its state folder go.
    if (t) {
      await t.stack.workspace.removeStack(t.stack.name, { force: true }).catch(() => undefined);
      rmSync(t.stateDir, { recursive: true, force: true });
    }
    project?.dispose();
    await emu?.stop();
  }
  return run;
}

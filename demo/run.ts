/**
 * `npm run demo`: the example stack on the local emulators with the real Pulumi CLI, step by
 * step: up, a clean preview, a code change previewed with --diff and applied, a hand change
 * in the emulator, drift detected (as CI would), the drift report, drift corrected, cleanup.
 *
 * scripts/demo.sh installs and builds first and passes the Pulumi CLI folder. The demo works
 * on a scratch copy of the examples under .pulumi-state/demo/ (git-ignored), so its code
 * change never touches your tree, and on a fresh local state backend there.
 */
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { DEFAULT_PORTS, EmulatorAdmin, ROGERROGER_DEV_KEY, ROLLOUT_DEV_TOKEN, startEmulators, type RunningEmulators, type ServiceName } from "../emulators";
import { ProcessGroups } from "./processes";

const repoRoot = path.resolve(__dirname, "../..");
const demoDir = path.join(repoRoot, ".pulumi-state", "demo");
const projectDir = path.join(demoDir, "project");
const STACK = "dev";
/** The passphrase of the committed Pulumi.dev.yaml: a published demo value, not a secret. */
const DEMO_PASSPHRASE = "demo-passphrase-not-a-secret";
const TOTAL_STEPS = 9;

const tty = process.stdout.isTTY === true;
const bold = (s: string) => (tty ? `\x1b[1m${s}\x1b[0m` : s);
const dim = (s: string) => (tty ? `\x1b[2m${s}\x1b[0m` : s);

function say(text = ""): void {
  process.stdout.write(`${text}\n`);
}

let stepNumber = 0;
function step(title: string, why: string): void {
  stepNumber += 1;
  say();
  say(bold(`==> [${stepNumber}/${TOTAL_STEPS}] ${title}`));
  for (const line of why.split("\n")) say(dim(`    ${line}`));
}

class DemoError extends Error {}

const SERVICE_LABELS: Record<ServiceName, string> = {
  rollout: "Rollout",
  rogerroger: "RogerRoger",
  outseta: "Outseta",
  rolloutCrm: "Universal CRM",
};

/** Counts the API requests each emulator received since the last call, from its request log. */
class RequestCounter {
  private seen: Partial<Record<ServiceName, number>> = {};
  constructor(private readonly emulators: RunningEmulators) {}

  async report(): Promise<void> {
    const parts: string[] = [];
    let total = 0;
    let limited = 0;
    for (const [name, adminUrl] of Object.entries(this.emulators.adminUrls) as [ServiceName, string][]) {
      const log = await new EmulatorAdmin(adminUrl).requests();
      const fresh = log.slice(this.seen[name] ?? 0);
      this.seen[name] = log.length;
      total += fresh.length;
      limited += fresh.filter((r) => r.status === 429 || r.status === 555).length;
      if (fresh.length > 0) parts.push(`${SERVICE_LABELS[name]} ${fresh.length}`);
    }
    // Rate-limit answers are part of the count: the drift checks run in processes of their
    // own, whose pacing does not know about the others' requests (as two CI jobs would not).
    const note = limited > 0 ? `; ${limited} answered 429/555 and were retried` : "";
    say(dim(`    API requests in this step: ${total}${parts.length ? ` (${parts.join(", ")})` : ""}${note}, from the emulators' logs`));
  }
}

async function main(): Promise<number> {
  const pulumiDir = process.argv[2];
  if (!pulumiDir || !existsSync(path.join(pulumiDir, "pulumi"))) {
    throw new DemoError("usage: node dist/demo/run.js <folder with the pulumi CLI> (npm run demo passes it)");
  }
  const started = Date.now();
  const children = new ProcessGroups();
  let emulators: RunningEmulators | undefined;
  let interrupted: NodeJS.Signals | undefined;

  // One cleanup, however many ways the demo ends at once (a failure and a Ctrl-C).
  let stopping: Promise<void> | undefined;
  const cleanup = (): Promise<void> =>
    (stopping ??= (async () => {
      await children.stopAll();
      await emulators?.stop();
    })());
  const EXIT_CODES = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 } as const;
  const onSignal = (signal: keyof typeof EXIT_CODES) => {
    if (interrupted) return; // already stopping
    interrupted = signal;
    if (signal !== "SIGHUP") {
      say();
      say(bold(`==> ${signal}: stopping the Pulumi CLI and the emulators...`));
    }
    void cleanup().finally(() => {
      if (signal !== "SIGHUP") say("Stopped. Everything the demo started has exited; its scratch folder is .pulumi-state/demo/.");
      process.exit(EXIT_CODES[signal]);
    });
  };
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.on(signal, () => onSignal(signal));
  // A closed terminal (SIGHUP) makes writes fail; the demo must still stop what it started.
  process.stdout.on("error", () => {});
  process.stderr.on("error", () => {});

  try {
    say(bold("pulumi-rollout-crm demo: team access and CRM records as code, on local emulators"));
    emulators = await startLocalEmulators();
    say(dim(`    Emulators: Rollout ${emulators.urls.rollout}, RogerRoger ${emulators.urls.rogerroger}, Outseta ${emulators.urls.outseta}, Universal CRM ${emulators.urls.rolloutCrm}`));
    const counter = new RequestCounter(emulators);
    prepareProject();

    const env: NodeJS.ProcessEnv = {
      // The provider's environment fallbacks (ROLLOUT_*, ROGERROGER_*, OUTSETA_*) of a real
      // account must not reach the demo: they would win over the minted emulator token.
      ...Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^(ROLLOUT|ROGERROGER|OUTSETA)_/.test(key))),
      PATH: `${pulumiDir}${path.delimiter}${process.env.PATH ?? ""}`,
      PULUMI_BACKEND_URL: `file://${path.join(demoDir, "state")}`,
      PULUMI_HOME: path.join(demoDir, "pulumi-home"),
      PULUMI_CONFIG_PASSPHRASE: DEMO_PASSPHRASE,
      PULUMI_SKIP_UPDATE_CHECK: "true",
      PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
      PULUMI_SKIP_CONFIRMATIONS: "true",
    };
    const pulumi = async (args: string[], expect: "ok" | "fail" = "ok"): Promise<void> => {
      say(`    $ pulumi ${args.join(" ")}`);
      const code = await children.run(path.join(pulumiDir, "pulumi"), args, { cwd: projectDir, env });
      if (interrupted) await new Promise(() => {}); // the signal handler exits the process
      if (expect === "ok" && code !== 0) throw new DemoError(`pulumi ${args[0]} failed with exit code ${code}`);
      if (expect === "fail" && code === 0) throw new DemoError(`pulumi ${args.join(" ")} should have failed on drift, but exited 0`);
    };
    const driftReport = async (expected: number): Promise<void> => {
      say(`    $ npx pulumi-rollout-crm drift --stack ${STACK}`);
      const code = await children.run(process.execPath, [path.join(repoRoot, "dist/cli/main.js"), "drift", "--stack", STACK], { cwd: projectDir, env });
      if (interrupted) await new Promise(() => {});
      say(dim(`    exit code ${code} (0 no drift, 2 drift, 1 error)`));
      if (code !== expected) throw new DemoError(`the drift report exited ${code}, expected ${expected}`);
    };

    say(dim(`    State: a local file:// backend in .pulumi-state/demo/state, passphrase secrets (demo value).`));
    await pulumi(["stack", "init", STACK, "--secrets-provider", "passphrase"]);

    step("pulumi up: create what the code describes", "3 Rollout team members, 4 CRM people (RogerRoger, Outseta, Universal CRM), 2 notes.\nRollout allows 1 request/s: the provider paces itself, so this takes a few seconds.");
    await pulumi(["up", "--yes", "--stack", STACK]);
    await counter.report();

    step("pulumi preview: nothing to do", "A preview calls no API, and an unchanged program shows no change.");
    await pulumi(["preview", "--expect-no-changes", "--stack", STACK]);
    await counter.report();

    step("A pull request changes one permission: pulumi preview --diff", "examples/team-access/people.ts (in the demo's scratch copy): Grace gets write access to the storefront's Production.");
    changeProgram();
    await pulumi(["preview", "--diff", "--stack", STACK]);
    await counter.report();

    step("The pull request is merged: pulumi up", "One PATCH with the JSON Patch of that one permission, nothing else.");
    await pulumi(["up", "--yes", "--suppress-outputs", "--stack", STACK]);
    await counter.report();

    step("Somebody changes records by hand, in the consoles", "Simulated with the APIs, as any other client would:");
    await changeByHand(emulators);
    await counter.report();

    step("Scheduled drift detection: pulumi preview --refresh --expect-no-changes", "The refresh reads the live records; the preview then shows what `up` would put back.\nThe command fails, as the scheduled CI job would.");
    await pulumi(["preview", "--refresh", "--expect-no-changes", "--diff", "--stack", STACK], "fail");
    await counter.report();

    step("The drift report: which record, which field, in code and live", "The same refresh in preview, as a table for people (and --json for tools); exit code 2 = drift.");
    await driftReport(2);
    await counter.report();

    step("pulumi up --refresh: put the code's values back", "--refresh reads the live records first, so the hand changes are seen and undone.\n`up` previews before it updates, and both phases refresh: each list is read twice.");
    await pulumi(["up", "--refresh", "--yes", "--suppress-outputs", "--stack", STACK]);
    await counter.report();
    say();
    await driftReport(0);
    await counter.report();

    step("Cleanup: pulumi destroy", "Deletes every record the stack created; the emulators stop after this.");
    await pulumi(["destroy", "--yes", "--stack", STACK]);
    await counter.report();
    await pulumi(["stack", "rm", STACK, "--yes"]);

    await cleanup();
    rmSync(demoDir, { recursive: true, force: true });
    say();
    say(bold(`Done in ${Math.round((Date.now() - started) / 1000)} s. The emulators are stopped; nothing is left running.`));
    say("Next: the README's configuration for real accounts, and examples/ci/ for GitHub Actions.");
    return 0;
  } catch (err) {
    if (interrupted) await new Promise(() => {}); // the signal handler reports and exits
    const message = err instanceof DemoError ? err.message : (err as Error).stack ?? String(err);
    process.stderr.write(`\nThe demo failed: ${message}\nStopping the emulators and every process the demo started...\n`);
    await cleanup();
    process.stderr.write("Stopped. The demo's files are in .pulumi-state/demo/.\n");
    return 1;
  }
}

/** The emulators on their documented ports (Pulumi.dev.yaml points at them). */
async function startLocalEmulators(): Promise<RunningEmulators> {
  try {
    return await startEmulators({ ports: { ...DEFAULT_PORTS } });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "EADDRINUSE") {
      throw new DemoError(
        `a port the emulators need (${Object.values(DEFAULT_PORTS).join(", ")}) is in use: is \`npm run emulators\` (or another demo) running? Stop it and run the demo again.`,
      );
    }
    throw err;
  }
}

/** A scratch copy of the example project, so that the demo's code change stays out of your tree. */
function prepareProject(): void {
  rmSync(demoDir, { recursive: true, force: true });
  mkdirSync(path.join(demoDir, "state"), { recursive: true });
  for (const file of ["Pulumi.yaml", "Pulumi.dev.yaml"]) cpSync(path.join(repoRoot, file), path.join(projectDir, file));
  cpSync(path.join(repoRoot, "examples"), path.join(projectDir, "examples"), {
    recursive: true,
    filter: (source) => !source.startsWith(path.join(repoRoot, "examples", "ci")),
  });
  // The copy is still inside this package, so TypeScript needs the package's root (TS2209).
  writeFileSync(
    path.join(projectDir, "examples", "tsconfig.json"),
    `${JSON.stringify({ extends: path.join(repoRoot, "examples", "tsconfig.json"), compilerOptions: { rootDir: repoRoot }, files: ["index.ts"] }, null, 2)}\n`,
  );
}

function changeProgram(): void {
  const file = path.join(projectDir, "examples", "team-access", "people.ts");
  const before = `      storefront: { Production: "read", Staging: "write" },`;
  const after = `      storefront: { Production: "write", Staging: "write" },`;
  const text = readFileSync(file, "utf8");
  if (text.split(before).length !== 2) throw new DemoError(`examples/team-access/people.ts no longer has Grace's line '${before.trim()}'`);
  writeFileSync(file, text.replace(before, after));
  say(`    - ${before.trim()}`);
  say(`    + ${after.trim()}`);
}

async function changeByHand(emulators: RunningEmulators): Promise<void> {
  const linus = `${emulators.urls.rollout}/users/linus@example.com`;
  const grant = [{ op: "add", path: "/applications/5f1d7c2a9e3b4a6d8c0e1f23", value: { environments: { Production: "write" } } }];
  say(`    $ curl -X PATCH ${linus} -H 'Authorization: Bearer ${ROLLOUT_DEV_TOKEN}' -H 'Content-Type: application/json' \\`);
  say(`        -d '${JSON.stringify(grant)}'`);
  say(dim("      (Linus is given write access to the storefront's Production, which the code does not grant)"));
  await apiCall(linus, "PATCH", { authorization: `Bearer ${ROLLOUT_DEV_TOKEN}`, "content-type": "application/json" }, grant);

  // RogerRoger lists people as a JSON-LD collection ({ member: [...] }, api/rogerroger.md).
  const page = (await apiCall(`${emulators.urls.rogerroger}/people?itemsPerPage=30&page=1`, "GET", { "x-api-key": ROGERROGER_DEV_KEY })) as {
    member?: Array<{ "@id": string; givenName?: string }>;
  };
  const dana = (page.member ?? []).find((p) => p.givenName === "Dana");
  if (!dana) throw new DemoError("the RogerRoger person 'Dana Demo' was not found in the emulator");
  const danaUrl = `${emulators.urls.rogerroger}${dana["@id"]}`;
  say(`    $ curl -X PATCH ${danaUrl} -H 'X-API-KEY: ${ROGERROGER_DEV_KEY}' -H 'Content-Type: application/merge-patch+json' \\`);
  say(`        -d '{"jobTitle":"Buyer","additionalName":"Q."}'`);
  say(dim("      (Dana's job title is managed by the code: drift. Her middle name is not: left alone.)"));
  await apiCall(danaUrl, "PATCH", { "x-api-key": ROGERROGER_DEV_KEY, "content-type": "application/merge-patch+json" }, { jobTitle: "Buyer", additionalName: "Q." });
}

/**
 * One request as another client of the API makes it. The demo shares the services' rate
 * limits with the provider (Rollout: 1 request/s), so it waits and retries like a polite client.
 */
async function apiCall(url: string, method: string, headers: Record<string, string>, body?: unknown): Promise<unknown> {
  for (let attempt = 1; ; attempt++) {
    const res = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.text();
    if ((res.status === 555 || res.status === 429) && attempt < 6) {
      await new Promise((resolve) => setTimeout(resolve, 1000 * Number(res.headers.get("retry-after") ?? 1)));
      continue;
    }
    if (!res.ok) throw new DemoError(`${method} ${url} answered ${res.status}: ${text.slice(0, 200)}`);
    return text ? JSON.parse(text) : undefined;
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    process.stderr.write(`The demo failed: ${(err as Error).message}\n`);
    process.exit(1);
  },
);

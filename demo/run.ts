/**
 * `npm run demo`: the example stack on the local emulators with the real Pulumi CLI, step by
 * step: up, a clean preview, records made by hand before Pulumi found and adopted (`adopt`,
 * then an `up` that writes nothing), a code change previewed with --diff and as the review
 * comment a pull request gets, the change applied, a hand change in the emulator, drift
 * detected (as CI would) with the changed fields marked, the drift report, drift corrected,
 * cleanup.
 *
 * scripts/demo.sh installs and builds first and passes the Pulumi CLI folder. The demo works
 * on a scratch copy of the examples under .pulumi-state/demo/ (git-ignored), so its code
 * change never touches your tree, and on a fresh local state backend there.
 */
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { DEFAULT_PORTS, EmulatorAdmin, ROGERROGER_DEV_KEY, ROLLOUT_DEV_TOKEN, startEmulators, type RunningEmulators, type ServiceName } from "../emulators";
import { titleOf } from "../cli/services";
import { SERVICES } from "../provider/services";
import { ProcessGroups } from "./processes";

const repoRoot = path.resolve(__dirname, "../..");
const demoDir = path.join(repoRoot, ".pulumi-state", "demo");
const projectDir = path.join(demoDir, "project");
const STACK = "dev";
/** The passphrase of the committed Pulumi.dev.yaml: a published demo value, not a secret. */
const DEMO_PASSPHRASE = "demo-passphrase-not-a-secret";
const TOTAL_STEPS = 13;

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

/** Each service as the demo names it: its profile's title ("Universal CRM"). */
const label = (name: ServiceName): string => titleOf(name);

/** The environment variables the provider reads for its settings (of a real account, maybe). */
const SETTING_VARIABLES = new Set(SERVICES.flatMap((p) => Object.values(p.settings).map((s) => s.env)));

/** Counts the API requests each emulator received since the last call, from its request log. */
class RequestCounter {
  private seen: Partial<Record<ServiceName, number>> = {};
  constructor(private readonly emulators: RunningEmulators) {}

  async report(): Promise<void> {
    const parts: string[] = [];
    let total = 0;
    let writes = 0;
    const limited: string[] = [];
    for (const [name, adminUrl] of Object.entries(this.emulators.adminUrls) as [ServiceName, string][]) {
      const log = await new EmulatorAdmin(adminUrl).requests();
      const fresh = log.slice(this.seen[name] ?? 0);
      this.seen[name] = log.length;
      total += fresh.length;
      writes += fresh.filter((r) => r.method !== "GET").length;
      const refused = fresh.filter((r) => r.status === 429 || r.status === 555).length;
      if (refused > 0) limited.push(`${label(name)} ${refused}`);
      if (fresh.length > 0) parts.push(`${label(name)} ${fresh.length}`);
    }
    // Rate-limit answers are part of the count. The provider's processes share one pacing
    // schedule per service on this machine; another client of the account (as the demo's own
    // hand changes are) gets no share of it, so its requests can still meet a refusal.
    const note = limited.length > 0 ? `; answered 429/555 and retried: ${limited.join(", ")}` : "";
    const written = total === 0 ? "" : `, ${writes === 0 ? "reads only: 0 writes" : `${writes} write(s)`}`;
    say(dim(`    API requests in this step: ${total}${parts.length ? ` (${parts.join(", ")})` : ""}${written}${note}, from the emulators' logs`));
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
    const running = emulators;
    say(dim(`    Emulators: ${(Object.keys(running.services) as ServiceName[]).map((name) => `${label(name)} ${running.urls[name]}`).join(", ")}`));
    await makeByHand(emulators);
    await politePause();
    const counter = new RequestCounter(emulators);
    prepareProject();

    const env: NodeJS.ProcessEnv = {
      // The provider's environment fallbacks (every setting's variable) of a real account must
      // not reach the demo: they would win over the minted emulator token.
      ...Object.fromEntries(Object.entries(process.env).filter(([key]) => !SETTING_VARIABLES.has(key))),
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
    /** The package's own command line, as a user runs it with npx. */
    const bin = async (args: string[]): Promise<number> => {
      say(`    $ npx pulumi-rollout-crm ${args.join(" ")}`);
      const code = await children.run(process.execPath, [path.join(repoRoot, "dist/cli/main.js"), ...args], { cwd: projectDir, env });
      if (interrupted) await new Promise(() => {});
      return code;
    };
    const driftReport = async (expected: number, extra: string[] = []): Promise<void> => {
      const code = await bin(["drift", "--stack", STACK, ...extra]);
      say(dim(`    exit code ${code} (0 no drift, 2 drift, 1 error)`));
      if (code !== expected) throw new DemoError(`the drift report exited ${code}, expected ${expected}`);
    };
    const adopt = async (service: ServiceName, file: string, extra: string[] = []): Promise<void> => {
      const code = await bin(["adopt", service, "--stack", STACK, "--out", file, ...extra]);
      if (code !== 0) throw new DemoError(`adopt ${service} exited ${code}`);
    };

    say(dim(`    State: a local file:// backend in .pulumi-state/demo/state, passphrase secrets (demo value).`));
    await pulumi(["stack", "init", STACK, "--secrets-provider", "passphrase"]);

    step("pulumi up: create what the code describes", "3 Rollout team members, 4 CRM people (RogerRoger, Outseta, Universal CRM), 2 notes.\nRollout allows 1 request/s: the provider paces itself, so this takes a few seconds.\nThe records made by hand before Pulumi (see above) are left alone.");
    await pulumi(["up", "--yes", "--stack", STACK]);
    await counter.report();

    step("pulumi preview: nothing to do", "A preview calls no API, and an unchanged program shows no change.");
    await pulumi(["preview", "--expect-no-changes", "--stack", STACK]);
    await counter.report();

    step(
      "Who is not in the code? The drift report with --unmanaged",
      "One list per service finds the live records no resource manages: on Rollout, the people\nto offboard or to adopt. They count as drift (exit 2).",
    );
    await driftReport(2, ["--unmanaged", "rollout,rogerroger"]);
    await counter.report();

    step(
      "Adopt them: pulumi-rollout-crm adopt writes the code for what already exists",
      "Read-only (GET requests only). Each module is a typed list, one entry per record, with importId;\nthe program imports it. Records the stack already manages are skipped.",
    );
    await adopt("rollout", "examples/team.adopted.ts");
    await adopt("rogerroger", "examples/crm.adopted.ts", ["--email-domain", HAND_MADE_DOMAIN]);
    importAdopted(["./team.adopted", "./crm.adopted"]);
    await counter.report();

    step("pulumi up: the first up adopts them and writes nothing", "Each adopted record is read once and put in the state: no create, no write.");
    await pulumi(["up", "--yes", "--suppress-outputs", "--stack", STACK]);
    await counter.report();

    step("A pull request changes one permission: pulumi preview --diff", "examples/team-access/people.ts (in the demo's scratch copy): Grace gets write access to the storefront's Production.");
    changeProgram();
    await pulumi(["preview", "--diff", "--stack", STACK]);
    await counter.report();

    step(
      "The review comment the pull request gets: pulumi-rollout-crm review",
      "examples/ci/preview.yml posts this Markdown as one comment, edited in place on later pushes.\nSensitive changes come first: here, write access to a production environment.",
    );
    const reviewCode = await bin(["review", "--stack", STACK]);
    if (reviewCode !== 0) throw new DemoError(`review exited ${reviewCode}`);
    await counter.report();

    step("The pull request is merged: pulumi up", "One PATCH with the JSON Patch of that one permission, nothing else.");
    await pulumi(["up", "--yes", "--suppress-outputs", "--stack", STACK]);
    await counter.report();

    step("Somebody changes records by hand, in the consoles", "Simulated with the APIs, as any other client would:");
    await changeByHand(emulators);
    await counter.report();
    await politePause();

    step(
      "Scheduled drift detection: pulumi preview --refresh --expect-no-changes --diff",
      "The refresh reads the live records; the preview then shows what `up` would put back,\neach changed field marked with ~ (Dana's jobTitle: live => code). The command fails, as the\nscheduled CI job would.",
    );
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

    step("Cleanup: pulumi destroy", "Deletes every record the stack manages, the adopted ones too; the emulators stop after this.");
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

/** The e-mail domain of the RogerRoger people made by hand: `adopt --email-domain` selects them. */
const HAND_MADE_DOMAIN = "supplier.example";

/** Records that exist before the stack does, made through the APIs as a person in the consoles would. */
async function makeByHand(emulators: RunningEmulators): Promise<void> {
  say(dim("    Before Pulumi: the account already holds records made by hand, through the APIs:"));
  const members = [
    { email: "barbara@example.com", name: "Barbara Liskov", applications: { "5f1d7c2a9e3b4a6d8c0e1f23": { environments: { Staging: "read" } } } },
    { email: "ken@example.com", name: "Ken Thompson" },
  ];
  for (const member of members) {
    await apiCall(`${emulators.urls.rollout}/users`, "PUT", { authorization: `Bearer ${ROLLOUT_DEV_TOKEN}`, "content-type": "application/json" }, member);
  }
  say(dim(`      Rollout team: ${members.map((m) => m.email).join(", ")}`));
  const people = [
    { givenName: "Hedy", familyName: "Lamarr", jobTitle: "Account Manager", emailAddresses: [{ email: `hedy@${HAND_MADE_DOMAIN}` }] },
    { givenName: "Alan", familyName: "Kay", emailAddresses: [{ email: `alan@${HAND_MADE_DOMAIN}` }] },
  ];
  for (const person of people) {
    await apiCall(`${emulators.urls.rogerroger}/people`, "POST", { "x-api-key": ROGERROGER_DEV_KEY, "content-type": "application/ld+json", accept: "application/ld+json" }, person);
  }
  say(dim(`      RogerRoger people: ${people.map((p) => p.emailAddresses[0].email).join(", ")}`));
}

/** Imports the modules `adopt` wrote from the example program, as a user adds one line each. */
function importAdopted(modules: string[]): void {
  const file = path.join(projectDir, "examples", "index.ts");
  const lines = modules.map((m) => `import "${m}";`);
  writeFileSync(file, `${readFileSync(file, "utf8")}\n${lines.join("\n")}\n`);
  say(`    examples/index.ts: + ${lines.join("  + ")}`);
  const sample = readFileSync(path.join(projectDir, "examples", "team.adopted.ts"), "utf8").split("\n");
  const start = sample.findIndex((line) => line.includes("barbara@example.com"));
  if (start < 0) throw new DemoError("examples/team.adopted.ts does not list barbara@example.com");
  say(dim("    examples/team.adopted.ts (an excerpt):"));
  for (const line of sample.slice(Math.max(0, start - 2), start + 6)) say(dim(`      ${line}`));
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
 * The demo's hand changes are another client of the accounts: before the provider's next
 * command, it leaves Rollout's 1-request-per-second window as a polite client would.
 */
function politePause(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 1_100));
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

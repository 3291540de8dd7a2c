/**
 * End-to-end harness: the real Pulumi CLI and engine, driven through the Automation API,
 * with a `file://` backend in a temp folder and the passphrase secrets provider.
 *
 * The CLI comes from scripts/ensure-pulumi.sh (npm test exports its folder as
 * PULUMI_ROLLOUT_CRM_PULUMI_DIR). Without it the tests fail loudly: they never skip.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { LocalWorkspace, PulumiCommand, Stack, type ConfigMap, type ConfigValue, type EngineEvent, type OutputMap, type UpdateKind, type UpdateSummary } from "@pulumi/pulumi/automation";
import { parseDocument } from "yaml";

export const repoRoot = path.resolve(__dirname, "../..");

/** A passphrase for throwaway test stacks only; it protects nothing real. */
export const TEST_PASSPHRASE = "e2e-test-passphrase";

/**
 * The Pulumi CLI builds (scripts/ensure-pulumi.sh): `pulumi-cli` is the version the lockfile
 * installs, which every test runs on; `pulumi-cli-newest` is the newest release, for the
 * compatibility matrix (test/e2e/compat.test.ts). npm test exports their folders.
 */
export type CliModule = "pulumi-cli" | "pulumi-cli-newest";
const CLI_DIR_ENV: Record<CliModule, string> = {
  "pulumi-cli": "PULUMI_ROLLOUT_CRM_PULUMI_DIR",
  "pulumi-cli-newest": "PULUMI_ROLLOUT_CRM_PULUMI_NEWEST_DIR",
};
const cliFolders = new Map<CliModule, string>();
// `PulumiCommand.get` runs `pulumi version` each time; one command object per CLI folder.
const pulumiCommands = new Map<string, Promise<PulumiCommand>>();

function pulumiCommandIn(root: string): Promise<PulumiCommand> {
  let command = pulumiCommands.get(root);
  if (!command) {
    command = PulumiCommand.get({ root });
    pulumiCommands.set(root, command);
    command.catch(() => pulumiCommands.delete(root));
  }
  return command;
}

/** The Pulumi version a wrapper module under tools/ builds (its go.mod's pkg/v3). */
export function cliModuleVersion(module: CliModule): string {
  const goMod = readFileSync(path.join(repoRoot, "tools", module, "go.mod"), "utf8");
  const version = /^\s*(?:require\s+)?github\.com\/pulumi\/pulumi\/pkg\/v3 v(\d+\.\d+\.\d+)$/m.exec(goMod)?.[1];
  if (!version) throw new Error(`tools/${module}/go.mod requires no release of github.com/pulumi/pulumi/pkg/v3`);
  return version;
}

/** The folder holding that `pulumi` binary and its plugins, built once if needed. */
export function pulumiCliFolder(module: CliModule = "pulumi-cli"): string {
  const known = cliFolders.get(module);
  if (known) return known;
  let folder = process.env[CLI_DIR_ENV[module]];
  if (!folder || !existsSync(path.join(folder, "pulumi"))) {
    // Running vitest directly (not through npm test): ask the same script npm test uses.
    try {
      const out = execFileSync("bash", [path.join(repoRoot, "scripts/ensure-pulumi.sh"), module], {
        encoding: "utf8",
        stdio: ["ignore", "pipe", "inherit"],
      });
      folder = out.trim().split("\n").pop();
    } catch (err) {
      throw new Error(
        `The Pulumi CLI (${module}) is not available, so the end-to-end tests cannot run: ${(err as Error).message}`,
      );
    }
    if (!folder || !existsSync(path.join(folder, "pulumi"))) {
      throw new Error(`scripts/ensure-pulumi.sh ${module} printed no folder with a pulumi binary (${folder})`);
    }
  }
  cliFolders.set(module, folder);
  return folder;
}

/** The environment every CLI run gets: offline, non-interactive, local state. */
export function pulumiEnv(stateDir: string, extra: Record<string, string> = {}): Record<string, string> {
  const bin = pulumiCliFolder();
  return {
    PATH: `${bin}${path.delimiter}${process.env.PATH ?? ""}`,
    PULUMI_BACKEND_URL: `file://${stateDir}`,
    PULUMI_CONFIG_PASSPHRASE: TEST_PASSPHRASE,
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    PULUMI_SKIP_CONFIRMATIONS: "true",
    ...extra,
  };
}

export interface TestStack {
  stack: Stack;
  /** The temp folder holding the file backend (and PULUMI_HOME). */
  stateDir: string;
  /** `pulumi stack export` as parsed JSON. */
  exportState(): Promise<any>;
  /**
   * Every file of the state backend as text: what an attacker with the state bucket
   * would read. (`exportState` goes through the Automation API, which shows secrets.)
   */
  rawStateText(): string;
  /** Resources of the exported state, without the stack and provider resources. */
  resources(): Promise<any[]>;
  /**
   * Destroys what is left and removes the stack and the temp folder. Safe to call twice.
   * `{ destroy: false }` skips the destroy, an engine run with its deletes at the API's pace,
   * when the emulators holding the records stop right after: the records go with them.
   */
  dispose(options?: { destroy?: boolean }): Promise<void>;
}

export interface TestStackOptions {
  /** Folder with Pulumi.yaml and the program. */
  workDir: string;
  stackName?: string;
  /** Plain config values (`key` → value); keys without a namespace get the project's. */
  config?: Record<string, string>;
  /** Config values stored as secrets. */
  secretConfig?: Record<string, string>;
  /** Extra environment for the CLI, the program and the providers. */
  env?: Record<string, string>;
}

/** Creates a fresh stack on a fresh `file://` backend. */
export async function createTestStack(options: TestStackOptions): Promise<TestStack> {
  const stateDir = mkdtempSync(path.join(tmpdir(), "prc-e2e-"));
  // The provider processes of one stack share their pacing (http/pacingStore.ts), as on a
  // user's machine; a folder per test stack keeps tests and earlier runs out of each other's way.
  const envVars = pulumiEnv(stateDir, { PULUMI_HOME: path.join(stateDir, ".pulumi-home"), PULUMI_ROLLOUT_CRM_PACING_DIR: path.join(stateDir, "pacing"), ...options.env });
  const pulumiCommand = await pulumiCommandIn(path.dirname(pulumiCliFolder()));
  const stackName = options.stackName ?? `t${Date.now().toString(36)}`;
  const stack = await LocalWorkspace.createStack(
    { stackName, workDir: options.workDir },
    { envVars, secretsProvider: "passphrase", pulumiCommand },
  );
  const values: Record<string, { value: string; secret?: boolean }> = {};
  for (const [k, v] of Object.entries(options.config ?? {})) values[k] = { value: v };
  for (const [k, v] of Object.entries(options.secretConfig ?? {})) values[k] = { value: v, secret: true };
  if (Object.keys(values).length > 0) await stack.setAllConfig(values);
  trimBookkeeping(stack);
  writePlainConfigDirectly(stack, options.workDir, stackName);

  let disposed = false;
  const exportState = async () => (await stack.exportStack()).deployment;
  return {
    stack,
    stateDir,
    exportState,
    rawStateText() {
      return readAllFiles(path.join(stateDir, ".pulumi"));
    },
    async resources() {
      const deployment = await exportState();
      return (deployment.resources ?? []).filter(
        (r: any) => r.type !== "pulumi:pulumi:Stack" && !String(r.type).startsWith("pulumi:providers:"),
      );
    },
    async dispose({ destroy = true } = {}) {
      if (disposed) return;
      disposed = true;
      try {
        // A `pulumi destroy` costs two engine runs; a stack whose last checkpoint holds no
        // resource has nothing to delete. The backend is this test's own folder, removed
        // below, so `pulumi stack rm` would only spend a process on a file about to go.
        if (destroy && checkpointHoldsResources(stateDir)) await stack.destroy();
      } catch {
        // Cleanup must not hide the test's own failure; the folder goes below anyway.
      } finally {
        rmSync(stateDir, { recursive: true, force: true });
        // The stack's config file sits in the program's folder (no `pulumi stack rm` removes it).
        rmSync(path.join(options.workDir, `Pulumi.${stackName.split("/").pop()}.yaml`), { force: true });
      }
    },
  };
}

/**
 * The Automation API follows every `up` with two `pulumi stack output` and one `pulumi stack
 * history`, and every `refresh` and `destroy` with a `stack history`: CLI processes of about
 * 0.5 s of CPU each (the CLI's start-up, the passphrase's key derivation), a sixth of what an
 * end-to-end file spends on this 2-core machine. The operation's own engine events already
 * carry its summary, and one `stack output --show-secrets` carries the outputs, so this stack
 * object takes them from there. Anything else (`history()`, `rename`, `import`) is unchanged,
 * and an operation that sent no summary event falls back to the history.
 */
function trimBookkeeping(stack: Stack): void {
  let runningSummary: (() => UpdateSummary | undefined) | undefined;
  const history = stack.info.bind(stack);
  stack.info = async (showSecrets?: boolean) => runningSummary?.() ?? history(showSecrets);

  const summarised = <Opts extends { onEvent?: (event: EngineEvent) => void }, Result>(
    kind: UpdateKind,
    operation: (opts?: Opts) => Promise<Result>,
  ) => async (opts?: Opts): Promise<Result> => {
    const startTime = new Date();
    let summary: EngineEvent["summaryEvent"];
    const onEvent = (event: EngineEvent) => {
      if (event.summaryEvent) summary = event.summaryEvent;
      opts?.onEvent?.(event);
    };
    runningSummary = () =>
      summary && {
        kind,
        startTime,
        endTime: new Date(),
        message: "",
        environment: {},
        config: {},
        // The Automation API throws on a failed operation before it asks for the summary.
        result: "succeeded",
        resourceChanges: summary.resourceChanges,
        get version(): number {
          throw new Error("test/support/stack.ts takes an operation's summary from its engine events, which carry no update number: call stack.history()");
        },
      };
    try {
      return await operation({ ...opts, onEvent } as Opts);
    } finally {
      runningSummary = undefined;
    }
  };
  stack.up = summarised("update", stack.up.bind(stack));
  stack.refresh = summarised("refresh", stack.refresh.bind(stack));
  stack.destroy = summarised("destroy", stack.destroy.bind(stack));

  // `runPulumiCmd` adds the stack, the workspace's environment and its PULUMI_HOME.
  const run = (args: string[]) => (stack as unknown as { runPulumiCmd(args: string[]): Promise<{ stdout: string }> }).runPulumiCmd(args);
  stack.outputs = async (): Promise<OutputMap> => {
    const values = JSON.parse((await run(["stack", "output", "--json", "--show-secrets"])).stdout) as Record<string, unknown>;
    const outputs: OutputMap = {};
    for (const [key, value] of Object.entries(values)) {
      outputs[key] = {
        value,
        // Telling a secret output apart takes the second, masked `stack output`: no test asks.
        get secret(): boolean {
          throw new Error(`test/support/stack.ts reads outputs with one 'stack output --show-secrets': call stack.workspace.stackOutputs() to know whether '${key}' is secret`);
        },
      };
    }
    return outputs;
  };
}

/**
 * `pulumi config set` is a CLI process (about 0.45 s of CPU here) that writes one line of the
 * stack's settings file, `Pulumi.<stack>.yaml`; the tests set config between most steps. A
 * plain value is written to that file directly, as a user may edit it; a secret (which the
 * CLI encrypts) and a `--path` key still go through the CLI.
 */
function writePlainConfigDirectly(stack: Stack, workDir: string, stackName: string): void {
  const settingsFile = path.join(workDir, `Pulumi.${stackName.split("/").pop()}.yaml`);
  const project = parseDocument(readFileSync(path.join(workDir, "Pulumi.yaml"), "utf8")).get("name");
  const write = (config: ConfigMap): void => {
    const settings = parseDocument(existsSync(settingsFile) ? readFileSync(settingsFile, "utf8") : "{}");
    // A key without a namespace is the project's, as `pulumi config set` stores it.
    for (const [key, { value }] of Object.entries(config)) settings.setIn(["config", key.includes(":") ? key : `${project}:${key}`], value);
    writeFileSync(settingsFile, settings.toString());
  };
  const viaCli = { setConfig: stack.setConfig.bind(stack), setAllConfig: stack.setAllConfig.bind(stack) };
  stack.setAllConfig = async (config: ConfigMap, paths?: boolean) =>
    paths || Object.values(config).some((v) => v.secret) ? viaCli.setAllConfig(config, paths) : write(config);
  stack.setConfig = async (key: string, value: ConfigValue, paths?: boolean) =>
    paths || value.secret ? viaCli.setConfig(key, value, paths) : write({ [key]: value });
}

/**
 * Whether any stack checkpoint of a `file://` backend still lists a resource other than the
 * stack and its providers. Unreadable or unexpected files count as holding resources, so
 * cleanup then still runs `pulumi destroy`.
 */
export function checkpointHoldsResources(stateDir: string): boolean {
  const stacksDir = path.join(stateDir, ".pulumi", "stacks");
  if (!existsSync(stacksDir)) return false;
  const checkpoints = listFiles(stacksDir).filter((file) => file.endsWith(".json"));
  return checkpoints.some((file) => {
    try {
      const resources = JSON.parse(readFileSync(file, "utf8"))?.checkpoint?.latest?.resources;
      if (resources === undefined) return false;
      if (!Array.isArray(resources)) return true;
      return resources.some((r: { type?: unknown }) => r?.type !== "pulumi:pulumi:Stack" && !String(r?.type).startsWith("pulumi:providers:"));
    } catch {
      return true;
    }
  });
}

function listFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    return statSync(file).isDirectory() ? listFiles(file) : [file];
  });
}

function readAllFiles(dir: string): string {
  if (!existsSync(dir)) return "";
  return readdirSync(dir)
    .map((name) => {
      const file = path.join(dir, name);
      return statSync(file).isDirectory() ? readAllFiles(file) : readFileSync(file, "utf8");
    })
    .join("\n");
}

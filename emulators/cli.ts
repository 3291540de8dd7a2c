#!/usr/bin/env node
/**
 * `node dist/emulators/cli.js`: starts the four emulators on loopback at the ports of
 * the product brief, prints each base URL with its development credential, and stops cleanly on
 * Ctrl-C or SIGTERM.
 */
import { parseArgs } from "node:util";
import { DEFAULT_PORTS, DEV_CONFIGS, startEmulators, type ServiceName } from "./index";

/** Per service: its flag (`rolloutCrm` -> `--rollout-crm-port`) and environment variable (`ROLLOUT_CRM_EMULATOR_PORT`). */
const PORT_OPTIONS: readonly (readonly [ServiceName, string, string])[] = (Object.keys(DEFAULT_PORTS) as ServiceName[]).map((name) => {
  const words = name.replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase().split(" ");
  return [name, `${words.join("-")}-port`, `${words.join("_").toUpperCase()}_EMULATOR_PORT`] as const;
});

const andList = (items: readonly string[]): string => (items.length < 2 ? items.join("") : `${items.slice(0, -1).join(", ")} and ${items.at(-1)}`);

/** Words in lines of at most `width` characters. */
function wrap(text: string, width = 90): string {
  const lines: string[] = [];
  for (const word of text.split(" ")) {
    const last = lines.length - 1;
    if (last >= 0 && lines[last].length + 1 + word.length <= width) lines[last] += ` ${word}`;
    else lines.push(word);
  }
  return lines.join("\n");
}

const HELP = `Usage: node dist/emulators/cli.js [options]

${wrap(`Starts local emulators of the ${andList(Object.values(DEV_CONFIGS).map((c) => c.title))} on 127.0.0.1. Flags win over environment variables.`)}

${PORT_OPTIONS.map(([name, flag, env]) => `  ${`--${flag} N`.padEnd(23)}${env.padEnd(28)}default ${DEFAULT_PORTS[name]}\n`).join("")}                         (0 = any free port)
  --data-file PATH       EMULATORS_DATA_FILE         keep records in this JSON file across
                                                     restarts (default: memory only)
  -h, --help

Admin API on every port: POST /_emulator/reset, GET /_emulator/requests,
GET /_emulator/state, GET|PUT /_emulator/settings, GET|PUT /_emulator/faults.
`;


function fail(message: string): never {
  process.stderr.write(`emulators: ${message}\n\n${HELP}`);
  process.exit(2);
}

function parsePort(value: string, source: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535) fail(`${source} must be a port number from 0 to 65535, got "${value}"`);
  return port;
}

async function main(): Promise<void> {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      options: {
        ...Object.fromEntries(PORT_OPTIONS.map(([, flag]) => [flag, { type: "string" as const }])),
        "data-file": { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    }));
  } catch (error) {
    fail((error as Error).message);
  }
  if (values.help) {
    process.stdout.write(HELP);
    return;
  }

  const ports: Partial<Record<ServiceName, number>> = {};
  for (const [name, flag, env] of PORT_OPTIONS) {
    const flagValue = values[flag];
    const envValue = process.env[env];
    if (typeof flagValue === "string") ports[name] = parsePort(flagValue, `--${flag}`);
    else if (envValue) ports[name] = parsePort(envValue, env);
    else ports[name] = DEFAULT_PORTS[name];
  }
  const dataFile = (values["data-file"] as string | undefined) ?? (process.env.EMULATORS_DATA_FILE || undefined);

  const emulators = await startEmulators({ ports, dataFile }).catch((error: NodeJS.ErrnoException) => {
    const hint = error.code === "EADDRINUSE" ? " (another emulator already running? choose other ports with --*-port)" : "";
    fail(`could not start: ${error.message}${hint}`);
  });

  const rows = Object.values(emulators.services).map((s) => [s.title, s.url, s.credential]);
  const width = (i: number): number => Math.max(...rows.map((r) => r[i].length));
  process.stdout.write("Local emulators running (Ctrl-C to stop):\n");
  for (const row of rows) process.stdout.write(`  ${row[0].padEnd(width(0))}  ${row[1].padEnd(width(1))}  ${row[2]}\n`);
  for (const s of Object.values(emulators.services)) if (s.credentialNote) process.stdout.write(`  ${s.credentialNote}\n`);
  process.stdout.write(`Admin API: <origin>/_emulator/ on each port. Data: ${dataFile ? `kept in ${dataFile}` : "in memory only"}.\n`);

  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) process.exit(1); // a second Ctrl-C does not wait
    stopping = true;
    process.stdout.write(`\n${signal}: stopping the emulators\n`);
    emulators.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`emulators: error while stopping: ${String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
}

void main();

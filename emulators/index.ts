/**
 * Local emulators of the four APIs (the product brief "Local emulators"): real `node:http` servers
 * on loopback, faithful to the services' API documentation, each with the admin API under `/_emulator/`.
 *
 * ```ts
 * const emulators = await startEmulators(); // free ports
 * await fetch(`${emulators.urls.rollout}/users`, { headers: { authorization: "Bearer dev-rollout-token" } });
 * await emulators.stop();
 * ```
 */
import type { RunningService, ServiceOptions } from "./core/server";
import type { Clock } from "./core/types";
import { startService } from "./core/server";
import type { DevConfig, ServiceDefinition } from "./core/service";
import * as registry from "./registry";

export type { Clock } from "./core/types";
export type { RunningService, ServiceOptions } from "./core/server";
export type { RequestLogEntry } from "./core/runtime";
export type { DevConfig } from "./core/service";
export { EmulatorAdmin } from "./core/adminClient";
export type { FaultConfig } from "./core/faults";
export { startOutsetaEmulator, OUTSETA_DEV_KEY, OUTSETA_DEV_SECRET } from "./outseta";
export { startRogerRogerEmulator, ROGERROGER_DEV_KEY } from "./rogerroger";
export { startRolloutEmulator, ROLLOUT_DEV_TOKEN } from "./rollout";
export {
  startRolloutCrmEmulator,
  CRM_DEV_TOKEN,
  CRM_DEV_CLIENT_ID,
  CRM_DEV_CLIENT_SECRET,
  DEV_CREDENTIAL_ID,
} from "./rolloutCrm";

/** The emulated services: the keys of the emulator registry (registry.ts), one per service of the provider. */
export type ServiceName = keyof typeof registry;

// `any`: each emulator has its own store type; startService keeps a definition with its store.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const EMULATORS: Readonly<Record<ServiceName, ServiceDefinition<any>>> = registry;

const NAMES = Object.keys(EMULATORS) as ServiceName[];
const byName = <T>(f: (name: ServiceName) => T): Record<ServiceName, T> => Object.fromEntries(NAMES.map((n) => [n, f(n)])) as Record<ServiceName, T>;

/** The fixed ports of the product brief, used by the CLI. The programmatic default is free ports. */
export const DEFAULT_PORTS: Readonly<Record<ServiceName, number>> = byName((name) => EMULATORS[name].defaultPort);

/** Each emulator's API base path and how a client reaches it with the development credentials. */
export const DEV_CONFIGS: Readonly<Record<ServiceName, DevConfig & { readonly apiBasePath: string; readonly title: string }>> = byName((name) => ({
  ...EMULATORS[name].devConfig,
  apiBasePath: EMULATORS[name].apiBasePath,
  title: EMULATORS[name].title,
}));

export interface EmulatorsOptions {
  /** Interface to listen on; default `127.0.0.1`. */
  readonly host?: string;
  /** Port per service; missing or 0 = a free port. */
  readonly ports?: Partial<Record<ServiceName, number>>;
  /** JSON file that keeps the records across restarts (one section per service). */
  readonly dataFile?: string;
  /** Time source for timestamps, rate limits, token expiry and the 409 window. */
  readonly clock?: Clock;
  /** Random source for fault injection (rate and status choice). */
  readonly random?: () => number;
  /** Where loud messages go (unknown routes, crashes); default stderr. */
  readonly log?: (line: string) => void;
}

export interface RunningEmulators {
  /** API base URLs, as in the product brief's table. */
  readonly urls: Readonly<Record<ServiceName, string>> & {
    /** The credentials API base; the same server as `rolloutCrm`. */
    readonly rolloutCrmCredentials: string;
  };
  /** `http://127.0.0.1:PORT/_emulator` per service. */
  readonly adminUrls: Readonly<Record<ServiceName, string>>;
  readonly ports: Readonly<Record<ServiceName, number>>;
  readonly services: Readonly<Record<ServiceName, RunningService>>;
  stop(): Promise<void>;
}


/** Starts the four emulators; if one cannot start (port in use), stops the others and throws. */
export async function startEmulators(options: EmulatorsOptions = {}): Promise<RunningEmulators> {
  const { ports = {}, ...shared } = options;
  const results = await Promise.allSettled(NAMES.map((name) => startService(EMULATORS[name], { ...shared, port: ports[name] ?? 0 })));
  const started = results.flatMap((r) => (r.status === "fulfilled" ? [r.value] : []));
  const failed = results.find((r): r is PromiseRejectedResult => r.status === "rejected");
  if (failed) {
    await Promise.all(started.map((s) => s.stop()));
    throw failed.reason;
  }
  const services = Object.fromEntries(started.map((s) => [s.name, s])) as Record<ServiceName, RunningService>;
  const pick = <T>(f: (s: RunningService) => T): Record<ServiceName, T> => byName((n) => f(services[n]));
  return {
    urls: { ...pick((s) => s.url), rolloutCrmCredentials: services.rolloutCrm.url },
    adminUrls: pick((s) => s.adminUrl),
    ports: pick((s) => s.port),
    services,
    stop: async () => {
      await Promise.all(started.map((s) => s.stop()));
    },
  };
}

/**
 * The contract suites' view of the test registry (../../fixtureService/registry.ts): a
 * provider context per run over every service, configured for one emulator, and the
 * emulator of a service started for one file.
 */
import { startService } from "../../../emulators/core/server";
import { configOf, ProviderContext, type ContextOptions } from "../../../provider/plugin";
import { emulatorPerFile } from "../../support/emulators";
import { TEST_EMULATORS, TEST_SERVICES } from "../../fixtureService/registry";
import { devConfig } from "./devEnv";

export { TEST_CRMS, TEST_SERVICES } from "../../fixtureService/registry";

/** The emulator of `name` for the tests of the enclosing describe: started once, emptied before each test. */
export function emulatorOf(name: string): ReturnType<typeof emulatorPerFile> {
  const definition = TEST_EMULATORS[name];
  if (!definition) throw new Error(`no emulator is registered for the service '${name}'`);
  return emulatorPerFile((options) => startService(definition, options));
}

/**
 * A new context (one run: its own claims, caches and lookups) over every service, with
 * `name` configured for `emulator` unpaced (these tests count requests, not waits); with no
 * emulator, nothing is configured; `values`, when given, are the config instead.
 */
export function runContext(
  name: string,
  emulator: Parameters<typeof devConfig>[1] | undefined,
  { values, ...options }: Omit<ContextOptions, "config" | "tuning"> & { readonly values?: Record<string, string> } = {},
): ProviderContext {
  return new ProviderContext(TEST_SERVICES, {
    env: {},
    ...options,
    config: configOf(values ?? (emulator ? devConfig(name, emulator) : {})),
    tuning: { [name]: { pacing: { kind: "none", key: `${name}-contract` }, batchMs: 5 } },
  });
}

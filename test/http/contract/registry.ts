/**
 * The contract suites' view of the test registry (../../fixtureService/registry.ts): a
 * provider context per run over every service, configured for one emulator, and the
 * emulator of a service started for one file.
 */
import type { RunningService } from "../../../emulators";
import { startService } from "../../../emulators/core/server";
import { configOf, ProviderContext, type ContextOptions } from "../../../provider/plugin";
import { emulatorPerFile } from "../../support/emulators";
import { TEST_EMULATORS, TEST_SERVICES } from "../../fixtureService/registry";
import { devEnv } from "../../support/emulatorEnv";

export { TEST_CRMS, TEST_SERVICES } from "../../fixtureService/registry";

/** The emulator of `name` for the tests of the enclosing describe: started once, emptied before each test. */
export function emulatorOf(name: string): ReturnType<typeof emulatorPerFile> {
  const definition = TEST_EMULATORS[name];
  if (!definition) throw new Error(`no emulator is registered for the service '${name}'`);
  return emulatorPerFile((options) => startService(definition, options));
}

/**
 * A new context (one run: its own claims, caches and lookups) over every service, with
 * `name` reached on `emulator` through the variables its `devConfig` names, as a user's
 * environment does, and unpaced (these tests count requests, not waits); with no emulator,
 * nothing is set. `env` and `values` (stack config) are added to that.
 */
export function runContext(
  name: string,
  emulator: RunningService | undefined,
  { env = {}, values = {}, ...options }: Omit<ContextOptions, "config" | "tuning"> & { readonly values?: Record<string, string> } = {},
): ProviderContext {
  return new ProviderContext(TEST_SERVICES, {
    ...options,
    env: { ...(emulator ? devEnv(emulator.url, emulator.devConfig, "default", true) : {}), ...env },
    config: configOf(values),
    tuning: { [name]: { pacing: { kind: "none", key: `${name}-contract` }, batchMs: 5 } },
  });
}

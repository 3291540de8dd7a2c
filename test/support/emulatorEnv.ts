/**
 * The environment variables that point the provider (and its CLI commands) at running
 * emulators with their development credentials: what a user sets for a real account. Each
 * emulator's definition says which variables (its `devConfig`), so this names no service.
 */
import type { DevConfig, RunningEmulators } from "../../emulators";

/**
 * `credentials`: each emulator's development credentials, or, where an emulator has them
 * under that name, its alternative ones (`minted`: a token minted from the dev client per run).
 * `pinned`: also the settings that spare the provider a discovery request.
 */
export function emulatorEnv(emu: RunningEmulators, credentials: "default" | string = "default", pinned = false): Record<string, string> {
  const env: Record<string, string> = {};
  for (const { url, devConfig } of Object.values(emu.services)) Object.assign(env, devEnv(url, devConfig, credentials, pinned));
  return env;
}

/** One emulator's variables, for its API base URL `url`. */
export function devEnv(url: string, config: DevConfig, credentials: "default" | string = "default", pinned = false): Record<string, string> {
  return {
    ...Object.fromEntries(config.urlEnv.map((name) => [name, url])),
    ...(config.alternatives?.[credentials] ?? config.credentials),
    ...(pinned ? config.pinned : {}),
  };
}

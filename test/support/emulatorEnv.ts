/**
 * The environment variables that point the provider (and its CLI commands) at running
 * emulators with their development credentials: what a user sets for a real account.
 */
import type { RunningEmulators } from "../../emulators";

/** `crmAuth`: the Universal CRM's static token, or a token minted from the dev client per run. */
export function emulatorEnv(emu: RunningEmulators, crmAuth: "token" | "minted" = "token"): Record<string, string> {
  return {
    ROLLOUT_API_URL: emu.urls.rollout,
    ROLLOUT_API_TOKEN: "dev-rollout-token",
    ROGERROGER_API_URL: emu.urls.rogerroger,
    ROGERROGER_API_KEY: "dev-rogerroger-key",
    OUTSETA_API_URL: emu.urls.outseta,
    OUTSETA_API_KEY: "dev-outseta-key",
    OUTSETA_SECRET_KEY: "dev-outseta-secret",
    ROLLOUT_CRM_API_URL: emu.urls.rolloutCrm,
    ROLLOUT_CRM_CREDENTIALS_URL: emu.urls.rolloutCrmCredentials,
    ...(crmAuth === "token"
      ? { ROLLOUT_CRM_AUTH_TOKEN: "dev-rollout-crm-token" }
      : { ROLLOUT_CRM_CLIENT_ID: "dev-client", ROLLOUT_CRM_CLIENT_SECRET: "dev-client-secret", ROLLOUT_CRM_USER_ID: "user-1" }),
  };
}

import { validateBaseUrl } from "./http/url";

/**
 * Provider configuration: Pulumi stack config (recorded by `configure`), with environment
 * variables as fallback. Values are read lazily, when a service is first used, because
 * the dynamic-provider host caches the provider before `configure` returns and because a
 * preview must not fail on a service the program never touches.
 */

/** One setting: its stack-config key, its environment variable, its default. */
export interface Setting {
  readonly key: string;
  readonly env: string;
  readonly secret?: boolean;
  readonly default?: string;
}

export const settings = {
  rolloutApiToken: { key: "rollout:apiToken", env: "ROLLOUT_API_TOKEN", secret: true },
  rolloutApiUrl: { key: "rollout:apiUrl", env: "ROLLOUT_API_URL", default: "https://x-api.rollout.io/public-api" },
  rogerrogerApiKey: { key: "rogerroger:apiKey", env: "ROGERROGER_API_KEY", secret: true },
  rogerrogerApiUrl: { key: "rogerroger:apiUrl", env: "ROGERROGER_API_URL", default: "https://api.rogerroger.io" },
  outsetaApiKey: { key: "outseta:apiKey", env: "OUTSETA_API_KEY", secret: true },
  outsetaSecretKey: { key: "outseta:secretKey", env: "OUTSETA_SECRET_KEY", secret: true },
  outsetaApiUrl: { key: "outseta:apiUrl", env: "OUTSETA_API_URL" },
  rolloutCrmAuthToken: { key: "rolloutCrm:authToken", env: "ROLLOUT_CRM_AUTH_TOKEN", secret: true },
  rolloutCrmClientId: { key: "rolloutCrm:clientId", env: "ROLLOUT_CRM_CLIENT_ID" },
  rolloutCrmClientSecret: { key: "rolloutCrm:clientSecret", env: "ROLLOUT_CRM_CLIENT_SECRET", secret: true },
  rolloutCrmUserId: { key: "rolloutCrm:userId", env: "ROLLOUT_CRM_USER_ID" },
  rolloutCrmCredentialId: { key: "rolloutCrm:credentialId", env: "ROLLOUT_CRM_CREDENTIAL_ID" },
  rolloutCrmApiUrl: {
    key: "rolloutCrm:apiUrl",
    env: "ROLLOUT_CRM_API_URL",
    default: "https://crm.universal.rollout.com/api",
  },
  rolloutCrmCredentialsUrl: {
    key: "rolloutCrm:credentialsUrl",
    env: "ROLLOUT_CRM_CREDENTIALS_URL",
    default: "https://universal.rollout.com/api",
  },
  // The overall deadline of one request, per service (issue #11, case 5).
  rolloutRequestTimeoutSeconds: { key: "rollout:requestTimeoutSeconds", env: "ROLLOUT_REQUEST_TIMEOUT_SECONDS", default: "120" },
  rogerrogerRequestTimeoutSeconds: { key: "rogerroger:requestTimeoutSeconds", env: "ROGERROGER_REQUEST_TIMEOUT_SECONDS", default: "120" },
  outsetaRequestTimeoutSeconds: { key: "outseta:requestTimeoutSeconds", env: "OUTSETA_REQUEST_TIMEOUT_SECONDS", default: "120" },
  rolloutCrmRequestTimeoutSeconds: { key: "rolloutCrm:requestTimeoutSeconds", env: "ROLLOUT_CRM_REQUEST_TIMEOUT_SECONDS", default: "120" },
  rolloutCrmNotReadyTimeoutSeconds: {
    key: "rolloutCrm:notReadyTimeoutSeconds",
    env: "ROLLOUT_CRM_NOT_READY_TIMEOUT_SECONDS",
    default: "120",
  },
} satisfies Record<string, Setting>;

export type SettingName = keyof typeof settings;

/** A source of raw config values, keyed `namespace:name` (the dynamic-provider host's shape). */
export interface ConfigSource {
  get(key: string): string | undefined;
}

let stackConfig: ConfigSource = { get: () => undefined };

/** Called from `configure`: records the stack config, awaits nothing. */
export function recordStackConfig(config: ConfigSource | undefined): void {
  if (config) stackConfig = config;
}

/** Reads a setting: stack config first, then the environment, then the default. */
export function readSetting(setting: Setting, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const fromConfig = stackConfig.get(setting.key);
  if (fromConfig !== undefined && fromConfig !== "") return fromConfig;
  const fromEnv = env[setting.env];
  if (fromEnv !== undefined && fromEnv !== "") return fromEnv;
  return setting.default;
}

/** The sentence every missing-credential message ends with. */
export function howToSet(setting: Setting): string {
  const command = setting.secret ? `pulumi config set --secret ${setting.key} <value>` : `pulumi config set ${setting.key} <value>`;
  return `set the stack config '${setting.key}' (${command}) or the environment variable ${setting.env}`;
}

export class ConfigError extends Error {
  constructor(
    message: string,
    readonly setting: Setting,
  ) {
    super(message);
    this.name = "ConfigError";
  }
}

/** Reads a setting that must be present, or throws a ConfigError naming the key and variable. */
export function requireSetting(setting: Setting, purpose: string, env: NodeJS.ProcessEnv = process.env): string {
  const value = readSetting(setting, env);
  if (value === undefined) throw new ConfigError(`${purpose} is missing: ${howToSet(setting)}.`, setting);
  return value;
}

/** Test hook: forget the recorded stack config. */
export function resetStackConfigForTests(): void {
  stackConfig = { get: () => undefined };
}

/**
 * A service's base URL from its setting, validated (https, or http only on loopback).
 * Throws a ConfigError so that `check` reports it as a failure before any request.
 */
export function requireBaseUrl(setting: Setting, purpose: string, env: NodeJS.ProcessEnv = process.env): string {
  const url = requireSetting(setting, purpose, env);
  try {
    return validateBaseUrl(url, setting.key);
  } catch (err) {
    throw new ConfigError((err as Error).message, setting);
  }
}

/** A setting that is a number of seconds (0 or more), or a ConfigError naming it. */
export function readSeconds(setting: Setting, env: NodeJS.ProcessEnv = process.env): number {
  const raw = readSetting(setting, env) ?? "0";
  const seconds = Number(raw);
  if (raw.trim() === "" || !Number.isFinite(seconds) || seconds < 0) {
    throw new ConfigError(`${setting.key} must be a number of seconds (0 or more), not '${raw}'.`, setting);
  }
  return seconds;
}

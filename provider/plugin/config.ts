import { validateBaseUrl } from "../http/url";

/**
 * Provider configuration: Pulumi stack config (recorded by `configure`), with environment
 * variables as fallback. Values are read lazily, when a service is first used, because
 * the dynamic-provider host caches the provider before `configure` returns and because a
 * preview must not fail on a service the program never touches.
 *
 * Which settings exist is not known here: each service's profile declares its own.
 */

/** One setting: its stack-config key, its environment variable, its default. */
export interface Setting {
  readonly key: string;
  readonly env: string;
  readonly secret?: boolean;
  readonly default?: string;
  /** Shown when the setting is missing, e.g. the shape of a per-account URL. */
  readonly example?: string;
}

/** A source of raw config values, keyed `namespace:name` (the dynamic-provider host's shape). */
export interface ConfigSource {
  get(key: string): string | undefined;
  /** Every key set, when the source can tell (a typo of a setting's key is then refused). */
  keys?(): readonly string[];
  /**
   * How to set a setting, for messages, when this source is not the stack config of the
   * dynamic resources (the provider plugin's config, server/config.ts). Default: howToSet.
   */
  howToSet?(setting: Setting): string;
}

export const emptyConfig: ConfigSource = { get: () => undefined };

/** A config source over a plain record (tests, the CLI). */
export function configOf(values: Readonly<Record<string, string | undefined>>): ConfigSource {
  return {
    get: (key) => (Object.prototype.hasOwnProperty.call(values, key) ? values[key] : undefined),
    keys: () => Object.keys(values).filter((key) => values[key] !== undefined),
  };
}

/**
 * The config the dynamic-provider host hands to `configure`: its `get`, and its keys, which
 * the host's Config object keeps in `rawConfig` (@pulumi/pulumi cmd/dynamic-provider/config.ts)
 * without a method to list them. Without that field, no keys: the typo check is skipped.
 */
export function hostConfig(config: ConfigSource & { rawConfig?: unknown }): ConfigSource {
  if (config.keys) return config;
  const raw = config.rawConfig;
  const keys = typeof raw === "object" && raw !== null ? Object.keys(raw) : undefined;
  return { get: (key) => config.get(key), ...(keys ? { keys: () => keys } : {}) };
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

/**
 * A credential that is set nowhere. Unlike a wrong value, it does not fail a plain preview
 * (which sends no request, issue #13): `check` warns about it, and the service cannot be
 * built for a request until it is set, so `up` and every refresh fail before any request.
 */
export class MissingCredential extends ConfigError {
  constructor(message: string, setting: Setting) {
    super(message, setting);
    this.name = "MissingCredential";
  }
}

/** Where a setting's value came from: stack config, environment variable, its default, or nowhere. */
export type SettingSource = "config" | "environment" | "default" | "unset";

/** What a reader does with a missing credential: throw it, or note it and go on. */
type OnMissingCredential = (missing: MissingCredential) => void;

/**
 * Reads settings: stack config first, then the environment, then the default. Every
 * failure is a ConfigError naming the setting, so `check` reports it as a failure on that
 * key before any request; a missing credential is a MissingCredential, which `check` only
 * warns about and which fails the first request instead (plugin/context.ts).
 */
export class ConfigReader {
  constructor(
    private readonly source: ConfigSource = emptyConfig,
    private readonly env: NodeJS.ProcessEnv = process.env,
    private readonly onMissingCredential?: OnMissingCredential,
  ) {}

  /**
   * The same settings, read by a reader that notes each missing credential in `note` and
   * returns "" in its place instead of throwing, so that a service's `connect` still
   * validates every other setting (a malformed URL, a bad share). For `check` only: a
   * service built from it holds no credential and must never send a request.
   */
  notingMissingCredentials(note: OnMissingCredential): ConfigReader {
    return new ConfigReader(this.source, this.env, note);
  }

  /** How to set `setting` where this reader reads it (messages). */
  howToSet(setting: Setting): string {
    return this.source.howToSet?.(setting) ?? howToSet(setting);
  }

  /** The stack's config keys, when the source can list them. */
  keys(): readonly string[] | undefined {
    return this.source.keys?.();
  }

  /** True when the setting is set in the stack config or the environment (not left to its default). */
  isSet(setting: Setting): boolean {
    return [this.source.get(setting.key), this.env[setting.env]].some((v) => v !== undefined && v !== "");
  }

  /** The value, or undefined when it is set nowhere and has no default. */
  get(setting: Setting): string | undefined {
    return this.resolve(setting).value;
  }

  /**
   * The value and where it came from: the one resolution `get` uses, so `doctor` shows
   * exactly where each setting the provider reads came from.
   */
  resolve(setting: Setting): { value: string | undefined; from: SettingSource } {
    const fromConfig = this.source.get(setting.key);
    if (fromConfig !== undefined && fromConfig !== "") return { value: fromConfig, from: "config" };
    const fromEnv = this.env[setting.env];
    if (fromEnv !== undefined && fromEnv !== "") return { value: fromEnv, from: "environment" };
    return setting.default === undefined ? { value: undefined, from: "unset" } : { value: setting.default, from: "default" };
  }

  /** The value of a setting that must be present; `purpose` opens the message. */
  require(setting: Setting, purpose: string): string {
    const value = this.get(setting);
    if (value === undefined) {
      const example = setting.example ? ` (${setting.example})` : "";
      throw new ConfigError(`${purpose} is missing${example}: ${this.howToSet(setting)}.`, setting);
    }
    return value;
  }

  /**
   * A credential (a token, a key, or a part of what a token is minted from): like `require`,
   * but its absence is a MissingCredential, which a plain preview only warns about.
   */
  credential(setting: Setting, purpose: string): string {
    const value = this.get(setting);
    if (value !== undefined) return value;
    return this.missingCredential(new MissingCredential(`${purpose} is missing: ${this.howToSet(setting)}.`, setting));
  }

  /** Reports a missing credential the way this reader does: thrown, or noted (then ""). */
  missingCredential(missing: MissingCredential): string {
    if (!this.onMissingCredential) throw missing;
    this.onMissingCredential(missing);
    return "";
  }

  /** A base URL, validated (https, or http only on loopback) and normalised. */
  url(setting: Setting, purpose: string): string {
    const url = this.require(setting, purpose);
    try {
      return validateBaseUrl(url, setting.key);
    } catch (err) {
      throw new ConfigError((err as Error).message, setting);
    }
  }

  /** A share: a number greater than 0 and at most 1; undefined when unset. */
  share(setting: Setting, what: string): number | undefined {
    const raw = this.get(setting);
    if (raw === undefined) return undefined;
    const share = Number(raw);
    if (raw.trim() === "" || !Number.isFinite(share) || share <= 0 || share > 1) {
      throw new ConfigError(`${setting.key} must be a number greater than 0 and at most 1 (${what}), not '${raw}'.`, setting);
    }
    return share;
  }

  /** A number of seconds (0 or more); unset and without a default: 0. */
  seconds(setting: Setting): number {
    const raw = this.get(setting) ?? "0";
    const seconds = Number(raw);
    if (raw.trim() === "" || !Number.isFinite(seconds) || seconds < 0) {
      throw new ConfigError(`${setting.key} must be a number of seconds (0 or more), not '${raw}'.`, setting);
    }
    return seconds;
  }
}

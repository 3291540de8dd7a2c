/**
 * One path from config to a ready service: the context is built where the provider is
 * configured (runtime/index.ts) and handed to every provider, which asks it for the
 * service of a profile. It replaces per-service singletons and a global config: each
 * service is built once per context, from the context's config, on first use, so a program
 * that never uses a service never needs its credentials.
 *
 * What must be shared by the whole process (the pacing limiters and connection pools,
 * because the rate limits are per client IP or per tenant) stays in http/registry.ts.
 */
import { createHash } from "node:crypto";
import { Failures } from "../core/check";
import { Claims } from "../core/claims";
import { processRun } from "../core/freshness";
import { createServiceClient, type ServiceClient, type ServiceClientOptions } from "../http/client";
import { pacingForShare, type PacingConfig } from "../http/pacing";
import { ConfigError, ConfigReader, emptyConfig, hostConfig, MissingCredential, type ConfigSource } from "./config";
import { misspeltSetting, urlLeftAtDefault } from "./configGuards";
import { credentialsRequired, REQUIRE_CREDENTIALS_ENV } from "./globalSettings";
import { stderrWarn, type Warn } from "./warn";

export { REQUIRE_CREDENTIALS_ENV } from "./globalSettings";
import type { ConnectKit, ServiceContext, ServiceProfile, ServiceTuning } from "./profile";

export interface ContextOptions {
  /** The stack config; `configure` replaces it. */
  config?: ConfigSource;
  /** Environment variables read as fallback. Default `process.env`. */
  env?: NodeJS.ProcessEnv;
  /** Overrides per service name (tests). */
  tuning?: Readonly<Record<string, ServiceTuning | undefined>>;
  /**
   * Shows a warning to the user (a missing credential at preview). The provider host's
   * runtime hands down the engine's log (runtime/index.ts); default: stderr (plugin/warn.ts).
   */
  warn?: Warn;
  /** Wraps every client a service builds (`doctor` watches the answers: headers, raw shapes). Default: none. */
  wrapClient?: (client: ServiceClient, profile: ServiceProfile<unknown>) => ServiceClient;
  /**
   * Pace per account rather than per service: each client's limiter is keyed by its service
   * and a digest of its base URL and the service's credentials (accountKey). The provider
   * plugin sets it, as one stack may configure two accounts of one service through two
   * provider instances, each with its own limit. Default false: the dynamic resources of a
   * stack configure one account per service, paced under the service's name.
   */
  pacePerAccount?: boolean;
}

export class ProviderContext implements ServiceContext {
  /** The records this update's resources adopted or manage (core/claims.ts): one context is one update. */
  readonly claims = new Claims();
  private reader: ConfigReader;
  private readonly built = new Map<ServiceProfile<unknown>, unknown>();
  /**
   * Services checked and found without a credential (and warned about): once per process,
   * which is once per preview, however many resources use them.
   */
  private readonly withoutCredentials = new Set<ServiceProfile<unknown>>();

  /** `profiles`: every registered service; their error shapes are the fallback of each other's. */
  constructor(
    private readonly profiles: readonly ServiceProfile<unknown>[],
    private readonly options: ContextOptions = {},
  ) {
    this.reader = new ConfigReader(options.config ?? emptyConfig, options.env ?? process.env);
  }

  /** Called from `configure`: records the stack config, awaits nothing. */
  configure(config: ConfigSource | undefined): void {
    if (config) this.reader = new ConfigReader(hostConfig(config), this.options.env ?? process.env);
  }

  get config(): ConfigReader {
    return this.reader;
  }

  /**
   * The ready service of `profile`, built on first use, which is always just before its first
   * request; throws ConfigError (not kept) when config is wrong, MissingCredential when a
   * credential is set nowhere, so no request leaves without it.
   */
  service<S>(profile: ServiceProfile<S>): S {
    if (this.built.has(profile)) return this.built.get(profile) as S;
    const settings = Object.values(profile.settings);
    const misspelt = misspeltSetting(profile.name, settings, this.reader);
    if (misspelt) throw misspelt;
    const service = profile.connect(this.kit(profile));
    // Built, which sends nothing; refused before its first request.
    const leftAtDefault = urlLeftAtDefault(settings, this.reader);
    if (leftAtDefault) throw leftAtDefault;
    this.built.set(profile, service);
    return service;
  }

  /**
   * For `check`: builds the service (no request) and reports what stops it. A wrong setting
   * (a malformed URL, a bad share) or a missing URL is a check failure naming the key, so the
   * preview fails before any API call. A missing credential is not: a plain preview sends no
   * request (issue #13), so it only warns, once per credential for the process however many
   * resources use the service, naming the key and the variable. `up` and every refresh still
   * fail on it before any request: `service()` cannot build the service without it.
   */
  /** True when the service of `profile` is built (its config complete): using it costs nothing more. */
  isBuilt(profile: ServiceProfile<unknown>): boolean {
    return this.built.has(profile);
  }

  async checkConfig(profile: ServiceProfile<unknown>, failures: Failures): Promise<void> {
    const env = this.options.env ?? process.env;
    const strict = credentialsRequired(env);
    if (strict instanceof Error) {
      failures.add(REQUIRE_CREDENTIALS_ENV, strict.message);
      return;
    }
    if (this.built.has(profile) || (!strict && this.withoutCredentials.has(profile))) return;
    const missing: MissingCredential[] = [];
    try {
      const settings = Object.values(profile.settings);
      const misspelt = misspeltSetting(profile.name, settings, this.reader);
      if (misspelt) throw misspelt;
      // Every missing credential noted rather than thrown, so every other setting is still validated.
      const service = profile.connect(this.kit(profile, this.reader.notingMissingCredentials((m) => missing.push(m))));
      const leftAtDefault = urlLeftAtDefault(settings, this.reader);
      if (leftAtDefault) throw leftAtDefault;
      // Complete: the service `up` uses. Incomplete: discarded, it holds no credential.
      if (missing.length === 0) this.built.set(profile, service);
      else this.withoutCredentials.add(profile);
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
      failures.add(err.setting.key, err.message);
      return;
    }
    if (strict) {
      // An `up` job asked for all or nothing: a missing credential fails the preview phase,
      // before any service is changed, instead of failing only its own service's steps.
      for (const credential of missing) {
        failures.add(credential.setting.key, `${credential.message} (${REQUIRE_CREDENTIALS_ENV} is set: every credential the program needs must be set.)`);
      }
      return;
    }
    for (const credential of missing) {
      await this.warn(
        `pulumi-rollout-crm: ${credential.message} A plain preview needs no credential and sends no request; ` +
          `\`pulumi up\`, \`pulumi refresh\` and \`pulumi preview --refresh\` fail without it, before any request.`,
      );
    }
  }

  /** Shows a warning to the user, where the context's maker said (ContextOptions.warn). */
  warn(message: string): Promise<void> | void {
    return (this.options.warn ?? stderrWarn)(message);
  }

  private kit(profile: ServiceProfile<unknown>, reader: ConfigReader = this.reader): ConnectKit {
    const tuning = this.options.tuning?.[profile.name] ?? {};
    const policy = clientPolicy(profile, this.profiles, tuning);
    const timeout = profile.settings.requestTimeoutSeconds;
    return {
      config: reader,
      batchMs: tuning.batchMs,
      run: processRun,
      client: (options) => this.wrap(profile, createServiceClient({
          ...options,
          ...policy,
          pacing: this.perAccount(profile, reader, options.baseUrl, tuning.pacing ?? budgetedPacing(profile, reader, this.options.env ?? process.env)),
          retry: { ...profile.http.retry, ...options.retry, ...tuning.retry },
          ...(timeout ? { deadlineSeconds: reader.seconds(timeout), deadlineSetting: timeout.key } : {}),
        })),
    };
  }

  /** The pacing keyed by the account when `pacePerAccount` is set (see ContextOptions). */
  private perAccount(profile: ServiceProfile<unknown>, reader: ConfigReader, baseUrl: string, pacing: PacingConfig): PacingConfig {
    if (!this.options.pacePerAccount) return pacing;
    return { ...pacing, key: `${pacing.key ?? profile.name}@${accountKey(profile, reader, baseUrl)}` };
  }

  private wrap(profile: ServiceProfile<unknown>, client: ServiceClient): ServiceClient {
    return this.options.wrapClient ? this.options.wrapClient(client, profile) : client;
  }
}

/**
 * The service's pacing: the share of its documented limit set in `<service>:maxApiShare`
 * (the limits are shared with every other client of the account, as Okta's
 * `max_api_capacity` and LaunchDarkly's `max_concurrency` recognise), or the profile's.
 * A bad value is a ConfigError naming the key, so `check` fails the preview with it.
 */
function budgetedPacing(profile: ServiceProfile<unknown>, reader: ConfigReader, env: NodeJS.ProcessEnv): PacingConfig {
  if (unpaced(profile.name, env)) return { kind: "none" };
  const setting = profile.settings.maxApiShare;
  const share = setting ? reader.share(setting, `the share of ${profile.name}'s documented rate limit this stack may use`) : undefined;
  return share === undefined ? profile.http.pacing : pacingForShare(profile.http.documentedLimit, share);
}

/**
 * The account a client talks to, as a short digest: its base URL and the values of the
 * service's secret settings (its credentials), so two accounts of one service at one URL are
 * told apart and the key holds no credential.
 */
export function accountKey(profile: ServiceProfile<unknown>, reader: ConfigReader, baseUrl: string): string {
  const hash = createHash("sha256").update(baseUrl);
  for (const setting of Object.values(profile.settings)) if (setting.secret) hash.update(`\u0000${reader.get(setting) ?? ""}`);
  return hash.digest("hex").slice(0, 16);
}

/**
 * Environment variable: services called without pacing, comma-separated (or `all`). Only
 * for local emulators whose rate limit is switched off (`npm run bench` at N = 1,000): a
 * real service's limit is not switched off by wishing.
 */
export const UNPACED_ENV = "PULUMI_ROLLOUT_CRM_UNPACED";

function unpaced(service: string, env: NodeJS.ProcessEnv): boolean {
  const names = (env[UNPACED_ENV] ?? "").split(",").map((n) => n.trim());
  return names.includes("all") || names.includes(service);
}

/** The client options a profile sets: name, pacing, retry rules, error shapes (its own first), credentials hint. */
export function clientPolicy(
  profile: ServiceProfile<unknown>,
  profiles: readonly ServiceProfile<unknown>[],
  tuning: ServiceTuning = {},
): Pick<ServiceClientOptions, "service" | "pacing" | "retry" | "errorMessages" | "credentialsHint" | "clock" | "logger"> {
  return {
    service: profile.name,
    pacing: tuning.pacing ?? profile.http.pacing,
    retry: { ...profile.http.retry, ...tuning.retry },
    errorMessages: [profile.http.errorMessage, ...profiles.map((p) => p.http.errorMessage)],
    credentialsHint: profile.credentialsHint,
    clock: tuning.clock,
    logger: tuning.logger,
  };
}

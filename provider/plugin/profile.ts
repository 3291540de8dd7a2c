/**
 * A service plugs into the provider through one profile, exported from its folder and
 * listed in ../registry.ts: everything the shared layers need to know about it.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { Failures } from "../core/check";
import type { Claims } from "../core/claims";
import type { RunActivity } from "../core/freshness";
import type { ServiceClient, ServiceClientOptions } from "../http/client";
import type { Clock } from "../http/clock";
import type { ErrorBodyParser } from "../http/errors";
import type { Logger } from "../http/logger";
import type { DocumentedLimit, PacingConfig } from "../http/pacing";
import type { RetryConfig } from "../http/retryPolicy";
import type { ConfigReader, Setting } from "./config";
import type { TeamMembers } from "./members";
import type { ServicePresentation } from "./presentation";
import type { Probe } from "./probe";
import type { Warn } from "./warn";

/** A dynamic provider as the runtime calls it (`configure` is the runtime's own). */
export type AnyProvider = Omit<pulumi.dynamic.ResourceProvider, "configure">;

/**
 * What a provider's `diff` answers: the dynamic result, and the paths of the properties that
 * changed (`jobTitle`, `fields.stage`, `applications.<id>`), when any did. The dynamic-provider
 * host reads only the dynamic fields; the provider plugin (server/) turns the paths into the
 * engine's detailed diff, so a preview marks each field.
 */
export type DiffResult = pulumi.dynamic.DiffResult & { readonly changedKeys?: readonly string[] };

/**
 * A resource kind's provider as both forms call it: the dynamic provider's methods over its
 * inputs `I` and outputs `O`, its `diff` answering a {@link DiffResult}.
 */
export type KindProvider<I, O> = Omit<Required<pulumi.dynamic.ResourceProvider<I, O>>, "configure" | "diff"> & {
  diff(id: string, olds: O, news: I): Promise<DiffResult>;
};

/** How the service's API is called (the services' API documentation, "Rate limits and retry hints", "Errors"). */
export interface HttpPolicy {
  /** The documented rate limit (the services' API documentation): what `<service>:maxApiShare` takes a share of. */
  readonly documentedLimit: DocumentedLimit;
  /** Client-side pacing below the documented limit, shared by the machine's provider processes, when `<service>:maxApiShare` is not set. */
  readonly pacing: PacingConfig;
  /** The service's retry rules, over the defaults of http/retryPolicy.ts. */
  readonly retry?: Partial<RetryConfig>;
  /** Reads the API's own error text from its error bodies. */
  readonly errorMessage?: ErrorBodyParser;
}

/** What a service's `connect` asks for its clients; the rest comes from the profile. */
export type ClientOptions = Pick<ServiceClientOptions, "baseUrl" | "baseUrlSetting" | "auth" | "secrets" | "onWrite" | "retry">;

/** Handed to `connect`: the config, and clients carrying the profile's HTTP policy. */
export interface ConnectKit {
  readonly config: ConfigReader;
  client(options: ClientOptions): ServiceClient;
  /** Read batching window of the service's list readers; undefined: the reader's default. */
  readonly batchMs?: number;
  /** The provider process's run: kept answers (lists, lookups) serve while it goes on (core/freshness.ts). */
  readonly run: RunActivity;
}

export interface ServiceProfile<S = unknown> {
  /** The service's name: its config namespace (`<name>:apiUrl`), its pacing key, the head of its messages. */
  readonly name: string;
  /**
   * Its settings: config keys, environment variables, secrets, defaults. Settings every
   * service may have, applied by the context to each of its clients:
   * - `requestTimeoutSeconds`: the overall deadline of one request, retries included;
   * - `maxApiShare`: the share (0 < share <= 1) of the documented rate limit this stack may
   *   use, since the limit is shared with every other client of the account; unset: `http.pacing`.
   */
  readonly settings: Readonly<Record<string, Setting>> & { readonly requestTimeoutSeconds?: Setting; readonly maxApiShare?: Setting };
  readonly http: HttpPolicy;
  /** What to check after a 401/403, e.g. "check rollout:apiToken / ROLLOUT_API_TOKEN". */
  readonly credentialsHint: string;
  /**
   * Builds the ready service (API + read caches) from config. Throws a ConfigError naming
   * the setting when one is missing or wrong; makes no request.
   */
  connect(kit: ConnectKit): S;
  /** Resource kinds of this service alone (e.g. "rollout:User"), by the kind the shim names. */
  readonly resources?: Readonly<Record<string, (context: ServiceContext) => AnyProvider>>;
  /** How people see the service (titles, its kinds in the review); undefined: its name. */
  readonly presentation?: ServicePresentation;
  /** What `doctor` reads to tell whether the service is usable. */
  readonly probe?: Probe<S>;
  /** A service of team members: how the CLI lists, checks and removes them. */
  readonly members?: TeamMembers<S>;
}

/**
 * What the provider of a resource kind asks of the context it runs in: one update's claims,
 * the ready services, the preview's config check, the user's warnings. The context of
 * plugin/context.ts is one; the providers see only this, so a profile needs no context.
 */
export interface ServiceContext {
  /** The records this update's resources adopted or manage (core/claims.ts). */
  readonly claims: Claims;
  /** The ready service of `profile`, built on first use (throws ConfigError or MissingCredential). */
  service<S>(profile: ServiceProfile<S>): S;
  /** True when the service of `profile` is built: using it costs nothing more. */
  isBuilt(profile: ServiceProfile<unknown>): boolean;
  /** For `check`: reports what in the config stops the service of `profile`, without a request. */
  checkConfig(profile: ServiceProfile<unknown>, failures: Failures): Promise<void>;
  /** Shows a warning to the user. */
  warn: Warn;
}

/** Overrides of a profile, for tests and benchmarks (no pacing, short batching, fake time). */
export interface ServiceTuning {
  readonly pacing?: PacingConfig;
  readonly retry?: Partial<RetryConfig>;
  readonly batchMs?: number;
  readonly clock?: Clock;
  readonly logger?: Logger;
}

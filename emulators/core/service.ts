/**
 * What each emulated service provides to the shared server: its routes over its own store,
 * and its own answers for the generic situations (unknown route, wrong method, injected
 * fault, crash), so that every status comes in the body shape of that service.
 *
 * The request pipeline (core/server.ts) is, in order:
 *   admin API → fault "before" → `beforeRouting` → route (404/405) → `authorize` → handler
 *   → fault "after".
 * Services put their rate limit where their real stack does: Rollout's per-IP limit in
 * `beforeRouting` (a gateway in front of everything), the per-tenant limits in `authorize`
 * after the credential has named the tenant.
 */
import type { RateDecision, RateLimitPolicy } from "./rateLimit";
import type { Route } from "./router";
import type { ApiRequest, Clock, Reply } from "./types";

/** The records of one emulator: dumped by `GET /_emulator/state` and kept in the data file. */
export interface Store {
  snapshot(): unknown;
  /** Replaces the records with a snapshot read back from the data file. */
  restore(snapshot: unknown): void;
  clear(): void;
}

export interface ServiceContext<S> {
  readonly store: S;
  readonly clock: Clock;
  /** Takes one request from the service's limiter for `key`; always allowed while `rateLimit` is off. */
  rateLimit(key: string): RateDecision;
  /** Milliseconds left in the Universal CRM's "not ready" window; 0 when ready. */
  notReadyMs(): number;
}

export type Handler<S> = (
  req: ApiRequest,
  params: Readonly<Record<string, string>>,
  ctx: ServiceContext<S>,
) => Reply | Promise<Reply>;

/**
 * How a client reaches the emulator with its development credentials, as the provider's
 * environment variables (what a user sets for a real account) and as the headers another
 * client sends. With it, the tests, the bench and the demo point at any emulator without
 * naming it.
 */
export interface DevConfig {
  /** The variables that take the emulator's API base URL (the URL the CLI prints). */
  readonly urlEnv: readonly string[];
  /** The development credentials, by variable. */
  readonly credentials: Readonly<Record<string, string>>;
  /** Other credentials the emulator accepts, by name (e.g. `minted`: a client to mint a token per run); each replaces `credentials`. */
  readonly alternatives?: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /** Settings that spare the provider a discovery request (e.g. a credential id): for runs that count requests. */
  readonly pinned?: Readonly<Record<string, string>>;
  /** The headers another client sends with the development credential (a person's tool, a test's edit by hand). */
  readonly headers: Readonly<Record<string, string>>;
  /**
   * How a record is made by hand through the API: the create request (`POST /people`, its
   * path under the base URL), the headers its body needs besides `headers`, and the id in its answer.
   */
  readonly create: { readonly request: string; readonly headers: Readonly<Record<string, string>>; idOf(created: unknown): string };
  /**
   * Records made with a record (a person's notes): the records under `key` of an input go,
   * after it, to `request` (`{id}`: the new record's id), each with `parentField` set to it.
   */
  readonly children?: { readonly key: string; readonly request: string; readonly parentField: string };
}

export interface ServiceDefinition<S extends Store> {
  /** The service's key in the emulator registry (emulators/index.ts), as the provider's registry names it. */
  readonly name: string;
  /** Human name, printed by the CLI. */
  readonly title: string;
  /** The fixed port of the product brief (`npm run emulators`, the demo); tests use free ports. */
  readonly defaultPort: number;
  /** The API base path under the origin, e.g. `/public-api` ("" for RogerRoger). */
  readonly apiBasePath: string;
  /** The development credential, as the header a client sends (printed by the CLI). */
  readonly credential: string;
  /** More about the development credentials, printed by the CLI under the emulators ({url}: this emulator's base URL). */
  readonly credentialNote?: string;
  readonly devConfig: DevConfig;
  readonly rateLimit: RateLimitPolicy;
  /** Whether `notReadySeconds` exists (Universal CRM). */
  readonly notReadyWindow?: boolean;
  readonly ignoreTrailingSlash?: boolean;
  readonly routes: readonly Route<Handler<S>>[];
  createStore(clock: Clock): S;
  beforeRouting?(req: ApiRequest, ctx: ServiceContext<S>): Reply | undefined;
  /** Authentication and per-tenant checks for a request whose route exists. */
  authorize(req: ApiRequest, ctx: ServiceContext<S>, route: Route<Handler<S>>): Reply | undefined;
  notFound(req: ApiRequest): Reply;
  methodNotAllowed(req: ApiRequest, allow: readonly string[]): Reply;
  /** The service's error answer for a bare status: injected faults and unexpected crashes. */
  errorReply(status: number): Reply;
}

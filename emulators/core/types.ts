import type { IncomingHttpHeaders } from "node:http";

import type { Clock as ProviderClock } from "../../provider/http/clock";

/**
 * Source of the current time in epoch milliseconds; injectable so tests need not sleep. The
 * provider's clock (provider/http/clock.ts), of which the emulators only read the time: one
 * clock abstraction, so a test drives both sides with one `FakeClock`.
 */
export type Clock = Pick<ProviderClock, "now">;

export { systemClock } from "../../provider/http/clock";

/** One API request as the handlers see it: the body is already read, nothing is parsed yet. */
export interface ApiRequest {
  /** Upper-case HTTP method. */
  readonly method: string;
  /** Path and query string exactly as received (still percent-encoded): what the request log shows. */
  readonly rawUrl: string;
  /** The path without the query string, still percent-encoded. */
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
  /** Remote address of the TCP connection (the Rollout limit is keyed by it). */
  readonly clientIp: string;
  /** `http://host:port` as the client addressed us, for absolute links such as `nextLink`. */
  readonly origin: string;
}

/** What a handler answers. `body` is serialized as JSON unless it is a string or a Buffer. */
export interface Reply {
  readonly status: number;
  readonly body?: unknown;
  /** Defaults to `application/json; charset=utf-8` when there is a body. */
  readonly contentType?: string;
  readonly headers?: Readonly<Record<string, string>>;
}

/**
 * Thrown by handlers and validators to stop with a finished answer (a 400, a 404...).
 * The server turns it into the reply; anything else thrown becomes the service's 500.
 */
export class ReplyError extends Error {
  constructor(readonly reply: Reply) {
    super(`HTTP ${reply.status}`);
  }
}

/** Shorthand for a JSON reply. */
export function json(status: number, body: unknown, headers?: Record<string, string>): Reply {
  return { status, body, headers };
}

/**
 * The errors of the HTTP layer, and the readers of the APIs' error text.
 *
 * Like Octokit's RequestError, an ApiError keeps what a user needs to act (service, method,
 * path, status, the API's own words) and builds its message from the API's error body, in
 * each service's shape (the services' API documentation, "Errors"). Credentials never reach a message: the path is
 * ours (credentials travel in headers only), and every text is passed through a Redactor
 * (redact.ts) holding the configured secrets and the auth header values of the client.
 */

import { escapeTerminal, inlineText } from "../../cli/output/terminal";

export { REDACTED, Redactor, redact } from "./redact";

/** What an ApiError is made of. */
export interface ApiErrorDetails {
  service: string;
  method: string;
  /** The request path relative to the base URL, with its query string. */
  path: string;
  /** The HTTP status; 0 when no response was received. */
  status: number;
  /** The API's own error text ('' when there was none). */
  apiMessage: string;
  /** The response body, parsed when it was JSON (redacted). */
  body?: unknown;
  /**
   * True when a request that is not safe to repeat (POST, or a PATCH not marked
   * idempotent) failed in a way that leaves open whether the server applied it: a 5xx or a
   * lost connection. Callers look the record up by its natural key instead of repeating.
   */
  outcomeUnknown?: boolean;
  cause?: unknown;
}

/** Every failure of a service request: an HTTP error status, or no usable response. */
export class ApiError extends Error {
  override name = "ApiError";
  readonly service: string;
  readonly method: string;
  readonly path: string;
  readonly status: number;
  readonly apiMessage: string;
  readonly body: unknown;
  readonly outcomeUnknown: boolean;

  constructor(message: string, details: ApiErrorDetails) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.service = details.service;
    this.method = details.method;
    this.path = details.path;
    this.status = details.status;
    this.apiMessage = details.apiMessage;
    this.body = details.body;
    this.outcomeUnknown = details.outcomeUnknown ?? false;
  }
}

/**
 * A non-idempotent request (POST) whose connection failed after the request may have
 * reached the server. It is never repeated automatically, since that could create a
 * duplicate: the caller looks the record up by its natural key (e.g. Outseta's `?Email=`)
 * and creates it only if it is not there.
 */
export class OutcomeUnknownError extends ApiError {
  override name = "OutcomeUnknownError";
}

/** "rogerroger: PATCH /people/123" */
export function describeRequest(service: string, method: string, path: string): string {
  return `${service}: ${method} ${escapeTerminal(path)}`;
}

/** Ends a sentence with a full stop unless it already ends with punctuation. */
export function sentence(text: string): string {
  const trimmed = text.trim();
  return /[.!?…]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}

/**
 * The message of an HTTP error status, e.g.
 * `rogerroger: PATCH /people/123 failed with 422: familyName: This value should not be blank.`
 * 401 and 403 add what to check, from the service's `credentialsHint`.
 */
export function statusMessage(
  details: Pick<ApiErrorDetails, "service" | "method" | "path" | "status" | "apiMessage">,
  credentialsHint?: string,
): string {
  const head = `${describeRequest(details.service, details.method, details.path)} failed with ${details.status}`;
  let message = details.apiMessage ? sentence(`${head}: ${details.apiMessage}`) : `${head}.`;
  if (details.status === 401 || details.status === 403) {
    const what =
      details.status === 401
        ? `The ${details.service} credentials were refused`
        : `The ${details.service} credentials are not allowed to do this`;
    message += ` ${sentence(credentialsHint ? `${what}; ${credentialsHint}` : what)}`;
  }
  return message;
}

// ---------------------------------------------------------------------------------------
// The API's own error text. Each service's profile brings the parser of its error shape
// (the services' API documentation, "Errors"); these helpers are what those parsers are made of.

/** Reads the API's own error text from a JSON error body, or undefined when the shape is not its own. */
export type ErrorBodyParser = (body: Record<string, unknown>) => string | undefined;

/** A non-blank string, trimmed. */
export const str = (value: unknown): string | undefined =>
  typeof value === "string" && value.trim() !== "" ? value.trim() : undefined;

/** The objects of a list (anything else: none). */
export const records = (value: unknown): Record<string, unknown>[] =>
  Array.isArray(value) ? value.filter((v): v is Record<string, unknown> => typeof v === "object" && v !== null) : [];

/** "propertyPath: message" pairs joined by "; " (empty path: the message alone). */
export function pairs(items: Record<string, unknown>[], pathKey: string, messageKey: string): string | undefined {
  const texts = items
    .map((item) => {
      const message = str(item[messageKey]);
      const path = str(item[pathKey]);
      return message && path ? `${path}: ${message}` : message;
    })
    .filter((t): t is string => t !== undefined);
  return texts.length > 0 ? texts.join("; ") : undefined;
}

/** At most this many characters of a raw (non-JSON or unknown-shape) error body. */
export const MAX_RAW_MESSAGE = 300;

/**
 * The API's error text: the first of `parsers` that knows the body's shape (the client
 * passes the service's own first, then every known shape), then a bounded slice of the raw
 * text (whitespace collapsed), or '' for an empty body. Whoever answers writes this text, and
 * the engine and the CLI print it: control characters are escaped visibly (../../cli/output),
 * so `bad\x1b[31mRED\r` colours nothing and overprints nothing.
 */
export function extractApiMessage(parsers: readonly (ErrorBodyParser | undefined)[], body: unknown, rawText: string): string {
  if (typeof body === "object" && body !== null && !Array.isArray(body)) {
    const b = body as Record<string, unknown>;
    for (const parse of parsers) {
      const found = parse?.(b);
      if (found) return escapeTerminal(found);
    }
  }
  return inlineText(rawText.replace(/\s+/g, " ").trim(), MAX_RAW_MESSAGE + 1);
}

/** A read that answers 404 means "no such record": undefined instead of an error. */
export async function orUndefinedOn404<T>(run: () => Promise<T | undefined>): Promise<T | undefined> {
  try {
    return await run();
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) return undefined;
    throw err;
  }
}

/** A delete that answers 404 found the record already gone: true when removed, false when gone. */
export async function deleted(run: () => Promise<unknown>): Promise<boolean> {
  try {
    await run();
    return true;
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) return false;
    throw err;
  }
}

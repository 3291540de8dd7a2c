/**
 * The errors of the HTTP layer, and the redaction that keeps credentials out of them.
 *
 * Like Octokit's RequestError, an ApiError keeps what a user needs to act (service, method,
 * path, status, the API's own words) and builds its message from the API's error body, in
 * each service's shape (api/*.md, "Errors"). Credentials never reach a message: the path is
 * ours (credentials travel in headers only), and every text is passed through a Redactor
 * (redact.ts) holding the configured secrets and the auth header values of the client.
 */

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
  return `${service}: ${method} ${path}`;
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
// The API's own error text, per service shape (api/*.md, "Errors").

type Extractor = (body: Record<string, unknown>) => string | undefined;

const str = (value: unknown): string | undefined =>
  typeof value === "string" && value.trim() !== "" ? value.trim() : undefined;
const records = (value: unknown): Record<string, unknown>[] =>
  Array.isArray(value) ? value.filter((v): v is Record<string, unknown> => typeof v === "object" && v !== null) : [];

/** "propertyPath: message" pairs joined by "; " (empty path: the message alone). */
function pairs(items: Record<string, unknown>[], pathKey: string, messageKey: string): string | undefined {
  const texts = items
    .map((item) => {
      const message = str(item[messageKey]);
      const path = str(item[pathKey]);
      return message && path ? `${path}: ${message}` : message;
    })
    .filter((t): t is string => t !== undefined);
  return texts.length > 0 ? texts.join("; ") : undefined;
}

// Rollout users API: {"message": "..."} (the emulator's shape; undocumented upstream).
const rollout: Extractor = (b) => str(b.message);

// RogerRoger (API Platform problem+json): violations first, then detail, description,
// hydra:description, message (its authenticator's 401 shape), in that order.
const rogerroger: Extractor = (b) =>
  pairs(records(b.violations), "propertyPath", "message") ??
  str(b.detail) ??
  str(b.description) ??
  str(b["hydra:description"]) ??
  str(b.message) ??
  str(b["hydra:title"]) ??
  str(b.title);

// Outseta (ASP.NET): ErrorMessage plus EntityValidationErrors[].ValidationErrors[], or the
// flat {"ErrorMessage": "...", "PropertyName": "Email"} of its OpenAPI spec (api/outseta.md,
// "Evidence from vendors' code"), or the Web API default {"Message": "..."}. The boilerplate
// pointer to EntityValidationErrors is replaced by the errors themselves.
const outseta: Extractor = (b) => {
  const flat = str(b.PropertyName) !== undefined && str(b.ErrorMessage) !== undefined ? pairs([b], "PropertyName", "ErrorMessage") : undefined;
  if (flat && records(b.EntityValidationErrors).length === 0) return sentence(flat);
  const details = pairs(
    records(b.EntityValidationErrors).flatMap((e) => records(e.ValidationErrors)),
    "PropertyName",
    "ErrorMessage",
  );
  const base = str(b.ErrorMessage)
    ?.replace(/\s*See '?EntityValidationErrors'? property for more details\.?/i, "")
    .replace(/\.$/, "");
  if (base && details) return `${base}: ${details}`;
  return details ?? (base ? sentence(base) : undefined) ?? str(b.Message) ?? str(b.message);
};

// Rollout Universal CRM: {"error": "..."}; some clients also read `message`.
const rolloutCrm: Extractor = (b) => str(b.error) ?? str(b.message) ?? str((b.error as { message?: unknown })?.message);

const byService: Record<string, Extractor> = { rollout, rogerroger, outseta, rolloutCrm };
const anyShape: Extractor = (b) => rogerroger(b) ?? outseta(b) ?? rolloutCrm(b);

/** At most this many characters of a raw (non-JSON or unknown-shape) error body. */
export const MAX_RAW_MESSAGE = 300;

/**
 * The API's error text: the service's known shape first, then any known shape, then a
 * bounded slice of the raw text (whitespace collapsed), or '' for an empty body.
 */
export function extractApiMessage(service: string, body: unknown, rawText: string): string {
  if (typeof body === "object" && body !== null && !Array.isArray(body)) {
    const b = body as Record<string, unknown>;
    const found = (byService[service] ?? anyShape)(b) ?? anyShape(b);
    if (found) return found;
  }
  const raw = rawText.replace(/\s+/g, " ").trim();
  return raw.length > MAX_RAW_MESSAGE ? `${raw.slice(0, MAX_RAW_MESSAGE)}…` : raw;
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

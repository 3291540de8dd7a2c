/**
 * The service client: the one HTTP entry point of the resources. Resource code calls
 * `request()` and gets a parsed body or an ApiError; it never retries or sleeps.
 *
 * Each client composes, over its service's shared keep-alive Agent (registry.ts):
 *
 *     request() --> retry interceptor --> pacing interceptor --> dispatched marker --> Agent (pool per origin)
 *
 * so every attempt, retries included, waits for its slot in the service's process-wide
 * limiter, and the retry rules (retryPolicy.ts) apply uniformly to every service. What
 * differs per service (pacing, retry statuses, error shape, credentials hint) comes in the
 * options, from the service's profile (see plugin/context.ts).
 */
import type { Dispatcher } from "undici";
import type { IncomingHttpHeaders } from "node:http";
import { abandonedError, currentAbortSignal } from "./abort";
import { systemClock, type Clock } from "./clock";
import {
  ApiError,
  OutcomeUnknownError,
  Redactor,
  describeRequest,
  extractApiMessage,
  sentence,
  statusMessage,
  type ErrorBodyParser,
} from "./errors";
import { redactingLogger, stderrLogger, type Logger } from "./logger";
import type { BodyCheck } from "./shape";
import { pacingInterceptor, type PacingConfig } from "./pacing";
import { sharedAgent, sharedLimiter } from "./registry";
import { DeadlineExceeded, NotReadyTimeout, TransportFailure, dispatchedMarker, retryInterceptor } from "./retryInterceptor";
import { DEFAULT_RETRY, classifyNetworkError, isIdempotentMethod, type RetryConfig } from "./retryPolicy";
import { validateBaseUrl } from "./url";

export type HttpMethod = "GET" | "HEAD" | "POST" | "PUT" | "PATCH" | "DELETE";

export type QueryValue = string | number | boolean | undefined | null | ReadonlyArray<string | number | boolean>;

/** The default overall deadline of a request (issue #11: at most 120 s). */
export const DEFAULT_DEADLINE_SECONDS = 120;

/** How a write ended, for the caches of what it touched. */
export type WriteOutcome =
  | { readonly ok: true; readonly status: number; readonly body: unknown }
  /** Failed; `changedNothing(error)` tells a refusal (4xx) from an outcome that may have changed the record. */
  | { readonly ok: false; readonly error: unknown };

/** True when a failed write certainly changed nothing: the service refused it with a 4xx. */
export function changedNothing(outcome: WriteOutcome): boolean {
  if (outcome.ok) return false;
  const status = (outcome.error as { status?: unknown } | undefined)?.status;
  return typeof status === "number" && status >= 400 && status < 500;
}

export interface ServiceClientOptions {
  /** The service name, used in messages and as the default pacing key. */
  service: string;
  /** Base URL including the base path, e.g. `http://127.0.0.1:4101/public-api`. */
  baseUrl: string;
  /** The setting named when `baseUrl` is refused (default `<service>:apiUrl`). */
  baseUrlSetting?: string;
  /** Auth headers of a request; may be async (lazy credential discovery). Called per request. */
  auth: () => Record<string, string> | Promise<Record<string, string>>;
  /** How requests are paced, process-wide. Default `{ kind: "none" }`. */
  pacing?: PacingConfig;
  /** Overrides of the default retry policy (retryPolicy.ts). */
  retry?: Partial<RetryConfig>;
  /** Readers of the API's error text, tried in order: the service's own shape first. */
  errorMessages?: readonly (ErrorBodyParser | undefined)[];
  /**
   * Runs after every attempt of a write (any method but GET/HEAD), success or not, with its
   * outcome: read caches of what the request touched are updated (or, when the outcome may
   * have changed the record without telling how, invalidated) here, in one place.
   */
  onWrite?: (request: ServiceRequest, outcome: WriteOutcome) => void;
  /** Strings to remove from every message and log line (tokens, keys). Auth header values are added automatically. */
  secrets?: ReadonlyArray<string | undefined>;
  /** What to check after a 401/403, e.g. "check rollout:apiToken / ROLLOUT_API_TOKEN". */
  credentialsHint?: string;
  /**
   * The overall deadline of one request, retries included (see retryInterceptor.ts for what
   * it is charged with). Default DEFAULT_DEADLINE_SECONDS; 0 = none.
   */
  deadlineSeconds?: number;
  /** The setting named when the deadline passes (default `<service>:requestTimeoutSeconds`). */
  deadlineSetting?: string;
  clock?: Clock;
  logger?: Logger;
  /** Default `pulumi-rollout-crm`. */
  userAgent?: string;
}

export interface ServiceRequest {
  method: HttpMethod;
  /** Path below the base URL, already percent-encoded, e.g. `/users/a%40b.c`. */
  path: string;
  /** Query parameters; undefined/null values are left out, arrays repeat the key. */
  query?: Record<string, QueryValue>;
  /** JSON-encoded unless it is already a string or bytes. */
  body?: unknown;
  /** Content type of the body. Default `application/json`. */
  contentType?: string;
  /** Default `application/json`. */
  accept?: string;
  /** Safe to repeat after a 5xx or a lost connection. Default: true for GET/HEAD/PUT/DELETE. */
  idempotent?: boolean;
  /** Extra request headers. */
  headers?: Record<string, string>;
  /**
   * The shape a 2xx answer must have before anything uses it (shape.ts): a failure is an
   * ApiError naming the request and what was wrong, never an empty list or "gone".
   */
  expect?: BodyCheck;
}

export interface ServiceResponse<T> {
  status: number;
  headers: IncomingHttpHeaders;
  /** Parsed JSON, the text of a non-JSON body, or undefined when the body is empty (204, empty 200). */
  body: T | undefined;
}

export interface ServiceClient {
  readonly service: string;
  readonly baseUrl: string;
  request<T = unknown>(request: ServiceRequest): Promise<ServiceResponse<T>>;
}

export function createServiceClient(options: ServiceClientOptions): ServiceClient {
  const { service } = options;
  const baseUrl = validateBaseUrl(options.baseUrl, options.baseUrlSetting ?? `${service}:apiUrl`);
  const base = new URL(baseUrl);
  const basePath = base.pathname === "/" ? "" : base.pathname;
  const pacing: PacingConfig = options.pacing ?? { kind: "none" };
  const retry: RetryConfig = { ...DEFAULT_RETRY, ...options.retry };
  const errorMessages = options.errorMessages ?? [];
  const clock = options.clock ?? systemClock;
  const redactor = new Redactor(options.secrets ?? []);
  const redact = (text: string): string => redactor.redact(text);
  const logger = redactingLogger(options.logger ?? stderrLogger, redact);
  const limiter = sharedLimiter(pacing.key ?? service, pacing, clock, baseUrl);
  const deadlineSeconds = options.deadlineSeconds ?? DEFAULT_DEADLINE_SECONDS;
  const deadlineSetting = options.deadlineSetting ?? `${service}:requestTimeoutSeconds`;
  // Built on the first request: a client of a preview that sends none never loads undici (registry.ts).
  let dispatcher: Dispatcher | undefined;
  const dispatcherOnce = (): Dispatcher =>
    (dispatcher ??= sharedAgent(service, base.origin).compose(
      dispatchedMarker(),
      pacingInterceptor(limiter),
      retryInterceptor({
        config: retry,
        clock,
        logger,
        service,
        limiter,
        displayPath: (p) => (p.startsWith(basePath) ? p.slice(basePath.length) : p),
        deadlineMs: deadlineSeconds > 0 ? deadlineSeconds * 1000 : undefined,
      }),
    ));

  async function request<T>(req: ServiceRequest): Promise<ServiceResponse<T>> {
    const method = req.method.toUpperCase() as HttpMethod;
    if (options.onWrite === undefined || method === "GET" || method === "HEAD") return send<T>(req, method);
    let outcome: WriteOutcome = { ok: false, error: undefined };
    try {
      const res = await send<T>(req, method);
      outcome = { ok: true, status: res.status, body: res.body };
      return res;
    } catch (error) {
      outcome = { ok: false, error };
      throw error;
    } finally {
      options.onWrite(req, outcome);
    }
  }

  async function send<T>(req: ServiceRequest, method: HttpMethod): Promise<ServiceResponse<T>> {
    if (!req.path.startsWith("/")) throw new Error(`${service}: request path must start with '/': ${req.path}`);
    const search = queryString(req.query);
    const where = { service, method, path: redact(req.path + search) };
    const idempotent = req.idempotent ?? isIdempotentMethod(method);
    // The stop signal of the operation this request serves (abort.ts): once it fires, nothing more leaves.
    const signal = currentAbortSignal();
    if (signal?.aborted) throw abandonedError(signal, where, false, idempotent);

    const authHeaders = await options.auth();
    if (signal?.aborted) throw abandonedError(signal, where, false, idempotent);
    redactor.addHeaderValues(authHeaders);
    const headers: Record<string, string> = {
      accept: req.accept ?? "application/json",
      "user-agent": options.userAgent ?? "pulumi-rollout-crm",
      ...authHeaders,
      ...req.headers,
    };
    let body: string | Uint8Array | undefined;
    if (req.body !== undefined) {
      headers["content-type"] = req.contentType ?? "application/json";
      body = typeof req.body === "string" || req.body instanceof Uint8Array ? req.body : JSON.stringify(req.body);
    }

    let status: number;
    let responseHeaders: IncomingHttpHeaders;
    let text: string;
    try {
      const res = await dispatcherOnce().request({ origin: base.origin, path: basePath + req.path + search, method, headers, body, idempotent, signal });
      status = res.statusCode;
      responseHeaders = res.headers;
      text = await res.body.text(); // always consume the body
    } catch (err) {
      if (signal?.aborted) throw abandonedError(signal, where, true, idempotent);
      throw transportError(err, where, idempotent);
    }

    const parsed = parseBody(text, responseHeaders, status);
    if (status >= 200 && status < 300) {
      if (parsed.invalidJson) {
        throw new ApiError(`${describeRequest(service, method, where.path)} returned ${status} with a body that is not valid JSON.`, {
          ...where,
          status,
          apiMessage: "",
          body: redact(text.slice(0, 1000)),
        });
      }
      const wrong = req.expect?.({ status, contentType: String(responseHeaders["content-type"] ?? ""), body: parsed.value });
      if (wrong !== undefined) throw unexpectedAnswer(status, wrong, text, parsed.value, where, idempotent);
      return { status, headers: responseHeaders, body: parsed.value as T | undefined };
    }
    throw statusError(status, text, parsed.value, where, idempotent);
  }

  /**
   * A 2xx answer of a shape the code cannot use (issue 22, item 4). A write answered so may
   * have taken effect: unless it was idempotent, its outcome is unknown, so the create looks
   * the record up by its natural key instead of repeating it.
   */
  function unexpectedAnswer(status: number, wrong: string, text: string, value: unknown, where: { service: string; method: string; path: string }, idempotent: boolean): ApiError {
    // A 2xx JSON body may still carry the service's own word (RogerRoger answers a refused key
    // with a 2xx `{"message": "JWT Token not found"}`): quote it, it tells the user the cause.
    const apiMessage = typeof value === "object" && value !== null && !Array.isArray(value) ? extractApiMessage(errorMessages, value, "") : "";
    const said = apiMessage ? ` The service said: ${JSON.stringify(apiMessage)}.` : "";
    const message = `${describeRequest(service, where.method, where.path)} answered ${status} with ${wrong}; the answer was not used.${said}`;
    const details = { ...where, status, apiMessage, body: redact(text.slice(0, 1000)), outcomeUnknown: !idempotent };
    return new (idempotent ? ApiError : OutcomeUnknownError)(redact(message), details);
  }

  /** An ApiError for a non-2xx response (after retries). */
  function statusError(status: number, text: string, value: unknown, where: { service: string; method: string; path: string }, idempotent: boolean): ApiError {
    const safeText = redact(text);
    const safeBody = typeof value === "string" ? safeText : value === undefined ? undefined : parseJsonOr(safeText, safeText);
    const apiMessage = extractApiMessage(errorMessages, safeBody, safeText);
    const details = { ...where, status, apiMessage, body: safeBody, outcomeUnknown: !idempotent && status >= 500 && !retry.rateLimitStatuses.includes(status) };
    return new ApiError(redact(statusMessage(details, options.credentialsHint)), details);
  }

  /** Maps what the dispatcher threw to ApiError / OutcomeUnknownError. */
  function transportError(err: unknown, where: { service: string; method: string; path: string }, idempotent: boolean): ApiError {
    const head = describeRequest(where.service, where.method, where.path);
    if (err instanceof NotReadyTimeout) {
      const statusErr = statusError(err.status, err.bodyText, parseJsonOr(err.bodyText, err.bodyText), where, idempotent);
      const message =
        `${statusErr.message} The CRM's data never became ready within ${retry.notReadyTimeoutSeconds} seconds; ` +
        `try again later, or raise ${retry.notReadySetting}.`;
      return new ApiError(redact(message), { ...where, status: err.status, apiMessage: statusErr.apiMessage, body: statusErr.body });
    }
    if (err instanceof DeadlineExceeded) {
      const what = err.responseStarted ? "the answer started but did not finish" : "no answer came";
      const unknown = !idempotent ? " It may or may not have taken effect, so it was not repeated." : "";
      const message =
        `${head} did not complete within ${deadlineSeconds} s (${what}${err.attempts > 1 ? ` after ${err.attempts} attempts` : ""}), ` +
        `so it was abandoned.${unknown} If the service is only slow, raise ${deadlineSetting} (seconds, default ${DEFAULT_DEADLINE_SECONDS}).`;
      return new (idempotent ? ApiError : OutcomeUnknownError)(redact(message), { ...where, status: 0, apiMessage: "", outcomeUnknown: !idempotent, cause: err });
    }
    const failure = err instanceof TransportFailure ? err : undefined;
    const cause = failure?.error ?? (err instanceof Error ? err : new Error(String(err)));
    const code = (cause as { code?: unknown }).code;
    const reason = redact(typeof code === "string" ? `${code}: ${cause.message}` : cause.message);
    if (failure?.kind === "outcome-unknown") {
      const message =
        `${head}: the connection failed after the request was sent (${reason}), so it may or may not have taken effect. ` +
        `It was not repeated automatically, so that it cannot take effect twice.`;
      return new OutcomeUnknownError(message, { ...where, status: 0, apiMessage: "", outcomeUnknown: true, cause });
    }
    const attempts = failure && failure.attempts > 1 ? ` after ${failure.attempts} attempts` : "";
    return new ApiError(sentence(`${head} failed: no response (${reason})${attempts}`), {
      ...where,
      status: 0,
      apiMessage: "",
      // A refused connection never carried the request; a dropped one may have.
      outcomeUnknown: !idempotent && classifyNetworkError(cause) === "dropped",
      cause,
    });
  }

  return { service, baseUrl, request };
}

/**
 * The record a write answered with, or, when the API answered without a body (some APIs
 * do on PUT/PATCH), the record read again; `gone` is the message when it is not there.
 */
export async function bodyOrRead<T>(res: ServiceResponse<T>, read: () => Promise<T | undefined>, gone: string): Promise<T> {
  if (res.body !== undefined && res.body !== null && res.body !== "") return res.body;
  const record = await read();
  if (record === undefined) throw new Error(gone);
  return record;
}

/** `?a=1&b=x&b=y` from a record; empty string when there is nothing. */
export function queryString(query: Record<string, QueryValue> | undefined): string {
  if (!query) return "";
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null) continue;
    if (Array.isArray(value)) for (const item of value) params.append(key, String(item));
    else params.append(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : "";
}

// JSON, including application/ld+json (RogerRoger) and application/problem+json (errors).
const JSON_TYPE = /^application\/([\w.-]+\+)?json\b/i;

function parseBody(text: string, headers: IncomingHttpHeaders, status: number): { value: unknown; invalidJson: boolean } {
  if (status === 204 || status === 205 || text.trim() === "") return { value: undefined, invalidJson: false };
  const type = String(headers["content-type"] ?? "");
  const looksJson = JSON_TYPE.test(type) || (type === "" && /^\s*[[{]/.test(text));
  if (!looksJson) return { value: text, invalidJson: false };
  try {
    return { value: JSON.parse(text), invalidJson: false };
  } catch {
    return { value: text, invalidJson: true };
  }
}

function parseJsonOr(text: string, fallback: unknown): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return fallback;
  }
}

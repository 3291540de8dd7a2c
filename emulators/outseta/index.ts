/**
 * Emulator of the Outseta REST API v1 (CRM people and accounts), base URL
 * `http://127.0.0.1:4103/api/v1`, credential
 * `Authorization: Outseta dev-outseta-key:dev-outseta-secret`.
 *
 * Pipeline order follows ASP.NET Web API: routing first (404 "No HTTP resource was found",
 * 405 "does not support http method"; a trailing slash is ignored), then the authorization
 * filter (401), then the account's rate limit (429), then the action.
 */
import { STATUS_CODES } from "node:http";
import type { ServiceDefinition } from "../core/service";
import { startService, type RunningService, type ServiceOptions } from "../core/server";
import { frameworkError } from "./errors";
import { routes } from "./routes";
import { OutsetaStore } from "./store";

export const OUTSETA_DEV_KEY = "dev-outseta-key";
export const OUTSETA_DEV_SECRET = "dev-outseta-secret";

/** Over 4 requests/s: 429 without Retry-After (Outseta's API documentation, open question 4). */
const tooManyRequests = frameworkError(429, "API calls quota exceeded! maximum admitted 4 per Second.");

export const outsetaDefinition: ServiceDefinition<OutsetaStore> = {
  name: "outseta",
  title: "Outseta REST API",
  defaultPort: 4103,
  apiBasePath: "/api/v1",
  credential: `Authorization: Outseta ${OUTSETA_DEV_KEY}:${OUTSETA_DEV_SECRET}`,
  devConfig: {
    urlEnv: ["OUTSETA_API_URL"],
    credentials: { OUTSETA_API_KEY: OUTSETA_DEV_KEY, OUTSETA_SECRET_KEY: OUTSETA_DEV_SECRET },
    headers: { authorization: `Outseta ${OUTSETA_DEV_KEY}:${OUTSETA_DEV_SECRET}` },
    create: { request: "POST /crm/people", headers: { "content-type": "application/json" }, idOf: (person) => String((person as { Uid?: unknown })?.Uid) },
  },
  rateLimit: { max: 4, windowMs: 1000, countRejected: false },
  ignoreTrailingSlash: true,
  routes,
  createStore: () => new OutsetaStore(),

  authorize(req, ctx) {
    // The literal scheme word "Outseta", a space, then key:secret (the API's examples).
    if (req.headers.authorization !== `Outseta ${OUTSETA_DEV_KEY}:${OUTSETA_DEV_SECRET}`) {
      return frameworkError(401, "Authorization has been denied for this request.");
    }
    // One emulator is one Outseta account: the limit is shared by all its clients.
    return ctx.rateLimit("account").allowed ? undefined : tooManyRequests;
  },

  notFound: (req) => frameworkError(404, `No HTTP resource was found that matches the request URI '${req.origin}${req.rawUrl}'.`),
  methodNotAllowed: (req, allow) => ({
    ...frameworkError(405, `The requested resource does not support http method '${req.method}'.`),
    headers: { allow: allow.join(", ") },
  }),
  // 500 is Web API's default error text; other statuses would come from IIS or a proxy.
  errorReply: (status) =>
    status === 429 ? tooManyRequests : frameworkError(status, status === 500 ? "An error has occurred." : (STATUS_CODES[status] ?? "Error")),
};

export function startOutsetaEmulator(options?: ServiceOptions): Promise<RunningService> {
  return startService(outsetaDefinition, options);
}

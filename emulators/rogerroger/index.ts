/**
 * Emulator of the RogerRoger CRM API (people and person notes), base URL
 * `http://127.0.0.1:4102`, credential `X-API-KEY: dev-rogerroger-key`.
 *
 * Pipeline order follows Symfony: the router runs before the firewall, so an unknown path
 * is a 404 (405 for a known path with another method, with `Allow`) even without a key;
 * then the API key (401), then the tenant's rate limit (429 + Retry-After), then the
 * operation (404 for an unknown id, then 415/400 from deserialization, then 422).
 */
import type { ServiceDefinition } from "../core/service";
import { startService, type RunningService, type ServiceOptions } from "../core/server";
import { json, type Reply } from "../core/types";
import { routes } from "./routes";
import { problem } from "./errors";
import { RogerRogerStore } from "./store";

export const ROGERROGER_DEV_KEY = "dev-rogerroger-key";

function tooManyRequests(retryAfterMs: number): Reply {
  // Retry-After is in whole seconds (RFC 9110 delay-seconds), rounded up so it is never early.
  return problem(429, "Too Many Requests", { "retry-after": String(Math.ceil(retryAfterMs / 1000)) });
}

export const rogerrogerDefinition: ServiceDefinition<RogerRogerStore> = {
  name: "rogerroger",
  title: "RogerRoger CRM API",
  defaultPort: 4102,
  apiBasePath: "",
  credential: `X-API-KEY: ${ROGERROGER_DEV_KEY}`,
  devConfig: {
    urlEnv: ["ROGERROGER_API_URL"],
    credentials: { ROGERROGER_API_KEY: ROGERROGER_DEV_KEY },
    headers: { "x-api-key": ROGERROGER_DEV_KEY },
    create: {
      request: "POST /people",
      headers: { "content-type": "application/ld+json", accept: "application/ld+json" },
      idOf: (person) => {
        const doc = person as { id?: unknown; "@id"?: unknown };
        return String(doc?.id ?? String(doc?.["@id"]).split("/").pop());
      },
    },
    children: { key: "notes", request: "POST /people/{id}/notes", parentField: "personId" },
  },
  // 20 per minute per tenant, sliding; Symfony's limiter does not count refused requests.
  rateLimit: { max: 20, windowMs: 60_000, countRejected: false },
  routes,
  createStore: () => new RogerRogerStore(),

  authorize(req, ctx) {
    if (req.headers["x-api-key"] !== ROGERROGER_DEV_KEY) {
      // A Symfony authenticator's answer, not API Platform's (RogerRoger's API documentation, open question 3).
      return json(401, { code: 401, message: "Invalid API key." });
    }
    // One emulator is one tenant; every key of a tenant shares the limit.
    const decision = ctx.rateLimit("tenant");
    return decision.allowed ? undefined : tooManyRequests(decision.retryAfterMs);
  },

  notFound: (req) => problem(404, `No route found for "${req.method} ${req.path}"`),
  methodNotAllowed: (req, allow) =>
    problem(405, `No route found for "${req.method} ${req.path}": Method Not Allowed (Allow: ${allow.join(", ")})`, {
      allow: allow.join(", "),
    }),
  errorReply: (status) => (status === 429 ? tooManyRequests(1000) : problem(status)),
};

export function startRogerRogerEmulator(options?: ServiceOptions): Promise<RunningService> {
  return startService(rogerrogerDefinition, options);
}

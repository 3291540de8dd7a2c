/**
 * Emulator of the fixture CRM (test/fixtureService/provider/): base URL
 * `http://127.0.0.1:<port>/v1`, credential `Authorization: Bearer dev-fixture-token`.
 *
 * Checks, in order: route (404/405), token (401), the account's rate limit of 10 requests
 * per second (429 with Retry-After), then the handler.
 */
import type { ServiceDefinition } from "../../../emulators/core/service";
import { startService, type RunningService, type ServiceOptions } from "../../../emulators/core/server";
import { errorReply } from "./errors";
import { routes } from "./routes";
import { FixtureStore } from "./store";

export const FIXTURE_DEV_TOKEN = "dev-fixture-token";

export const fixtureCrmDefinition: ServiceDefinition<FixtureStore> = {
  name: "fixtureCrm",
  title: "fixture CRM API (tests only)",
  defaultPort: 4199,
  apiBasePath: "/v1",
  credential: `Authorization: Bearer ${FIXTURE_DEV_TOKEN}`,
  devConfig: {
    urlEnv: ["FIXTURE_CRM_API_URL"],
    credentials: { FIXTURE_CRM_TOKEN: FIXTURE_DEV_TOKEN },
    headers: { authorization: `Bearer ${FIXTURE_DEV_TOKEN}` },
    create: { request: "POST /contacts", headers: { "content-type": "application/json" }, idOf: (contact) => String((contact as { id?: unknown })?.id) },
  },
  rateLimit: { max: 10, windowMs: 1000, countRejected: false },
  routes,
  createStore: () => new FixtureStore(),

  authorize(req, ctx) {
    if (req.headers.authorization !== `Bearer ${FIXTURE_DEV_TOKEN}`) return errorReply(401, "Invalid or missing bearer token");
    const limit = ctx.rateLimit("account");
    if (!limit.allowed) return errorReply(429, "Too many requests", { "retry-after": String(Math.ceil(limit.retryAfterMs / 1000)) });
    return undefined;
  },

  notFound: (req) => errorReply(404, `Not found: ${req.method} ${req.path}`),
  methodNotAllowed: (req, allow) => errorReply(405, `Method ${req.method} not allowed on ${req.path}`, { allow: allow.join(", ") }),
  errorReply: (status) => errorReply(status),
};

export function startFixtureCrmEmulator(options?: ServiceOptions): Promise<RunningService> {
  return startService(fixtureCrmDefinition, options);
}


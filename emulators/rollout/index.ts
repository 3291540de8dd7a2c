/**
 * Emulator of the Rollout (CloudBees Feature Management) public users API,
 * base URL `http://127.0.0.1:4101/public-api`, credential `Authorization: Bearer dev-rollout-token`.
 */
import { STATUS_CODES } from "node:http";
import type { ServiceDefinition } from "../core/service";
import { startService, type RunningService, type ServiceOptions } from "../core/server";
import { message } from "./errors";
import { routes } from "./routes";
import { UsersStore } from "./store";

export const ROLLOUT_DEV_TOKEN = "dev-rollout-token";

/** Not a registered HTTP status: the documented answer above 1 request/s per IP (the API's examples). */
export const RATE_LIMITED = 555;

export const rolloutDefinition: ServiceDefinition<UsersStore> = {
  name: "rollout",
  title: "Rollout users API",
  defaultPort: 4101,
  apiBasePath: "/public-api",
  credential: `Authorization: Bearer ${ROLLOUT_DEV_TOKEN}`,
  devConfig: {
    urlEnv: ["ROLLOUT_API_URL"],
    credentials: { ROLLOUT_API_TOKEN: ROLLOUT_DEV_TOKEN },
    headers: { authorization: `Bearer ${ROLLOUT_DEV_TOKEN}` },
    // A member is invited (or changed) by PUT; its e-mail is its id.
    create: { request: "PUT /users", headers: { "content-type": "application/json" }, idOf: (user) => String((user as { email?: unknown })?.email) },
  },
  // Refused requests count: the Rollout users API documentation assumes so ("retries must also be paced").
  rateLimit: { max: 1, windowMs: 1000, countRejected: true },
  routes,
  createStore: () => new UsersStore(),

  // The limit is per requester IP, in front of everything: unknown paths and bad tokens
  // use up the second too. No Retry-After: none is documented.
  beforeRouting(req, ctx) {
    const decision = ctx.rateLimit(req.clientIp);
    if (decision.allowed) return undefined;
    return message(RATE_LIMITED, "Rate limit exceeded: 1 request per second per IP address");
  },

  authorize(req) {
    // RFC 7235: the scheme name is case-insensitive.
    const match = /^bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? "");
    return match?.[1] === ROLLOUT_DEV_TOKEN ? undefined : message(401, "Unauthorized");
  },

  notFound: (req) => message(404, `Cannot ${req.method} ${req.path}`),
  methodNotAllowed: (req, allow) => ({
    ...message(405, `Method ${req.method} not allowed on ${req.path}`),
    headers: { allow: allow.join(", ") },
  }),
  errorReply: (status) =>
    message(status, status === RATE_LIMITED ? "Rate limit exceeded" : (STATUS_CODES[status] ?? "Error")),
};

export function startRolloutEmulator(options?: ServiceOptions): Promise<RunningService> {
  return startService(rolloutDefinition, options);
}

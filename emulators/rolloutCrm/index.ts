/**
 * Emulator of the Rollout Universal CRM API (people) and of the credentials lookup, both on
 * one port since the product brief gives one base URL: `http://127.0.0.1:4104/api`. Credential:
 * `Authorization: Bearer dev-rollout-crm-token`, or an HS512 JWT signed with `dev-client-secret`
 * for `iss` = `dev-client`; people calls also need `x-rollout-credential-id: dev-credential`.
 *
 * Checks, in order: route (404/405), token (401), credential id on people calls (400 when
 * missing, 403 when unknown), the tenant's rate limit (429), the "not ready" window on
 * people calls (409, `notReadySeconds`), then the handler.
 */
import { STATUS_CODES } from "node:http";
import type { ServiceDefinition } from "../core/service";
import { startService, type RunningService, type ServiceOptions } from "../core/server";
import { CRM_DEV_CLIENT_ID, CRM_DEV_CLIENT_SECRET, CRM_DEV_TOKEN, verifyBearer } from "./auth";
import { errorReply as error } from "./errors";
import { DEV_CREDENTIAL_ID, routes } from "./routes";
import { CrmStore } from "./store";

export { CRM_DEV_CLIENT_ID, CRM_DEV_CLIENT_SECRET, CRM_DEV_TOKEN } from "./auth";
export { DEV_CREDENTIAL_ID } from "./routes";

export const rolloutCrmDefinition: ServiceDefinition<CrmStore> = {
  name: "rolloutCrm",
  title: "Rollout Universal CRM API",
  defaultPort: 4104,
  apiBasePath: "/api",
  credential: `Authorization: Bearer ${CRM_DEV_TOKEN} + x-rollout-credential-id: ${DEV_CREDENTIAL_ID}`,
  credentialNote: `Universal CRM JWT: HS512, iss "${CRM_DEV_CLIENT_ID}", signed with client secret "${CRM_DEV_CLIENT_SECRET}"; credentials at {url}/credentials`,
  devConfig: {
    // One server answers both the people API and the credentials lookup.
    urlEnv: ["ROLLOUT_CRM_API_URL", "ROLLOUT_CRM_CREDENTIALS_URL"],
    credentials: { ROLLOUT_CRM_AUTH_TOKEN: CRM_DEV_TOKEN },
    alternatives: { minted: { ROLLOUT_CRM_CLIENT_ID: CRM_DEV_CLIENT_ID, ROLLOUT_CRM_CLIENT_SECRET: CRM_DEV_CLIENT_SECRET, ROLLOUT_CRM_USER_ID: "user-1" } },
    pinned: { ROLLOUT_CRM_CREDENTIAL_ID: DEV_CREDENTIAL_ID },
    headers: { authorization: `Bearer ${CRM_DEV_TOKEN}`, "x-rollout-credential-id": DEV_CREDENTIAL_ID },
    create: { request: "POST /people", headers: { "content-type": "application/json" }, idOf: (person) => String((person as { id?: unknown })?.id) },
  },
  // "About 50 requests/second per tenant"; no Retry-After is documented.
  rateLimit: { max: 50, windowMs: 1000, countRejected: false },
  notReadyWindow: true,
  routes,
  createStore: () => new CrmStore(),

  authorize(req, ctx, route) {
    const auth = verifyBearer(req.headers.authorization, ctx.clock.now());
    if (!auth.ok) return error(401, auth.error);
    const people = route.pattern.startsWith("/api/people");
    if (people) {
      const credentialId = req.headers["x-rollout-credential-id"];
      if (credentialId === undefined || credentialId === "") return error(400, "Missing x-rollout-credential-id");
      if (credentialId !== DEV_CREDENTIAL_ID) return error(403, `Invalid credential id ${String(credentialId)}`);
    }
    if (!ctx.rateLimit("tenant").allowed) return error(429, "Too many requests");
    if (people && ctx.notReadyMs() > 0) return error(409, "Data for this credential is not ready yet");
    return undefined;
  },

  notFound: (req) => error(404, `Not found: ${req.method} ${req.path}`),
  methodNotAllowed: (req, allow) => error(405, `Method ${req.method} not allowed on ${req.path}`, { allow: allow.join(", ") }),
  errorReply: (status) => error(status, STATUS_CODES[status] ?? "Error"),
};

export function startRolloutCrmEmulator(options?: ServiceOptions): Promise<RunningService> {
  return startService(rolloutCrmDefinition, options);
}

/**
 * The Rollout users service (the Rollout users API documentation): its settings, HTTP policy and the
 * RolloutUser resource kind. Listed in ../registry.ts.
 */
import { str } from "../http/errors";
import { howToSet, type Setting } from "../plugin/config";
import type { AnyProvider, ServiceProfile } from "../plugin/profile";
import { normalizeEmail } from "../core/check";
import { changedNothing } from "../http/client";
import { ListSnapshot } from "../reads/listSnapshot";
import { RolloutUsersApi } from "./api";
import { rolloutUserProvider } from "./provider";
import type { RolloutService } from "./service";
import { rolloutTeamProvider } from "./team/provider";
import type { ApiUser } from "./types";
import { members } from "./members";
import { presentation } from "./presentation";
import { probe } from "./probe";

export const settings = {
  apiToken: { key: "rollout:apiToken", env: "ROLLOUT_API_TOKEN", secret: true },
  apiUrl: { key: "rollout:apiUrl", env: "ROLLOUT_API_URL", default: "https://x-api.rollout.io/public-api" },
  requestTimeoutSeconds: { key: "rollout:requestTimeoutSeconds", env: "ROLLOUT_REQUEST_TIMEOUT_SECONDS", default: "120" },
  maxApiShare: { key: "rollout:maxApiShare", env: "ROLLOUT_MAX_API_SHARE" },
} satisfies Record<string, Setting>;

/**
 * One RolloutService per provider context; its pacer is process-wide (http/registry.ts):
 * the 1 request/s limit is per client IP, so every RolloutUser of the stack shares it.
 */
export const profile: ServiceProfile<RolloutService> = {
  name: "rollout",
  settings,
  http: {
    // 1 request/s per client IP, paced at 1 start per 1100 ms; 555 means rate limited,
    // request not executed, with no Retry-After, so wait >= 1 s (the API's examples).
    pacing: { kind: "interval", intervalMs: 1100 },
    // The limit `maxApiShare` takes a share of (the pacing above is the default).
    documentedLimit: { requests: 1, perMs: 1000 },
    retry: { rateLimitStatuses: [429, 555], minRateLimitDelayMs: 1000 },
    // {"message": "..."} (the emulator's shape; undocumented upstream).
    errorMessage: (b) => str(b.message),
  },
  credentialsHint: howToSet(settings.apiToken),
  connect({ config, client, run }) {
    const token = config.credential(settings.apiToken, "The Rollout API token");
    const baseUrl = config.url(settings.apiUrl, "The Rollout API URL");
    const api = new RolloutUsersApi(
      client({
        baseUrl,
        auth: () => ({ authorization: `Bearer ${token}` }),
        secrets: [token],
        // Writes update the list instead of discarding it (issue #14, item 1): later reads and
        // the existence checks of creates stay right without a new `GET /users`.
        onWrite: (req, outcome) => {
          const member = /^\/users\/([^/?]+)/.exec(req.path);
          const status = outcome.ok ? outcome.status : (outcome.error as { status?: unknown })?.status;
          if (req.method === "DELETE" && member && (outcome.ok || status === 404)) snapshot.remove(normalizeEmail(decodeURIComponent(member[1])));
          else if (outcome.ok && isUser(outcome.body)) snapshot.put(normalizeEmail(outcome.body.email), outcome.body);
          else if (!changedNothing(outcome)) snapshot.invalidate();
        },
      }),
    );
    const snapshot = new ListSnapshot<ApiUser>(async () => {
      const users = await api.listUsers();
      return new Map(users.map((u) => [normalizeEmail(u.email), u]));
    }, { run });
    return { api, snapshot };
  },
  presentation,
  probe,
  members,
  resources: {
    "rollout:User": (context) => rolloutUserProvider(context, profile) as AnyProvider,
    "rollout:Team": (context) => rolloutTeamProvider(context, profile) as AnyProvider,
  },
};

function isUser(body: unknown): body is ApiUser {
  return typeof body === "object" && body !== null && typeof (body as { email?: unknown }).email === "string";
}

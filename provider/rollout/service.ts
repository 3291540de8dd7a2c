import { howToSet, readSeconds, requireBaseUrl, requireSetting, settings } from "../config";
import { ListSnapshot } from "../core/listSnapshot";
import { createServiceClient } from "../http/client";
import { RolloutUsersApi } from "./api";
import { normalizeEmail } from "./mapping";
import type { ApiUser } from "./types";

export interface RolloutService {
  api: RolloutUsersApi;
  /** Reads served from one `GET /users`, invalidated by every write. */
  snapshot: ListSnapshot<ApiUser>;
}

let service: RolloutService | undefined;

/**
 * The Rollout users service of this process, built on first use from the recorded
 * config. One instance per process: the 1 request/s limit is per client IP, so every
 * RolloutUser of the stack must share one pacer.
 */
export function rolloutService(): RolloutService {
  if (service) return service;
  const token = requireSetting(settings.rolloutApiToken, "The Rollout API token");
  const baseUrl = requireBaseUrl(settings.rolloutApiUrl, "The Rollout API URL");
  const client = createServiceClient({
    service: "rollout",
    baseUrl,
    auth: () => ({ authorization: `Bearer ${token}` }),
    secrets: [token],
    credentialsHint: howToSet(settings.rolloutApiToken),
    pacing: { kind: "interval", intervalMs: 1100 },
    deadlineSeconds: readSeconds(settings.rolloutRequestTimeoutSeconds),
    deadlineSetting: settings.rolloutRequestTimeoutSeconds.key,
  });
  const api = new RolloutUsersApi(client, () => snapshot.invalidate());
  const snapshot = new ListSnapshot<ApiUser>(async () => {
    const users = await api.listUsers();
    return new Map(users.map((u) => [normalizeEmail(u.email), u]));
  });
  service = { api, snapshot };
  return service;
}

/** Test hook: forget the service so the next use rebuilds it from config. */
export function resetRolloutServiceForTests(): void {
  service = undefined;
}

/**
 * Per-service HTTP policy, in one place (api/*.md, "Rate limits and retry hints"):
 *
 * | service    | documented limit                   | paced at                     | "not executed" answers     |
 * |------------|------------------------------------|------------------------------|----------------------------|
 * | rollout    | 1 request/s per client IP          | 1 start per 1100 ms          | 555 (no Retry-After), 429  |
 * | rogerroger | 20/min per tenant, sliding window  | 18 per sliding 60 s          | 429 with Retry-After       |
 * | outseta    | 4/s with API-key auth              | 4 per sliding 1250 ms (3.2/s) | 429                        |
 * | rolloutCrm | about 50/s per tenant              | 40 per sliding 1 s           | 429; 409 while not ready   |
 *
 * The margins absorb network jitter between our start times and the server's arrival
 * times, and other clients of the same tenant. The Universal CRM's people and credentials
 * hosts share one key: the limit is per tenant.
 */
import type { PacingConfig } from "./pacing";
import type { RetryConfig } from "./retryPolicy";

export type ServiceName = "rollout" | "rogerroger" | "outseta" | "rolloutCrm";

export interface ServicePreset {
  pacing: PacingConfig;
  retry: Partial<RetryConfig>;
}

export const SERVICE_PRESETS: Record<ServiceName, ServicePreset> = {
  rollout: {
    pacing: { kind: "interval", intervalMs: 1100 },
    // 555: rate limited, request not executed; no Retry-After, so wait >= 1 s (seed 003).
    retry: { rateLimitStatuses: [429, 555], minRateLimitDelayMs: 1000 },
  },
  rogerroger: {
    pacing: { kind: "window", limit: 18, windowMs: 60_000 },
    retry: { rateLimitStatuses: [429] },
  },
  outseta: {
    pacing: { kind: "window", limit: 4, windowMs: 1250 },
    retry: { rateLimitStatuses: [429] },
  },
  rolloutCrm: {
    pacing: { kind: "window", limit: 40, windowMs: 1000 },
    retry: { rateLimitStatuses: [429], notReadyOn409: true },
  },
};

export function isServiceName(name: string): name is ServiceName {
  return Object.prototype.hasOwnProperty.call(SERVICE_PRESETS, name);
}

/**
 * Sliding-log rate limiter: at most `max` requests per key in any window of `windowMs`.
 *
 * One mechanism covers the four documented limits; the policy (key, size, whether refused
 * requests count) belongs to each service:
 * - Rollout: 1 per 1000 ms per client IP, and refused requests count too (the Rollout users API documentation
 *   assumes they do, so a client hammering at 2/s never gets through until it slows down);
 * - RogerRoger: 20 per 60 s per tenant, a sliding window; Symfony's RateLimiter does not
 *   record a refused `consume()`, so refused requests do not count;
 * - Outseta: 4 per second per account; Universal CRM: about 50 per second per tenant.
 */
import type { Clock } from "./types";

export interface RateLimitPolicy {
  readonly max: number;
  readonly windowMs: number;
  /** Whether a refused request is recorded as a hit (it then prolongs the refusal). */
  readonly countRejected: boolean;
}

export type RateDecision = { readonly allowed: true } | { readonly allowed: false; readonly retryAfterMs: number };

export class SlidingWindowLimiter {
  /** Per key, the arrival times of the recorded hits inside the current window, oldest first. */
  private readonly hits = new Map<string, number[]>();

  constructor(private readonly clock: Clock) {}

  take(key: string, policy: RateLimitPolicy): RateDecision {
    const now = this.clock.now();
    const since = now - policy.windowMs;
    const recent = (this.hits.get(key) ?? []).filter((t) => t > since);
    this.hits.set(key, recent);
    if (recent.length < policy.max) {
      recent.push(now);
      return { allowed: true };
    }
    if (policy.countRejected) recent.push(now);
    // The oldest hit that must leave the window before one more request fits.
    const oldest = recent[recent.length - policy.max];
    return { allowed: false, retryAfterMs: Math.max(1, oldest + policy.windowMs - now) };
  }

  reset(): void {
    this.hits.clear();
  }
}

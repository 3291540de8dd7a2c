/**
 * Emulator settings (`GET`/`PUT /_emulator/settings`). A PUT changes only the keys it sends.
 *
 * - `rateLimit` (boolean, default true): the service's documented rate limit on or off.
 * - `rateLimitMax`, `rateLimitWindowMs` (additions of ours): the limit's size, so tests can
 *   shrink RogerRoger's 20-per-60-s window to e.g. 20 per 500 ms instead of waiting a
 *   minute. Defaults: the documented limit of each service.
 * - `notReadySeconds` (Universal CRM only): the people endpoints answer 409 for the next n
 *   seconds from the moment of the PUT. Reading the settings shows the seconds left.
 * - `notReadyStartsOnFirstCall` (Universal CRM only, with `notReadySeconds`): the window starts
 *   at the first people call after the PUT instead of at the PUT. The API reference says the
 *   data is not ready "for a fresh credential", i.e. counted from when the credential is first
 *   used; this lets an end-to-end test meet the window however long the engine takes to start.
 */
import { isPlainObject } from "./body";
import type { RateLimitPolicy } from "./rateLimit";

export interface Settings {
  readonly rateLimit: boolean;
  readonly rateLimitMax: number;
  readonly rateLimitWindowMs: number;
  /** Epoch ms until which the Universal CRM answers 409 (0 = ready). */
  readonly notReadyUntil: number;
  /** A window armed to start at the next people call, in ms (0 = none armed). */
  readonly notReadyArmedMs: number;
}

export function defaultSettings(policy: RateLimitPolicy): Settings {
  return { rateLimit: true, rateLimitMax: policy.max, rateLimitWindowMs: policy.windowMs, notReadyUntil: 0, notReadyArmedMs: 0 };
}

/** Applies a PUT body to `current`; answers the new settings or a message for a 400. */
export function updateSettings(
  current: Settings,
  input: unknown,
  now: number,
  supportsNotReady: boolean,
): Settings | string {
  if (!isPlainObject(input)) return "settings must be a JSON object";
  const known = ["rateLimit", "rateLimitMax", "rateLimitWindowMs", ...(supportsNotReady ? ["notReadySeconds", "notReadyStartsOnFirstCall"] : [])];
  const unknown = Object.keys(input).filter((key) => !known.includes(key));
  if (unknown.length > 0) {
    const hint = unknown.some((key) => key.startsWith("notReady")) ? " (notReadySeconds exists only on the Universal CRM emulator)" : "";
    return `unknown setting(s): ${unknown.join(", ")}${hint}; known here: ${known.join(", ")}`;
  }
  const { rateLimit, rateLimitMax, rateLimitWindowMs, notReadySeconds, notReadyStartsOnFirstCall } = input;
  if (rateLimit !== undefined && typeof rateLimit !== "boolean") return "rateLimit must be a boolean";
  if (rateLimitMax !== undefined && !(Number.isInteger(rateLimitMax) && (rateLimitMax as number) >= 1)) {
    return "rateLimitMax must be an integer >= 1";
  }
  if (rateLimitWindowMs !== undefined && !(typeof rateLimitWindowMs === "number" && rateLimitWindowMs > 0)) {
    return "rateLimitWindowMs must be a number > 0";
  }
  if (notReadySeconds !== undefined && !(typeof notReadySeconds === "number" && notReadySeconds >= 0)) {
    return "notReadySeconds must be a number >= 0";
  }
  if (notReadyStartsOnFirstCall !== undefined && typeof notReadyStartsOnFirstCall !== "boolean") {
    return "notReadyStartsOnFirstCall must be a boolean";
  }
  if (notReadyStartsOnFirstCall !== undefined && notReadySeconds === undefined) {
    return "notReadyStartsOnFirstCall needs notReadySeconds in the same request";
  }
  const armed = notReadyStartsOnFirstCall === true && notReadySeconds !== undefined;
  return {
    rateLimit: rateLimit ?? current.rateLimit,
    rateLimitMax: (rateLimitMax as number | undefined) ?? current.rateLimitMax,
    rateLimitWindowMs: rateLimitWindowMs ?? current.rateLimitWindowMs,
    notReadyUntil: notReadySeconds === undefined ? current.notReadyUntil : armed ? 0 : now + notReadySeconds * 1000,
    notReadyArmedMs: notReadySeconds === undefined ? current.notReadyArmedMs : armed ? notReadySeconds * 1000 : 0,
  };
}

/** The settings as the admin API shows them. */
export function settingsView(settings: Settings, now: number, supportsNotReady: boolean): Record<string, unknown> {
  const view: Record<string, unknown> = {
    rateLimit: settings.rateLimit,
    rateLimitMax: settings.rateLimitMax,
    rateLimitWindowMs: settings.rateLimitWindowMs,
  };
  if (supportsNotReady) {
    view.notReadySeconds = (settings.notReadyArmedMs || Math.max(0, settings.notReadyUntil - now)) / 1000;
    view.notReadyStartsOnFirstCall = settings.notReadyArmedMs > 0;
  }
  return view;
}

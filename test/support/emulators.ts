/**
 * The emulators as tests use them: the one admin client (exported by emulators/, PRODUCT.md
 * "Local emulators"), its one log-entry type, hand edits through the normal API, request
 * counting, and a manual clock for rate-limit windows so no test sleeps for a minute.
 */
import { expect } from "vitest";
import { EmulatorAdmin, startEmulators, type RequestLogEntry, type RunningEmulators } from "../../emulators";

export { EmulatorAdmin, startEmulators };
export type { RequestLogEntry, RunningEmulators };

/** Requests logged since `since` (an index into the log), for counting what one operation sent. */
export async function requestsSince(admin: EmulatorAdmin, since: number): Promise<RequestLogEntry[]> {
  return (await admin.requests()).slice(since);
}

export function count(requests: RequestLogEntry[], method: string, pathPrefix = ""): number {
  return requests.filter((r) => r.method === method && r.path.startsWith(pathPrefix)).length;
}

/** A request through the normal API, as another client (a person in the CRM's UI) makes it. */
export async function byHand(url: string, method: string, headers: Record<string, string>, body?: unknown): Promise<any> {
  const res = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  expect(res.status, `${method} ${url}: ${text}`).toBeLessThan(300);
  return text ? JSON.parse(text) : undefined;
}

/** A clock the test moves by hand. */
export function manualClock(start = Date.UTC(2025, 0, 1)) {
  let now = start;
  return {
    now: () => now,
    advance: (ms: number) => {
      now += ms;
    },
  };
}

/** Collects the emulators' loud messages instead of printing them. */
export function logCollector() {
  const lines: string[] = [];
  return { lines, log: (line: string) => lines.push(line) };
}

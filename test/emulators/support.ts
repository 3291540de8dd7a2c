/**
 * Helpers shared by the emulator conformance tests: the admin API of PRODUCT.md ("Local
 * emulators") and a manual clock for rate-limit windows, so no test sleeps for a minute.
 */
import { expect } from "vitest";

export interface RequestLogEntry {
  method: string;
  path: string;
  status: number;
  durationMs: number;
}

export function admin(adminUrl: string) {
  const call = async (method: string, path: string, body?: unknown): Promise<Response> =>
    fetch(`${adminUrl}/${path}`, {
      method,
      headers: body === undefined ? {} : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  const ok = async (method: string, path: string, body?: unknown): Promise<unknown> => {
    const res = await call(method, path, body);
    expect(res.status, `${method} ${path}: ${await res.clone().text()}`).toBeLessThan(300);
    return res.status === 204 ? undefined : res.json();
  };
  return {
    call,
    reset: () => ok("POST", "reset"),
    settings: (body: Record<string, unknown>) => ok("PUT", "settings", body),
    faults: (body: Record<string, unknown>) => ok("PUT", "faults", body),
    requests: async () => (await ok("GET", "requests")) as RequestLogEntry[],
    state: async () => (await ok("GET", "state")) as Record<string, unknown[]>,
  };
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

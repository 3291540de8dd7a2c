/**
 * Test support for the provider-level CRM tests: the emulators' admin API (PRODUCT.md,
 * "Local emulators") and hand edits through the normal API with the development credential.
 */
import { expect } from "vitest";

export interface LoggedRequest {
  method: string;
  path: string;
  status: number;
}

export function adminOf(adminUrl: string) {
  const call = async (method: string, path: string, body?: unknown): Promise<unknown> => {
    const res = await fetch(`${adminUrl}/${path}`, {
      method,
      headers: body === undefined ? {} : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    expect(res.status, `${method} ${path}: ${text}`).toBeLessThan(300);
    return text ? JSON.parse(text) : undefined;
  };
  let mark = 0;
  const requests = async (): Promise<LoggedRequest[]> => ((await call("GET", "requests")) as LoggedRequest[]).map(({ method, path, status }) => ({ method, path, status }));
  return {
    /** Empties the emulator and turns its rate limit off (tests that want it turn it back on). */
    async reset(): Promise<void> {
      await call("POST", "reset");
      await call("PUT", "settings", { rateLimit: false });
      mark = 0;
    },
    settings: (body: Record<string, unknown>) => call("PUT", "settings", body),
    faults: (body: Record<string, unknown>) => call("PUT", "faults", body),
    state: async () => (await call("GET", "state")) as Record<string, any[]>,
    requests,
    /** The API requests received since the previous call (or the reset). */
    async since(): Promise<string[]> {
      const all = await requests();
      const fresh = all.slice(mark);
      mark = all.length;
      return fresh.map((r) => `${r.method} ${r.path} ${r.status}`);
    },
  };
}

/** A request through the normal API, as another client (a person in the CRM's UI) makes it. */
export async function byHand(url: string, method: string, headers: Record<string, string>, body?: unknown): Promise<any> {
  const res = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  expect(res.status, `${method} ${url}: ${text}`).toBeLessThan(300);
  return text ? JSON.parse(text) : undefined;
}

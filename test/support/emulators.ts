/**
 * The emulators as tests use them: the one admin client (exported by emulators/, PRODUCT.md
 * "Local emulators"), its one log-entry type, hand edits through the normal API, request
 * counting, and a manual clock (the provider's FakeClock) for rate-limit windows so no test
 * sleeps for a minute.
 */
import { afterAll, beforeAll, beforeEach, expect } from "vitest";
import { EmulatorAdmin, startEmulators, type RequestLogEntry, type RunningEmulators, type RunningService, type ServiceOptions } from "../../emulators";
import { FakeClock } from "../../provider/http/clock";
import { resetSharedHttp } from "../../provider/http/registry";

export { EmulatorAdmin, startEmulators };
export type { RequestLogEntry, RunningEmulators };

/**
 * One emulator for a test file: started before its tests, emptied before each (rate limit
 * off: these tests count requests, not waits), stopped after them, with the process's HTTP
 * pools. Call it first, so its reset runs before the file's own `beforeEach`.
 */
export function emulatorPerFile(start: (options: ServiceOptions) => Promise<RunningService>): { readonly emu: RunningService; readonly admin: EmulatorAdmin } {
  let emu: RunningService | undefined;
  let admin: EmulatorAdmin | undefined;
  beforeAll(async () => {
    emu = await start({ log: () => {} });
    admin = new EmulatorAdmin(emu.adminUrl);
  });
  afterAll(async () => {
    await emu?.stop();
    await resetSharedHttp();
  });
  beforeEach(async () => {
    await admin!.reset({ rateLimit: false });
  });
  return {
    get emu() {
      return emu!;
    },
    get admin() {
      return admin!;
    },
  };
}

/** Requests logged since `since` (an index into the log), for counting what one operation sent. */
export async function requestsSince(admin: EmulatorAdmin, since: number): Promise<RequestLogEntry[]> {
  return (await admin.requests()).slice(since);
}

export function count(requests: RequestLogEntry[], method: string, pathPrefix = ""): number {
  return requests.filter((r) => r.method === method && r.path.startsWith(pathPrefix)).length;
}

/**
 * A request through the normal API, as another client (a person in the CRM's UI) makes it.
 * Such a client shares the service's rate limit with the provider but not its pacing, so a
 * 429/555 (refused, not executed) right after a provider command is waited out and sent
 * again, as any polite client does.
 */
export async function byHand(url: string, method: string, headers: Record<string, string>, body?: unknown): Promise<any> {
  for (let attempt = 1; ; attempt++) {
    const res = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.text();
    if ((res.status === 429 || res.status === 555) && attempt < 10) {
      const seconds = Number(res.headers.get("retry-after"));
      await new Promise((resolve) => setTimeout(resolve, Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 1_100));
      continue;
    }
    expect(res.status, `${method} ${url}: ${text}`).toBeLessThan(300);
    return text ? JSON.parse(text) : undefined;
  }
}

/** A clock the test moves by hand (`advance`): the provider's FakeClock, from a fixed start. */
export function manualClock(start = Date.UTC(2025, 0, 1)): FakeClock {
  return new FakeClock(start);
}

/** Collects the emulators' loud messages instead of printing them. */
export function logCollector() {
  const lines: string[] = [];
  return { lines, log: (line: string) => lines.push(line) };
}

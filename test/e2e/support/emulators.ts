/** Test-side access to the emulators' admin API (PRODUCT.md, "Local emulators"). */
import { startEmulators, type RunningEmulators } from "../../../emulators";

export type { RunningEmulators };
export { startEmulators };

export interface LoggedRequest {
  method: string;
  path: string;
  status: number;
  durationMs: number;
}

export class EmulatorAdmin {
  constructor(readonly adminUrl: string) {}

  private async call(method: string, path: string, body?: unknown): Promise<any> {
    const res = await fetch(`${this.adminUrl}${path}`, {
      method,
      headers: body === undefined ? {} : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`emulator admin ${method} ${path}: ${res.status} ${text}`);
    return text ? JSON.parse(text) : undefined;
  }

  reset(): Promise<void> {
    return this.call("POST", "/reset");
  }
  requests(): Promise<LoggedRequest[]> {
    return this.call("GET", "/requests");
  }
  state(): Promise<any> {
    return this.call("GET", "/state");
  }
  settings(settings: Record<string, unknown>): Promise<void> {
    return this.call("PUT", "/settings", settings);
  }
  faults(faults: Record<string, unknown>): Promise<void> {
    return this.call("PUT", "/faults", faults);
  }
}

/** Requests logged since `since` (an index into the log), for counting what one operation sent. */
export async function requestsSince(admin: EmulatorAdmin, since: number): Promise<LoggedRequest[]> {
  return (await admin.requests()).slice(since);
}

export function count(requests: LoggedRequest[], method: string, pathPrefix = ""): number {
  return requests.filter((r) => r.method === method && r.path.startsWith(pathPrefix)).length;
}

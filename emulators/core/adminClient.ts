/**
 * A client of the emulators' admin API (the product brief, "Local emulators"; served by admin.ts):
 * the one the tests, the demo and the benchmark use to reset an emulator, change its
 * settings and faults, and read its request log and records.
 */
import type { RequestLogEntry } from "./runtime";

export class EmulatorAdmin {
  private mark = 0;

  /** `adminUrl`: `http://127.0.0.1:PORT/_emulator`, as `RunningService.adminUrl` gives it. */
  constructor(readonly adminUrl: string) {}

  /** One admin request, answered as it is (tests of the admin API itself). */
  async call(method: string, path: string, body?: unknown): Promise<Response> {
    const send = () =>
      fetch(`${this.adminUrl}/${path.replace(/^\//, "")}`, {
        method,
        headers: body === undefined ? {} : { "content-type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    try {
      return await send();
    } catch (err) {
      // A caller that blocked its event loop (a synchronous child process) past the server's
      // keep-alive timeout sends on a connection the emulator has closed meanwhile, and gets a
      // reset with no answer. Every admin request is idempotent: sent again, once, on a new one.
      if (!connectionLost(err)) throw err;
      return send();
    }
  }

  /** An admin request that must succeed; its JSON answer (undefined for none). */
  private async ok(method: string, path: string, body?: unknown): Promise<any> {
    const res = await this.call(method, path, body);
    const text = await res.text();
    if (!res.ok) throw new Error(`emulator admin ${method} ${path}: ${res.status} ${text}`);
    return text ? JSON.parse(text) : undefined;
  }

  /** Empties the emulator (records, request log, settings, faults); then applies `settings`, if given. */
  async reset(settings?: Record<string, unknown>): Promise<void> {
    await this.ok("POST", "reset");
    if (settings) await this.settings(settings);
    this.mark = 0;
  }

  settings(settings: Record<string, unknown>): Promise<Record<string, unknown>> {
    return this.ok("PUT", "settings", settings);
  }

  faults(faults: Record<string, unknown>): Promise<Record<string, unknown>> {
    return this.ok("PUT", "faults", faults);
  }

  /** The request log: every API request answered since the last reset, in order. */
  requests(): Promise<RequestLogEntry[]> {
    return this.ok("GET", "requests");
  }

  /** The records, by collection. */
  state(): Promise<Record<string, any[]>> {
    return this.ok("GET", "state");
  }

  /** The API requests answered since the previous call (or the reset), as "METHOD path status". */
  async since(): Promise<string[]> {
    const all = await this.requests();
    const fresh = all.slice(this.mark);
    this.mark = all.length;
    return fresh.map((r) => `${r.method} ${r.path} ${r.status}`);
  }
}

/** A request that failed on its connection (reset or closed) before any answer came. */
function connectionLost(err: unknown): boolean {
  const code = (err as { cause?: { code?: unknown } })?.cause?.code;
  return err instanceof TypeError && typeof code === "string" && ["ECONNRESET", "EPIPE", "UND_ERR_SOCKET"].includes(code);
}

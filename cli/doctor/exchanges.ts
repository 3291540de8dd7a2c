/**
 * What `doctor` sees of each request the provider's own read paths send: a wrapper over the
 * service clients (ProviderContext's `wrapClient`), so the checks look at the raw answers
 * (status, content type, headers, body) that the API methods normalise away.
 */
import type { IncomingHttpHeaders } from "node:http";
import type { ServiceClient, ServiceRequest } from "../../provider/http/client";

export interface Exchange {
  readonly service: string;
  /** The client's base URL: tells the Universal CRM's two hosts apart. */
  readonly baseUrl: string;
  readonly method: string;
  readonly path: string;
  /** 0 when the request failed (see `error`). */
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: unknown;
  /** What the client threw (already redacted by the HTTP layer). */
  readonly error?: unknown;
  /** When the answer arrived on this machine's clock, for the skew against its `Date`. */
  readonly receivedAt: number;
}

/** Records every exchange of every client it wraps, in order. */
export class ExchangeLog {
  readonly all: Exchange[] = [];

  wrap = (client: ServiceClient): ServiceClient => ({
    service: client.service,
    baseUrl: client.baseUrl,
    request: async <T>(req: ServiceRequest) => {
      const base = { service: client.service, baseUrl: client.baseUrl, method: req.method, path: req.path };
      try {
        const res = await client.request<T>(req);
        this.all.push({ ...base, status: res.status, headers: res.headers, body: res.body, receivedAt: Date.now() });
        return res;
      } catch (error) {
        const status = (error as { status?: unknown }).status;
        this.all.push({ ...base, status: typeof status === "number" ? status : 0, headers: {}, body: undefined, error, receivedAt: Date.now() });
        throw error;
      }
    },
  });

  of(service: string): Exchange[] {
    return this.all.filter((e) => e.service === service);
  }
}

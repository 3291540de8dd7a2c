/**
 * The real `node:http` server around one emulator runtime: reads the body, routes admin
 * requests, applies injected faults and latency, logs each API request exactly once, and
 * writes the reply.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { handleAdmin, isAdminPath } from "./admin";
import { EmulatorRuntime, PENDING, type RequestLogEntry, type RuntimeOptions } from "./runtime";
import type { DevConfig, ServiceDefinition, Store } from "./service";
import type { ApiRequest, Reply } from "./types";

/** Requests above this size are refused with 413 before any handler sees them. */
const MAX_BODY_BYTES = 1024 * 1024;

export interface ServiceOptions extends RuntimeOptions {
  /** Interface to listen on; default `127.0.0.1` (loopback only). */
  readonly host?: string;
  /** Port; 0 (the default) picks a free one. */
  readonly port?: number;
}

export interface RunningService {
  /** The definition's name, e.g. "rollout". */
  readonly name: string;
  /** Human name, e.g. "Rollout users API". */
  readonly title: string;
  readonly port: number;
  /** `http://127.0.0.1:PORT` */
  readonly origin: string;
  /** The API base URL of the product brief, e.g. `http://127.0.0.1:PORT/public-api`. */
  readonly url: string;
  /** `http://127.0.0.1:PORT/_emulator` */
  readonly adminUrl: string;
  /** The development credential header, e.g. `X-API-KEY: dev-rogerroger-key`. */
  readonly credential: string;
  /** More about the development credentials, for the CLI ({url} replaced). */
  readonly credentialNote?: string;
  /** How a client reaches it with the development credentials (core/service.ts). */
  readonly devConfig: DevConfig;
  stop(): Promise<void>;
}

class BodyTooLarge extends Error {}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new BodyTooLarge();
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function send(res: ServerResponse, reply: Reply): void {
  const headers: Record<string, string | number> = { ...reply.headers };
  let payload: Buffer | undefined;
  if (reply.body !== undefined) {
    const { body } = reply;
    payload = Buffer.isBuffer(body) ? body : Buffer.from(typeof body === "string" ? body : JSON.stringify(body));
    headers["content-type"] = reply.contentType ?? "application/json; charset=utf-8";
  }
  // RFC 9110 8.6: no Content-Length on 204 (and 1xx) answers.
  if (reply.status !== 204) headers["content-length"] = payload?.length ?? 0;
  res.writeHead(reply.status, headers);
  res.end(payload);
}

function toApiRequest(req: IncomingMessage, body: Buffer, fallbackHost: string): ApiRequest {
  const rawUrl = req.url ?? "/";
  const q = rawUrl.indexOf("?");
  const ip = req.socket.remoteAddress ?? "unknown";
  return {
    method: (req.method ?? "GET").toUpperCase(),
    rawUrl,
    path: q === -1 ? rawUrl : rawUrl.slice(0, q),
    query: new URLSearchParams(q === -1 ? "" : rawUrl.slice(q + 1)),
    headers: req.headers,
    body,
    clientIp: ip.startsWith("::ffff:") ? ip.slice(7) : ip,
    origin: `http://${req.headers.host ?? fallbackHost}`,
  };
}

async function handle<S extends Store>(
  runtime: EmulatorRuntime<S>,
  req: IncomingMessage,
  res: ServerResponse,
  host: string,
): Promise<void> {
  const started = performance.now();
  const rawUrl = req.url ?? "/";
  const admin = isAdminPath(rawUrl.split("?")[0]);
  // Pushed on arrival so the log keeps arrival order; listed once the answer is settled.
  const entry: RequestLogEntry = { method: req.method ?? "GET", path: rawUrl, status: PENDING, durationMs: 0 };
  if (!admin) runtime.requestLog.push(entry);
  const settle = (status: number): void => {
    entry.status = status;
    entry.durationMs = Math.round((performance.now() - started) * 10) / 10;
  };
  const drop = (): void => {
    settle(0);
    res.socket?.destroy();
  };
  // A client that gives up before the answer also leaves a status-0 line, never none.
  res.once("close", () => {
    if (entry.status === PENDING) settle(0);
  });

  let body: Buffer;
  try {
    body = await readBody(req);
  } catch (error) {
    // Otherwise the client went away mid-body: the "close" handler logs it with status 0.
    if (!(error instanceof BodyTooLarge)) return;
    const reply = runtime.definition.errorReply(413);
    settle(reply.status);
    return send(res, reply);
  }
  const apiReq = toApiRequest(req, body, host);
  if (admin) return send(res, handleAdmin(apiReq, runtime));

  const latency = runtime.faults.latencyFor(apiReq.method);
  if (latency > 0) await sleep(latency);

  const fault = runtime.faults.decide(apiReq.method);
  if (fault.kind !== "none" && fault.when === "before") {
    if (fault.kind === "drop") return drop();
    const reply = runtime.definition.errorReply(fault.status);
    settle(reply.status);
    return send(res, reply);
  }

  let reply = await runtime.dispatch(apiReq);
  if (apiReq.method !== "GET" && apiReq.method !== "HEAD") runtime.persist();

  if (fault.kind === "drop") return drop();
  if (fault.kind === "status") reply = runtime.definition.errorReply(fault.status);
  settle(reply.status);
  send(res, reply);
}

/** Starts one emulator on its own port. */
export async function startService<S extends Store>(
  definition: ServiceDefinition<S>,
  options: ServiceOptions = {},
): Promise<RunningService> {
  const runtime = new EmulatorRuntime(definition, options);
  const host = options.host ?? "127.0.0.1";
  const server = createServer((req, res) => {
    handle(runtime, req, res, host).catch((error: unknown) => {
      runtime.log(`[${definition.name} emulator] internal error: ${(error as Error).stack ?? String(error)}`);
      if (!res.headersSent) send(res, definition.errorReply(500));
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const origin = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
  return {
    name: definition.name,
    title: definition.title,
    port,
    origin,
    url: `${origin}${definition.apiBasePath}`,
    adminUrl: `${origin}/_emulator`,
    credential: definition.credential,
    ...(definition.credentialNote === undefined ? {} : { credentialNote: definition.credentialNote.replaceAll("{url}", `${origin}${definition.apiBasePath}`) }),
    devConfig: definition.devConfig,
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // Keep-alive sockets would otherwise hold `close` open for seconds.
        server.closeAllConnections();
      }),
  };
}

/**
 * Test support for transport tests: a real `node:http` server on port 0 whose answers are
 * scripted per call, and which records every request it receives (as Octokit's and
 * undici's own transport tests do). Exported so service tests can use it too.
 */
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface RecordedRequest {
  method: string;
  /** Path with query string, as received. */
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** Answers call number `n` (0-based). */
export type ScriptedHandler = (req: RecordedRequest, res: ServerResponse, n: number) => void | Promise<void>;

export interface ScriptedServer {
  /** `http://127.0.0.1:<port>` */
  readonly origin: string;
  /** Every request received, in order. */
  readonly calls: RecordedRequest[];
  close(): Promise<void>;
}

export async function startScriptedServer(handler: ScriptedHandler): Promise<ScriptedServer> {
  const calls: RecordedRequest[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const recorded = { method: req.method ?? "", url: req.url ?? "", headers: req.headers, body: Buffer.concat(chunks).toString("utf8") };
      calls.push(recorded);
      Promise.resolve(handler(recorded, res, calls.length - 1)).catch((err: unknown) => {
        if (!res.headersSent) sendJson(res, 599, { message: `test handler failed: ${String(err)}` });
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    calls,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Sends `body` as JSON with the given status, content type and headers. */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
  contentType = "application/json; charset=utf-8",
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": contentType, "content-length": Buffer.byteLength(text), ...headers });
  res.end(text);
}

/** Sends a status with no body. */
export function sendEmpty(res: ServerResponse, status: number, headers: Record<string, string> = {}): void {
  res.writeHead(status, { "content-length": "0", ...headers });
  res.end();
}

/** Drops the connection without answering (the client sees a socket error). */
export function dropConnection(res: ServerResponse): void {
  res.socket?.destroy();
}

/** The ways a server may echo a secret back in an error body (issue #11, case 6): redaction must catch each. */
export const ECHO_STYLES: Record<string, (secret: string) => string> = {
  literal: (s) => s,
  "JSON-escaped": (s) => JSON.stringify(s).slice(1, -1),
  "PHP JSON (\\/)": (s) => JSON.stringify(s).slice(1, -1).replace(/\//g, "\\/"),
  "\\u002d for -": (s) => JSON.stringify(s).slice(1, -1).replace(/-/g, "\\u002d"),
  "\\u for every character": (s) => [...s].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`).join(""),
  "\\U upper-case hex": (s) => [...s].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0").toUpperCase()}`).join(""),
  "JSON in JSON": (s) => JSON.stringify(JSON.stringify(s).slice(1, -1).replace(/\//g, "\\/")).slice(1, -1),
  "URL-encoded": (s) => encodeURIComponent(s),
  "URL-encoded, lower-case hex": (s) => encodeURIComponent(s).replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase()),
  "URL-encoded, every byte": (s) => [...Buffer.from(s)].map((b) => `%${b.toString(16).padStart(2, "0")}`).join(""),
};

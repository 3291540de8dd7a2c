/**
 * `npm run test:live -- --record DIR`: a recording reverse proxy on loopback in front of each
 * service URL. The provider (in Pulumi's provider processes) is pointed at the proxy, which
 * forwards every request to the real service and keeps each exchange; `save` writes them in
 * the format of test/contract/ (recording.ts), with every credential, e-mail, name and id the
 * service chose replaced by a placeholder. Request headers are never kept.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { writeFileSync } from "node:fs";
import * as path from "node:path";
import { Redactor } from "../../provider/http/redact";
import type { RecordedExchange, Recording } from "../contract/recording";

interface Raw {
  /** When the request arrived, to merge two proxies' exchanges in order. */
  at: number;
  method: string;
  path: string;
  requestBody?: unknown;
  status: number;
  contentType: string | null;
  body?: unknown;
}

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;
const NAME_KEY = /name$/i;
const ID_KEY = /^(id|Uid|@id)$/;
const parse = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
};

export class RecordingProxy {
  private readonly exchanges: Raw[] = [];
  private server?: Server;
  private readonly target: URL;

  constructor(target: string) {
    this.target = new URL(target);
  }

  /** The proxy's base URL, with the target's base path (so recorded paths are the API's). */
  async start(): Promise<string> {
    const basePath = this.target.pathname.replace(/\/$/, "");
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      const at = performance.now();
      req.on("end", async () => {
        const body = Buffer.concat(chunks);
        const headers = Object.fromEntries(Object.entries(req.headers).filter(([k, v]) => k !== "host" && k !== "connection" && typeof v === "string")) as Record<string, string>;
        try {
          const answer = await fetch(`${this.target.origin}${req.url}`, { method: req.method, headers, body: body.length > 0 ? body : undefined, redirect: "manual" });
          const text = await answer.text();
          const contentType = text.trim() === "" ? null : (answer.headers.get("content-type") ?? "").split(";")[0].trim();
          const relative = (req.url ?? "").startsWith(basePath) ? (req.url ?? "").slice(basePath.length) : (req.url ?? "");
          this.exchanges.push({ at, method: req.method ?? "", path: relative, requestBody: body.length > 0 ? parse(body.toString("utf8")) : undefined, status: answer.status, contentType, body: contentType && /json/.test(contentType) ? parse(text) : undefined });
          const passOn = ["content-type", "retry-after", "date"].flatMap((h) => (answer.headers.get(h) ? [[h, answer.headers.get(h)!] as [string, string]] : []));
          res.writeHead(answer.status, Object.fromEntries(passOn));
          res.end(text);
        } catch (err) {
          res.destroy(err as Error);
        }
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}${basePath}`;
  }

  /** Takes the exchanges of another proxy of the same service, in the order they happened. */
  absorb(other: RecordingProxy): void {
    this.exchanges.push(...other.exchanges.splice(0));
    this.exchanges.sort((a, b) => a.at - b.at);
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** The exchanges with placeholders (see the header); `secrets`: every credential's value. */
  recording(service: Recording["service"], secrets: readonly string[]): Recording {
    const redactor = new Redactor(secrets);
    const emails = new Map<string, string>();
    const ids = new Map<string, string>();
    const emailOf = (e: string) => emails.get(e.toLowerCase()) ?? (emails.set(e.toLowerCase(), `<email:${emails.size + 1}>`), emails.get(e.toLowerCase())!);
    // Ids first, from every answer, so paths that name them can be rewritten.
    // One placeholder per id, kept from its first sighting: numbering again at each sighting
    // gave every id seen twice the same `<id:n>` (two people, one placeholder).
    const collect = (v: unknown): void => {
      if (Array.isArray(v)) v.forEach(collect);
      else if (v && typeof v === "object")
        for (const [k, x] of Object.entries(v)) {
          if (ID_KEY.test(k) && typeof x === "string" && x !== "" && !x.includes("/") && !ids.has(x)) ids.set(x, `<id:${ids.size + 1}>`);
          collect(x);
        }
    };
    this.exchanges.forEach((e) => collect(e.body));
    const text = (s: string): string => {
      let out = redactor.redact(s).replace(EMAIL, emailOf).replace(/[A-Za-z0-9._%+-]+%40[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g, (m) => emailOf(decodeURIComponent(m)));
      for (const [id, placeholder] of ids) out = out.split(id).join(placeholder);
      return out;
    };
    const clean = (v: unknown, key = ""): unknown => {
      if (typeof v === "string") return NAME_KEY.test(key) && !/^(TypeName|PropertyName|_objectType)$/.test(key) && v !== "" ? "<name>" : text(v);
      if (Array.isArray(v)) return v.map((x) => clean(x, key));
      if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, clean(x, k)]));
      return v;
    };
    // A refusal for the rate limit (429; Rollout's 555) was not executed and its retry follows;
    // when it comes depends on the moment, so a replay could never reproduce it.
    const kept = this.exchanges.filter((e) => e.status !== 429 && e.status !== 555);
    const exchanges: RecordedExchange[] = kept.map((e) => ({
      request: { method: e.method, path: text(e.path), ...(e.requestBody === undefined ? {} : { body: clean(e.requestBody) }) },
      response: { status: e.status, contentType: e.contentType, ...(e.body === undefined ? {} : { body: clean(e.body) }) },
    }));
    return { service, source: `npm run test:live --record, ${new Date().toISOString().slice(0, 10)}`, exchanges };
  }

  save(dir: string, service: Recording["service"], secrets: readonly string[]): string {
    const file = path.join(dir, `${service}.json`);
    writeFileSync(file, `${JSON.stringify(this.recording(service, secrets), null, 2)}\n`);
    return file;
  }
}

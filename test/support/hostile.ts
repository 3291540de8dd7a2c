/**
 * Hostile answers (issue 22, item 4): what a service, a proxy or a login wall in front of it
 * may answer with a 2xx where a list or a record is expected. None of them may ever be read
 * as "no records" or "gone". And a proxy in front of an emulator that answers with one of
 * them on the requests a test picks, so the real CLI meets them too.
 */
import type { ServerResponse } from "node:http";
import { DEV_CONFIGS } from "../../emulators";
import type { ProviderContext } from "../../provider/plugin";
import type { RetryConfig } from "../../provider/http/retryPolicy";
import { devEnv } from "./emulatorEnv";
import { sendEmpty, sendJson, startScriptedServer, type RecordedRequest, type ScriptedServer } from "./scriptedServer";
import { asStackConfig, testContext } from "./services";

/** Answers `valid` (the JSON the code expects) in a hostile way. */
export type HostileAnswer = (res: ServerResponse, valid: unknown) => void;

export const HOSTILE_ANSWERS: Record<string, HostileAnswer> = {
  "a 204": (res) => sendEmpty(res, 204),
  "an empty 200": (res) => sendEmpty(res, 200),
  "an HTML 200": (res) => {
    const page = "<!doctype html><html><body><h1>Sign in</h1></body></html>";
    res.writeHead(200, { "content-type": "text/html; charset=utf-8", "content-length": Buffer.byteLength(page) });
    res.end(page);
  },
  "the right JSON as text/plain": (res, valid) => sendJson(res, 200, valid, {}, "text/plain; charset=utf-8"),
  "a keyless {}": (res) => sendJson(res, 200, {}),
  // An API whose authenticator answers a missing key with a 2xx (RogerRoger's does).
  'an authenticator\'s 2xx {"message": "JWT Token not found"}': (res) => sendJson(res, 200, { message: "JWT Token not found" }),
};

export const HOSTILE_NAMES = Object.keys(HOSTILE_ANSWERS);

/**
 * A proxy to `target` (an origin): each request is forwarded as it came, unless `intercept`
 * answers it itself (then it never reaches the target).
 */
export async function startProxy(target: string, intercept: (req: RecordedRequest, res: ServerResponse) => boolean): Promise<ScriptedServer> {
  return startScriptedServer(async (req, res) => {
    if (intercept(req, res)) return;
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers)) {
      if (value === undefined || ["host", "content-length", "connection", "transfer-encoding"].includes(name)) continue;
      headers[name] = Array.isArray(value) ? value.join(", ") : value;
    }
    const answer = await fetch(`${target}${req.url}`, { method: req.method, headers, body: req.body === "" ? undefined : req.body });
    const body = Buffer.from(await answer.arrayBuffer());
    const type = answer.headers.get("content-type");
    res.writeHead(answer.status, { ...(type ? { "content-type": type } : {}), "content-length": body.length });
    res.end(body);
  });
}

/**
 * A provider context whose services all talk to one server at `origin`, each under its
 * emulator's base path, with the emulators' development credentials and the settings that
 * spare a discovery request (`config` on top); `service` unpaced (and batched at 5 ms).
 */
export function contextAt(origin: string, service: string, retry?: Partial<RetryConfig>, config: Record<string, string | undefined> = {}): ProviderContext {
  const tuning = { pacing: { kind: "none" as const, key: `hostile-${service}-${origin}` }, batchMs: 5, ...(retry ? { retry } : {}) };
  const env = Object.assign({}, ...Object.values(DEV_CONFIGS).map((dev) => devEnv(`${origin}${dev.apiBasePath}`, dev, "default", true)));
  const settings = asStackConfig(env);
  return testContext({ ...settings.config, ...settings.secretConfig, ...config }, { [service]: tuning });
}

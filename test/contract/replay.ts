/** Replays one recording against a running emulator and lists the differences (recording.ts). */
import { EmulatorAdmin, type RunningEmulators } from "../../emulators";
import { Bindings, evidenceOf, shapeDifferences, type Part, type RecordedExchange, type Recording } from "./recording";

const DEV_AUTH: Record<Recording["service"], Record<string, string>> = {
  rollout: { authorization: "Bearer dev-rollout-token" },
  rogerroger: { "x-api-key": "dev-rogerroger-key" },
  outseta: { authorization: "Outseta dev-outseta-key:dev-outseta-secret" },
  rolloutCrm: { authorization: "Bearer dev-rollout-crm-token", "x-rollout-credential-id": "dev-credential" },
};
// What the provider sends; the recordings keep no request header.
const CONTENT_TYPE: Partial<Record<Recording["service"], Record<string, string>>> = {
  rogerroger: { PATCH: "application/merge-patch+json", POST: "application/ld+json", PUT: "application/ld+json" },
};
const ACCEPT: Partial<Record<Recording["service"], string>> = { rogerroger: "application/ld+json" };

/** The request's credential headers: the development ones, none, or a wrong key in their place. */
function credentialHeaders(service: Recording["service"], credential: RecordedExchange["request"]["credential"]): Record<string, string> {
  if (credential === "missing") return {};
  if (credential === "wrong") return Object.fromEntries(Object.entries(DEV_AUTH[service]).map(([k, v]) => [k, k === "x-rollout-credential-id" ? v : `${v}-wrong`]));
  return DEV_AUTH[service];
}

export interface ReplayReport {
  /** Differences in what the sources agree on: each fails the replay. */
  readonly failures: string[];
  /** For each exchange marked disputed or unknown: the emulator's answer, and its differences from the recording. */
  readonly reported: string[];
}

/** Replays `recording`: the differences, as `#n METHOD path: what`, split by the evidence for each part. */
export async function replayReport(recording: Recording, emu: RunningEmulators): Promise<ReplayReport> {
  await new EmulatorAdmin(emu.adminUrls[recording.service]).reset({ rateLimit: false });
  const bindings = new Bindings(Date.now().toString(36));
  const partial = recording.partial === true;
  const failures: string[] = [];
  const reported: string[] = [];
  for (const [i, exchange] of recording.exchanges.entries()) {
    const method = exchange.request.method;
    const body = exchange.request.body === undefined ? undefined : JSON.stringify(bindings.fill(exchange.request.body));
    const headers = {
      accept: ACCEPT[recording.service] ?? "application/json",
      ...credentialHeaders(recording.service, exchange.request.credential),
      ...(body === undefined ? {} : { "content-type": CONTENT_TYPE[recording.service]?.[method] ?? "application/json" }),
    };
    const res = await fetch(`${emu.urls[recording.service]}${String(bindings.fill(exchange.request.path))}`, { method, headers, body });
    const text = await res.text();
    const where = `#${i} ${method} ${exchange.request.path}`;
    const found: { part: Part; what: string }[] = [];
    const expected = exchange.response.statuses ?? [exchange.response.status];
    if (!expected.includes(res.status)) found.push({ part: "status", what: `status ${res.status}, recorded ${expected.join(" or ")}` });
    const contentType = text.trim() === "" ? null : (res.headers.get("content-type") ?? "").split(";")[0].trim();
    if (contentType !== exchange.response.contentType) found.push({ part: "contentType", what: `content type ${contentType}, recorded ${exchange.response.contentType}` });
    if (exchange.response.body !== undefined && contentType !== null && /json/.test(contentType)) {
      const live = JSON.parse(text) as unknown;
      const fill = (v: unknown) => bindings.fill(v);
      found.push(...shapeDifferences(exchange.response.body, live, partial, "body", fill).map((what) => ({ part: "body" as const, what })));
      bindings.learn(exchange.response.body, live, partial);
    }
    for (const { part, what } of found) {
      const evidence = evidenceOf(exchange, part);
      (evidence === "agreed" ? failures : reported).push(`${where}: ${what}${evidence === "agreed" ? "" : ` (${part} ${evidence})`}`);
    }
    const marked = (["status", "contentType", "body"] as const).filter((part) => evidenceOf(exchange, part) !== "agreed");
    if (marked.length > 0) {
      const shown = text.length > 200 ? `${text.slice(0, 200)}…` : text;
      reported.push(`${where}: the emulator answered ${res.status} ${contentType ?? "(no body)"}${shown === "" ? "" : ` ${shown}`} (${marked.map((p) => `${p} ${evidenceOf(exchange, p)}`).join(", ")})`);
    }
  }
  return { failures, reported };
}

/** The differences in what the sources agree on; none when the emulator answers as recorded. */
export async function replay(recording: Recording, emu: RunningEmulators): Promise<string[]> {
  return (await replayReport(recording, emu)).failures;
}

/** Replays one recording against a running emulator and lists the differences (recording.ts). */
import { EmulatorAdmin, type RunningEmulators } from "../../emulators";
import { Bindings, shapeDifferences, type Recording } from "./recording";

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

/** Differences as `#n METHOD path: what`; none when the emulator answers as recorded. */
export async function replay(recording: Recording, emu: RunningEmulators): Promise<string[]> {
  await new EmulatorAdmin(emu.adminUrls[recording.service]).reset({ rateLimit: false });
  const bindings = new Bindings(Date.now().toString(36));
  const differences: string[] = [];
  for (const [i, exchange] of recording.exchanges.entries()) {
    const method = exchange.request.method;
    const body = exchange.request.body === undefined ? undefined : JSON.stringify(bindings.fill(exchange.request.body));
    const headers = { accept: "application/json", ...DEV_AUTH[recording.service], ...(body === undefined ? {} : { "content-type": CONTENT_TYPE[recording.service]?.[method] ?? "application/json" }) };
    const res = await fetch(`${emu.urls[recording.service]}${String(bindings.fill(exchange.request.path))}`, { method, headers, body });
    const text = await res.text();
    const where = `#${i} ${method} ${exchange.request.path}`;
    const expected = exchange.response.statuses ?? [exchange.response.status];
    if (!expected.includes(res.status)) differences.push(`${where}: status ${res.status}, recorded ${expected.join(" or ")}`);
    const contentType = text.trim() === "" ? null : (res.headers.get("content-type") ?? "").split(";")[0].trim();
    if (contentType !== exchange.response.contentType) differences.push(`${where}: content type ${contentType}, recorded ${exchange.response.contentType}`);
    if (exchange.response.body !== undefined && contentType !== null && /json/.test(contentType)) {
      const live = JSON.parse(text) as unknown;
      differences.push(...shapeDifferences(exchange.response.body, live, recording.partial === true).map((d) => `${where}: ${d}`));
      bindings.learn(exchange.response.body, live);
    }
  }
  return differences;
}

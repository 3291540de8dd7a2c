/**
 * Every recording under test/contract/ replayed against a fresh emulator of its service:
 * a difference of status, content type or body shape fails (test/contract/recording.ts).
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EmulatorAdmin, startEmulators, type RunningEmulators } from "../support/emulators";
import { Bindings, shapeDifferences, type Recording } from "./recording";

const DEV_AUTH: Record<Recording["service"], Record<string, string>> = {
  rollout: { authorization: "Bearer dev-rollout-token" },
  rogerroger: { "x-api-key": "dev-rogerroger-key" },
  outseta: { authorization: "Outseta dev-outseta-key:dev-outseta-secret" },
  rolloutCrm: { authorization: "Bearer dev-rollout-crm-token", "x-rollout-credential-id": "dev-credential" },
};
const CONTENT_TYPE: Partial<Record<Recording["service"], Record<string, string>>> = {
  rogerroger: { PATCH: "application/merge-patch+json", POST: "application/ld+json", PUT: "application/ld+json" },
};

function recordings(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    return statSync(file).isDirectory() ? recordings(file) : name.endsWith(".json") ? [file] : [];
  });
}

const FILES = recordings(__dirname).sort();
let emu: RunningEmulators;

beforeAll(async () => {
  emu = await startEmulators();
});
afterAll(async () => {
  await emu?.stop();
});

describe("recordings replayed against the emulators", () => {
  it("there are recordings, each citing its source", () => {
    expect(FILES.length).toBeGreaterThan(0);
    for (const file of FILES) expect((JSON.parse(readFileSync(file, "utf8")) as Recording).source, file).toBeTruthy();
  });

  it.each(FILES.map((f) => [path.relative(__dirname, f), f]))("%s", async (_name, file) => {
    const recording = JSON.parse(readFileSync(file, "utf8")) as Recording;
    await new EmulatorAdmin(emu.adminUrls[recording.service]).reset({ rateLimit: false });
    const bindings = new Bindings(Date.now().toString(36));
    const differences: string[] = [];
    for (const [i, exchange] of recording.exchanges.entries()) {
      const method = exchange.request.method;
      const requestPath = String(bindings.fill(exchange.request.path));
      const body = exchange.request.body === undefined ? undefined : JSON.stringify(bindings.fill(exchange.request.body));
      const headers = { accept: "application/json", ...DEV_AUTH[recording.service], ...(body === undefined ? {} : { "content-type": CONTENT_TYPE[recording.service]?.[method] ?? "application/json" }) };
      const res = await fetch(`${emu.urls[recording.service]}${requestPath}`, { method, headers, body });
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
    expect(differences).toEqual([]);
  });
});

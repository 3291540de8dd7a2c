/**
 * Every recording under test/contract/ replayed against a fresh emulator of its service:
 * a difference of status, content type or body shape in what the sources agree on fails;
 * for an exchange marked disputed or unknown, the emulator's answer is printed
 * (test/contract/recording.ts).
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulators, type RunningEmulators } from "../support/emulators";
import { evidenceOf, type Recording } from "./recording";
import { replayReport } from "./replay";

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
    const { failures, reported } = await replayReport(recording, emu);
    if (reported.length > 0) console.info(`${path.relative(__dirname, file)}, where the evidence is disputed or unknown:\n  ${reported.join("\n  ")}`);
    expect(failures).toEqual([]);
    // Every marked exchange is reported with the emulator's answer, whether or not it differs.
    const marked = recording.exchanges.flatMap((e, i) => ((["status", "contentType", "body"] as const).some((p) => evidenceOf(e, p) !== "agreed") ? [`#${i} `] : []));
    for (const prefix of marked) expect(reported.some((line) => line.startsWith(prefix) && line.includes("the emulator answered")), prefix).toBe(true);
  });
});

describe("evidence marks in a replay", () => {
  const wrongStatus = (evidence?: Recording["exchanges"][number]["evidence"]): Recording => ({
    service: "outseta",
    source: "this test",
    partial: true,
    exchanges: [{ request: { method: "GET", path: "/crm/people/AAAAAAAA" }, response: { status: 405, contentType: "application/json", body: { ErrorMessage: "x" } }, ...(evidence ? { evidence } : {}) }],
  });

  it("a difference in an agreed part fails", async () => {
    expect(await replayReport(wrongStatus(), emu)).toEqual({ failures: ["#0 GET /crm/people/AAAAAAAA: status 404, recorded 405"], reported: [] });
    expect((await replayReport(wrongStatus({ body: "unknown" }), emu)).failures).toEqual(["#0 GET /crm/people/AAAAAAAA: status 404, recorded 405"]);
  });

  it.each(["disputed", "unknown"] as const)("a %s exchange is replayed and its answer reported, never failed", async (mark) => {
    const { failures, reported } = await replayReport(wrongStatus(mark), emu);
    expect(failures).toEqual([]);
    expect(reported).toEqual([
      `#0 GET /crm/people/AAAAAAAA: status 404, recorded 405 (status ${mark})`,
      `#0 GET /crm/people/AAAAAAAA: the emulator answered 404 application/json {"ErrorMessage":"Not found","EntityValidationErrors":[]} (status ${mark}, contentType ${mark}, body ${mark})`,
    ]);
  });

  it("a wrong or missing credential is sent when the exchange says so", async () => {
    for (const credential of ["wrong", "missing"] as const) {
      const recording: Recording = { service: "outseta", source: "this test", exchanges: [{ request: { method: "GET", path: "/crm/people", credential }, response: { status: 401, contentType: "application/json" } }] };
      expect(await replayReport(recording, emu), credential).toEqual({ failures: [], reported: [] });
    }
  });
});

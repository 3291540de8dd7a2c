/**
 * Every recording under test/contract/ replayed against a fresh emulator of its service:
 * a difference of status, content type or body shape fails (test/contract/recording.ts).
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulators, type RunningEmulators } from "../support/emulators";
import type { Recording } from "./recording";
import { replay } from "./replay";

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
    const differences = await replay(recording, emu);
    expect(differences).toEqual([]);
  });
});

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { checkpointHoldsResources } from "../../support/stack";

// The e2e cleanup skips `pulumi destroy` on its word: a wrong "empty" leaves records behind.
describe("checkpointHoldsResources", () => {
  const dirs: string[] = [];
  afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  function backendWith(checkpoint: string | undefined): string {
    const dir = mkdtempSync(path.join(tmpdir(), "prc-checkpoint-"));
    dirs.push(dir);
    if (checkpoint !== undefined) {
      mkdirSync(path.join(dir, ".pulumi", "stacks", "proj"), { recursive: true });
      writeFileSync(path.join(dir, ".pulumi", "stacks", "proj", "dev.json"), checkpoint);
    }
    return dir;
  }
  const withResources = (types: string[]) => JSON.stringify({ version: 3, checkpoint: { latest: { resources: types.map((type) => ({ type })) } } });

  it("an empty backend or a stack never updated holds nothing", () => {
    expect(checkpointHoldsResources(backendWith(undefined))).toBe(false);
    expect(checkpointHoldsResources(backendWith(JSON.stringify({ version: 3, checkpoint: {} })))).toBe(false);
  });

  it("the stack and its providers alone are nothing to destroy", () => {
    expect(checkpointHoldsResources(backendWith(withResources(["pulumi:pulumi:Stack", "pulumi:providers:pulumi-nodejs"])))).toBe(false);
  });

  it("any other resource is", () => {
    expect(checkpointHoldsResources(backendWith(withResources(["pulumi:pulumi:Stack", "pulumi-nodejs:dynamic:Resource"])))).toBe(true);
  });

  it("a checkpoint it cannot read counts as holding resources", () => {
    expect(checkpointHoldsResources(backendWith("{not json"))).toBe(true);
    expect(checkpointHoldsResources(backendWith(JSON.stringify({ checkpoint: { latest: { resources: "x" } } })))).toBe(true);
  });
});

import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestStack, repoRoot, TestStack } from "../support/stack";

// The foundation every other end-to-end test stands on: the pinned CLI, our language
// host and the dynamic-provider plugin run a program through the real engine.
describe("real Pulumi engine: smoke", () => {
  let t: TestStack;

  beforeAll(async () => {
    t = await createTestStack({
      workDir: path.join(repoRoot, "test/e2e/programs/smoke"),
      config: { "smoke:label": "hello" },
    });
  });
  afterAll(async () => {
    await t?.dispose();
  });

  it("creates, shows no changes, refreshes and destroys one dynamic resource", async () => {
    const up = await t.stack.up();
    expect(up.summary.result).toBe("succeeded");
    expect(up.summary.resourceChanges).toMatchObject({ create: 2 }); // the stack + the record
    expect(up.outputs.label.value).toBe("hello");

    const resources = await t.resources();
    expect(resources).toHaveLength(1);
    expect(resources[0].type).toBe("pulumi-nodejs:dynamic:Resource");
    expect(resources[0].id).toBe("smoke-hello");
    // The serialized provider travels in the state: that is what refresh/destroy run.
    expect(typeof resources[0].outputs.__provider).toBe("string");
    expect(resources[0].outputs.__provider).toContain("exports.handler");

    const preview = await t.stack.preview({ expectNoChanges: true });
    expect(preview.changeSummary).toEqual({ same: 2 });

    const refresh = await t.stack.refresh();
    expect(refresh.summary.result).toBe("succeeded");
    expect(refresh.summary.resourceChanges).toEqual({ same: 2 });

    await t.stack.setConfig("smoke:label", { value: "changed" });
    const update = await t.stack.up();
    expect(update.summary.resourceChanges).toMatchObject({ update: 1, same: 1 });

    const destroy = await t.stack.destroy();
    expect(destroy.summary.result).toBe("succeeded");
    expect(destroy.summary.resourceChanges).toEqual({ delete: 2 });
    expect(await t.resources()).toHaveLength(0);
  });

  it("reports a program error once, with its text, and fails the operation", async () => {
    await t.stack.setConfig("smoke:fail", { value: "true" });
    try {
      const err = await t.stack.preview().then(
        () => undefined,
        (e: Error) => e,
      );
      expect(err).toBeInstanceOf(Error);
      const text = String((err as any).stderr ?? "") + String((err as any).stdout ?? "") + (err as Error).message;
      expect(text).toContain("smoke program failed on purpose");
    } finally {
      await t.stack.removeConfig("smoke:fail");
    }
  });
});

/**
 * One serialized provider per resource kind (issue #14 item 4). @pulumi/pulumi caches the
 * serialized `__provider` by the identity of the provider object; a new shim object per
 * resource ran the closure serializer once per resource (1.8× the engine time of no-op
 * dynamic resources at 200 resources). The text must not change: it is what existing
 * states hold (test/e2e/fixtures/provider-shim.*.txt).
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

// The module dynamic.Resource loads on demand to serialize a provider.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const closure = require("@pulumi/pulumi/runtime/closure/serializeClosure") as { serializeFunction: (...args: unknown[]) => unknown };

const providers: Record<string, string[]> = {};

beforeAll(() => {
  pulumi.runtime.setMocks(
    {
      newResource(args) {
        (providers[args.type] ??= []).push(args.inputs.__provider);
        return { id: `${args.name}-id`, state: args.inputs };
      },
      call: () => ({}),
    },
    "project",
    "stack",
    false,
  );
});
afterAll(() => vi.restoreAllMocks());

async function settled(resources: pulumi.Resource[]): Promise<void> {
  await Promise.all(resources.map((r) => new Promise((resolve) => (r as pulumi.CustomResource).id.apply(resolve))));
}

describe("the serialized provider shim", () => {
  it("is serialized once per kind, however many resources use it, and keeps its golden text", async () => {
    const serialize = vi.spyOn(closure, "serializeFunction");
    const { RolloutUser, CrmPerson, PersonNote } = await import("../../../provider");
    const resources: pulumi.Resource[] = [];
    for (let i = 0; i < 20; i++) {
      resources.push(new RolloutUser(`u${i}`, { email: `u${i}@example.com` }));
      resources.push(new CrmPerson(`p${i}`, { crm: "rogerroger", familyName: `P${i}` }));
      resources.push(new PersonNote(`n${i}`, { personId: `p${i}`, title: "t" }));
    }
    await settled(resources);
    expect(serialize).toHaveBeenCalledTimes(3);
    for (const type of ["pulumi-nodejs:dynamic/rollout:User", "pulumi-nodejs:dynamic/crm:Person", "pulumi-nodejs:dynamic/crm:PersonNote"]) {
      expect(providers[type]).toHaveLength(20);
      expect(new Set(providers[type]).size).toBe(1);
    }
    const golden = readFileSync(path.join(__dirname, "../../e2e/fixtures/provider-shim.rollout-user.txt"), "utf8");
    expect(providers["pulumi-nodejs:dynamic/rollout:User"][0]).toBe(golden);
    // The other kinds' text differs from it only in the kind string.
    expect(providers["pulumi-nodejs:dynamic/crm:Person"][0]).toBe(golden.replace('k: "rollout:User"', 'k: "crm:Person"'));
  });
});

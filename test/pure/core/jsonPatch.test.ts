import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { applyJsonPatch, createJsonPatch } from "../../../provider/core/jsonPatch";
import { deepEqual, type JsonValue } from "../../../provider/core/normalize";

// Keys drawn from an alphabet rich in JSON Pointer specials ("/" and "~", RFC 6901), and
// plain keys; "__proto__"/"prototype" are left out (fast-json-patch refuses to patch them).
const key = fc.oneof(
  fc.string({ unit: fc.constantFrom("a", "b", "/", "~", "0", "1", " "), maxLength: 4 }),
  fc.string({ maxLength: 6 }),
).filter((k) => k !== "__proto__" && k !== "prototype");

const { json } = fc.letrec<{ json: JsonValue }>((tie) => ({
  json: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.constant(null),
    fc.boolean(),
    fc.integer({ min: -5, max: 5 }),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.string({ maxLength: 4 }),
    fc.array(tie("json"), { maxLength: 4 }),
    fc.dictionary(key, tie("json"), { maxKeys: 4, noNullPrototype: true }),
  ),
}));
const object = fc.dictionary(key, json, { maxKeys: 5, noNullPrototype: true });

describe("createJsonPatch", () => {
  it("returns [] for equal views", () => {
    expect(createJsonPatch({ a: 1, b: [1, { c: 2 }] }, { b: [1, { c: 2 }], a: 1 })).toEqual([]);
  });

  it("emits the minimal add/remove/replace operations", () => {
    const before = { name: "Ann", teamAdmin: false, applications: { app1: { environments: { Production: "read" } } } };
    const after = { name: "Ann B", applications: { app1: { environments: { Production: "write", Staging: "read" } } } };
    const ops = createJsonPatch(before, after);
    expect(ops).toEqual(
      expect.arrayContaining([
        { op: "replace", path: "/name", value: "Ann B" },
        { op: "remove", path: "/teamAdmin" },
        { op: "replace", path: "/applications/app1/environments/Production", value: "write" },
        { op: "add", path: "/applications/app1/environments/Staging", value: "read" },
      ]),
    );
    expect(ops).toHaveLength(4);
  });

  it("escapes '~' as ~0 and '/' as ~1 in paths (RFC 6901 section 3)", () => {
    const ops = createJsonPatch({ envs: {} }, { envs: { "eu/west": "read", "a~b": "write" } });
    expect(ops.map((op) => op.path).sort()).toEqual(["/envs/a~0b", "/envs/eu~1west"]);
    expect(applyJsonPatch({ envs: {} }, ops)).toEqual({ envs: { "eu/west": "read", "a~b": "write" } });
  });

  it("replaces the whole document when the root changes type (fast-json-patch gives [] for {} vs [])", () => {
    expect(createJsonPatch({}, [])).toEqual([{ op: "replace", path: "", value: [] }]);
    expect(applyJsonPatch({}, createJsonPatch({}, []))).toEqual([]);
    expect(createJsonPatch(1, "x")).toEqual([{ op: "replace", path: "", value: "x" }]);
    expect(createJsonPatch(null, null)).toEqual([]);
  });

  it("guards replace and remove with test operations when asked", () => {
    const ops = createJsonPatch({ a: 1, b: 2 }, { a: 3 }, { guard: true });
    expect(ops).toEqual([
      { op: "test", path: "/b", value: 2 },
      { op: "remove", path: "/b" },
      { op: "test", path: "/a", value: 1 },
      { op: "replace", path: "/a", value: 3 },
    ]);
    // A guarded patch computed from stale state fails instead of overwriting.
    expect(() => applyJsonPatch({ a: 9, b: 2 }, ops)).toThrow();
  });

  it("does not modify its inputs", () => {
    const before = { a: { b: [1] } };
    const after = { a: { b: [1, 2] } };
    applyJsonPatch(before, createJsonPatch(before, after));
    expect(before).toEqual({ a: { b: [1] } });
    expect(after).toEqual({ a: { b: [1, 2] } });
  });

  it("property: applying diff(a, b) to a gives b", () => {
    fc.assert(fc.property(json, json, (a, b) => deepEqual(applyJsonPatch(a, createJsonPatch(a, b)), b)), { numRuns: 300 });
  });

  it("property: guarded patches apply too", () => {
    fc.assert(fc.property(object, object, (a, b) => deepEqual(applyJsonPatch(a, createJsonPatch(a, b, { guard: true })), b)));
  });

  it("property: diff(a, a) is empty, also against a copy", () => {
    fc.assert(fc.property(json, (a) => createJsonPatch(a, a).length === 0 && createJsonPatch(a, structuredClone(a)).length === 0));
  });

  it("property: keys containing '/' and '~' round-trip", () => {
    const special = fc.string({ unit: fc.constantFrom("/", "~", "0", "1", "x"), minLength: 1, maxLength: 5 });
    fc.assert(
      fc.property(fc.dictionary(special, fc.integer(), { maxKeys: 5, noNullPrototype: true }), (envs) => {
        const ops = createJsonPatch({ environments: {} }, { environments: envs });
        for (const op of ops) expect(op.path.slice("/environments/".length)).not.toMatch(/\/|~(?![01])/);
        return deepEqual(applyJsonPatch({ environments: {} }, ops), { environments: envs });
      }),
    );
  });
});

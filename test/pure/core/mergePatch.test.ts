import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { applyMergePatch, createMergePatch } from "../../../provider/core/mergePatch";
import { deepEqual, type JsonObject, type JsonValue } from "../../../provider/core/normalize";

describe("applyMergePatch: RFC 7396 Appendix A", () => {
  // Every example of Appendix A, in order: [original, patch, result].
  const examples: [JsonValue, JsonValue, JsonValue][] = [
    [{ a: "b" }, { a: "c" }, { a: "c" }],
    [{ a: "b" }, { b: "c" }, { a: "b", b: "c" }],
    [{ a: "b" }, { a: null }, {}],
    [{ a: "b", b: "c" }, { a: null }, { b: "c" }],
    [{ a: ["b"] }, { a: "c" }, { a: "c" }],
    [{ a: "c" }, { a: ["b"] }, { a: ["b"] }],
    [{ a: { b: "c" } }, { a: { b: "d", c: null } }, { a: { b: "d" } }],
    [{ a: [{ b: "c" }] }, { a: [1] }, { a: [1] }],
    [["a", "b"], ["c", "d"], ["c", "d"]],
    [{ a: "b" }, ["c"], ["c"]],
    [{ a: "foo" }, null, null],
    [{ a: "foo" }, "bar", "bar"],
    [{ e: null }, { a: 1 }, { e: null, a: 1 }],
    [[1, 2], { a: "b", c: null }, { a: "b" }],
    [{}, { a: { bb: { ccc: null } } }, { a: { bb: {} } }],
  ];

  it.each(examples)("MergePatch(%j, %j) = %j", (original, patch, result) => {
    const before = structuredClone(original);
    expect(applyMergePatch(original, patch)).toEqual(result);
    expect(original).toEqual(before); // pure
  });

  it("applies the example of section 3", () => {
    const target = {
      title: "Goodbye!",
      author: { givenName: "John", familyName: "Doe" },
      tags: ["example", "sample"],
      content: "This will be unchanged",
    };
    const patch = { title: "Hello!", phoneNumber: "+01-123-456-7890", author: { familyName: null }, tags: ["example"] };
    expect(applyMergePatch(target, patch)).toEqual({
      title: "Hello!",
      author: { givenName: "John" },
      tags: ["example"],
      content: "This will be unchanged",
      phoneNumber: "+01-123-456-7890",
    });
  });
});

describe("createMergePatch: RFC 7396 Appendix A as generation cases", () => {
  // Each example of Appendix A turned around: from (original, result), the generator must
  // produce a patch that gives the result. Where the RFC's own patch carries members that
  // change nothing (A.7's "c": null, A.15's "ccc": null over an absent member), the
  // generator's minimal patch is listed instead; every other case must give the RFC's patch.
  const cases: { name: string; original: JsonValue; result: JsonValue; patch: JsonValue | undefined }[] = [
    { name: "A.1", original: { a: "b" }, result: { a: "c" }, patch: { a: "c" } },
    { name: "A.2", original: { a: "b" }, result: { a: "b", b: "c" }, patch: { b: "c" } },
    { name: "A.3", original: { a: "b" }, result: {}, patch: { a: null } },
    { name: "A.4", original: { a: "b", b: "c" }, result: { b: "c" }, patch: { a: null } },
    { name: "A.5", original: { a: ["b"] }, result: { a: "c" }, patch: { a: "c" } },
    { name: "A.6", original: { a: "c" }, result: { a: ["b"] }, patch: { a: ["b"] } },
    { name: "A.7", original: { a: { b: "c" } }, result: { a: { b: "d" } }, patch: { a: { b: "d" } } },
    { name: "A.8", original: { a: [{ b: "c" }] }, result: { a: [1] }, patch: { a: [1] } },
    { name: "A.9", original: ["a", "b"], result: ["c", "d"], patch: ["c", "d"] },
    { name: "A.10", original: { a: "b" }, result: ["c"], patch: ["c"] },
    { name: "A.11", original: { a: "foo" }, result: null, patch: null },
    { name: "A.12", original: { a: "foo" }, result: "bar", patch: "bar" },
    { name: "A.13 (null on both sides: no member)", original: { e: null }, result: { e: null, a: 1 }, patch: { a: 1 } },
    { name: "A.14", original: [1, 2], result: { a: "b" }, patch: { a: "b" } },
    { name: "A.15", original: {}, result: { a: { bb: {} } }, patch: { a: { bb: {} } } },
  ];

  it.each(cases)("$name", ({ original, result, patch }) => {
    const generated = createMergePatch(original, result);
    expect(generated).toEqual(patch);
    expect(applyMergePatch(original, generated as JsonValue)).toEqual(result);
  });

  it("A.13 the other way round: equal documents with a null member give no patch", () => {
    expect(createMergePatch({ e: null, a: 1 }, { e: null, a: 1 })).toBeUndefined();
    expect(createMergePatch({ a: { e: null } }, { a: { e: null } })).toBeUndefined();
  });
});

describe("createMergePatch", () => {
  it("returns undefined when nothing changed (so no request is sent)", () => {
    expect(createMergePatch({ a: 1, b: { c: [1] } }, { b: { c: [1] }, a: 1 })).toBeUndefined();
  });

  it("sets changed keys, nulls removed keys, recurses into objects, replaces arrays whole", () => {
    const before = { familyName: "Doe", givenName: "Jo", jobTitle: "CTO", address: { city: "Utrecht", country: "NL" }, tags: ["/tags/1", "/tags/2"] };
    const after = { familyName: "Doe", givenName: "Joanna", address: { city: "Amsterdam", country: "NL" }, tags: ["/tags/1"] };
    expect(createMergePatch(before, after)).toEqual({ givenName: "Joanna", jobTitle: null, address: { city: "Amsterdam" }, tags: ["/tags/1"] });
  });

  it("treats an undefined property as absent", () => {
    expect(createMergePatch({ a: 1, b: 2 }, { a: 1, b: undefined } as unknown as JsonObject)).toEqual({ b: null });
  });

  it("reads null in the new document as 'remove' (RFC 7396 cannot set null explicitly)", () => {
    expect(createMergePatch({ a: 1 }, { a: null })).toEqual({ a: null });
    expect(createMergePatch({}, { a: null })).toBeUndefined();
  });

  it("replaces non-object documents whole", () => {
    expect(createMergePatch([1], [2])).toEqual([2]);
    expect(createMergePatch({ a: 1 }, "x" as JsonValue)).toBe("x");
    expect(createMergePatch("x" as JsonValue, { a: 1 })).toEqual({ a: 1 });
    expect(createMergePatch("x" as JsonValue, {})).toEqual({});
    expect(createMergePatch(3 as JsonValue, 3 as JsonValue)).toBeUndefined();
  });

  const key = fc.string({ maxLength: 4 }).filter((k) => k !== "__proto__");
  // Null-free JSON: RFC 7396 cannot express an explicit null.
  const { json } = fc.letrec<{ json: JsonValue }>((tie) => ({
    json: fc.oneof(
      { depthSize: "small", withCrossShrink: true },
      fc.boolean(),
      fc.integer({ min: -3, max: 3 }),
      fc.string({ maxLength: 3 }),
      fc.array(tie("json"), { maxLength: 3 }),
      fc.dictionary(key, tie("json"), { maxKeys: 4, noNullPrototype: true }),
    ),
  }));
  const object = fc.dictionary(key, json, { maxKeys: 5, noNullPrototype: true });

  it("property: apply(old, create(old, new)) equals new for null-free objects", () => {
    fc.assert(
      fc.property(object, object, (a, b) => {
        const patch = createMergePatch(a, b);
        return deepEqual(patch === undefined ? a : applyMergePatch(a, patch), b);
      }),
      { numRuns: 300 },
    );
  });

  it("property: the same holds for any null-free JSON documents", () => {
    fc.assert(
      fc.property(json, json, (a, b) => {
        const patch = createMergePatch(a, b);
        return deepEqual(patch === undefined ? a : applyMergePatch(a, patch), b);
      }),
    );
  });

  it("property: create(a, a) is undefined, and a patch is never empty", () => {
    fc.assert(
      fc.property(object, object, (a, b) => {
        expect(createMergePatch(a, a)).toBeUndefined();
        expect(createMergePatch(a, structuredClone(a))).toBeUndefined();
        const patch = createMergePatch(a, b);
        if (patch !== undefined) expect(Object.keys(patch).length).toBeGreaterThan(0);
      }),
    );
  });

  it("property: every member of a patch changes something", () => {
    fc.assert(
      fc.property(object, object, (a, b) => {
        const patch = createMergePatch(a, b) ?? {};
        for (const k of Object.keys(patch)) {
          const without = { ...patch };
          delete without[k];
          expect(deepEqual(applyMergePatch(a, without), b)).toBe(false);
        }
      }),
    );
  });
});

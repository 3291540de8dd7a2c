import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { applyMergePatch, createMergePatch } from "./mergePatch";
import { deepEqual, type JsonObject, type JsonValue } from "./normalize";

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

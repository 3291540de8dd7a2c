/**
 * The patch appliers behind the Rollout users PATCH (RFC 6902) and the RogerRoger PATCH
 * (RFC 7396), checked against every example of each RFC's appendix A, plus the RFC 6902 /
 * RFC 6901 error rules the examples do not cover. The HTTP-level tests apply the same kinds
 * of patches through the emulators.
 */
import { describe, expect, it } from "vitest";
import { JsonPatchError, applyJsonPatch } from "../../emulators/core/jsonPatch";
import { applyMergePatch } from "../../emulators/core/mergePatch";

type Case = { name: string; doc: unknown; patch: unknown; expected?: unknown; error?: true };

// RFC 6902 appendix A, A.1 to A.16.
const rfc6902: Case[] = [
  { name: "A.1 adding an object member", doc: { foo: "bar" }, patch: [{ op: "add", path: "/baz", value: "qux" }], expected: { baz: "qux", foo: "bar" } },
  { name: "A.2 adding an array element", doc: { foo: ["bar", "baz"] }, patch: [{ op: "add", path: "/foo/1", value: "qux" }], expected: { foo: ["bar", "qux", "baz"] } },
  { name: "A.3 removing an object member", doc: { baz: "qux", foo: "bar" }, patch: [{ op: "remove", path: "/baz" }], expected: { foo: "bar" } },
  { name: "A.4 removing an array element", doc: { foo: ["bar", "qux", "baz"] }, patch: [{ op: "remove", path: "/foo/1" }], expected: { foo: ["bar", "baz"] } },
  { name: "A.5 replacing a value", doc: { baz: "qux", foo: "bar" }, patch: [{ op: "replace", path: "/baz", value: "boo" }], expected: { baz: "boo", foo: "bar" } },
  {
    name: "A.6 moving a value",
    doc: { foo: { bar: "baz", waldo: "fred" }, qux: { corge: "grault" } },
    patch: [{ op: "move", from: "/foo/waldo", path: "/qux/thud" }],
    expected: { foo: { bar: "baz" }, qux: { corge: "grault", thud: "fred" } },
  },
  { name: "A.7 moving an array element", doc: { foo: ["all", "grass", "cows", "eat"] }, patch: [{ op: "move", from: "/foo/1", path: "/foo/3" }], expected: { foo: ["all", "cows", "eat", "grass"] } },
  {
    name: "A.8 testing a value: success",
    doc: { baz: "qux", foo: ["a", 2, "c"] },
    patch: [{ op: "test", path: "/baz", value: "qux" }, { op: "test", path: "/foo/1", value: 2 }],
    expected: { baz: "qux", foo: ["a", 2, "c"] },
  },
  { name: "A.9 testing a value: error", doc: { baz: "qux" }, patch: [{ op: "test", path: "/baz", value: "bar" }], error: true },
  { name: "A.10 adding a nested member object", doc: { foo: "bar" }, patch: [{ op: "add", path: "/child", value: { grandchild: {} } }], expected: { foo: "bar", child: { grandchild: {} } } },
  { name: "A.11 ignoring unrecognized elements", doc: { foo: "bar" }, patch: [{ op: "add", path: "/baz", value: "qux", xyz: 123 }], expected: { foo: "bar", baz: "qux" } },
  { name: "A.12 adding to a nonexistent target", doc: { foo: "bar" }, patch: [{ op: "add", path: "/baz/bat", value: "qux" }], error: true },
  // A.13 has a duplicate "op" member; JSON.parse keeps the last one ("remove"), which fails here.
  { name: "A.13 invalid JSON Patch document", doc: { foo: "bar" }, patch: JSON.parse('[{ "op": "add", "path": "/baz", "value": "qux", "op": "remove" }]'), error: true },
  { name: "A.14 ~ escape ordering", doc: { "/": 9, "~1": 10 }, patch: [{ op: "test", path: "/~01", value: 10 }], expected: { "/": 9, "~1": 10 } },
  { name: "A.15 comparing strings and numbers", doc: { "/": 9, "~1": 10 }, patch: [{ op: "test", path: "/~01", value: "10" }], error: true },
  { name: "A.16 adding an array value", doc: { foo: ["bar"] }, patch: [{ op: "add", path: "/foo/-", value: ["abc", "def"] }], expected: { foo: ["bar", ["abc", "def"]] } },
];

// Rules from RFC 6902 sections 4-5 and RFC 6901 that the appendix does not exercise.
const strictness: Case[] = [
  { name: "move into its own child (4.4)", doc: { a: { b: 1 } }, patch: [{ op: "move", from: "/a", path: "/a/b/c" }], error: true },
  { name: "replace of a missing member (4.3)", doc: { a: 1 }, patch: [{ op: "replace", path: "/b", value: 2 }], error: true },
  { name: "remove of a missing member (4.2)", doc: { a: 1 }, patch: [{ op: "remove", path: "/b" }], error: true },
  { name: "array index past the end on add (4.1)", doc: { a: [1] }, patch: [{ op: "add", path: "/a/2", value: 3 }], error: true },
  { name: "array index with a leading zero (RFC 6901 4)", doc: { a: [1, 2] }, patch: [{ op: "replace", path: "/a/01", value: 3 }], error: true },
  { name: '"-" outside add', doc: { a: [1] }, patch: [{ op: "remove", path: "/a/-" }], error: true },
  { name: "invalid ~ escape (RFC 6901 3)", doc: { "~2": 1 }, patch: [{ op: "remove", path: "/~2" }], error: true },
  { name: "lone ~ (RFC 6901 3)", doc: { "~": 1 }, patch: [{ op: "remove", path: "/~" }], error: true },
  { name: "remove of the whole document", doc: { a: 1 }, patch: [{ op: "remove", path: "" }], error: true },
  { name: "move into an existing child of itself (4.4)", doc: { a: { b: {} } }, patch: [{ op: "move", from: "/a", path: "/a/b/c" }], error: true },
  { name: "add without value (4.1)", doc: {}, patch: [{ op: "add", path: "/a" }], error: true },
  { name: "unknown op", doc: {}, patch: [{ op: "merge", path: "/a", value: 1 }], error: true },
  { name: "patch document not an array", doc: {}, patch: { op: "add", path: "/a", value: 1 }, error: true },
  { name: "add with a null value is valid", doc: {}, patch: [{ op: "add", path: "/a", value: null }], expected: { a: null } },
  { name: "copy deep-copies (4.5)", doc: { a: { b: 1 } }, patch: [{ op: "copy", from: "/a", path: "/c" }, { op: "replace", path: "/c/b", value: 2 }], expected: { a: { b: 1 }, c: { b: 2 } } },
  { name: "test compares objects regardless of member order (4.6)", doc: { a: { x: 1, y: [1, { z: 2 }] } }, patch: [{ op: "test", path: "/a", value: { y: [1, { z: 2 }], x: 1 } }], expected: { a: { x: 1, y: [1, { z: 2 }] } } },
  { name: "__proto__ is an ordinary member", doc: {}, patch: JSON.parse('[{"op":"add","path":"/__proto__","value":{"polluted":true}}]'), expected: JSON.parse('{"__proto__":{"polluted":true}}') },
];

describe("RFC 6902 JSON Patch applier", () => {
  it.each([...rfc6902, ...strictness])("$name", ({ doc, patch, expected, error }) => {
    const before = structuredClone(doc);
    if (error) {
      expect(() => applyJsonPatch(doc, patch)).toThrow(JsonPatchError);
    } else {
      expect(applyJsonPatch(doc, patch)).toEqual(expected);
    }
    // Atomic and side-effect free: the input is never modified, on success or failure.
    expect(doc).toEqual(before);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("names the failing operation", () => {
    expect(() => applyJsonPatch({ a: 1 }, [{ op: "replace", path: "/a", value: 2 }, { op: "test", path: "/a", value: 1 }])).toThrow(
      /Operation 1/,
    );
  });
});

// RFC 7396 appendix A: every example, in order.
const rfc7396: { doc: unknown; patch: unknown; expected: unknown }[] = [
  { doc: { a: "b" }, patch: { a: "c" }, expected: { a: "c" } },
  { doc: { a: "b" }, patch: { b: "c" }, expected: { a: "b", b: "c" } },
  { doc: { a: "b" }, patch: { a: null }, expected: {} },
  { doc: { a: "b", b: "c" }, patch: { a: null }, expected: { b: "c" } },
  { doc: { a: ["b"] }, patch: { a: "c" }, expected: { a: "c" } },
  { doc: { a: "c" }, patch: { a: ["b"] }, expected: { a: ["b"] } },
  { doc: { a: { b: "c" } }, patch: { a: { b: "d", c: null } }, expected: { a: { b: "d" } } },
  { doc: { a: [{ b: "c" }] }, patch: { a: [1] }, expected: { a: [1] } },
  { doc: ["a", "b"], patch: ["c", "d"], expected: ["c", "d"] },
  { doc: { a: "b" }, patch: ["c"], expected: ["c"] },
  { doc: { a: "foo" }, patch: null, expected: null },
  { doc: { a: "foo" }, patch: "bar", expected: "bar" },
  { doc: { e: null }, patch: { a: 1 }, expected: { e: null, a: 1 } },
  { doc: [1, 2], patch: { a: "b", c: null }, expected: { a: "b" } },
  { doc: {}, patch: { a: { bb: { ccc: null } } }, expected: { a: { bb: {} } } },
];

describe("RFC 7396 JSON Merge Patch applier", () => {
  it.each(rfc7396.map((c, i) => ({ ...c, n: i + 1 })))("appendix A example $n", ({ doc, patch, expected }) => {
    const before = structuredClone(doc);
    expect(applyMergePatch(doc, patch)).toEqual(expected);
    expect(doc).toEqual(before);
  });
});

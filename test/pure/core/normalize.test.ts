import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { deepEqual, normalizeJson, sortKeysDeep, stripUndefined } from "../../../provider/core/normalize";

// JSON-like values that may contain `undefined` properties and elements (what Pulumi
// inputs look like before normalisation).
const key = fc.string({ maxLength: 6 }).filter((k) => k !== "__proto__");
const { value: loose } = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.constant(null),
    fc.constant(undefined),
    fc.boolean(),
    fc.integer(),
    fc.string({ maxLength: 6 }),
    fc.array(tie("value"), { maxLength: 4 }),
    fc.dictionary(key, tie("value"), { maxKeys: 4, noNullPrototype: true }),
  ),
}));

/** The same value with every object's keys in reverse order. */
function reverseKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reverseKeys);
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(Object.keys(value).reverse().map((k) => [k, reverseKeys((value as Record<string, unknown>)[k])]));
  }
  return value;
}

describe("stripUndefined", () => {
  it("drops undefined properties deeply and turns undefined array elements into null", () => {
    expect(stripUndefined({ a: 1, b: undefined, c: { d: undefined, e: [1, undefined, { f: undefined }] } })).toEqual({
      a: 1,
      c: { e: [1, null, {}] },
    });
  });

  it("does not modify its input", () => {
    const input = { a: undefined, b: { c: undefined } };
    stripUndefined(input);
    expect(Object.keys(input)).toEqual(["a", "b"]);
    expect(Object.keys(input.b)).toEqual(["c"]);
  });

  it("gives what a JSON round trip gives (property)", () => {
    fc.assert(
      fc.property(loose, (value) => {
        if (value === undefined) return;
        expect(stripUndefined(value)).toStrictEqual(JSON.parse(JSON.stringify(value)));
      }),
    );
  });
});

describe("sortKeysDeep", () => {
  it("orders keys at every level, arrays untouched", () => {
    expect(JSON.stringify(sortKeysDeep({ b: 1, a: { d: [{ z: 1, y: 2 }], c: 0 } }))).toBe('{"a":{"c":0,"d":[{"y":2,"z":1}]},"b":1}');
  });

  it("gives the same text whatever the key order (property)", () => {
    fc.assert(fc.property(loose, (value) => JSON.stringify(sortKeysDeep(value)) === JSON.stringify(sortKeysDeep(reverseKeys(value)))));
  });
});

describe("deepEqual", () => {
  it.each([
    [{ a: 1, b: 2 }, { b: 2, a: 1 }, true],
    [{ a: 1, b: undefined }, { a: 1 }, true],
    [[1, undefined], [1, null], true],
    [0, -0, true],
    [[1, 2], [2, 1], false],
    [{ a: null }, {}, false],
    [{ a: [] }, { a: {} }, false],
    [null, undefined, false],
    ["1", 1, false],
    [{ a: { b: [1, { c: "x" }] } }, { a: { b: [1, { c: "x" }] } }, true],
  ])("deepEqual(%j, %j) is %s", (a, b, expected) => {
    expect(deepEqual(a, b)).toBe(expected);
    expect(deepEqual(b, a)).toBe(expected);
  });

  it("agrees with comparing canonical JSON text (property)", () => {
    fc.assert(
      fc.property(loose, loose, (a, b) => {
        if (a === undefined || b === undefined) return;
        const canonical = (v: unknown) => JSON.stringify(normalizeJson(v));
        expect(deepEqual(a, b)).toBe(canonical(a) === canonical(b));
      }),
    );
  });

  it("ignores key order and undefined properties (property)", () => {
    fc.assert(fc.property(loose, (value) => deepEqual(value, reverseKeys(value)) && deepEqual(value, stripUndefined(value))));
  });
});

describe("normalizeJson", () => {
  it("is idempotent, and so are its parts (property)", () => {
    fc.assert(
      fc.property(loose, (value) => {
        const once = normalizeJson(value);
        expect(normalizeJson(once)).toStrictEqual(once);
        expect(JSON.stringify(normalizeJson(once))).toBe(JSON.stringify(once));
        expect(stripUndefined(stripUndefined(value))).toStrictEqual(stripUndefined(value));
        expect(JSON.stringify(sortKeysDeep(sortKeysDeep(value)))).toBe(JSON.stringify(sortKeysDeep(value)));
      }),
    );
  });

  it("keeps the logical value (property)", () => {
    fc.assert(fc.property(loose, (value) => deepEqual(normalizeJson(value), value)));
  });

  it("keeps a __proto__ key as plain data", () => {
    const parsed = JSON.parse('{"__proto__": {"x": 1}, "a": 1}') as unknown;
    const normalized = normalizeJson(parsed) as Record<string, unknown>;
    expect(Object.getPrototypeOf(normalized)).toBe(Object.prototype);
    expect(Object.keys(normalized)).toEqual(["__proto__", "a"]);
  });
});

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { tsLiteral } from "../../../../cli/adopt/literal";

describe("adopt: values written as TypeScript", () => {
  it("reads like hand-written code", () => {
    expect(tsLiteral({ email: "ada@example.com", teamAdmin: true })).toBe('{ email: "ada@example.com", teamAdmin: true }');
    expect(tsLiteral({ "5f1d7c2a9e3b4a6d8c0e1f23": { environments: { Production: "write" } } })).toBe(
      '{ "5f1d7c2a9e3b4a6d8c0e1f23": { environments: { Production: "write" } } }',
    );
    const long = tsLiteral({ a: "x".repeat(60), b: ["y".repeat(30), "z".repeat(30)] });
    expect(long).toBe(`{\n  a: "${"x".repeat(60)}",\n  b: ["${"y".repeat(30)}", "${"z".repeat(30)}"],\n}`);
  });

  it("a `__proto__` key stays an own property (a literal `__proto__:` would set the prototype)", () => {
    const value = JSON.parse('{"__proto__":{"a":1},"b":[{"__proto__":2}]}');
    // eslint-disable-next-line no-new-func
    const back = new Function(`return (${tsLiteral(value)});`)();
    expect(Object.keys(back)).toEqual(["__proto__", "b"]);
    expect(back).toEqual(value);
  });

  it("evaluates back to the same value, whatever the strings hold", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const clean = JSON.parse(JSON.stringify(value));
        // eslint-disable-next-line no-new-func
        const back = new Function(`return (${tsLiteral(clean)});`)();
        expect(back).toEqual(clean);
      }),
    );
  });
});

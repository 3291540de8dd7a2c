import fc from "fast-check";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { commentText, tsLiteral } from "../../../../cli/adopt/literal";

/** A TypeScript expression's value: transpiled to JavaScript (`as const` goes), then run. */
function evaluate(expression: string): unknown {
  // eslint-disable-next-line no-new-func
  return new Function(ts.transpile(`return (${expression});`, { target: ts.ScriptTarget.ES2020 }))();
}

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
    const back = evaluate(tsLiteral(value)) as object;
    expect(Object.keys(back)).toEqual(["__proto__", "b"]);
    expect(back).toEqual(value);
  });

  it("evaluates back to the same value, whatever the strings hold", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const clean = JSON.parse(JSON.stringify(value));
        expect(evaluate(tsLiteral(clean))).toEqual(clean);
      }),
    );
  });

  it("escapes what JSON.stringify leaves raw: U+2028/U+2029, DEL, C1 and the bidi overrides", () => {
    const hostile = "a\u2028b\u2029c\u007fd\u0085e\u009bf\u202eg\u2066h\u200bi\ufeffj";
    const escaped = '"a\\u2028b\\u2029c\\u007fd\\u0085e\\u009bf\\u202eg\\u2066h\\u200bi\\ufeffj"';
    expect(tsLiteral(hostile)).toBe(escaped);
    const text = tsLiteral({ [hostile]: [hostile] });
    expect(text).toBe(`{\n  ${escaped}: [${escaped}],\n}`);
    expect(text.split("\n").every((line) => /^[\x20-\x7e]*$/.test(line))).toBe(true); // printable ASCII only
    expect(evaluate(text)).toEqual({ [hostile]: [hostile] });
    expect(commentText("x\n// y\u2028z\r")).toBe("x\\u000a// y\\u2028z\\u000d");
  });

  it("a value under a key named after a member of Object keeps its own type (`as const`)", () => {
    expect(tsLiteral({ constructor: "read", toString: "write", Production: "read" })).toBe('{ constructor: "read" as const, toString: "write" as const, Production: "read" }');
    const value = { valueOf: "read", hasOwnProperty: { isPrototypeOf: ["x"] } };
    expect(evaluate(tsLiteral(value))).toEqual(value);
  });
});

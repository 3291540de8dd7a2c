import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { escapeTerminal, escapeTerminalKeepLines, hasUnsafeChar, inertJson, inlineText, quoted } from "../../../cli/output";
import { RAW_CONTROL } from "../../support/inert";



const HOSTILE = "\u001b]52;c;aGk=\u0007\u001b[2J\rNo drift: all good\n\u009b31m\u202eevil\u2066x\u2028y\ud800";

describe("terminal escaping", () => {
  it("escapes every unsafe character visibly, for any text", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 60 }), (text) => {
        const out = escapeTerminal(text);
        expect(out).not.toMatch(RAW_CONTROL);
        expect(hasUnsafeChar(out)).toBe(false);
        // Idempotent: escaped text holds nothing left to escape.
        expect(escapeTerminal(out)).toBe(out);
      }),
      { numRuns: 500 },
    );
  });

  it("leaves ordinary text alone, other scripts and emoji included", () => {
    fc.assert(fc.property(fc.stringMatching(/^[\p{L}\p{N} .,:;@'"()\-/…→😀]*$/u), (text) => {
        expect(escapeTerminal(text)).toBe(text);
      }),);
    expect(escapeTerminal("Zoë Ærø 山田 😀 a@b.c")).toBe("Zoë Ærø 山田 😀 a@b.c");
  });

  it("shows each escape as text", () => {
    expect(escapeTerminal(HOSTILE)).toBe("\\x1b]52;c;aGk=\\x07\\x1b[2J\\rNo drift: all good\\n\\x9b31m\\u202eevil\\u2066x\\u2028y\\ud800");
    expect(escapeTerminal("a\tb\u007f")).toBe("a\\tb\\x7f");
  });

  it("keeps a message's own line breaks only when asked to", () => {
    expect(escapeTerminalKeepLines("line one\r\nline \u001b[8mtwo")).toBe("line one\\r\nline \\x1b[8mtwo");
  });

  it("cuts to a maximum without splitting an escape or a surrogate pair", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 80 }), fc.integer({ min: 2, max: 40 }), (text, max) => {
        const out = inlineText(text, max);
        expect(out.length).toBeLessThanOrEqual(Math.max(max, escapeTerminal(text).length <= max ? max : 0));
        expect(out).not.toMatch(RAW_CONTROL);
        if (out.endsWith("…") && escapeTerminal(text).length > max) expect(escapeTerminal(text).startsWith(out.slice(0, -1))).toBe(true);
      }),
      { numRuns: 300 },
    );
    expect(inlineText("\u001b\u001b\u001b", 6)).toBe("\\x1b…");
    expect(inlineText("😀😀😀", 4)).toBe("😀…");
  });

  it("quotes a value so its ends are never in doubt", () => {
    expect(quoted('say "hi"\\\n')).toBe('"say \\"hi\\"\\\\\\n"');
    expect(quoted("x".repeat(50), 10)).toBe(`"${"x".repeat(9)}…"`);
  });

  it("writes JSON a terminal does not act on, that parses back to the same value", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 40 }), (text) => {
        const json = inertJson({ text });
        for (const line of json.split("\n")) expect(line).not.toMatch(RAW_CONTROL);
        expect(JSON.parse(json)).toEqual({ text });
      }),
      { numRuns: 300 },
    );
  });
});

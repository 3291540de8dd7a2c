import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { codeSpan, escapeTerminal, fencedBlock, inlineText, isOrdinary, markdownName, markdownValue } from "../../../cli/output";
import { decodeEntities, elementsOf, HOSTILE_VALUES, MENTION, renderMarkdown, textOutsideCode } from "../../support/inert";

/** Any text, with the characters Markdown and GitHub care about made likely. */
const anyText = fc.oneof(
  fc.string({ unit: "binary", maxLength: 50 }),
  fc.array(fc.constantFrom("@", "`", "``", "<", ">", "&", "#1", "\\", "\n", "\r", " ", "*", "_", "[", "](", "http://", "www.", "e", "x.io", "</details>", "- ", "|", "~~", "!", "$"), { maxLength: 20 }).map((parts) => parts.join("")),
  fc.constantFrom(...HOSTILE_VALUES),
);

/** The inline content of `- **x**: <value>` once rendered, or undefined when the list item is not one item of one list. */
function renderedValue(markdown: string): string | undefined {
  const html = renderMarkdown(`- **x**: ${markdown}\n- next\n`);
  return (/^<ul>\n<li><strong>x<\/strong>:(?: ([\s\S]*))?<\/li>\n<li>next<\/li>\n<\/ul>\n$/.exec(html) ?? [])[1] ?? (html.includes("<li><strong>x</strong>:</li>") ? "" : undefined);
}

describe("Markdown values", () => {
  it("render as text for any value: one list item, no link, no HTML, no mention, the value's own characters", () => {
    fc.assert(
      fc.property(anyText, (value) => {
        const md = markdownValue(value);
        const inner = renderedValue(md);
        expect(inner, md).toBeDefined();
        // Nothing but a code span or plain text: no <a>, no <img>, no emphasis, no HTML from data.
        expect(elementsOf(inner!).filter((e) => e !== "code"), md).toEqual([]);
        const code = /^<code>([\s\S]*)<\/code>$/.exec(inner!);
        if (!code) expect(inner!).not.toMatch(MENTION);
        expect(decodeEntities(code ? code[1] : inner!)).toBe(inlineText(value, 300));
      }),
      { numRuns: 1000 },
    );
  });

  it("shows ordinary values as they are, and the rest in a code span", () => {
    for (const plain of ["5f1d…/Production: read → write", 'jobTitle: "Boss" → "CEO"', "Zoë O'Brien (sales)"]) {
      expect(isOrdinary(plain), plain).toBe(true);
    }
    expect(markdownValue("linus@example.com")).toBe("`linus@example.com`");
    expect(markdownName("linus@example.com")).toBe("linus@example.com");
    expect(markdownName("@everyone@x.io")).toBe("`@everyone@x.io`");
    expect(markdownValue("a_b*c")).toBe("a\\_b\\*c");
    for (const value of HOSTILE_VALUES) expect(markdownValue(value).startsWith("`"), value).toBe(true);
    expect(markdownValue("@everyone")).toBe("`@everyone`");
    expect(codeSpan("a ``b`` c")).toBe("```a ``b`` c```");
    expect(codeSpan("`x")).toBe("`` `x ``");
  });

  it("caps values in length", () => {
    expect(markdownValue("y".repeat(1000), 50)).toBe(`${"y".repeat(49)}…`);
  });

  it("fences any text so that nothing inside closes the block", () => {
    fc.assert(
      fc.property(anyText, anyText, (a, b) => {
        const text = `${a}\n${b}`;
        const html = renderMarkdown(`${fencedBlock(text, "text")}\n\nafter\n`);
        expect(elementsOf(html)).toEqual(["pre", "code", "p"]);
        expect(textOutsideCode(html).trim()).toBe("after");
        expect(decodeEntities(/<code[^>]*>([\s\S]*)<\/code>/.exec(html)![1])).toBe(`${text.split("\n").map(escapeTerminal).join("\n")}\n`);
      }),
      { numRuns: 500 },
    );
  });
});

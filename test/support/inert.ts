/**
 * A real CommonMark renderer for tests of the Markdown this package writes: markdown-it with
 * raw HTML allowed and linkify on (GitHub renders HTML blocks and autolinks bare URLs,
 * `www.` and e-mails), plus what GitHub adds on top in text: mentions. Whatever a value
 * holds, the tests render it and look at the HTML, not at the Markdown source.
 */
import { createRequire } from "node:module";

interface MarkdownIt {
  render(src: string): string;
}
type MarkdownItFactory = (options: { html: boolean; linkify: boolean }) => MarkdownIt;

const markdownIt = createRequire(__filename)("markdown-it") as MarkdownItFactory;
const renderer = markdownIt({ html: true, linkify: true });

export function renderMarkdown(src: string): string {
  return renderer.render(src);
}

/** The HTML's element names, in order (closing tags left out). */
export function elementsOf(html: string): string[] {
  return [...html.matchAll(/<([a-zA-Z][a-zA-Z0-9-]*)/g)].map((m) => m[1].toLowerCase());
}

/** The rendered text outside `<code>` and `<pre>`, tags removed, entities decoded. */
export function textOutsideCode(html: string): string {
  return decodeEntities(html.replace(/<pre[\s\S]*?<\/pre>/g, " ").replace(/<code>[\s\S]*?<\/code>/g, " ").replace(/<[^>]*>/g, " "));
}

export function decodeEntities(text: string): string {
  return text
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)))
    .replace(/&amp;/g, "&");
}

/** What GitHub makes a mention of: `@name` at the start or after a non-word character. */
export const MENTION = /(?:^|[^A-Za-z0-9_`])@[A-Za-z0-9]/;

/** Every character a terminal would act on (issue 22): C0, DEL, C1, bidi controls, U+2028/9. */
// eslint-disable-next-line no-control-regex
export const RAW_CONTROL = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

/** True when `text` holds a raw control character other than the line feeds between its lines. */
export function hasRawControl(text: string): boolean {
  return text.split("\n").some((line) => RAW_CONTROL.test(line));
}

/** Values a sign-up form can hold, as issue 22 tried them. */
export const HOSTILE_VALUES = [
  "\u001b]52;c;aGk=\u0007\u001b[2J\rNo drift: all good",
  "bad\u001b[31mRED\r",
  "@acme/owners @everyone https://evil.example/x",
  "Staging\n\n</details>\n\n- **Approved by @acme/security**",
  "x\r```\r<img src=x onerror=alert(1)>\r# Heading",
  "<script>alert(1)</script>",
  "````` `` ` www.evil.example [link](https://evil.example) ![i](https://evil.example/i.png)",
  "&#64;everyone &lt;b&gt; <https://evil.example>",
  "\u202egnp.exe\u2066 \u2028\u0085 \u009b2J",
  "#123 $x^2$ ~~gone~~ | a | b |",
  "  trailing  ",
];

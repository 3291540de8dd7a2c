/**
 * Text from data, made inert for a terminal or a log (issue 22, "Inert output").
 *
 * Everything a service returns is written by whoever filled in a form, so a value may hold
 * escape sequences (OSC 52 writes the clipboard, CSI 2J clears the screen), a carriage
 * return that overprints the line before it, a line feed that fakes a line of our own, or a
 * bidirectional override that shows text in another order than it is. As GNU `ls` does for
 * file names since coreutils 8.25, such characters are shown escaped, visibly, never sent:
 * `\n`, `\r`, `\t`, `\x1b` (C0, DEL, C1), `\u202e` (bidi controls, line and paragraph
 * separators, lone surrogates). A value can then never start a line of its own.
 */

/**
 * The characters that are never written as they are: C0 (line feed, carriage return and tab
 * included), DEL, C1, the Arabic letter mark, LRM/RLM, the line and paragraph separators,
 * the bidi embeddings and overrides (U+202A-U+202E) and isolates (U+2066-U+2069), and lone
 * surrogates (not text; a terminal shows them as it likes).
 */
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

const SHORT: Record<string, string> = { "\n": "\\n", "\r": "\\r", "\t": "\\t" };

/** The visible escape of one unsafe character. */
function escapeChar(char: string): string {
  const short = SHORT[char];
  if (short !== undefined) return short;
  const code = char.charCodeAt(0);
  return code < 0x100 ? `\\x${code.toString(16).padStart(2, "0")}` : `\\u${code.toString(16).padStart(4, "0")}`;
}

/** True when `text` holds a character that `escapeTerminal` would escape. */
export function hasUnsafeChar(text: string): boolean {
  UNSAFE.lastIndex = 0;
  const found = UNSAFE.test(text);
  UNSAFE.lastIndex = 0;
  return found;
}

/** `text` with every unsafe character escaped visibly; safe text is returned unchanged. */
export function escapeTerminal(text: string): string {
  return text.replace(UNSAFE, escapeChar);
}

/**
 * Text of our own that carries values from data, for a terminal: line feeds of our own stay
 * (a message may have several lines), every other unsafe character is escaped. Use it where
 * a whole message is printed and its data parts cannot be told apart any more.
 */
export function escapeTerminalKeepLines(text: string): string {
  return text.split("\n").map(escapeTerminal).join("\n");
}

/**
 * One value on one line: escaped, then cut to at most `max` characters (with `…`). The cut
 * never splits an escape or a surrogate pair, so what is shown stays readable.
 */
export function inlineText(text: string, max = Number.POSITIVE_INFINITY): string {
  const escaped = escapeTerminal(text);
  if (escaped.length <= max) return escaped;
  let out = "";
  // Tokens: an escape as produced above, or one code point.
  for (const token of escaped.match(/\\x[0-9a-f]{2}|\\u[0-9a-f]{4}|\\[nrt]|[\s\S]/gu) ?? []) {
    if (out.length + token.length > max - 1) break;
    out += token;
  }
  return `${out}…`;
}

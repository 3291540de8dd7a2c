import { inlineText } from "./terminal";

/**
 * A value in a sentence, in double quotes: control characters and `"` escaped, cut to `max`
 * characters, so where it starts and ends is never in doubt.
 */
export function quoted(text: string, max = Number.POSITIVE_INFINITY): string {
  const inner = inlineText(text.replace(/\\/g, "\\\\").replace(/"/g, '\\"'), max);
  return `"${inner}"`;
}

/** A name as it is when it is a plain name (letters, digits, ` ._-…`), else `quoted`. */
export function nameOrQuoted(text: string, max = 60): string {
  return text.length <= max && /^[\p{L}\p{N}][\p{L}\p{M}\p{N} ._…-]*$/u.test(text) && !text.endsWith(" ") ? text : quoted(text, max);
}

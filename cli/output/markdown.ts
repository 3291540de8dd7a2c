/**
 * Values from data, made inert in Markdown (issue 22, "Inert output"): rendered as
 * CommonMark (as GitHub does, with its mentions and autolinks), a value is text: never a
 * mention that pings a team, a link, HTML, or a line that breaks the list, fence or
 * `<details>` around it.
 *
 * Two forms, chosen per value. An ordinary value (letters, digits and a few punctuation
 * marks, no `@`, no URL) is shown as it is, with Markdown's punctuation backslash-escaped,
 * so names and `app/env: read → write` read naturally. Anything else goes into a code span: inside one, CommonMark knows no HTML, entities, links or
 * emphasis, and GitHub makes no mention or autolink. Control characters are escaped first
 * (./terminal.ts), so a value never holds a line ending that could end a paragraph, a list
 * item or a fence.
 */
import { escapeTerminal, inlineText } from "./terminal";

/** Markdown's inline punctuation, backslash-escaped (CommonMark: any ASCII punctuation may be). */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()<>#+!|~]/g, (c) => `\\${c}`);
}

/**
 * Characters an ordinary value may hold. Not here, so the value goes into a code span: `<`,
 * `&` (HTML and entities), `` ` ``, `\`, `#` (GitHub's `#123` references), `$` (math), `:`
 * at a URL's scheme, emoji and symbols, and every control character.
 */
const ORDINARY = /^[\p{L}\p{M}\p{N} .,:;'"()[\]{}*_+=~|!?%/…→-]*$/u;
/**
 * What a renderer may turn into a link in text: a scheme with `//`, `www.`, `mailto:`, `xmpp:`
 * (GitHub's autolinks), and a bare `name.tld` (renderers with fuzzy linking, e.g. linkify-it,
 * make `x.io` a link; fast-check found it).
 */
const LINKISH = /[a-z][a-z0-9+.-]*:\/\/|www\.|mailto:|xmpp:|[\p{L}\p{N}_-]\.\p{L}{2,}/iu;

/** True when `text` can be shown as escaped text rather than in a code span. */
export function isOrdinary(text: string): boolean {
  // Spaces at the ends would be lost, or end a line as a hard line break.
  return ORDINARY.test(text) && !/^ | $/.test(text) && !LINKISH.test(text);
}

/**
 * A code span holding `text` as it is (call it with text free of line endings). The
 * backtick fence is longer than any run of backticks inside, and a space pads content that
 * starts or ends with a backtick or a space, so the span cannot close early or lose its ends.
 * An empty text gives an empty string (there is no empty code span).
 */
export function codeSpan(text: string): string {
  if (text === "") return "";
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(longest + 1);
  // CommonMark strips one space at each end unless the content is only spaces.
  const pad = /^[` ]|[` ]$/.test(text) && !/^ *$/.test(text) ? " " : "";
  return `${fence}${pad}${text}${pad}${fence}`;
}

/**
 * One value from data for Markdown: control characters escaped, cut to `max` characters,
 * then shown as escaped text when ordinary, else as a code span.
 */
export function markdownValue(text: string, max = 300): string {
  const shown = inlineText(text, max);
  return isOrdinary(shown) ? escapeMarkdown(shown) : codeSpan(shown);
}

/** A plain e-mail address: `local@domain.tld`, nothing else. */
const EMAIL = /^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$/;

/**
 * The name of a record, which for a team member is an e-mail address: a plain address is
 * shown as it is (GitHub makes it a `mailto:` link, which is what it is), anything else as
 * `markdownValue`. Only the record's identity gets this; an address inside a value is code.
 */
export function markdownName(text: string, max = 120): string {
  return text.length <= max && EMAIL.test(text) ? escapeMarkdown(text) : markdownValue(text, max);
}

/** A fenced code block holding `text` (several lines) inert: its own fence cannot be closed from inside. */
export function fencedBlock(text: string, info = ""): string {
  const lines = text.split("\n").map(escapeTerminal);
  const longest = Math.max(0, ...lines.flatMap((line) => line.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(Math.max(3, longest + 1));
  return `${fence}${info}\n${lines.join("\n")}\n${fence}`;
}

/** The one output layer: every value from data that reaches a terminal, a log or Markdown goes through here. */
export { escapeTerminal, escapeTerminalKeepLines, hasUnsafeChar, inlineText } from "./terminal";
export { codeSpan, escapeMarkdown, fencedBlock, isOrdinary, markdownName, markdownValue } from "./markdown";
export { inertJson } from "./json";
export { nameOrQuoted, quoted } from "./quote";

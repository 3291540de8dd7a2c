/**
 * JSON values written as TypeScript a person would write: identifier keys without quotes,
 * short objects and lists on one line, longer ones one member per line.
 *
 * Every string comes from a service, so it is hostile: JSON.stringify escapes quotes,
 * backslashes, C0 controls and lone surrogates, but leaves DEL, C1 controls, U+2028/U+2029
 * (line terminators to editors and older parsers) and the bidirectional overrides raw (the
 * "Trojan Source" trick: code that reads differently than it compiles). Those are escaped
 * too, so the module shows every value as the text it is.
 */

const LINE = 100;

/** Characters written as `\uXXXX`: controls, format characters (bidi), separators, private use, unassigned. */
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Co}\p{Cn}]/gu;

/**
 * Keys that name a member of `Object`. TypeScript takes the contextual type of such a
 * property from `Object` (`constructor: Function`, ...) even inside a `Record<string, T>`, so
 * an environment named `constructor` with `"read"` would widen to `string` and fail to compile
 * (microsoft/TypeScript#35113 and its duplicates). `as const` keeps the value's own type.
 */
const OBJECT_MEMBERS: ReadonlySet<string> = new Set(Object.getOwnPropertyNames(Object.prototype).filter((name) => name !== "__proto__"));

const escapeUnit = (c: string): string => [...Array(c.length).keys()].map((i) => `\\u${c.charCodeAt(i).toString(16).padStart(4, "0")}`).join("");

/** A string as a TypeScript string literal with nothing invisible in it. */
export function tsString(text: string): string {
  return JSON.stringify(text).replace(INVISIBLE, escapeUnit);
}

function key(name: string): string {
  // `__proto__: v` (quoted or not) in an object literal sets the prototype instead of a
  // property; only a computed key makes it an own property, as JSON.parse does.
  if (name === "__proto__") return `["__proto__"]`;
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name) ? name : tsString(name);
}

const member = (name: string, text: string): string => `${key(name)}: ${text}${OBJECT_MEMBERS.has(name) ? " as const" : ""}`;

function oneLine(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(oneLine).join(", ")}]`;
  if (typeof value === "object" && value !== null) {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    return entries.length === 0 ? "{}" : `{ ${entries.map(([k, v]) => member(k, oneLine(v))).join(", ")} }`;
  }
  if (typeof value === "number" && !Number.isFinite(value)) throw new Error(`cannot write ${value} as code`);
  if (typeof value === "string") return tsString(value);
  return JSON.stringify(value);
}

/** `value` as a TypeScript expression; `indent` is the indentation of the line it starts on. */
export function tsLiteral(value: unknown, indent = ""): string {
  const flat = oneLine(value);
  if (indent.length + flat.length <= LINE || typeof value !== "object" || value === null) return flat;
  const inner = `${indent}  `;
  if (Array.isArray(value)) return `[\n${value.map((v) => `${inner}${tsLiteral(v, inner)},\n`).join("")}${indent}]`;
  const entries = Object.entries(value).filter(([, v]) => v !== undefined);
  return `{\n${entries.map(([k, v]) => `${inner}${member(k, tsLiteral(v, inner))},\n`).join("")}${indent}}`;
}

/** Text for a `//` comment: line ends (which would end the comment) and hidden characters escaped. */
export function commentText(text: string): string {
  return text.replace(INVISIBLE, escapeUnit);
}

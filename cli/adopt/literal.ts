/**
 * JSON values written as TypeScript a person would write: identifier keys without quotes,
 * short objects and lists on one line, longer ones one member per line. Strings go through
 * JSON.stringify, which escapes everything a TypeScript string literal needs (quotes,
 * backslashes, control characters, U+2028/2029).
 */

const LINE = 100;

function key(name: string): string {
  // `__proto__: v` (quoted or not) in an object literal sets the prototype instead of a
  // property; only a computed key makes it an own property, as JSON.parse does.
  if (name === "__proto__") return `["__proto__"]`;
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name) ? name : JSON.stringify(name);
}

function oneLine(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(oneLine).join(", ")}]`;
  if (typeof value === "object" && value !== null) {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    return entries.length === 0 ? "{}" : `{ ${entries.map(([k, v]) => `${key(k)}: ${oneLine(v)}`).join(", ")} }`;
  }
  if (typeof value === "number" && !Number.isFinite(value)) throw new Error(`cannot write ${value} as code`);
  return JSON.stringify(value);
}

/** `value` as a TypeScript expression; `indent` is the indentation of the line it starts on. */
export function tsLiteral(value: unknown, indent = ""): string {
  const flat = oneLine(value);
  if (indent.length + flat.length <= LINE || typeof value !== "object" || value === null) return flat;
  const inner = `${indent}  `;
  if (Array.isArray(value)) return `[\n${value.map((v) => `${inner}${tsLiteral(v, inner)},\n`).join("")}${indent}]`;
  const entries = Object.entries(value).filter(([, v]) => v !== undefined);
  return `{\n${entries.map(([k, v]) => `${inner}${key(k)}: ${tsLiteral(v, inner)},\n`).join("")}${indent}}`;
}

/**
 * Values as the engine's events carry them: secrets (an object with the engine's secret
 * signature, never plaintext), unknowns (a preview's placeholder string) and plain JSON.
 * Shared by the drift report and the review, so both hide and name them the same way.
 */
import { UNKNOWN } from "../../provider/core/check";
import { inlineText } from "../output";

/** The signature the engine puts on secret values (`sig.Secret`). */
const SECRET_SIG = "4dabf18193072939515e22adb298388d";

/** What the engine puts in place of a value a preview cannot know yet (`UnknownStringValue`). */
export const UNKNOWN_VALUE = UNKNOWN;

/** How a secret is shown, everywhere. */
export const SECRET_CELL = "[secret]";

/** How an unknown is shown, everywhere. */
export const UNKNOWN_CELL = "(known after up)";

export function isSecret(value: unknown): boolean {
  return typeof value === "object" && value !== null && (value as Record<string, unknown>)[SECRET_SIG] !== undefined;
}

export function containsSecret(value: unknown): boolean {
  if (isSecret(value)) return true;
  if (Array.isArray(value)) return value.some(containsSecret);
  return typeof value === "object" && value !== null && Object.values(value).some(containsSecret);
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value) && !isSecret(value);
}

/** The canonical text of a value, for equality: object key order does not matter. */
export function canonical(value: unknown): string {
  if (isSecret(value)) return SECRET_CELL;
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (isPlainObject(value)) {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`)
      .join(",")}}`;
  }
  return JSON.stringify(value) ?? "undefined";
}

/** A value safe to print or hand to tools: secrets replaced by "[secret]", unknowns named. */
export function cleanValue(value: unknown): unknown {
  if (isSecret(value)) return SECRET_CELL;
  if (value === UNKNOWN_VALUE) return UNKNOWN_CELL;
  if (Array.isArray(value)) return value.map(cleanValue);
  if (isPlainObject(value)) return Object.fromEntries(Object.entries(value).map(([k, x]) => [k, cleanValue(x)]));
  return value;
}

/**
 * A value as one line of text: secrets stay hidden, unknowns are named, control characters
 * are escaped visibly (../output), long values are cut.
 */
export function formatValue(value: unknown, max = 48): string {
  if (value === undefined) return "(not set)";
  if (isSecret(value)) return SECRET_CELL;
  if (value === UNKNOWN_VALUE) return UNKNOWN_CELL;
  return inlineText(typeof value === "string" ? value : canonical(cleanValue(value)), max);
}

/** The path of `key` under `parent`: `a.b`, or `a["x.y"]` for keys that are not plain names. */
export function pathOf(parent: string, key: string): string {
  const segment = /^[A-Za-z0-9_$-]+$/.test(key) ? key : `[${JSON.stringify(key)}]`;
  if (!parent) return segment;
  return segment.startsWith("[") ? `${parent}${segment}` : `${parent}.${segment}`;
}

/** The segments of a path built by `pathOf`. */
export function pathSegments(field: string): string[] {
  const segments = field.match(/\["(?:[^"\\]|\\.)*"\]|[^.[\]]+/g) ?? [];
  return segments.map((raw) => (raw.startsWith("[") ? (JSON.parse(raw.slice(1, -1)) as string) : raw));
}

/** The value at a path built by `pathOf`, or undefined. */
export function valueAt(root: unknown, field: string): unknown {
  let current: unknown = root;
  for (const key of pathSegments(field)) {
    if (!isPlainObject(current)) return undefined;
    current = current[key];
  }
  return current;
}

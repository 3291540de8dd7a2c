/** Request body helpers: media type and JSON parsing. Each service words its own errors. */
import type { ApiRequest } from "./types";

/** `application/ld+json` from `application/ld+json; charset=utf-8`; `undefined` when absent. */
export function mediaType(req: ApiRequest): string | undefined {
  const header = req.headers["content-type"];
  if (!header) return undefined;
  const type = header.split(";")[0].trim().toLowerCase();
  return type === "" ? undefined : type;
}

export type JsonParse =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly empty: boolean; readonly message: string };

export function parseJson(body: Buffer): JsonParse {
  const text = body.toString("utf8");
  if (text.trim() === "") return { ok: false, empty: true, message: "Request body is empty" };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    return { ok: false, empty: false, message: (error as Error).message };
  }
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Structural equality of JSON values (RFC 6902 section 4.6 rules: member order does not matter). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) {
    return Array.isArray(b) && a.length === b.length && a.every((item, i) => jsonEqual(item, b[i]));
  }
  if (isPlainObject(a) && isPlainObject(b)) {
    const keys = Object.keys(a);
    return (
      keys.length === Object.keys(b).length &&
      keys.every((key) => Object.prototype.hasOwnProperty.call(b, key) && jsonEqual(a[key], b[key]))
    );
  }
  return false;
}

/** Sets an own property even when the key is `__proto__` (JSON.parse makes such keys own data). */
export function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
}

export function hasOwn(target: object, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(target, key);
}

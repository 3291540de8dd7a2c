/**
 * Small JSON helpers shared by the mappings between API objects and resource models.
 *
 * Why they exist: Pulumi hands us inputs where optional fields are `undefined`, the APIs
 * send objects whose key order changes between responses, and both must compare equal to
 * the same logical value, or `diff` reports changes that are not there (a clean preview
 * must stay clean). All helpers follow JSON semantics: what `JSON.stringify` drops
 * (`undefined` properties) does not exist, key order does not matter, array order does.
 */

/** Any JSON value. */
export type JsonValue = null | boolean | number | string | JsonValue[] | JsonObject;

/** A JSON object. */
export interface JsonObject {
  [key: string]: JsonValue;
}

/** True for a plain object (not an array, not null). */
export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Deep copy without `undefined`: object properties whose value is `undefined` are dropped,
 * array elements that are `undefined` become `null` (what `JSON.stringify` does with them).
 * The input is not modified.
 */
export function stripUndefined<T>(value: T): T {
  if (Array.isArray(value)) {
    return value.map((item) => (item === undefined ? null : stripUndefined(item))) as T;
  }
  if (isJsonObject(value)) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      if (item !== undefined) defineKey(out, key, stripUndefined(item));
    }
    return out as T;
  }
  return value;
}

/**
 * Deep copy with the keys of every object in ascending code-unit order, so that
 * `JSON.stringify` of two equal values gives the same text (stable state, stable logs).
 */
export function sortKeysDeep<T>(value: T): T {
  if (Array.isArray(value)) return value.map((item) => sortKeysDeep(item)) as T;
  if (isJsonObject(value)) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) defineKey(out, key, sortKeysDeep(value[key]));
    return out as T;
  }
  return value;
}

/** `stripUndefined` then `sortKeysDeep`: the canonical view that mappings compare and store. */
export function normalizeJson<T>(value: T): T {
  return sortKeysDeep(stripUndefined(value));
}

/**
 * Deep equality with JSON semantics: an `undefined` property equals an absent one, key
 * order is ignored, arrays compare element by element, `0` equals `-0`.
 */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    // `undefined` array elements serialise as null.
    return a.every((item, i) => deepEqual(item ?? null, b[i] ?? null));
  }
  if (isJsonObject(a) && isJsonObject(b)) {
    const keysA = Object.keys(a).filter((k) => a[k] !== undefined);
    const keysB = Object.keys(b).filter((k) => b[k] !== undefined);
    if (keysA.length !== keysB.length) return false;
    return keysA.every((k) => Object.prototype.hasOwnProperty.call(b, k) && deepEqual(a[k], b[k]));
  }
  return false;
}

/** A deep copy of a JSON value (structure only; `undefined` dropped as in `stripUndefined`). */
export function cloneJson<T>(value: T): T {
  return stripUndefined(value);
}

// Assigning `out["__proto__"] = x` would change the prototype instead of adding a key
// (JSON.parse creates such keys as own properties); defineProperty keeps it plain data.
function defineKey(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === "__proto__") {
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  } else {
    target[key] = value;
  }
}

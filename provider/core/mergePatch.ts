/**
 * RFC 7396 JSON Merge Patch, for the APIs whose PATCH takes
 * `Content-Type: application/merge-patch+json` (RogerRoger people and notes).
 *
 * A merge patch is a JSON document shaped like the target: a member set to a value replaces
 * that member, a member set to `null` removes it, a nested object recurses, and anything
 * else (arrays, scalars) replaces the target value whole (RFC 7396 section 1).
 *
 * Limitation (RFC 7396 section 1, last paragraph): `null` always means "remove", so a merge
 * patch cannot set a member to `null` explicitly. For the APIs here that is the same thing:
 * RogerRoger treats a removed scalar as `null`. `createMergePatch` therefore reads a `null`
 * in the new document as "remove the member", which is also what the field-ownership rule
 * needs ("a field the program stops setting is cleared once").
 */
import { cloneJson, deepEqual, isJsonObject, type JsonObject, type JsonValue } from "./normalize";

/**
 * The merge patch that turns `oldDoc` into `newDoc`, or `undefined` when they are equal,
 * so callers write `if (patch === undefined) return;` and send no request at all.
 *
 * - a member whose value changed is set to its new value (arrays and scalars whole);
 * - a member present in `oldDoc` but absent (or `undefined`) in `newDoc` is set to `null`;
 * - a member that is an object on both sides recurses, and is left out when unchanged;
 * - when `newDoc` is not an object, the patch is `newDoc` itself (section 2: a non-object
 *   patch replaces the whole target).
 *
 * `applyMergePatch(oldDoc, createMergePatch(oldDoc, newDoc))` deep-equals `newDoc` whenever
 * `newDoc` contains no `null` (see the limitation above).
 */
export function createMergePatch<T>(oldDoc: T | undefined, newDoc: T): MergePatchOf<T> | undefined {
  return mergePatch(oldDoc as JsonValue | undefined, newDoc as JsonValue) as MergePatchOf<T> | undefined;
}

/** The type of a merge patch for documents of type T: an object patch for object documents. */
export type MergePatchOf<T> = T extends readonly unknown[] ? JsonValue : T extends object ? JsonObject : JsonValue;

function mergePatch(oldDoc: JsonValue | undefined, newDoc: JsonValue): JsonValue | undefined {
  if (!isJsonObject(newDoc)) return deepEqual(oldDoc, newDoc) ? undefined : cloneJson(newDoc);
  // A non-object target becomes {} before merging (section 2), so diff against {}.
  const base: JsonObject = isJsonObject(oldDoc) ? oldDoc : {};
  const patch: JsonObject = {};
  for (const key of Object.keys(base)) {
    if (base[key] !== undefined && newDoc[key] === undefined) setKey(patch, key, null);
  }
  for (const key of Object.keys(newDoc)) {
    const next = newDoc[key];
    if (next === undefined) continue;
    const prev = base[key];
    if (next === null) {
      // null means "remove": only needed when the member exists with a value. A member that
      // is null on both sides is equal, so it is left out (RFC 7396 Appendix A.13 read as a
      // generation case: {"e":null} to {"e":null,"a":1} is the patch {"a":1}).
      if (prev !== undefined && prev !== null) setKey(patch, key, null);
    } else if (isJsonObject(next) && isJsonObject(prev)) {
      const nested = mergePatch(prev, next);
      if (nested !== undefined) setKey(patch, key, nested);
    } else if (!deepEqual(prev, next)) {
      // Replacing a scalar/array with an object: the object patch is merged into {}.
      setKey(patch, key, cloneJson(next));
    }
  }
  if (Object.keys(patch).length > 0) return patch;
  // An object newDoc over a non-object oldDoc still changes the type: send {} (it makes the
  // target an empty object, then nothing to merge).
  return isJsonObject(oldDoc) ? undefined : patch;
}

/**
 * Applies a merge patch exactly as the pseudo-code of RFC 7396 section 2, without
 * modifying `target` or `patch`:
 *
 *     define MergePatch(Target, Patch):
 *       if Patch is an Object:
 *         if Target is not an Object:
 *           Target = {} # Ignore the contents and set it to an empty Object
 *         for each Name/Value pair in Patch:
 *           if Value is null:
 *             if Name exists in Target:
 *               remove the Name/Value pair from Target
 *           else:
 *             Target[Name] = MergePatch(Target[Name], Value)
 *         return Target
 *       else:
 *         return Patch
 */
export function applyMergePatch(target: unknown, patch: JsonValue): JsonValue {
  if (!isJsonObject(patch)) return cloneJson(patch);
  const result: JsonObject = isJsonObject(target) ? cloneJson(target) : {};
  for (const [name, value] of Object.entries(patch)) {
    if (value === null) {
      delete result[name];
    } else if (value !== undefined) {
      const current = Object.prototype.hasOwnProperty.call(result, name) ? result[name] : undefined;
      setKey(result, name, applyMergePatch(current, value));
    }
  }
  return result;
}

// `obj["__proto__"] = v` would set the prototype; keep every key an own data property.
function setKey(obj: JsonObject, key: string, value: JsonValue): void {
  Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
}

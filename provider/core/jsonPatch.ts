/**
 * RFC 6902 JSON Patch between two normalised JSON views, for the Rollout users API whose
 * PATCH takes an array of operations.
 *
 * Why fast-json-patch: it is maintained and widely used, its `compare` emits only the
 * operations needed (add/remove/replace, no move/copy), and it escapes object keys as
 * RFC 6901 JSON Pointer tokens (`~` as `~0`, `/` as `~1`), which matters here because
 * Rollout environment names are free-form keys and may contain either character.
 * Its `applyPatch` validates operations and refuses `__proto__` paths.
 */
import { applyPatch, compare, deepClone, type Operation } from "fast-json-patch";
import { isJsonObject, type JsonValue } from "./normalize";

/** One RFC 6902 operation, as fast-json-patch types it. */
export type JsonPatchOperation = Operation;

export interface CreateJsonPatchOptions {
  /**
   * Precede every `replace` and `remove` with a `test` of the old value (RFC 6902 section
   * 4.6), so a patch computed from stale state fails instead of overwriting a change made
   * by someone else in between. Default false.
   */
  guard?: boolean;
}

/**
 * The operations that turn `oldView` into `newView`; `[]` when they are equal, so callers
 * send no request at all. Both views must already be normalised (no `undefined`; see
 * `normalizeJson`): fast-json-patch skips `undefined` on one side only, which would make
 * equal-looking views differ.
 */
export function createJsonPatch(oldView: unknown, newView: unknown, options: CreateJsonPatchOptions = {}): JsonPatchOperation[] {
  const sameContainerType =
    (isJsonObject(oldView) && isJsonObject(newView)) || (Array.isArray(oldView) && Array.isArray(newView));
  if (!sameContainerType) {
    // compare() only walks containers of the same kind (and returns [] for {} versus []),
    // so a change of the root's type is one whole-document replace (path "" is the root).
    if (JSON.stringify(oldView) === JSON.stringify(newView)) return [];
    const replace: JsonPatchOperation = { op: "replace", path: "", value: deepClone(newView) };
    return options.guard ? [{ op: "test", path: "", value: deepClone(oldView) }, replace] : [replace];
  }
  return compare(oldView as object, newView as object, options.guard === true);
}

/** Same as `createJsonPatch` (the name the resource code uses). */
export const jsonPatch = createJsonPatch;

/** Applies `operations` to a copy of `document` and returns the result (input untouched). */
export function applyJsonPatch(document: unknown, operations: readonly JsonPatchOperation[]): JsonValue {
  // validate=true: throws on an invalid operation or a failed `test`;
  // mutateDocument=false: works on a clone.
  return applyPatch(document, [...operations], true, false).newDocument as JsonValue;
}

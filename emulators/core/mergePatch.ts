/**
 * RFC 7396 JSON Merge Patch, the `MergePatch(Target, Patch)` function of section 2, without
 * mutating its arguments: a `null` member removes, an object merges recursively, anything
 * else (arrays included) replaces the target as a whole.
 */
import { hasOwn, isPlainObject, setOwn } from "./body";

export function applyMergePatch(target: unknown, patch: unknown): unknown {
  if (!isPlainObject(patch)) return structuredClone(patch);
  const result: Record<string, unknown> = isPlainObject(target) ? { ...target } : {};
  for (const [name, value] of Object.entries(patch)) {
    if (value === null) delete result[name];
    else setOwn(result, name, applyMergePatch(hasOwn(result, name) ? result[name] : undefined, value));
  }
  return result;
}

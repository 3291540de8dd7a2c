/**
 * The engine's detailed diff from what the runtime's `diff` answers: each changed key
 * (`jobTitle`, `fields.stage`, `applications.<id>`, plugin/profile.ts DiffResult) as a
 * property path with its kind, so `pulumi preview` marks the fields (`[diff: ~jobTitle]`)
 * and `--diff` shows each one. Kinds follow the values on either side: a path absent from
 * the old state is an addition, absent from the new inputs a deletion, else an update; a
 * path that forces a replacement says so.
 */
import type { DiffResult } from "../provider/plugin/profile";
import type { Props } from "./values";

export type DiffKind = "ADD" | "ADD_REPLACE" | "DELETE" | "DELETE_REPLACE" | "UPDATE" | "UPDATE_REPLACE";

/** A changed key as a property path: `a.b` stays, a member that is no identifier is quoted (`fields["first name"]`). */
export function propertyPath(key: string): string {
  const dot = key.indexOf(".");
  if (dot < 0) return key;
  const head = key.slice(0, dot);
  const member = key.slice(dot + 1);
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(member) ? `${head}.${member}` : `${head}[${JSON.stringify(member)}]`;
}

function valueAt(props: Props, key: string): unknown {
  const dot = key.indexOf(".");
  if (dot < 0) return props[key];
  const parent = props[key.slice(0, dot)];
  return typeof parent === "object" && parent !== null ? (parent as Props)[key.slice(dot + 1)] : undefined;
}

const absent = (value: unknown) => value === undefined || value === null;

/** The detailed diff of a diff result, or undefined when it names no key (the engine then compares the inputs itself). */
export function detailedDiff(result: DiffResult, olds: Props, news: Props): Map<string, DiffKind> | undefined {
  const keys = [...(result.replaces ?? []), ...(result.changedKeys ?? [])];
  if (!result.changes || keys.length === 0) return undefined;
  const replaces = new Set(result.replaces ?? []);
  const out = new Map<string, DiffKind>();
  for (const key of keys) {
    const path = propertyPath(key);
    if (out.has(path)) continue;
    const kind: DiffKind = absent(valueAt(olds, key)) ? "ADD" : absent(valueAt(news, key)) ? "DELETE" : "UPDATE";
    out.set(path, replaces.has(key) ? (`${kind}_REPLACE` as DiffKind) : kind);
  }
  return out;
}

/**
 * Field ownership (the product brief, "Field ownership"): a CRM record is shared with people who
 * edit it in the CRM's own UI, so the program owns only the fields it sets.
 *
 * - A field is *managed* when the program sets it (a value other than undefined/null).
 * - A field the program never set is never written, never cleared and never drift: reads
 *   keep only the managed fields, and diffs compare only them.
 * - A managed field changed by hand is drift: the read shows the live value, the diff
 *   compares it with the program's.
 * - A field the program stops setting is cleared once (`null` in a merge patch) and then is
 *   no longer managed. To know what it stopped setting, the outputs keep the list of managed
 *   fields of the last write (`managedFields`).
 *
 * Granularity: each top-level field is owned as a whole (a list of e-mails, an address),
 * except the members of one map-valued field (`fields`, the backend-native properties),
 * which are owned one by one and named `fields.<name>`. All functions here are pure.
 */
import { isUnknown } from "../core/check";
import { deepEqual, isJsonObject } from "../core/normalize";
import { COMMON_FIELDS, type PersonModel } from "./types";

/** Which fields of a document are owned, and how. */
export interface OwnershipSpec {
  /** Top-level fields, each owned as a whole. */
  readonly fields: readonly string[];
  /** A map-valued top-level field whose members are owned one by one (`fields`). */
  readonly perMember?: string;
}

// Documents are plain JSON-like objects; typed models (interfaces) are accepted as they are.
type Doc = object;
const fieldOf = (doc: Doc, field: string): unknown => (doc as Record<string, unknown>)[field];

const isSet = (value: unknown): boolean => value !== undefined && value !== null;

/** The managed keys of a document: its set fields, and `<perMember>.<name>` for each set member. */
export function managedKeys(doc: Doc, spec: OwnershipSpec): string[] {
  const keys = spec.fields.filter((field) => isSet(fieldOf(doc, field)));
  const members = spec.perMember === undefined ? undefined : fieldOf(doc, spec.perMember);
  if (spec.perMember !== undefined && isJsonObject(members)) {
    for (const name of Object.keys(members).sort()) {
      if (isSet(members[name])) keys.push(`${spec.perMember}.${name}`);
    }
  }
  return keys;
}

/**
 * A managed key, typed: a top-level field, or one member of the per-member field. Keys stay
 * strings in the state (`managedFields`); code that writes a key reads it through this.
 */
export interface FieldPath {
  readonly field: string;
  /** The member's name, for a member of the per-member field. */
  readonly member?: string;
}

/** The typed path of a managed key (the one place that decodes `<perMember>.<name>`). */
export function fieldPath(key: string, spec: OwnershipSpec): FieldPath {
  const prefix = spec.perMember === undefined ? undefined : `${spec.perMember}.`;
  if (prefix !== undefined && key.startsWith(prefix)) return { field: spec.perMember!, member: key.slice(prefix.length) };
  return { field: key };
}

/** Splits a managed key into its top-level field and, for a member, the member's name. */
function split(key: string, spec: OwnershipSpec): [string, string | undefined] {
  const { field, member } = fieldPath(key, spec);
  return [field, member];
}

/** The value of a managed key in a document (undefined when absent). */
export function valueAt(doc: Doc, key: string, spec: OwnershipSpec): unknown {
  const [field, member] = split(key, spec);
  const value = fieldOf(doc, field);
  if (member === undefined) return value ?? undefined;
  return isJsonObject(value) ? (value[member] ?? undefined) : undefined;
}

/** The document restricted to `keys` (absent values stay absent). */
export function pick<T extends Doc>(doc: T, keys: readonly string[], spec: OwnershipSpec): Partial<T> {
  const out: Record<string, unknown> = {};
  for (const key of keys) {
    const value = valueAt(doc, key, spec);
    if (!isSet(value)) continue;
    const [field, member] = split(key, spec);
    if (member === undefined) out[field] = value;
    else {
      const members = (out[field] as Record<string, unknown> | undefined) ?? {};
      Object.defineProperty(members, member, { value, enumerable: true, writable: true, configurable: true });
      out[field] = members;
    }
  }
  return out as Partial<T>;
}

/** True when the value, or anything inside it, is not known yet (a preview input). */
export function containsUnknown(value: unknown): boolean {
  if (isUnknown(value)) return true;
  if (Array.isArray(value)) return value.some(containsUnknown);
  if (isJsonObject(value)) return Object.values(value).some(containsUnknown);
  return false;
}

/**
 * The managed keys whose value differs between the last known state (`olds`, the outputs)
 * and the program (`news`), then the keys the program stopped managing. Empty = no change.
 */
export function changedKeys(olds: Doc, oldManaged: readonly string[], news: Doc, spec: OwnershipSpec): string[] {
  const newManaged = managedKeys(news, spec);
  const changed = newManaged.filter((key) => {
    const next = valueAt(news, key, spec);
    return containsUnknown(next) || !deepEqual(valueAt(olds, key, spec), next);
  });
  const dropped = oldManaged.filter((key) => !newManaged.includes(key));
  if (spec.perMember !== undefined && isUnknown(fieldOf(news, spec.perMember))) changed.push(spec.perMember);
  return [...changed, ...dropped];
}

/** What one write must do, as managed keys: set these to the program's values, clear those. */
export interface WritePlan {
  /** Keys whose program value differs from the state before (new or changed). */
  readonly set: string[];
  /** Keys that were set before and that the program no longer sets: cleared once. */
  readonly clear: string[];
}

/**
 * The write that turns `before` into `after`, where both are documents of managed fields
 * only (`pick(olds, oldManaged)` and `pick(news, newManaged)`).
 */
export function writePlan(before: Doc, after: Doc, spec: OwnershipSpec): WritePlan {
  const afterKeys = managedKeys(after, spec);
  const set = afterKeys.filter((key) => !deepEqual(valueAt(before, key, spec), valueAt(after, key, spec)));
  const clear = managedKeys(before, spec).filter((key) => !afterKeys.includes(key));
  return { set, clear };
}

/** True when the plan writes nothing. */
export function isEmptyPlan(plan: WritePlan): boolean {
  return plan.set.length === 0 && plan.clear.length === 0;
}

/** CrmPerson: common fields are owned whole, native `fields` member by member. */
export const PERSON_OWNERSHIP: OwnershipSpec = { fields: COMMON_FIELDS, perMember: "fields" };

/** The managed fields of a person as the program sets it. */
export function personManagedKeys(person: PersonModel): string[] {
  return managedKeys(person, PERSON_OWNERSHIP);
}

/** The managed-fields-only document of a person. */
export function managedPerson(person: PersonModel, keys: readonly string[]): PersonModel {
  return pick(person, keys, PERSON_OWNERSHIP) as PersonModel;
}

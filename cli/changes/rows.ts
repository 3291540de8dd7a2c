/**
 * The one computation of "what `pulumi up` would change" from the engine events of a
 * `pulumi preview` (with or without `--refresh`): rows of (record, field, in code, live,
 * cause). The drift report and the review are two views of these rows.
 *
 * Dynamic providers return no detailed diff (the protocol carries only the names of
 * changed properties, and the engine drops even those from events), so the fields are found
 * here: a step's new inputs are the program's values after `check`, and its old outputs are
 * the live record (after a refresh) or the last `up`'s view, in the inputs' shape.
 */
import type { EngineEvent, OpType, StepEventMetadata } from "@pulumi/pulumi/automation";
import { kindPresentation } from "../services";
import { canonical, containsSecret, isPlainObject, isSecret, pathOf, SECRET_CELL, valueAt } from "./values";

/** Why code and live differ. */
export type ChangeCause =
  | "edited outside Pulumi"
  | "deleted outside Pulumi"
  | "changed in code"
  /** The program changed the field and somebody also changed it by hand since the last `up`. */
  | "changed in code and outside Pulumi"
  | "new in code"
  | "removed from code"
  /** A secret differs: events carry no secret values, so who changed it cannot be told. */
  | "secret changed"
  /** The drift report's `--unmanaged`: a live record that no resource of the stack manages. */
  | "not in code"
  /** Two resources of the stack manage the same record (the drift report reads the state). */
  | "managed twice";

/** The causes that mean somebody changed the record outside the code. */
export const OUTSIDE_CAUSES: ReadonlySet<ChangeCause> = new Set<ChangeCause>([
  "edited outside Pulumi",
  "deleted outside Pulumi",
  "changed in code and outside Pulumi",
]);

/** The field name of a row about a whole record (created, deleted, or changed unnamed). */
export const RECORD_FIELD = "(record)";

export interface ChangeRow {
  /** The resource's name in the program. */
  resource: string;
  /** Its type token without the dynamic-provider prefix, e.g. `rollout:User`. */
  type: string;
  urn: string;
  /** What `pulumi up` would do: create, update, replace or delete. */
  op: OpType;
  /** Property path, e.g. `applications.<id>.environments.Production`; `(record)` for a whole record. */
  field: string;
  /**
   * The program's value; `undefined` when the program does not set it. Secrets are
   * `"[secret]"` (on both sides when either is secret); `(record)` rows say `"exists"`,
   * `"absent"` or `"differs"`.
   */
  inCode?: unknown;
  /** The live value; `undefined` when the field does not exist. Same conventions as `inCode`. */
  live?: unknown;
  cause: ChangeCause;
}

export interface ChangeRows {
  /** Records (custom resources other than providers) the preview looked at. */
  recordsChecked: number;
  /** Sorted by resource, URN and field, whatever order the engine's events came in. */
  rows: ChangeRow[];
  /**
   * The fields of each record with rows, by URN: the program's values (after `check`), or
   * the last known ones for a delete. Raw as the engine sent them: secrets still marked.
   */
  records: Record<string, Record<string, unknown>>;
}

/** The ops that mean `pulumi up` would touch a record; the others are bookkeeping. */
const CHANGE_OPS: ReadonlySet<OpType> = new Set<OpType>(["create", "update", "replace", "delete"]);

/** Engine-owned or provider-owned keys that are not record fields. */
export const NOT_FIELDS: ReadonlySet<string> = new Set(["__provider", "__resourceName", "importId", "allowDuplicateEmail", "managedFields", "backendRefs"]);

const DYNAMIC_PREFIX = "pulumi-nodejs:dynamic/";

/**
 * Fields whose value in code is fixed although the program's inputs leave them out, as each
 * kind's profile says (`impliedInCode`): a team roster's `notInCode` is empty in code, and
 * a refresh lists there the members `up` will remove, so each of them is a row.
 */
const impliedInCode = (type: string): Readonly<Record<string, unknown>> | undefined => kindPresentation(type, undefined)?.impliedInCode;

/**
 * The leaf paths where `code` and `live` differ. Objects are compared key by key (the union
 * of both sides' keys: an environment added by hand is drift); arrays and scalars whole.
 * At the top level only the fields the program sets count: a field it leaves out is not
 * managed (CRM field ownership, a RolloutUser's optional name).
 */
export function differingFields(
  code: Record<string, unknown>,
  live: Record<string, unknown>,
): Array<{ field: string; inCode: unknown; live: unknown }> {
  const out: Array<{ field: string; inCode: unknown; live: unknown }> = [];
  const walk = (path: string, a: unknown, b: unknown): void => {
    if (isSecret(a) || isSecret(b)) {
      // A secret cannot be compared here (events carry no plaintext), and a plain value on
      // the other side is the same secret: neither is ever shown.
      if (!(containsSecret(a) && containsSecret(b))) out.push({ field: path, inCode: SECRET_CELL, live: SECRET_CELL });
      return;
    }
    if (isPlainObject(a) && isPlainObject(b)) {
      const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
      for (const key of keys) walk(pathOf(path, key), a[key], b[key]);
      return;
    }
    if (canonical(a) !== canonical(b)) out.push({ field: path, inCode: a, live: b });
  };
  for (const key of Object.keys(code).sort()) {
    if (NOT_FIELDS.has(key) || code[key] === undefined) continue;
    walk(pathOf("", key), code[key], live[key]);
  }
  return out;
}

export function shortType(type: string): string {
  return type.startsWith(DYNAMIC_PREFIX) ? type.slice(DYNAMIC_PREFIX.length) : type;
}

export function resourceName(urn: string): string {
  return urn.slice(urn.lastIndexOf("::") + 2);
}

function isRecordType(type: string): boolean {
  return !type.startsWith("pulumi:");
}

/** The record's fields without the engine's and the provider's bookkeeping. */
function fieldsOnly(doc: Record<string, unknown> | undefined): Record<string, unknown> {
  return Object.fromEntries(Object.entries(doc ?? {}).filter(([key]) => !NOT_FIELDS.has(key)));
}

/** What the refresh of one resource saw: the state before and the live record (absent = gone). */
interface RefreshSeen {
  before?: Record<string, unknown>;
  live?: Record<string, unknown>;
}

/** Whether the refresh saw the live value (of one field, or of the whole record) differ from the state. */
function changedSinceLastUp(seen: RefreshSeen | undefined, live: Record<string, unknown>, field: string | undefined): boolean {
  if (seen?.before === undefined) return false;
  const after = seen.live ?? live;
  if (field !== undefined) return canonical(valueAt(seen.before, field)) !== canonical(valueAt(after, field));
  return canonical(fieldsOnly(seen.before)) !== canonical(fieldsOnly(after));
}

/** The cause of one differing field. */
function fieldCause(seen: RefreshSeen | undefined, live: Record<string, unknown>, f: { field: string; inCode: unknown; live: unknown }): ChangeCause {
  const byHand = changedSinceLastUp(seen, live, f.field);
  if (!byHand) return "changed in code";
  // Both sides hidden: whether the program changed the secret too cannot be told.
  if (f.inCode === SECRET_CELL && f.live === SECRET_CELL) return "edited outside Pulumi";
  // The last `up` wrote the program's value of then; a different value now is a code change.
  const inCodeChanged = canonical(valueAt(seen!.before, f.field)) !== canonical(f.inCode);
  return inCodeChanged ? "changed in code and outside Pulumi" : "edited outside Pulumi";
}

/** The rows of one `preview` (`--refresh` or not), from its engine events. */
export function changeRows(events: readonly EngineEvent[]): ChangeRows {
  const refreshed = new Map<string, RefreshSeen>();
  const steps: StepEventMetadata[] = [];
  const records = new Set<string>();

  for (const event of events) {
    const outputs = event.resOutputsEvent?.metadata;
    if (outputs?.op === "refresh" && isRecordType(outputs.type)) {
      refreshed.set(outputs.urn, {
        before: outputs.old?.outputs,
        live: outputs.new?.id ? outputs.new.outputs : undefined,
      });
    }
    const pre = event.resourcePreEvent?.metadata;
    if (!pre || !isRecordType(pre.type)) continue;
    // Records are custom resources; component resources group them and hold no data.
    if (pre.op !== "refresh" && (pre.new ?? pre.old)?.custom === true) records.add(pre.urn);
    if (CHANGE_OPS.has(pre.op)) steps.push(pre);
  }

  const rows: ChangeRow[] = [];
  const values: Record<string, Record<string, unknown>> = {};
  for (const step of steps) {
    const base = { resource: resourceName(step.urn), type: shortType(step.type), urn: step.urn, op: step.op };
    const seen = refreshed.get(step.urn);
    values[step.urn] = fieldsOnly(step.op === "delete" ? (step.old?.inputs ?? step.old?.outputs) : step.new?.inputs);
    if (step.op === "create") {
      const wasManaged = seen !== undefined && seen.before !== undefined && seen.live === undefined;
      const cause: ChangeCause = wasManaged ? "deleted outside Pulumi" : "new in code";
      rows.push({ ...base, field: RECORD_FIELD, inCode: "exists", live: "absent", cause });
      continue;
    }
    if (step.op === "delete") {
      rows.push({ ...base, field: RECORD_FIELD, inCode: "absent", live: "exists", cause: "removed from code" });
      continue;
    }
    const code = { ...impliedInCode(base.type), ...step.new?.inputs };
    const live = step.old?.outputs ?? {};
    const fields = differingFields(code, live);
    if (fields.length === 0) {
      // The provider saw a difference this walk cannot name: a field the program stopped
      // setting (cleared once), or a secret. The refresh still tells who changed it.
      const cause: ChangeCause = changedSinceLastUp(seen, live, undefined)
        ? "edited outside Pulumi"
        : containsSecret(code) || containsSecret(live)
          ? "secret changed"
          : "changed in code";
      rows.push({ ...base, field: RECORD_FIELD, inCode: "differs", live: "differs", cause });
      continue;
    }
    for (const f of fields) rows.push({ ...base, ...f, cause: fieldCause(seen, live, f) });
  }
  // Events arrive in the engine's order, which varies with parallelism; reports must not.
  rows.sort((a, b) => a.resource.localeCompare(b.resource) || a.urn.localeCompare(b.urn) || a.field.localeCompare(b.field));
  return { recordsChecked: records.size, rows, records: values };
}

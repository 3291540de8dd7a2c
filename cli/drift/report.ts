/**
 * The drift report's pure part: from the engine events of `pulumi preview --refresh` to rows
 * of (resource, field, in code, live, cause), a table for people and JSON for machines.
 *
 * Dynamic providers cannot return a detailed diff (the dynamic-provider protocol carries
 * only the names of changed properties, and the engine drops even those from events), so
 * the fields are found here: the step's new inputs are the program's values after `check`,
 * and its old outputs are the live record as `read` normalised it to the inputs' shape.
 */
import type { EngineEvent, OpType, StepEventMetadata } from "@pulumi/pulumi/automation";
import { UNKNOWN } from "../../provider/core/check";

/** Why code and live differ. */
export type DriftCause =
  | "edited outside Pulumi"
  | "deleted outside Pulumi"
  | "changed in code"
  | "new in code"
  | "removed from code"
  /** A secret differs: events carry no secret values, so who changed it cannot be told. */
  | "secret changed";

export interface DriftRow {
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
  cause: DriftCause;
}

export interface DriftReport {
  stack: string;
  /** Records (custom resources other than providers) the preview looked at. */
  recordsChecked: number;
  drift: boolean;
  rows: DriftRow[];
}

/** The ops that mean `pulumi up` would touch a record; the others are bookkeeping. */
const CHANGE_OPS: ReadonlySet<OpType> = new Set<OpType>(["create", "update", "replace", "delete"]);

/** Engine-owned or provider-owned keys that are not record fields. */
const NOT_FIELDS = new Set(["__provider", "importId", "managedFields"]);

/** The signature the engine puts on secret values (`sig.Secret`). */
const SECRET_SIG = "4dabf18193072939515e22adb298388d";


const SECRET_CELL = "[secret]";

const DYNAMIC_PREFIX = "pulumi-nodejs:dynamic/";

export function isSecret(value: unknown): boolean {
  return typeof value === "object" && value !== null && (value as Record<string, unknown>)[SECRET_SIG] !== undefined;
}

function containsSecret(value: unknown): boolean {
  if (isSecret(value)) return true;
  if (Array.isArray(value)) return value.some(containsSecret);
  return typeof value === "object" && value !== null && Object.values(value).some(containsSecret);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value) && !isSecret(value);
}

/** The canonical text of a value, for equality: object key order does not matter. */
function canonical(value: unknown): string {
  if (isSecret(value)) return "[secret]";
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (isPlainObject(value)) {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`)
      .join(",")}}`;
  }
  return JSON.stringify(value) ?? "undefined";
}

function pathOf(parent: string, key: string): string {
  const segment = /^[A-Za-z0-9_$-]+$/.test(key) ? key : `[${JSON.stringify(key)}]`;
  if (!parent) return segment;
  return segment.startsWith("[") ? `${parent}${segment}` : `${parent}.${segment}`;
}

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

/** The value at a path built by `differingFields`, or undefined. */
function valueAt(root: unknown, field: string): unknown {
  const segments = field.match(/\["(?:[^"\\]|\\.)*"\]|[^.[\]]+/g) ?? [];
  let current: unknown = root;
  for (const raw of segments) {
    const key = raw.startsWith("[") ? (JSON.parse(raw.slice(1, -1)) as string) : raw;
    if (!isPlainObject(current)) return undefined;
    current = current[key];
  }
  return current;
}

function shortType(type: string): string {
  return type.startsWith(DYNAMIC_PREFIX) ? type.slice(DYNAMIC_PREFIX.length) : type;
}

function resourceName(urn: string): string {
  return urn.slice(urn.lastIndexOf("::") + 2);
}

function isRecordType(type: string): boolean {
  return !type.startsWith("pulumi:");
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
  const strip = (doc: Record<string, unknown>) => Object.fromEntries(Object.entries(doc).filter(([key]) => !NOT_FIELDS.has(key)));
  return canonical(strip(seen.before)) !== canonical(strip(after));
}

/** Builds the report from the events of one `preview --refresh`. */
export function driftReport(stack: string, events: readonly EngineEvent[]): DriftReport {
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

  const rows: DriftRow[] = [];
  for (const step of steps) {
    const base = { resource: resourceName(step.urn), type: shortType(step.type), urn: step.urn, op: step.op };
    const seen = refreshed.get(step.urn);
    if (step.op === "create") {
      const wasManaged = seen !== undefined && seen.before !== undefined && seen.live === undefined;
      rows.push({ ...base, field: "(record)", inCode: "exists", live: "absent", cause: wasManaged ? "deleted outside Pulumi" : "new in code" });
      continue;
    }
    if (step.op === "delete") {
      rows.push({ ...base, field: "(record)", inCode: "absent", live: "exists", cause: "removed from code" });
      continue;
    }
    const code = step.new?.inputs ?? {};
    const live = step.old?.outputs ?? {};
    const fields = differingFields(code, live);
    if (fields.length === 0) {
      // The provider saw a difference this walk cannot name: a field the program stopped
      // setting (cleared once), or a secret. The refresh still tells who changed it.
      const cause: DriftCause = changedSinceLastUp(seen, live, undefined)
        ? "edited outside Pulumi"
        : containsSecret(code) || containsSecret(live)
          ? "secret changed"
          : "changed in code";
      rows.push({ ...base, field: "(record)", inCode: "differs", live: "differs", cause });
      continue;
    }
    for (const f of fields) {
      rows.push({ ...base, ...f, cause: changedSinceLastUp(seen, live, f.field) ? "edited outside Pulumi" : "changed in code" });
    }
  }
  // Events arrive in the engine's order, which varies with parallelism; reports must not.
  rows.sort((a, b) => a.resource.localeCompare(b.resource) || a.urn.localeCompare(b.urn) || a.field.localeCompare(b.field));
  return { stack, recordsChecked: records.size, drift: rows.length > 0, rows };
}

/** A value as one table cell: secrets stay hidden, unknowns are named, long values are cut. */
export function formatValue(value: unknown, max = 48): string {
  if (value === undefined) return "(not set)";
  if (isSecret(value)) return SECRET_CELL;
  if (value === UNKNOWN) return "(known after up)";
  const text = (typeof value === "string" ? value : canonical(value)).replace(/\r?\n/g, "\\n");
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** The report for people: a table of the differences and one summary line. */
export function formatTable(report: DriftReport): string {
  if (!report.drift) {
    return `No drift: the ${report.recordsChecked} records of stack '${report.stack}' match the code.\n`;
  }
  const header = ["RESOURCE", "FIELD", "IN CODE", "LIVE", "CAUSE"];
  const body = report.rows.map((r) => [`${r.resource} (${r.type})`, r.field, formatValue(r.inCode), formatValue(r.live), r.cause]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => row[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]))).join("  ");
  const resources = new Set(report.rows.map((r) => r.urn)).size;
  return [
    line(header),
    ...body.map(line),
    "",
    `Drift: ${report.rows.length} field(s) in ${resources} of ${report.recordsChecked} records of stack '${report.stack}' differ from the code.`,
    "",
  ].join("\n");
}

/** The report for machines; secrets are replaced by "[secret]". */
export function formatJson(report: DriftReport): string {
  const clean = (v: unknown): unknown => {
    if (isSecret(v)) return SECRET_CELL;
    if (v === UNKNOWN) return "(known after up)";
    if (Array.isArray(v)) return v.map(clean);
    if (isPlainObject(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, clean(x)]));
    return v;
  };
  return `${JSON.stringify({ ...report, rows: report.rows.map((r) => ({ ...r, inCode: clean(r.inCode), live: clean(r.live) })) }, null, 2)}\n`;
}

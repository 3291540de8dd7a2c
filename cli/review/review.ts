/**
 * The review of a pull request: the change rows (../changes/rows.ts) of a `pulumi preview`
 * told for people. A summary, the sensitive changes first (access that widens or goes
 * away, records deleted or replaced), then each record's changes in plain language, and with
 * `--refresh` the changes made outside the code apart. Secrets are never shown.
 */
import type { OpType } from "@pulumi/pulumi/automation";
import { OUTSIDE_CAUSES, RECORD_FIELD, type ChangeRow, type ChangeRows } from "../changes/rows";
import { containsSecret, formatValue, isSecret, SECRET_CELL, UNKNOWN_CELL, UNKNOWN_VALUE } from "../changes/values";
import { nameOrQuoted, quoted } from "../output";
import { kindPresentation, NOTE_KIND } from "../services";
import { accessEntries, isAccessField, isProductionEnv, shortAppId, splitAccessKey, type AccessEntries } from "./access";

/** Environment names that count as production unless `--production-env` says otherwise. */
export const DEFAULT_PRODUCTION_ENVS = ["production", "prod"];

export interface ReviewOptions {
  /** Environment names (words, case-insensitive) whose `write` access is sensitive. */
  productionEnvs?: readonly string[];
  /** The preview read the live records first: changes made outside the code get their own section. */
  refresh?: boolean;
}

export type SensitiveKind =
  | "new team admin"
  | "team admin removed"
  | "write on production"
  /** With --refresh: write access somebody granted outside Pulumi, on any environment (up takes it back). */
  | "write granted outside Pulumi"
  | "member removed"
  | "person deleted"
  | "person replaced"
  | "note deleted"
  | "note replaced";

export interface SensitiveItem {
  kind: SensitiveKind;
  /** The record: a member's e-mail, otherwise the resource name. */
  record: string;
  /** What exactly, in plain language, e.g. `5f1d…/Production: read → write`. */
  detail?: string;
}

export interface RecordChanges {
  resource: string;
  /** The type token without the dynamic-provider prefix. */
  type: string;
  urn: string;
  op: OpType;
  /** Who the record is: a member's e-mail, otherwise the resource name. */
  record: string;
  /** What kind of record, as its service's profile titles it (a team member, a CRM's person). */
  kind: string;
  /** One line per change, in plain language; secrets never shown. */
  changes: string[];
}

export interface Review {
  stack: string;
  refresh: boolean;
  recordsChecked: number;
  /** Records `pulumi up` would create, update, replace and delete. */
  summary: Record<"create" | "update" | "replace" | "delete", number>;
  sensitive: SensitiveItem[];
  /** Changes the code makes, per record: deletions and replacements first. */
  changes: RecordChanges[];
  /** With --refresh: what changed outside the code since the last `up` (and `up` would undo). */
  outside: RecordChanges[];
}

const OP_ORDER: OpType[] = ["delete", "replace", "create", "update"];

/** A value for a sentence: strings quoted, secrets and unknowns named, long values cut. */
export function describeValue(value: unknown, max = 80): string {
  if (value === undefined || value === null) return "(not set)";
  if (isSecret(value) || value === SECRET_CELL) return SECRET_CELL;
  if (value === UNKNOWN_VALUE) return UNKNOWN_CELL;
  if (containsSecret(value)) return SECRET_CELL;
  // Quoted with control characters escaped (../output), the closing quote kept when cut.
  return typeof value === "string" ? quoted(value, max - 2) : formatValue(value, max);
}

const yesNo = (value: unknown): string => (isSecret(value) || value === SECRET_CELL ? SECRET_CELL : value === true ? "yes" : "no");
const permission = (p: string | undefined): string => p ?? "no access";

/** The record as people know it: the field its kind names it by (a member's e-mail), else the resource name. */
function recordOf(type: string, resource: string, values: Record<string, unknown> | undefined): string {
  const field = kindPresentation(type, values)?.recordField;
  const value = field === undefined ? undefined : values?.[field];
  if (typeof value === "string" && value !== UNKNOWN_VALUE) return value;
  return resource;
}

const kindOf = (type: string, values: Record<string, unknown> | undefined): string => kindPresentation(type, values)?.title ?? type;

/** How the review reads a kind's changes (a team member's access, a roster's removals), from its profile. */
const reviewAs = (type: string): "member" | "roster" | undefined => kindPresentation(type, undefined)?.review;
const isMember = (type: string): boolean => reviewAs(type) === "member";
const isRoster = (type: string): boolean => reviewAs(type) === "roster";
const rosterClass = (type: string): string => kindPresentation(type, undefined)?.className ?? type;

/**
 * `app/env` for a sentence. Both names come from the account (an environment may be named
 * anything): a plain name is shown as it is, any other quoted, escaped and capped.
 */
function accessName(app: string, env: string): string {
  return `${nameOrQuoted(shortAppId(app), 24)}/${nameOrQuoted(env, 60)}`;
}

/** Access lines `app/env: before → after`, sorted, for the entries that differ. */
function accessLines(before: AccessEntries, after: AccessEntries): Array<{ app: string; env: string; before?: string; after?: string; line: string }> {
  const keys = [...new Set([...before.keys(), ...after.keys()])].sort();
  return keys
    .filter((key) => before.get(key) !== after.get(key))
    .map((key) => {
      const { app, env } = splitAccessKey(key);
      const b = before.get(key);
      const a = after.get(key);
      return { app, env, before: b, after: a, line: `${accessName(app, env)}: ${permission(b)} → ${permission(a)}` };
    });
}

/** The members a roster's row says `up` removes: live in `notInCode`, not in code's. */
function teamRemovals(row: ChangeRow): string[] {
  if (!isRoster(row.type) || row.field !== "notInCode" || !Array.isArray(row.live)) return [];
  const kept = new Set(Array.isArray(row.inCode) ? row.inCode : []);
  return row.live.filter((email): email is string => typeof email === "string" && !kept.has(email));
}

/**
 * The lines of one field row, in plain language. A change the code makes reads in the
 * direction of the `up` (`live → in code`); a change made by hand reads as what was done by
 * hand, then what the code holds (`"Buyer" by hand (code: "Head of Purchasing")`), so it is
 * never mistaken for the edit's own direction (issue 25).
 */
function fieldLines(row: ChangeRow, byHand: boolean): string[] {
  const both = row.cause === "changed in code and outside Pulumi" ? " (also changed outside Pulumi since the last up)" : "";
  if (row.field === RECORD_FIELD) return [row.cause === "secret changed" ? "a secret value changes" : "a value no field shows changes (e.g. a field the code stopped setting is cleared)"];
  const change = (live: string, inCode: string): string => (byHand ? `${live} by hand (code: ${inCode})` : `${live} → ${inCode}`);
  if (isRoster(row.type) && row.field === "notInCode") {
    return teamRemovals(row).map((email) => (byHand ? `${email} added by hand, not in code: up removes them from the team` : `${email} is removed from the team (not in code)`));
  }
  if (isMember(row.type) && isAccessField(row.field)) {
    if (row.inCode === SECRET_CELL) return [`access: ${SECRET_CELL}`];
    return accessLines(accessEntries(row.field, row.live), accessEntries(row.field, row.inCode)).map(
      (l) => `${shortAppId(l.app)}/${l.env}: ${change(permission(l.before), permission(l.after))}${both}`,
    );
  }
  if (isMember(row.type) && row.field === "teamAdmin") return [`team admin: ${change(yesNo(row.live), yesNo(row.inCode))}${both}`];
  const replaces = row.op === "replace" && ["email", "crm", "personId"].includes(row.field) ? " (replaces the record)" : "";
  return [`${row.field}: ${change(describeValue(row.live), describeValue(row.inCode))}${replaces}${both}`];
}

/** The lines of a record created or deleted whole. */
function wholeRecordLines(row: ChangeRow, values: Record<string, unknown>): string[] {
  if (row.op === "delete" && isRoster(row.type)) return ["the rule is turned off: no member is removed"];
  if (row.op === "delete") return [isMember(row.type) ? "removed from the team" : "deleted"];
  const lead = row.cause === "deleted outside Pulumi" ? ["deleted outside Pulumi: up creates it again"] : [];
  const lines: string[] = [];
  for (const [field, value] of Object.entries(values).sort(([a], [b]) => a.localeCompare(b))) {
    if (value === undefined || field === "crm" || field === "email") continue;
    if (isMember(row.type) && field === "applications") {
      lines.push(...accessLines(new Map(), accessEntries("applications", value)).map((l) => `${accessName(l.app, l.env)}: ${permission(l.after)}`));
    } else if (isMember(row.type) && field === "teamAdmin") {
      if (value !== false) lines.push(`team admin: ${yesNo(value)}`);
    } else lines.push(`${field}: ${describeValue(value)}`);
  }
  return [...lead, ...lines];
}

/** What in one record's rows is sensitive. */
function sensitiveOf(rows: ChangeRow[], values: Record<string, unknown>, record: string, productionEnvs: readonly string[]): SensitiveItem[] {
  const { type, op } = rows[0];
  const items: SensitiveItem[] = [];
  if (isRoster(type)) {
    // Its delete turns the rule off and removes nobody; its update removes the members a refresh listed.
    for (const email of rows.flatMap(teamRemovals)) items.push({ kind: "member removed", record: email, detail: `not in code: ${rosterClass(type)} '${record}' removes it` });
    return items;
  }
  const noun = type === NOTE_KIND ? "note" : "person";
  if (!isMember(type)) {
    if (op === "delete") items.push({ kind: `${noun} deleted`, record });
    if (op === "replace") items.push({ kind: `${noun} replaced`, record, detail: rows.filter((r) => r.field !== RECORD_FIELD).map((r) => r.field).join(", ") || undefined });
    return items;
  }
  if (op === "delete") {
    items.push({ kind: "member removed", record, detail: values.teamAdmin === true ? "was a team admin" : undefined });
    if (values.teamAdmin === true) items.push({ kind: "team admin removed", record });
    return items;
  }
  if (op === "replace") {
    const email = rows.find((r) => r.field === "email");
    if (email && typeof email.live === "string") items.push({ kind: "member removed", record: email.live, detail: `replaced by ${record}` });
  }
  let before: AccessEntries = new Map();
  let after: AccessEntries = new Map();
  for (const row of rows) {
    if (row.field === RECORD_FIELD && op === "create") {
      if (values.teamAdmin === true) items.push({ kind: "new team admin", record });
      after = accessEntries("applications", values.applications);
    } else if (row.field === "teamAdmin") {
      if (row.inCode === true && row.live !== true) items.push({ kind: "new team admin", record });
      if (row.live === true && row.inCode !== true) items.push({ kind: "team admin removed", record });
    } else if (isAccessField(row.field)) {
      for (const [k, v] of accessEntries(row.field, row.live)) before.set(k, v);
      for (const [k, v] of accessEntries(row.field, row.inCode)) after.set(k, v);
    }
  }
  for (const l of accessLines(before, after)) {
    if (l.after === "write" && isProductionEnv(l.env, productionEnvs)) items.push({ kind: "write on production", record, detail: l.line });
  }
  // Somebody granting themselves write is the drift that matters most, on any environment.
  for (const row of rows.filter((r) => OUTSIDE_CAUSES.has(r.cause) && isAccessField(r.field))) {
    for (const l of accessLines(accessEntries(row.field, row.inCode), accessEntries(row.field, row.live))) {
      if (l.after === "write") items.push({ kind: "write granted outside Pulumi", record, detail: `${shortAppId(l.app)}/${l.env}: write by hand (code: ${permission(l.before)})` });
    }
  }
  return items;
}

const SENSITIVE_ORDER: SensitiveKind[] = [
  "new team admin",
  "write on production",
  "write granted outside Pulumi",
  "team admin removed",
  "member removed",
  "person deleted",
  "person replaced",
  "note deleted",
  "note replaced",
];

/** Builds the review from the change rows of one preview. */
export function buildReview(stack: string, changes: ChangeRows, options: ReviewOptions = {}): Review {
  const productionEnvs = options.productionEnvs ?? DEFAULT_PRODUCTION_ENVS;
  const byRecord = new Map<string, ChangeRow[]>();
  for (const row of changes.rows) byRecord.set(row.urn, [...(byRecord.get(row.urn) ?? []), row]);

  const summary = { create: 0, update: 0, replace: 0, delete: 0 };
  const sensitive: SensitiveItem[] = [];
  const inCode: RecordChanges[] = [];
  const outside: RecordChanges[] = [];
  for (const [urn, rows] of byRecord) {
    const { resource, type, op } = rows[0];
    if (op === "create" || op === "update" || op === "replace" || op === "delete") summary[op] += 1;
    const values = changes.records[urn] ?? {};
    const record = recordOf(type, resource, values);
    sensitive.push(...sensitiveOf(rows, values, record, productionEnvs));
    const base = { resource, type, urn, op, record, kind: kindOf(type, values) };
    const isOutside = (row: ChangeRow) => options.refresh === true && OUTSIDE_CAUSES.has(row.cause) && row.cause !== "changed in code and outside Pulumi";
    const lines = (selected: ChangeRow[], byHand: boolean) =>
      selected.flatMap((row) => (row.field === RECORD_FIELD && (op === "create" || op === "delete") ? wholeRecordLines(row, values) : fieldLines(row, byHand)));
    const codeRows = rows.filter((r) => !isOutside(r));
    const outsideRows = rows.filter(isOutside);
    if (codeRows.length > 0) inCode.push({ ...base, changes: lines(codeRows, false) });
    if (outsideRows.length > 0) outside.push({ ...base, changes: lines(outsideRows, true) });
  }
  const order = (a: RecordChanges, b: RecordChanges) => OP_ORDER.indexOf(a.op) - OP_ORDER.indexOf(b.op) || a.record.localeCompare(b.record) || a.urn.localeCompare(b.urn);
  sensitive.sort((a, b) => SENSITIVE_ORDER.indexOf(a.kind) - SENSITIVE_ORDER.indexOf(b.kind) || a.record.localeCompare(b.record));
  return {
    stack,
    refresh: options.refresh === true,
    recordsChecked: changes.recordsChecked,
    summary,
    sensitive,
    changes: inCode.sort(order),
    outside: outside.sort(order),
  };
}

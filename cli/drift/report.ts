/**
 * The drift report's view of the change rows (../changes/rows.ts) of `pulumi preview
 * --refresh`: a table for people and JSON for machines.
 */
import type { EngineEvent } from "@pulumi/pulumi/automation";
import { changeRows, RECORD_FIELD, type ChangeCause, type ChangeRow } from "../changes/rows";
import { cleanValue, formatValue } from "../changes/values";
import { inertJson, inlineText } from "../output";

export { differingFields } from "../changes/rows";
export { formatValue, UNKNOWN_VALUE } from "../changes/values";

/** Why code and live differ. */
export type DriftCause = ChangeCause;

/** One difference between code and live; see ChangeRow. */
export type DriftRow = ChangeRow;

export interface DriftReport {
  stack: string;
  /** Records (custom resources other than providers) the preview looked at. */
  recordsChecked: number;
  drift: boolean;
  rows: DriftRow[];
}

/** Builds the report from the events of one `preview --refresh`. */
export function driftReport(stack: string, events: readonly EngineEvent[]): DriftReport {
  const { recordsChecked, rows } = changeRows(events);
  return { stack, recordsChecked, drift: rows.length > 0, rows };
}

/** Field values longer than this are cut in the table (`--json` has them whole). */
const VALUE_WIDTH = 48;
/** Resource names, and the labels of live records not in code, longer than this are cut. */
const NAME_WIDTH = 64;

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** The summary line: fields and whole records (created, deleted) counted apart, so a destroyed stack reads as records. */
export function driftSummary(report: DriftReport): string {
  const wholeRecords = new Set(report.rows.filter((r) => r.field === RECORD_FIELD && r.cause !== "not in code").map((r) => r.urn));
  const fieldRows = report.rows.filter((r) => r.field !== RECORD_FIELD && r.cause !== "not in code");
  const parts: string[] = [];
  if (fieldRows.length > 0) parts.push(`${plural(fieldRows.length, "field")} of ${plural(new Set(fieldRows.map((r) => r.urn)).size, "record")}`);
  if (wholeRecords.size > 0) parts.push(plural(wholeRecords.size, "whole record"));
  const notInCode = report.rows.filter((r) => r.cause === "not in code").length;
  const found = [parts.length > 0 ? `${parts.join(" and ")} differ from the code` : "", notInCode > 0 ? `${plural(notInCode, "live record")} not in the code` : ""];
  return `Drift: ${found.filter(Boolean).join("; ")} (${report.recordsChecked} records checked in stack '${inlineText(report.stack)}').`;
}

/** The report for people: a table of the differences and one summary line. */
export function formatTable(report: DriftReport): string {
  if (!report.drift) {
    return `No drift: the ${report.recordsChecked} records of stack '${inlineText(report.stack)}' match the code.\n`;
  }
  const header = ["RESOURCE", "FIELD", "IN CODE", "LIVE", "CAUSE"];
  // Every cell may come from data (a live record's label, an environment's name in a field
  // path, values): escaped, so no cell can move the cursor or start a line. Field values are
  // cut to keep the table readable; a whole record's cells (ids, other resources' names) are not.
  const body = report.rows.map((r) => {
    const max = r.field === RECORD_FIELD ? Number.POSITIVE_INFINITY : VALUE_WIDTH;
    return [`${inlineText(r.resource, NAME_WIDTH)} (${inlineText(r.type)})`, inlineText(r.field), formatValue(r.inCode, max), formatValue(r.live, max), r.cause];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => row[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]))).join("  ");
  return [line(header), ...body.map(line), "", driftSummary(report), ""].join("\n");
}

/** The report for machines; secrets are replaced by "[secret]". */
export function formatJson(report: DriftReport): string {
  const rows = report.rows.map((r) => ({ ...r, inCode: cleanValue(r.inCode), live: cleanValue(r.live) }));
  return `${inertJson({ ...report, rows })}\n`;
}

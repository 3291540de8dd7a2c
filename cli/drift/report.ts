/**
 * The drift report's view of the change rows (../changes/rows.ts) of `pulumi preview
 * --refresh`: a table for people and JSON for machines.
 */
import type { EngineEvent } from "@pulumi/pulumi/automation";
import { changeRows, RECORD_FIELD, type ChangeCause, type ChangeRow } from "../changes/rows";
import { cleanValue, formatValue } from "../changes/values";

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

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** The summary line: fields and whole records (created, deleted) counted apart, so a destroyed stack reads as records. */
export function driftSummary(report: DriftReport): string {
  const wholeRecords = new Set(report.rows.filter((r) => r.field === RECORD_FIELD).map((r) => r.urn));
  const fieldRows = report.rows.filter((r) => r.field !== RECORD_FIELD);
  const parts: string[] = [];
  if (fieldRows.length > 0) parts.push(`${plural(fieldRows.length, "field")} of ${plural(new Set(fieldRows.map((r) => r.urn)).size, "record")}`);
  if (wholeRecords.size > 0) parts.push(plural(wholeRecords.size, "whole record"));
  return `Drift: ${parts.join(" and ")} differ from the code (${report.recordsChecked} records checked in stack '${report.stack}').`;
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
  return [line(header), ...body.map(line), "", driftSummary(report), ""].join("\n");
}

/** The report for machines; secrets are replaced by "[secret]". */
export function formatJson(report: DriftReport): string {
  const rows = report.rows.map((r) => ({ ...r, inCode: cleanValue(r.inCode), live: cleanValue(r.live) }));
  return `${JSON.stringify({ ...report, rows }, null, 2)}\n`;
}

/**
 * Rows of the drift report that the preview's events cannot give, because they are about
 * records rather than resources:
 * - `not in code` (`--unmanaged <services>`): a live record that no resource of the stack
 *   manages: someone invited by hand, or never removed. One list request (or one list of
 *   pages) per service named.
 * - `managed twice`: two resources of the stack hold the same record (a rename without
 *   `aliases`, or a copied importId); each would overwrite the other's values.
 */
import type { AdoptService } from "../adopt/model";
import type { LiveRecord } from "../adopt/sources";
import { isCrm, MEMBER_KINDS, NOTE_CRMS, NOTE_KIND, PERSON_KIND, recordKind } from "../services";
import type { DriftReport, DriftRow } from "./report";

const DYNAMIC = "pulumi-nodejs:dynamic/";

/** A record resource of the state, as the export holds it. */
export interface StateResource {
  type: string;
  name: string;
  urn: string;
  id: string;
  outputs: Record<string, unknown>;
}

/** The identity of the record a resource manages: its service and its id there. */
export function recordKey(r: Pick<StateResource, "type" | "id" | "outputs">): string | undefined {
  const type = r.type.startsWith(DYNAMIC) ? r.type.slice(DYNAMIC.length) : r.type;
  // A team member is its e-mail, whatever its case.
  if (MEMBER_KINDS.includes(type)) return `${type}/${r.id.toLowerCase()}`;
  if (type === PERSON_KIND) return `${String(r.outputs.crm)}/${r.id}`;
  if (type === NOTE_KIND) return `${String(r.outputs.crm ?? NOTE_CRMS[0])}-note/${String(r.outputs.personId)}/${r.id}`;
  return undefined;
}

export function duplicateRows(resources: readonly StateResource[]): DriftRow[] {
  const byRecord = new Map<string, StateResource[]>();
  for (const r of resources) {
    const key = recordKey(r);
    if (key === undefined || r.id === "") continue;
    byRecord.set(key, [...(byRecord.get(key) ?? []), r]);
  }
  const rows: DriftRow[] = [];
  for (const holders of byRecord.values()) {
    if (holders.length < 2) continue;
    for (const r of holders) {
      const others = holders.filter((o) => o !== r).map((o) => o.name);
      rows.push({
        resource: r.name,
        type: r.type.slice(DYNAMIC.length),
        urn: r.urn,
        op: "same",
        field: "(record)",
        inCode: `also managed by ${others.join(", ")}`,
        live: r.id,
        cause: "managed twice",
      });
    }
  }
  return rows;
}

/** A record's id as the state's ids are compared with it: a team member's e-mail in lower case. */
const idKey = (service: AdoptService, id: string): string => (isCrm(service) ? id : id.toLowerCase());

export function unmanagedRows(service: AdoptService, live: readonly LiveRecord[], managedIds: ReadonlySet<string>): DriftRow[] {
  return live
    .filter((record) => !managedIds.has(idKey(service, record.id)))
    .map((record) => ({
      resource: record.label,
      type: recordKind(service),
      urn: "",
      op: "same" as const,
      field: "(record)",
      inCode: "absent",
      live: isCrm(service) ? `exists (${service} id ${record.id})` : "exists",
      cause: "not in code" as const,
    }));
}

/** The ids of one service that the stack manages: in its state, or adopted by a create the preview plans. */
export function managedIdsOf(service: AdoptService, resources: readonly StateResource[], plannedImports: ReadonlyArray<{ type: string; crm?: string; importId: string }>): Set<string> {
  const ids = new Set<string>();
  const want = (type: string, crm: unknown) => type.endsWith(recordKind(service)) && (!isCrm(service) || crm === service);
  for (const r of resources) if (want(r.type, r.outputs.crm)) ids.add(idKey(service, r.id));
  for (const p of plannedImports) if (want(p.type, p.crm)) ids.add(idKey(service, p.importId));
  return ids;
}

/** The report with rows added, sorted as the report sorts, and drift recomputed. */
export function withRows(report: DriftReport, rows: readonly DriftRow[]): DriftReport {
  if (rows.length === 0) return report;
  const all = [...report.rows, ...rows].sort((a, b) => a.resource.localeCompare(b.resource) || a.urn.localeCompare(b.urn) || a.field.localeCompare(b.field));
  return { ...report, rows: all, drift: all.length > 0 };
}


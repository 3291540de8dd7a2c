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
import type { DriftReport, DriftRow } from "./report";

const DYNAMIC = "pulumi-nodejs:dynamic/";
const TYPE_OF: Record<AdoptService, string> = { rollout: "rollout:User", rogerroger: "crm:Person", outseta: "crm:Person", rolloutCrm: "crm:Person" };

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
  if (type === "rollout:User") return `rollout/${r.id.toLowerCase()}`;
  if (type === "crm:Person") return `${String(r.outputs.crm)}/${r.id}`;
  if (type === "crm:PersonNote") return `rogerroger-note/${String(r.outputs.personId)}/${r.id}`;
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

export function unmanagedRows(service: AdoptService, live: readonly LiveRecord[], managedIds: ReadonlySet<string>): DriftRow[] {
  return live
    .filter((record) => !managedIds.has(service === "rollout" ? record.id.toLowerCase() : record.id))
    .map((record) => ({
      resource: record.label,
      type: `${TYPE_OF[service]}`,
      urn: "",
      op: "same" as const,
      field: "(record)",
      inCode: "absent",
      live: service === "rollout" ? "exists" : `exists (${service} id ${record.id})`,
      cause: "not in code" as const,
    }));
}

/** The ids of one service that the stack manages: in its state, or adopted by a create the preview plans. */
export function managedIdsOf(service: AdoptService, resources: readonly StateResource[], plannedImports: ReadonlyArray<{ type: string; crm?: string; importId: string }>): Set<string> {
  const ids = new Set<string>();
  const want = (type: string, crm: unknown) => type.endsWith(TYPE_OF[service]) && (service === "rollout" || crm === service);
  for (const r of resources) if (want(r.type, r.outputs.crm)) ids.add(service === "rollout" ? r.id.toLowerCase() : r.id);
  for (const p of plannedImports) if (want(p.type, p.crm)) ids.add(service === "rollout" ? p.importId.toLowerCase() : p.importId);
  return ids;
}

/** The report with rows added, sorted as the report sorts, and drift recomputed. */
export function withRows(report: DriftReport, rows: readonly DriftRow[]): DriftReport {
  if (rows.length === 0) return report;
  const all = [...report.rows, ...rows].sort((a, b) => a.resource.localeCompare(b.resource) || a.urn.localeCompare(b.urn) || a.field.localeCompare(b.field));
  return { ...report, rows: all, drift: all.length > 0 };
}


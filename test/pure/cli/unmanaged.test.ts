import { describe, expect, it } from "vitest";
import { formatTable, type DriftReport } from "../../../cli/drift/report";
import { duplicateRows, managedIdsOf, unmanagedRows, withRows, type StateResource } from "../../../cli/drift/unmanaged";

const res = (type: string, name: string, id: string, outputs: Record<string, unknown> = {}): StateResource => ({
  type: `pulumi-nodejs:dynamic/${type}`,
  name,
  urn: `urn:pulumi:dev::p::pulumi-nodejs:dynamic/${type}::${name}`,
  id,
  outputs,
});

describe("drift report: records rather than resources", () => {
  it("names both resources that manage one record, and only those", () => {
    const rows = duplicateRows([
      res("rollout:User", "ada", "ada@example.com"),
      res("rollout:User", "Ada", "ADA@example.com"),
      res("rollout:User", "grace", "grace@example.com"),
      res("crm:Person", "tess", "12", { crm: "rogerroger" }),
      res("crm:Person", "tess-outseta", "12", { crm: "outseta" }), // same id, another CRM: another record
    ]);
    expect(rows.map((r) => [r.resource, r.inCode, r.cause])).toEqual([
      ["ada", "also managed by Ada", "managed twice"],
      ["Ada", "also managed by ada", "managed twice"],
    ]);
  });

  it("lists live records no resource manages, counting planned adoptions as managed", () => {
    const state = [res("crm:Person", "tess", "12", { crm: "rogerroger" }), res("crm:Person", "cy", "13", { crm: "outseta" })];
    const managed = managedIdsOf("rogerroger", state, [{ type: "pulumi-nodejs:dynamic/crm:Person", crm: "rogerroger", importId: "14" }]);
    expect([...managed].sort()).toEqual(["12", "14"]);
    const rows = unmanagedRows(
      "rogerroger",
      [
        { id: "12", label: "Tess Ter <tess@example.com>" },
        { id: "13", label: "Old Timer" },
        { id: "14", label: "Planned" },
      ],
      managed,
    );
    expect(rows).toEqual([
      { resource: "Old Timer", type: "crm:Person", urn: "", op: "same", field: "(record)", inCode: "absent", live: "exists (rogerroger id 13)", cause: "not in code" },
    ]);
    const clean: DriftReport = { stack: "dev", recordsChecked: 2, drift: false, rows: [] };
    const report = withRows(clean, rows);
    expect(report.drift).toBe(true);
    expect(formatTable(report)).toContain("Drift: 1 live record not in the code (2 records checked in stack 'dev').");
    expect(withRows(clean, [])).toBe(clean);
    expect(unmanagedRows("rollout", [{ id: "Ada@Example.com", label: "ada@example.com" }], managedIdsOf("rollout", [res("rollout:User", "ada", "ada@example.com")], []))).toEqual([]);
  });
});

import { describe, expect, it } from "vitest";
import { differingFields, driftReport, formatJson, formatTable, formatValue } from "../../../cli/drift/report";
import { UNKNOWN } from "../../../provider/core/check";
import { refreshed, SECRET, stackEvent, step } from "./events";

describe("differingFields", () => {
  it("walks objects key by key and compares arrays whole", () => {
    const code = { emails: ["a@x.io", "b@x.io"], applications: { app1: { environments: { Production: "read" } } }, name: "Ann" };
    const live = { emails: ["b@x.io", "a@x.io"], applications: { app1: { environments: { Production: "read", Staging: "write" } } }, name: "Ann" };
    expect(differingFields(code, live)).toEqual([
      { field: "applications.app1.environments.Staging", inCode: undefined, live: "write" },
      { field: "emails", inCode: ["a@x.io", "b@x.io"], live: ["b@x.io", "a@x.io"] },
    ]);
  });

  it("ignores fields the program does not set, key order, and provider bookkeeping", () => {
    const code = { __provider: "shim", importId: "42", address: { city: "Utrecht", country: "NL" } };
    const live = { address: { country: "NL", city: "Utrecht" }, jobTitle: "CEO", managedFields: ["address"] };
    expect(differingFields(code, live)).toEqual([]);
  });

  it("never shows a secret, and does not compare two secrets it cannot read", () => {
    expect(differingFields({ phones: SECRET }, { phones: ["+1 555"] })).toEqual([{ field: "phones", inCode: "[secret]", live: "[secret]" }]);
    expect(differingFields({ phones: ["+1 555"] }, { phones: SECRET })).toEqual([{ field: "phones", inCode: "[secret]", live: "[secret]" }]);
    expect(differingFields({ phones: SECRET }, { phones: SECRET })).toEqual([]);
    // The engine makes an output array secret when one element is.
    expect(differingFields({ emails: ["a@x.io", SECRET] }, { emails: SECRET })).toEqual([]);
  });

  it("quotes keys that are not plain identifiers", () => {
    expect(differingFields({ fields: { "a.b": 1 } }, { fields: { "a.b": 2 } })).toEqual([{ field: 'fields["a.b"]', inCode: 1, live: 2 }]);
  });
});

describe("driftReport", () => {
  it("names each drifted field with its cause, sorted, and counts the records checked", () => {
    const events = [
      stackEvent,
      refreshed("rollout:User", "grace", { teamAdmin: false, name: "Grace" }, { teamAdmin: true, name: "Grace" }),
      step("update", "rollout:User", "grace", { outputs: { teamAdmin: true, name: "Grace" } }, { inputs: { teamAdmin: false, name: "Grace H." } }),
      refreshed("crm:Person", "ann", { jobTitle: "CEO" }, { jobTitle: "CEO" }),
      step("same", "crm:Person", "ann", { outputs: { jobTitle: "CEO" } }, { inputs: { jobTitle: "CEO" } }),
    ];
    const report = driftReport("dev", events);
    expect(report).toMatchObject({ stack: "dev", recordsChecked: 2, drift: true });
    expect(report.rows.map(({ resource, type, op, field, inCode, live, cause }) => ({ resource, type, op, field, inCode, live, cause }))).toEqual([
      { resource: "grace", type: "rollout:User", op: "update", field: "name", inCode: "Grace H.", live: "Grace", cause: "changed in code" },
      { resource: "grace", type: "rollout:User", op: "update", field: "teamAdmin", inCode: false, live: true, cause: "edited outside Pulumi" },
    ]);
  });

  it("tells a record deleted by hand from a new one, and reports records removed from code", () => {
    const events = [
      refreshed("crm:Person", "gone", { jobTitle: "CEO" }, undefined),
      step("create", "crm:Person", "gone", undefined, { inputs: { jobTitle: "CEO" } }),
      step("create", "crm:Person", "fresh", undefined, { inputs: { jobTitle: "CTO" } }),
      step("delete", "crm:PersonNote", "old-note", { outputs: { title: "x" } }),
    ];
    const rows = driftReport("dev", events).rows.map((r) => [r.resource, r.field, r.cause]);
    expect(driftReport("dev", events).rows.map((r) => [r.inCode, r.live])).toEqual([
      ["exists", "absent"],
      ["exists", "absent"],
      ["absent", "exists"],
    ]);
    expect(rows).toEqual([
      ["fresh", "(record)", "new in code"],
      ["gone", "(record)", "deleted outside Pulumi"],
      ["old-note", "(record)", "removed from code"],
    ]);
  });

  it("says so when a field was changed both in code and by hand since the last up", () => {
    const events = [
      refreshed("crm:Person", "ann", { jobTitle: "CEO", givenName: "Ann" }, { jobTitle: "Boss", givenName: "Ann" }),
      step("update", "crm:Person", "ann", { outputs: { jobTitle: "Boss", givenName: "Ann" } }, { inputs: { jobTitle: "CTO", givenName: "Anne" } }),
    ];
    expect(driftReport("dev", events).rows.map((r) => [r.field, r.inCode, r.live, r.cause])).toEqual([
      ["givenName", "Anne", "Ann", "changed in code"],
      ["jobTitle", "CTO", "Boss", "changed in code and outside Pulumi"],
    ]);
  });

  it("counts whole records as records, not fields, in the summary", () => {
    const gone = ["a", "b", "c"].flatMap((name) => [
      refreshed("crm:Person", name, { jobTitle: "CEO" }, undefined),
      step("create", "crm:Person", name, undefined, { inputs: { jobTitle: "CEO" } }),
    ]);
    expect(formatTable(driftReport("dev", gone)).trimEnd().split("\n").at(-1)).toBe(
      "Drift: 3 whole records differ from the code (3 records checked in stack 'dev').",
    );
    const mixed = [...gone, step("update", "crm:Person", "d", { outputs: { jobTitle: "CEO" } }, { inputs: { jobTitle: "CTO" } })];
    expect(formatTable(driftReport("dev", mixed)).trimEnd().split("\n").at(-1)).toBe(
      "Drift: 1 field of 1 record and 3 whole records differ from the code (4 records checked in stack 'dev').",
    );
  });

  it("names the record when the provider sees a change no field shows, with the refresh's cause", () => {
    const events = [
      refreshed("crm:Person", "ann", { jobTitle: "CEO", phones: SECRET }, { jobTitle: "CEO", phones: SECRET }),
      step("update", "crm:Person", "ann", { outputs: { jobTitle: "CEO", phones: SECRET } }, { inputs: { jobTitle: "CEO", phones: SECRET } }),
      refreshed("crm:Person", "bob", { jobTitle: "CTO" }, { jobTitle: "CTO" }),
      step("update", "crm:Person", "bob", { outputs: { jobTitle: "CTO" } }, { inputs: {} }),
      refreshed("crm:Person", "carl", { jobTitle: "CTO" }, { jobTitle: "CFO" }),
      step("update", "crm:Person", "carl", { outputs: { jobTitle: "CFO" } }, { inputs: {} }),
    ];
    const rows = driftReport("dev", events).rows.map((r) => [r.resource, r.field, r.inCode, r.live, r.cause]);
    expect(rows).toEqual([
      ["ann", "(record)", "differs", "differs", "secret changed"],
      ["bob", "(record)", "differs", "differs", "changed in code"],
      ["carl", "(record)", "differs", "differs", "edited outside Pulumi"],
    ]);
  });

  it("shows values a preview cannot know yet as such", () => {
    const report = driftReport("dev", [step("replace", "crm:PersonNote", "n", { outputs: { personId: "p1" } }, { inputs: { personId: UNKNOWN } })]);
    expect(report.rows[0]).toMatchObject({ op: "replace", field: "personId", cause: "changed in code" });
    expect(formatTable(report)).toMatch(/personId\s+\(known after up\)\s+p1/);
    expect(JSON.parse(formatJson(report)).rows[0].inCode).toBe("(known after up)");
  });

  it("reports no drift when every record is the same, and ignores the stack and providers", () => {
    const report = driftReport("dev", [stackEvent, step("same", "rollout:User", "ada", { outputs: {} }, { inputs: {} })]);
    expect(report).toEqual({ stack: "dev", recordsChecked: 1, drift: false, rows: [] });
    expect(formatTable(report)).toBe("No drift: the 1 records of stack 'dev' match the code.\n");
  });
});

describe("formatting", () => {
  const report = driftReport("dev", [
    refreshed("crm:Person", "ann", { phones: SECRET }, { phones: ["+1 555"] }),
    step("update", "crm:Person", "ann", { outputs: { phones: ["+1 555"] } }, { inputs: { phones: SECRET, jobTitle: "CEO" } }),
  ]);

  it("prints a table with one row per field and a summary, never a secret's value", () => {
    const table = formatTable(report);
    const lines = table.trimEnd().split("\n");
    expect(lines[0].split(/\s{2,}/)).toEqual(["RESOURCE", "FIELD", "IN CODE", "LIVE", "CAUSE"]);
    expect(lines[1].split(/\s{2,}/)).toEqual(["ann (crm:Person)", "jobTitle", "CEO", "(not set)", "changed in code"]);
    expect(lines[2].split(/\s{2,}/)).toEqual(["ann (crm:Person)", "phones", "[secret]", "[secret]", "edited outside Pulumi"]);
    expect(lines.at(-1)).toBe("Drift: 2 fields of 1 record differ from the code (1 records checked in stack 'dev').");
    expect(table).not.toContain("ciphertext");
    expect(table).not.toContain("+1 555");
  });

  it("prints JSON with secrets replaced", () => {
    const json = JSON.parse(formatJson(report));
    expect(json.drift).toBe(true);
    expect(json.rows[1]).toMatchObject({ field: "phones", inCode: "[secret]", live: "[secret]" });
    expect(JSON.stringify(json)).not.toContain("+1 555");
  });

  it("cuts long values", () => {
    expect(formatValue("x".repeat(100), 10)).toBe(`${"x".repeat(9)}…`);
    expect(formatValue({ b: 1, a: [true] })).toBe('{"a":[true],"b":1}');
    expect(formatValue("line one\nline two")).toBe("line one\\nline two");
  });
});

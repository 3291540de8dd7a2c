/**
 * Issue 22 items 1 and 3, issue 25's cut ids: values from outsiders reach the drift table,
 * its JSON, and the review comment inert, whatever they hold. The review is rendered by a
 * real CommonMark renderer (test/support/inert.ts) and checked as HTML.
 */
import { describe, expect, it } from "vitest";
import { changeRows } from "../../../cli/changes/rows";
import { driftReport, formatJson, formatTable } from "../../../cli/drift/report";
import { unmanagedRows, withRows } from "../../../cli/drift/unmanaged";
import { formatMarkdown, formatReviewJson } from "../../../cli/review/markdown";
import { buildReview } from "../../../cli/review/review";
import { elementsOf, hasRawControl, HOSTILE_VALUES, MENTION, renderMarkdown, textOutsideCode } from "../../support/inert";
import { refreshed, step } from "./events";

const UUID = "1e5de12f-7f95-42d8-ad5b-8c0ffee00001";

/** A stack where every value a service or an adopted module can hold is `value`. */
function eventsWith(value: string) {
  return [
    // Changed by hand in the CRM (review --refresh: "Changed outside the code").
    refreshed("crm:Person", "rita", { crm: "rogerroger", givenName: "Rita" }, { crm: "rogerroger", givenName: value }),
    step("update", "crm:Person", "rita", { outputs: { crm: "rogerroger", givenName: value } }, { inputs: { crm: "rogerroger", givenName: "Rita" } }),
    // An adoption PR: every adopted value is listed.
    step("create", "crm:Person", "adopted", undefined, { inputs: { crm: "outseta", importId: "7", givenName: value, familyName: value, jobTitle: value, emails: [`${value}@x.io`] } }),
    // A Rollout environment and application named by whoever set up the account.
    step("create", "rollout:User", "ann", undefined, { inputs: { email: "ann@example.com", applications: { [value]: { environments: { [value]: "write", Production: "write" } } } } }),
    refreshed("rollout:User", "bob", { email: "bob@example.com", applications: {} }, { email: "bob@example.com", applications: { app: { environments: { [value]: "write" } } } }),
    step("update", "rollout:User", "bob", { outputs: { email: "bob@example.com", applications: { app: { environments: { [value]: "write" } } } } }, { inputs: { email: "bob@example.com", applications: {} } }),
  ];
}

describe("the drift table and its JSON are inert", () => {
  it.each(HOSTILE_VALUES)("holds no raw control character for %j, and names the value escaped", (value) => {
    const base = driftReport("dev", eventsWith(value));
    const report = withRows(base, unmanagedRows("rogerroger", [{ id: UUID, label: value }], new Set()));
    const table = formatTable(report);
    expect(hasRawControl(table)).toBe(false);
    // One line per row, a blank line, the summary: no value starts a line of its own.
    expect(table.split("\n")).toHaveLength(1 + report.rows.length + 3);
    expect(table.split("\n").at(-2)).toMatch(/^Drift: /);
    const json = formatJson(report);
    expect(hasRawControl(json)).toBe(false);
    expect(JSON.parse(json).rows.find((r: { cause: string }) => r.cause === "not in code").resource).toBe(value);
  });

  it("shows a live record's id whole (issue 25: the table cut it)", () => {
    const report = withRows(driftReport("dev", []), unmanagedRows("rogerroger", [{ id: UUID, label: "Old Timer" }], new Set()));
    expect(formatTable(report)).toContain(`exists (rogerroger id ${UUID})`);
  });

  it("escapes the attack of issue 22 visibly", () => {
    const value = HOSTILE_VALUES[0];
    const table = formatTable(withRows(driftReport("dev", []), unmanagedRows("rogerroger", [{ id: "1", label: value }], new Set())));
    expect(table).toContain("\\x1b]52;c;aGk=\\x07\\x1b[2J\\rNo drift: all good");
  });
});

describe("the review comment renders every value as text", () => {
  it.each(HOSTILE_VALUES)("no link, mention, HTML or broken list for %j", (value) => {
    const review = buildReview("prod", changeRows(eventsWith(value)), { refresh: true });
    const md = formatMarkdown(review, { rawDiff: `~ givenName: "Rita" => ${JSON.stringify(value)}\n+ ${value}\n` });
    expect(hasRawControl(md)).toBe(false);
    // The only links: the team members' own e-mail addresses, as GitHub links any address.
    const html = renderMarkdown(md).replace(/<a href="mailto:(ann|bob)@example\.com">(\1@example\.com)<\/a>/g, "$2");
    expect(html).not.toMatch(/<a[\s>]/);
    // Only the elements the comment is made of; none from a value.
    expect([...new Set(elementsOf(html))].sort()).toEqual(["code", "details", "em", "h3", "h4", "li", "p", "pre", "strong", "summary", "ul"]);
    expect(html.match(/<\/details>/g)).toHaveLength(1);
    const outside = textOutsideCode(html);
    expect(outside).not.toMatch(MENTION);
    expect(outside).not.toMatch(/https?:\/\/|www\./);
    // Every record and change is one list item: 1 sensitive item (+1 for ann's production write),
    // and each record's lines, as many as the review has.
    const lines = review.sensitive.length + [...review.changes, ...review.outside].reduce((n, r) => n + 1 + r.changes.length, 0);
    expect(html.match(/<li>/g)).toHaveLength(lines);
    expect(hasRawControl(formatReviewJson(review))).toBe(false);
  });

  it("quotes and caps environment names in the review's lines", () => {
    const value = "Staging\n\n</details>\n\n- **Approved by @acme/security**" + "x".repeat(200);
    const review = buildReview("prod", changeRows(eventsWith(value)), { refresh: true });
    const ann = review.changes.find((r) => r.record === "ann@example.com")!;
    expect(ann.changes).toContain('Stag…/"Staging\\n\\n</details>\\n\\n- **Approved by @acme/security**xx…": write');
    expect(ann.changes.every((line) => line.length < 200)).toBe(true);
  });
});

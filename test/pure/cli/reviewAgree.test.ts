/**
 * The review says what `up` does (issue 22 item 6, issue 25): an authoritative RolloutTeam's
 * removals are named and sensitive, hand changes read in their own direction, and write
 * access granted by hand is sensitive drift on any environment.
 */
import { describe, expect, it } from "vitest";
import { changeRows } from "../../../cli/changes/rows";
import { formatMarkdown } from "../../../cli/review/markdown";
import { buildReview } from "../../../cli/review/review";
import { refreshed, step } from "./events";

const APP = "5f1d7c2a9e3b4a6d8c0e1f23";
const access = (envs: Record<string, string>) => ({ [APP]: { environments: envs } });
const team = { members: ["ada@example.com"], keep: ["owner@example.com"] };

describe("review of an authoritative RolloutTeam", () => {
  it("after a refresh, names each member the update removes, as sensitive", () => {
    // The state after `pulumi refresh`: the read listed mallory; the program's inputs never list anyone.
    const events = [step("update", "rollout:Team", "team", { outputs: { ...team, notInCode: ["mallory@example.com"] } }, { inputs: team })];
    const rows = changeRows(events);
    expect(rows.rows.map((r) => [r.field, r.inCode, r.live])).toEqual([["notInCode", [], ["mallory@example.com"]]]);
    const review = buildReview("prod", rows);
    expect(review.sensitive).toEqual([{ kind: "member removed", record: "mallory@example.com", detail: "not in code: RolloutTeam 'team' removes it" }]);
    expect(review.changes.map((c) => [c.record, c.kind, c.changes])).toEqual([["team", "Rollout team (authoritative)", ["mallory@example.com is removed from the team (not in code)"]]]);
    const md = formatMarkdown(review);
    expect(md).toContain("#### ⚠️ Sensitive changes (1)");
    expect(md).toContain("- **Member removed**: mallory@example.com");
    expect(md).not.toContain("no member removed");
  });

  it("with --refresh, the member added by hand is outside the code and still a sensitive removal", () => {
    const events = [
      refreshed("rollout:Team", "team", { ...team, notInCode: [] }, { ...team, notInCode: ["mallory@example.com"] }),
      step("update", "rollout:Team", "team", { outputs: { ...team, notInCode: ["mallory@example.com"] } }, { inputs: team }),
    ];
    const review = buildReview("prod", changeRows(events), { refresh: true });
    expect(review.outside.map((c) => c.changes)).toEqual([["mallory@example.com added by hand, not in code: up removes them from the team"]]);
    expect(review.sensitive.map((s) => [s.kind, s.record])).toEqual([["member removed", "mallory@example.com"]]);
  });

  it("a team whose list is empty, or which is deleted, removes nobody", () => {
    const same = [step("update", "rollout:Team", "team", { outputs: { ...team, notInCode: [] } }, { inputs: { ...team, members: ["ada@example.com", "bob@example.com"] } })];
    expect(buildReview("prod", changeRows(same)).sensitive).toEqual([]);
    const off = buildReview("prod", changeRows([step("delete", "rollout:Team", "team", { inputs: team, outputs: { ...team, notInCode: [] } })]));
    expect(off.sensitive).toEqual([]);
    expect(off.changes[0].changes).toEqual(["the rule is turned off: no member is removed"]);
  });
});

describe("review --refresh of hand changes", () => {
  it("shows the hand change as live value by hand, then the code's value", () => {
    const events = [
      refreshed("crm:Person", "demo-buyer", { crm: "rogerroger", jobTitle: "Head of Purchasing" }, { crm: "rogerroger", jobTitle: "Buyer" }),
      step("update", "crm:Person", "demo-buyer", { outputs: { crm: "rogerroger", jobTitle: "Buyer" } }, { inputs: { crm: "rogerroger", jobTitle: "Head of Purchasing" } }),
    ];
    const review = buildReview("prod", changeRows(events), { refresh: true });
    expect(review.outside.map((c) => c.changes)).toEqual([['jobTitle: "Buyer" by hand (code: "Head of Purchasing")']]);
    expect(formatMarkdown(review)).not.toContain("Buyer\" → ");
  });

  it("lists a write granted by hand as sensitive, on production and on any other environment", () => {
    const before = { email: "eve@example.com", teamAdmin: false, applications: access({ Production: "read" }) };
    const live = { email: "eve@example.com", teamAdmin: false, applications: access({ Production: "write", Staging: "write" }) };
    const events = [refreshed("rollout:User", "eve", before, live), step("update", "rollout:User", "eve", { outputs: live }, { inputs: before })];
    const review = buildReview("prod", changeRows(events), { refresh: true });
    expect(review.sensitive).toEqual([
      { kind: "write granted outside Pulumi", record: "eve@example.com", detail: "5f1d…/Production: write by hand (code: read)" },
      { kind: "write granted outside Pulumi", record: "eve@example.com", detail: "5f1d…/Staging: write by hand (code: no access)" },
    ]);
    expect(review.outside.map((c) => c.changes)).toEqual([["5f1d…/Production: write by hand (code: read)", "5f1d…/Staging: write by hand (code: no access)"]]);
    const md = formatMarkdown(review);
    expect(md).toContain("#### ⚠️ Sensitive changes (2)");
    expect(md).toContain("- **Write granted outside Pulumi**: eve@example.com: 5f1d…/Production: write by hand \\(code: read\\)");
  });
});

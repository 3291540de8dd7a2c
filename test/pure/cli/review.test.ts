import { describe, expect, it } from "vitest";
import { changeRows } from "../../../cli/changes/rows";
import { UNKNOWN_VALUE } from "../../../cli/changes/values";
import { isProductionEnv } from "../../../cli/review/access";
import { formatMarkdown, formatReviewJson, rawDiffDetails, REVIEW_MAX_CHARS } from "../../../cli/review/markdown";
import { buildReview } from "../../../cli/review/review";
import { refreshed, SECRET, step } from "./events";

const APP = "5f1d7c2a9e3b4a6d8c0e1f23";
const access = (envs: Record<string, string>) => ({ [APP]: { environments: envs } });

/** A pull request of the kind reviewers care about: access widened, an admin added, records removed. */
const pullRequest = [
  step("update", "rollout:User", "grace",
    { outputs: { email: "grace@example.com", teamAdmin: false, applications: access({ Production: "read", Staging: "write" }) } },
    { inputs: { email: "grace@example.com", teamAdmin: false, applications: access({ Production: "write", Staging: "write" }) } }),
  step("create", "rollout:User", "linus", undefined, { inputs: { email: "linus@example.com", teamAdmin: true, applications: access({ Staging: "read" }) } }),
  step("delete", "rollout:User", "bob", { inputs: { email: "bob@example.com", teamAdmin: false }, outputs: { email: "bob@example.com" } }),
  step("update", "crm:Person", "demo-buyer",
    { outputs: { crm: "rogerroger", jobTitle: "Buyer", phones: SECRET } },
    { inputs: { crm: "rogerroger", jobTitle: "Head of Purchasing", phones: ["+1 555 0100"] } }),
  step("replace", "crm:Person", "os-olga", { outputs: { crm: "outseta", givenName: "Olga" } }, { inputs: { crm: "rolloutCrm", givenName: "Olga" } }),
  step("delete", "crm:PersonNote", "old-note", { inputs: { crm: "rogerroger", title: "Old" } }),
  step("same", "crm:Person", "kept", { outputs: { crm: "outseta" } }, { inputs: { crm: "outseta" } }),
];

describe("review", () => {
  const review = buildReview("prod", changeRows(pullRequest));

  it("counts records per operation", () => {
    expect(review.summary).toEqual({ create: 1, update: 2, replace: 1, delete: 2 });
    expect(review.recordsChecked).toBe(7);
  });

  it("lists the sensitive changes first-class: admins, production write, removals", () => {
    expect(review.sensitive).toEqual([
      { kind: "new team admin", record: "linus@example.com" },
      { kind: "write on production", record: "grace@example.com", detail: "5f1d…/Production: read → write" },
      { kind: "member removed", record: "bob@example.com", detail: undefined },
      { kind: "person replaced", record: "os-olga", detail: "crm" },
      { kind: "note deleted", record: "old-note" },
    ]);
  });

  it("tells each record's changes in plain language, deletions first, secrets never shown", () => {
    expect(review.changes.map((r) => [r.op, r.record, r.kind, r.changes])).toEqual([
      ["delete", "bob@example.com", "Rollout team member", ["removed from the team"]],
      ["delete", "old-note", "RogerRoger note", ["deleted"]],
      ["replace", "os-olga", "Universal CRM person", ['crm: "outseta" → "rolloutCrm" (replaces the record)']],
      ["create", "linus@example.com", "Rollout team member", ["5f1d…/Staging: read", "team admin: yes"]],
      ["update", "demo-buyer", "RogerRoger person", ['jobTitle: "Buyer" → "Head of Purchasing"', "phones: [secret] → [secret]"]],
      ["update", "grace@example.com", "Rollout team member", ["5f1d…/Production: read → write"]],
    ]);
    const text = formatMarkdown(review) + formatReviewJson(review);
    expect(text).not.toContain("+1 555");
    expect(text).not.toContain("ciphertext");
  });

  it("prints Markdown: summary line, a Sensitive section, then the records", () => {
    const md = formatMarkdown(review);
    const lines = md.split("\n");
    expect(lines[0]).toBe("<!-- pulumi-rollout-crm review -->");
    expect(md).toContain("**1 to create, 2 to update, 1 to replace, 2 to delete** (7 records in stack `prod`).");
    const sensitive = md.indexOf("#### ⚠️ Sensitive changes (5)");
    const records = md.indexOf("#### Changes in code (6 records)");
    expect(sensitive).toBeGreaterThan(0);
    expect(records).toBeGreaterThan(sensitive);
    expect(md).toContain("- **New team admin**: linus@example.com");
    expect(md).toContain("- **Write on production**: grace@example.com: 5f1d…/Production: read → write");
    expect(md).toContain("- **grace@example.com** (`grace`): Rollout team member, update\n  - 5f1d…/Production: read → write");
    expect(md).not.toContain("Changed outside the code");
  });

  it("says when nothing is sensitive or nothing changes", () => {
    const none = buildReview("dev", changeRows([step("same", "rollout:User", "ada", { outputs: {} }, { inputs: {} })]));
    expect(none.sensitive).toEqual([]);
    const md = formatMarkdown(none);
    expect(md).toContain("**No changes**: the 1 record of stack `dev` match the code.");
    expect(md).toContain("#### Sensitive changes: none");
  });

  it("keeps hand changes apart with --refresh, and says when a field changed both ways", () => {
    const events = [
      refreshed("crm:Person", "ann", { crm: "outseta", jobTitle: "CEO", givenName: "Ann" }, { crm: "outseta", jobTitle: "Boss", givenName: "Annie" }),
      step("update", "crm:Person", "ann", { outputs: { crm: "outseta", jobTitle: "Boss", givenName: "Annie" } }, { inputs: { crm: "outseta", jobTitle: "CTO", givenName: "Ann" } }),
      refreshed("rollout:User", "ada", { email: "ada@example.com", teamAdmin: false }, { email: "ada@example.com", teamAdmin: true }),
      step("update", "rollout:User", "ada", { outputs: { email: "ada@example.com", teamAdmin: true } }, { inputs: { email: "ada@example.com", teamAdmin: false } }),
      refreshed("crm:Person", "gone", { crm: "rogerroger", familyName: "Gone" }, undefined),
      step("create", "crm:Person", "gone", undefined, { inputs: { crm: "rogerroger", familyName: "Gone" } }),
    ];
    const r = buildReview("prod", changeRows(events), { refresh: true });
    expect(r.changes.map((c) => [c.record, c.changes])).toEqual([["ann", ['jobTitle: "Boss" → "CTO" (also changed outside Pulumi since the last up)']]]);
    expect(r.outside.map((c) => [c.record, c.changes])).toEqual([
      ["gone", ["deleted outside Pulumi: up creates it again", 'familyName: "Gone"']],
      // Hand changes read as what was done by hand, then what the code holds (issue 25).
      ["ada@example.com", ["team admin: yes by hand (code: no)"]],
      ["ann", ['givenName: "Annie" by hand (code: "Ann")']],
    ]);
    // What up would do is what counts: removing a hand-made admin is sensitive.
    expect(r.sensitive).toEqual([{ kind: "team admin removed", record: "ada@example.com" }]);
    const md = formatMarkdown(r);
    expect(md).toContain("#### Changed outside the code (3 records)");
    expect(md).toContain("3 records changed outside the code");
  });

  it("names values a preview cannot know yet", () => {
    const r = buildReview("dev", changeRows([step("replace", "crm:PersonNote", "n", { outputs: { crm: "rogerroger", personId: "p1" } }, { inputs: { crm: "rogerroger", personId: UNKNOWN_VALUE } })]));
    expect(r.changes[0].changes).toEqual(['personId: "p1" → (known after up) (replaces the record)']);
    expect(r.sensitive).toEqual([{ kind: "note replaced", record: "n", detail: "personId" }]);
  });

  it("matches production environments by word, case-insensitively, with a configurable list", () => {
    expect(["Production", "prod", "PROD-eu", "EU Production"].filter((e) => isProductionEnv(e, ["production", "prod"]))).toHaveLength(4);
    expect(["Staging", "preprod", "productivity"].filter((e) => isProductionEnv(e, ["production", "prod"]))).toEqual([]);
    const live = [step("update", "rollout:User", "g", { outputs: { email: "g@x.io", applications: access({ Live: "read" }) } }, { inputs: { email: "g@x.io", applications: access({ Live: "write" }) } })];
    expect(buildReview("p", changeRows(live)).sensitive).toEqual([]);
    expect(buildReview("p", changeRows(live), { productionEnvs: ["live"] }).sensitive.map((s) => s.kind)).toEqual(["write on production"]);
  });

  it("stays under 60,000 characters with any number of records, keeping summary and sensitive", () => {
    const many = Array.from({ length: 3000 }, (_, i) =>
      step("update", "crm:Person", `person-${String(i).padStart(4, "0")}`, { outputs: { crm: "rogerroger", jobTitle: "Buyer" } }, { inputs: { crm: "rogerroger", jobTitle: `Head of Purchasing ${"x".repeat(40)}` } }),
    );
    const big = buildReview("prod", changeRows([...pullRequest, ...many]));
    const md = formatMarkdown(big, { rawDiff: "+ a very long diff\n".repeat(10_000) });
    expect(md.length).toBeLessThanOrEqual(REVIEW_MAX_CHARS);
    expect(md).toContain("**1 to create, 3002 to update, 1 to replace, 2 to delete**");
    expect(md).toContain("#### ⚠️ Sensitive changes (5)");
    const shown = (md.match(/^- \*\*.*, (update|create|delete|replace)$/gm) ?? []).length;
    const left = Number(/…and (\d+) more records left out to keep this comment under 60,000 characters/.exec(md)?.[1]);
    expect(shown).toBeGreaterThan(100);
    expect(shown + left).toBe(3006);
    expect(md).not.toContain("<details>");
  });

  it("adds the raw diff collapsed, cut to the room left", () => {
    const md = formatMarkdown(review, { rawDiff: "\u001b[32m+ linus\u001b[0m\n" });
    expect(md).toMatch(/<details><summary>Raw <code>pulumi preview --diff<\/code><\/summary>\n\n```diff\n\+ linus\n```\n<\/details>\n$/);
    const cut = rawDiffDetails("x".repeat(5000), 1000);
    expect(cut.length).toBeLessThanOrEqual(1000);
    expect(cut).toContain("cut here");
  });
});

/**
 * What each CI template offers besides an S3 backend with static keys: S3 by OIDC (a role
 * assumed only when its repository variable is set, with the `id-token` permission it
 * needs) and Pulumi Cloud (PULUMI_ACCESS_TOKEN passed wherever the backend URL is), each
 * documented in the template's header; and preview.yml's approval bound to a commit, with
 * no label left to outlive a push. (What the steps do when run: test/e2e/ciTemplates.test.ts.)
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";

const ciDir = path.resolve(__dirname, "../../examples/ci");
const ROLES: Record<string, string> = { "preview.yml": "AWS_PREVIEW_ROLE_ARN", "up.yml": "AWS_UP_ROLE_ARN", "drift.yml": "AWS_DRIFT_ROLE_ARN" };

interface Step {
  name?: string;
  if?: string;
  uses?: string;
  with?: Record<string, string>;
  env?: Record<string, string>;
}

describe.each(Object.keys(ROLES))("%s", (file) => {
  const text = readFileSync(path.join(ciDir, file), "utf8");
  const workflow = parse(text) as { permissions: Record<string, string>; jobs: Record<string, { steps: Step[] }> };
  const steps = Object.values(workflow.jobs).flatMap((job) => job.steps);
  const header = text.slice(0, text.search(/^name:/m));

  it("assumes an AWS role by OIDC when its variable is set, and only then", () => {
    const role = ROLES[file];
    const oidc = steps.filter((s) => s.uses?.startsWith("aws-actions/configure-aws-credentials@"));
    expect(oidc).toHaveLength(1);
    expect(oidc[0].if).toBe(`vars.${role} != ''`);
    expect(oidc[0].with).toEqual({ "role-to-assume": `\${{ vars.${role} }}`, "aws-region": "${{ vars.AWS_REGION }}" });
    expect(workflow.permissions["id-token"]).toBe("write");
    // Before any step that talks to the backend.
    const first = steps.findIndex((s) => s.env?.PULUMI_BACKEND_URL !== undefined);
    expect(steps.indexOf(oidc[0])).toBeLessThan(first);
    expect(header).toContain(role);
  });

  it("passes PULUMI_ACCESS_TOKEN wherever it passes the backend URL, for Pulumi Cloud", () => {
    const backendSteps = steps.filter((s) => s.env?.PULUMI_BACKEND_URL !== undefined);
    expect(backendSteps.length).toBeGreaterThan(0);
    for (const step of backendSteps) expect(step.env?.PULUMI_ACCESS_TOKEN, step.name ?? step.uses).toBe("${{ secrets.PULUMI_ACCESS_TOKEN }}");
    expect(header).toMatch(/Pulumi Cloud[^\n]*\n?[^\n]*PULUMI_ACCESS_TOKEN/);
  });
});

describe("preview.yml's approval", () => {
  const text = readFileSync(path.join(ciDir, "preview.yml"), "utf8");
  const workflow = parse(text) as { on: Record<string, { types: string[] }> };

  it("is an approving review of the head commit, re-checked when a review comes or goes, with no label", () => {
    expect(workflow.on.pull_request.types).toEqual(["opened", "synchronize", "reopened"]);
    expect(workflow.on.pull_request_review.types).toEqual(["submitted", "dismissed"]);
    expect(text).not.toMatch(/labels|access-approved/);
    expect(text).toContain('.commit_id == \\"$HEAD_SHA\\"');
    expect(text).toContain("HEAD_SHA: ${{ github.event.pull_request.head.sha }}");
  });

  it("posts the comment whatever the review step did", () => {
    const steps = (parse(text).jobs.preview.steps as Step[]);
    expect(steps.find((s) => s.uses?.startsWith("marocchino/sticky-pull-request-comment@"))?.if).toBe("always()");
    expect(steps.find((s) => s.name?.startsWith("Mark the comment stale"))?.if).toBe("always() && steps.review.outcome != 'success'");
  });
});

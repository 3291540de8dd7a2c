/** Bad input to `adopt` exits 1 with one line naming the flag, before anything is read. */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { main } from "../../../../cli/main";
import { parseAdoptArgs } from "../../../../cli/adopt/options";

const project = mkdtempSync(path.join(tmpdir(), "prc-adopt-opts-"));
writeFileSync(path.join(project, "Pulumi.yaml"), "name: p\nruntime: nodejs\n");
writeFileSync(path.join(project, "taken.ts"), "// exists\n");

function sink() {
  let text = "";
  const stream = new Writable({ write: (chunk, _enc, done) => ((text += chunk), done()) });
  return { stream, text: () => text };
}

async function run(...args: string[]): Promise<{ code: number; err: string; out: string }> {
  const out = sink();
  const err = sink();
  const code = await main(["adopt", ...args], out.stream as unknown as NodeJS.WriteStream, err.stream as unknown as NodeJS.WriteStream);
  return { code, err: err.text(), out: out.text() };
}

describe("adopt: bad input", () => {
  it.each([
    [["mailchimp", "--stack", "dev"], "unknown service 'mailchimp'; expected one of rollout, rogerroger, outseta, rolloutCrm"],
    [["rollout"], "--stack is required"],
    [["rollout", "--stack", "dev", "--cwd", tmpdir()], "--cwd: no Pulumi.yaml in"],
    [["rollout", "--stack", "dev", "--out", path.join(project, "taken.ts")], "taken.ts exists; pass --force to overwrite it"],
    [["rollout", "--stack", "dev", "--out", "team.js"], "--out: team.js must end in .ts"],
    [["rollout", "--stack", "dev", "--out", "no/such/dir/team.ts"], "--out: the folder no/such/dir does not exist"],
    [["rollout", "--stack", "dev", "--force"], "--force needs --out"],
    [["rogerroger", "--stack", "dev", "--max", "0"], "--max: '0' is not a positive whole number"],
    [["rogerroger", "--stack", "dev", "--email-domain", "nodot"], "--email-domain: 'nodot' is not a domain"],
    [["rollout", "--stack", "dev", "--ids", "a@b.c"], "--ids is for the CRMs"],
    [["outseta", "--stack", "dev", "--with-notes"], "--with-notes is for rogerroger only"],
    [["rogerroger", "--stack", "dev", "--fields", "givenName,nickname"], "--fields: unknown field 'nickname'"],
    [["rogerroger", "--stack", "dev", "--fields", "givenName"], "--fields must include familyName: rogerroger people require it"],
    [["rollout", "--stack", "dev", "--fields", "teamAdmin"], "--fields: 'teamAdmin' is not a field a RolloutUser can leave to Rollout"],
    [["rollout", "--stack", "dev", "--bogus"], "Unknown option '--bogus'"],
  ])("%j", async (args, message) => {
    const result = await run(...args, ...(args.includes("--cwd") ? [] : ["--cwd", project]));
    expect(result.code).toBe(1);
    expect(result.err).toContain(message);
    expect(result.err.trim().split("\n")).toHaveLength(1);
    expect(result.out).toBe("");
  });

  it("accepts a full command line", () => {
    expect(parseAdoptArgs(["rogerroger", "--stack", "dev", "--out", "seed.ts", "--email-domain", "@Example.com", "--ids", "1, 2,2", "--max", "5", "--fields", "familyName,fields.tags", "--with-notes"], project)).toEqual({
      service: "rogerroger",
      stack: "dev",
      cwd: project,
      out: path.join(project, "seed.ts"),
      force: false,
      emailDomain: "Example.com",
      ids: ["1", "2"],
      max: 5,
      fields: ["familyName", "fields.tags"],
      withNotes: true,
      format: "typescript",
    });
  });

  it("--format pulumi-import writes a .json document, without --fields", () => {
    expect(parseAdoptArgs(["rolloutCrm", "--stack", "dev", "--out", "people.json", "--format", "pulumi-import"], project)).toMatchObject({ format: "pulumi-import", out: path.join(project, "people.json") });
    expect(() => parseAdoptArgs(["rolloutCrm", "--stack", "dev", "--out", "people.ts", "--format", "pulumi-import"], project)).toThrow(/--out: people.ts must end in .json/);
    expect(() => parseAdoptArgs(["rolloutCrm", "--stack", "dev", "--format", "pulumi-import", "--fields", "emails"], project)).toThrow(/--fields is for --format typescript/);
    expect(() => parseAdoptArgs(["rolloutCrm", "--stack", "dev", "--format", "yaml"], project)).toThrow(/--format: 'yaml' is not one of typescript, pulumi-import/);
  });
});

describe("adopt: the rate-limit wait it announces", () => {
  it("follows the service's pacing", async () => {
    const { pacedSeconds } = await import("../../../../cli/adopt/sources");
    expect(pacedSeconds({ kind: "window", limit: 18, windowMs: 60_000 }, 33)).toBe(50); // RogerRoger: 15 over the first window's 18
    expect(pacedSeconds({ kind: "window", limit: 18, windowMs: 60_000 }, 5)).toBe(0);
    expect(pacedSeconds({ kind: "interval", intervalMs: 1100 }, 10)).toBe(11);
    expect(pacedSeconds({ kind: "none" }, 100)).toBe(0);
  });
});

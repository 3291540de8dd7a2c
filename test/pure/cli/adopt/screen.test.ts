/** adopt's last gate: what the provider refuses or cannot carry is left out, and said so. */
import { describe, expect, it } from "vitest";
import type { Adoption } from "../../../../cli/adopt/model";
import { hasLoneSurrogate, screenAdoption } from "../../../../cli/adopt/screen";
import { warningLine } from "../../../../cli/adopt/warn";

const APP = "5f1175a8f8daa545e28c8aa2";
const LONE = "x\ud800y";
const MANAGED = "1b4e28ba-2fa1-41d2-883f-0016d3cca427";

function screened(adoption: Adoption): { adoption: Adoption; warnings: string[] } {
  const warnings: string[] = [];
  return { adoption: screenAdoption(adoption, (w) => warnings.push(w)), warnings };
}

describe("adopt: records and fields the provider would refuse", () => {
  it("finds lone surrogates in strings and keys, not in pairs", () => {
    expect(hasLoneSurrogate("ok \ud83d\ude00")).toBe(false);
    expect(hasLoneSurrogate(LONE)).toBe(true);
    expect(hasLoneSurrogate("\ude00")).toBe(true);
    expect(hasLoneSurrogate({ a: [{ [LONE]: 1 }] })).toBe(true);
  });

  it("rollout: a member the check refuses or whose access holds a lone surrogate is left out; a bad name only loses the name", () => {
    const { adoption, warnings } = screened({
      service: "rollout",
      members: [
        { email: "ok@example.com", applications: { [APP]: { environments: { constructor: "read" as const, toString: "write" as const } } } },
        { email: "not-an-email" },
        { email: "perm@example.com", applications: { [APP]: { environments: { Production: "admin" as "read" } } } },
        { email: "app@example.com", applications: { constructor: { environments: { Production: "read" as const } } } },
        { email: "env@example.com", applications: { [APP]: { environments: { [LONE]: "read" } } } },
        { email: "name@example.com", name: LONE, teamAdmin: true },
      ],
    });
    expect(adoption.service === "rollout" && adoption.members).toEqual([
      { email: "ok@example.com", applications: { [APP]: { environments: { constructor: "read", toString: "write" } } } },
      { email: "name@example.com", teamAdmin: true },
    ]);
    expect(warnings).toHaveLength(5);
    expect(warnings[0]).toMatch(/^rollout member "not-an-email" left out of the code: the provider refuses email: 'not-an-email' is not a valid e-mail address/);
    expect(warnings[1]).toContain('permission must be "read" or "write", not "admin"');
    expect(warnings[2]).toContain("'constructor' is not a Rollout application id");
    expect(warnings[3]).toMatch(/"env@example.com" left out of the code: its access \(applications\) holds a lone surrogate/);
    expect(warnings[4]).toMatch(/"name@example.com": 'name' left out of the code \(it holds a lone surrogate/);
  });

  it("CRMs: refused or unrepresentable fields go; a record missing what its CRM requires goes with its notes", () => {
    const { adoption, warnings } = screened({
      service: "rogerroger",
      people: [
        { id: "1", model: { familyName: "Fine", givenName: LONE, emails: ["ok@example.com"], address: { country: "Neverland" }, fields: { honorificPrefix: LONE } }, notes: [] },
        { id: "2", model: { familyName: LONE, emails: ["b@example.com"] }, notes: [{ id: "7", personId: "2", fields: { title: "t" } }] },
        { id: "3", model: { familyName: "Mail", emails: ["a@b.example", "no mail"] }, notes: [{ id: "8", personId: "3", fields: { title: LONE, description: "kept" } }] },
      ],
      notesOnManagedPeople: [
        { id: "9", personId: MANAGED, fields: { title: "  " } },
        { id: "10", personId: "40", fields: { title: "on a person of another CRM" } },
      ],
    });
    if (adoption.service === "rollout") throw new Error("unexpected");
    expect(adoption.people).toEqual([
      { id: "1", model: { familyName: "Fine", emails: ["ok@example.com"] }, notes: [] },
      { id: "3", model: { familyName: "Mail" }, notes: [{ id: "8", personId: "3", fields: { description: "kept" } }] },
    ]);
    expect(adoption.notesOnManagedPeople).toEqual([{ id: "9", personId: MANAGED, fields: {} }]);
    expect(warnings.join("\n")).toContain(`rogerroger person "1": 'givenName' left out of the code (it holds a lone surrogate`);
    expect(warnings.join("\n")).toContain(`rogerroger person "1": 'fields.honorificPrefix' left out`);
    expect(warnings.join("\n")).toMatch(/rogerroger person "1": 'address.country' left out of the code \(.*Neverland/);
    expect(warnings.join("\n")).toContain(`rogerroger person "2" left out of the code with its 1 note(s): rogerroger requires familyName, and it was left out`);
    expect(warnings.join("\n")).toMatch(/rogerroger person "3": 'emails\[1\]' left out of the code/);
    expect(warnings.join("\n")).toContain(`rogerroger note "8": 'title' left out of the code (it holds a lone surrogate`);
    expect(warnings.join("\n")).toContain(`rogerroger note "9": 'title' left out of the code (title must not be empty`);
    expect(warnings.join("\n")).toMatch(/rogerroger note "10" left out of the code: the provider refuses personId: personId must be the id of a RogerRoger person/);
  });

  it("outseta: a person whose only e-mail the check refuses is left out (Outseta requires one)", () => {
    const { adoption, warnings } = screened({ service: "outseta", people: [{ id: "a", model: { givenName: "X", emails: ["x@@example.com"] }, notes: [] }], notesOnManagedPeople: [] });
    expect(adoption.service !== "rollout" && adoption.people).toEqual([]);
    expect(warnings.at(-1)).toMatch(/^outseta person "a" left out of the code/);
  });

  it("warnings are one inert line whatever the value holds", () => {
    const line = warningLine(`rollout member "a": x\x1b]52;c;AAAA\x07\x1b[2J\rNo drift\nsecond\u2028third\u202e`);
    expect(line).toBe("adopt: warning: rollout member \"a\": x\\u001b]52;c;AAAA\\u0007\\u001b[2J\\u000dNo drift\\u000asecond\\u2028third\\u202e");
  });
});

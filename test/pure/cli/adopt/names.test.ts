import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { assignNames, baseName, memberNames, noteNames, personNames, slug } from "../../../../cli/adopt/names";

const VALID = /^[a-z0-9]+(-[a-z0-9]+)*$/;

describe("adopt: resource names", () => {
  it("derives readable names from e-mails and names", () => {
    expect(slug("Ada.Lovelace+ops")).toBe("ada-lovelace-ops");
    expect(slug("Zoë  Ünal")).toBe("zoe-unal");
    expect(slug("::")).toBe("");
    expect(baseName("Grace.Hopper@Example.com", [], "x")).toBe("grace-hopper");
    expect(baseName(undefined, ["Dana", undefined, "Demo"], "person")).toBe("dana-demo");
    expect(baseName(undefined, [], "person")).toBe("person");
    expect(memberNames(["ada@example.com", "grace@example.com"], new Set())).toEqual(["ada", "grace"]);
    expect(personNames("rolloutCrm", [{ id: "17", givenName: "Tess", familyName: "Ter" }], new Set())).toEqual(["rollout-crm-tess-ter"]);
    expect(noteNames([{ id: "n1", person: "rogerroger-ada", title: "Demo script" }], new Set())).toEqual(["rogerroger-ada-demo-script"]);
  });

  it("qualifies a shared base with the e-mail's domain, else the id, and avoids the names the state uses", () => {
    expect(memberNames(["ada@a.example", "ada@b.example", "bob@example.com"], new Set())).toEqual(["ada-a-example", "ada-b-example", "bob"]);
    expect(memberNames(["bob@example.com"], new Set(["bob"]))).toEqual(["bob-example-com"]);
    expect(personNames("rogerroger", [{ id: "7", email: "tess@x.example" }, { id: "9", email: "tess@y.example" }], new Set())).toEqual([
      "rogerroger-tess-x-example",
      "rogerroger-tess-y-example",
    ]);
    // Same e-mail twice (a duplicate in the CRM): only the id tells them apart.
    expect(personNames("rogerroger", [{ id: "7", email: "tess@x.example" }, { id: "9", email: "tess@x.example" }], new Set())).toEqual([
      "rogerroger-tess-7",
      "rogerroger-tess-9",
    ]);
  });

  it("names are unique, valid, free of the taken ones, and a record's name does not depend on unrelated records", () => {
    const request = fc.record({
      id: fc.stringMatching(/^[A-Za-z0-9]{1,8}$/),
      base: fc.constantFrom("ada", "bob", "x-y", "tess"),
      qualifier: fc.option(fc.constantFrom("example-com", "y", "1"), { nil: undefined }),
    });
    fc.assert(
      fc.property(fc.uniqueArray(request, { selector: (r) => r.id, maxLength: 30 }), fc.uniqueArray(fc.constantFrom("ada", "bob", "tess-1", "ada-y"), { maxLength: 4 }), (requests, taken) => {
        const names = assignNames(requests, new Set(taken));
        expect(new Set(names).size).toBe(names.length);
        for (const name of names) {
          expect(name).toMatch(VALID);
          expect(taken).not.toContain(name);
        }
        // Adding a record with a base of its own changes no other name.
        const more = assignNames([...requests, { id: "zzz", base: "unrelated" }], new Set(taken));
        expect(more.slice(0, names.length)).toEqual(names);
      }),
    );
  });
});

/** A re-run of `adopt --out FILE --force`: everything the file declared stays, by name and value. */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { generateModule } from "../../../../cli/adopt/codegen";
import { ExistingModuleError, readDeclared } from "../../../../cli/adopt/existing";
import { managedWith, mergeDeclared } from "../../../../cli/adopt/merge";
import type { Adoption } from "../../../../cli/adopt/model";

const APP = "5f1175a8f8daa545e28c8aa2";
const none = { user: new Set<string>(), person: new Set<string>(), note: new Set<string>() };
const header = { command: "pulumi-rollout-crm adopt rollout --stack dev", stack: "dev", skipped: 0, importPath: "./team.adopted" };
const dir = mkdtempSync(path.join(tmpdir(), "prc-merge-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const at = path.join(dir, name);
  writeFileSync(at, text);
  return at;
}

const first: Adoption = {
  service: "rollout",
  members: [
    { email: "ada@example.com", name: "Ada", teamAdmin: true, applications: { [APP]: { environments: { constructor: "write" as const } } } },
    { email: "grace@example.com", name: "Grace" },
    { email: "ada@other.example" },
    { email: "linus@example.com" },
  ],
};

describe("adopt --force over its own module", () => {
  it("keeps every entry with its name and its values as written, and adds the new records with fresh names", async () => {
    // The user reviewed the module: Grace's name is left to Rollout now.
    const written = generateModule(first, none, header).replace('name: "Grace"', "");
    const at = file("team.adopted.ts", written.replace(/\{ ,\s*/, "{ "));
    const declared = await readDeclared(at, "rollout", "team.adopted.ts");
    expect(declared.service === "rollout" && declared.members.map((m) => [m.resource, m.email])).toEqual([
      ["ada-example-com", "ada@example.com"],
      ["ada-other-example", "ada@other.example"],
      ["grace", "grace@example.com"],
      ["linus", "linus@example.com"],
    ]);
    // Two new members since; a third "ada" takes the plain name, which no kept entry uses.
    const fresh: Adoption = { service: "rollout", members: [{ email: "ada@third.example" }, { email: "zoe@example.com", teamAdmin: true }] };
    const merged = mergeDeclared(fresh, declared);
    const text = generateModule(merged, none, { ...header, kept: 4 });
    const resources = [...text.matchAll(/resource: "([^"]+)"/g)].map((m) => m[1]);
    expect(resources).toEqual(["ada-example-com", "ada-other-example", "ada", "grace", "linus", "zoe"]);
    expect(text).toContain('{ resource: "grace", member: { email: "grace@example.com" } }');
    expect(text).toContain('constructor: "write" as const');
    expect(text).toContain("(4 kept from the earlier run: a re-run never drops an entry)");
    // And a third run over that: the same six, nothing lost, the text stable.
    const again = mergeDeclared({ service: "rollout", members: [] }, await readDeclared(file("again.ts", text), "rollout", "again.ts"));
    expect(generateModule(again, none, { ...header, kept: 6 })).toBe(text.replace("4 kept", "6 kept"));
  });

  it("CRMs: people and notes stay; a new note on a kept person goes under it, on another person to the managed list", async () => {
    const crm: Adoption = {
      service: "rogerroger",
      people: [{ id: "p1", model: { familyName: "Ter", givenName: "Tess" }, notes: [{ id: "n1", personId: "p1", fields: { title: "Demo" } }] }],
      notesOnManagedPeople: [{ id: "n2", personId: "p9", fields: { title: "Old" } }],
    };
    const at = file("crm.ts", generateModule(crm, none, header));
    const declared = await readDeclared(at, "rogerroger", "crm.ts");
    const merged = mergeDeclared(
      {
        service: "rogerroger",
        people: [{ id: "p2", model: { familyName: "New" }, notes: [] }],
        notesOnManagedPeople: [
          { id: "n3", personId: "p1", fields: { title: "Later" } },
          { id: "n4", personId: "p9", fields: { title: "Also later" } },
        ],
      },
      declared,
    );
    if (merged.service === "rollout") throw new Error("unexpected");
    expect(merged.people.map((p) => [p.id, p.resource, p.notes.map((n) => n.id)])).toEqual([
      ["p1", "rogerroger-tess-ter", ["n1", "n3"]],
      ["p2", undefined, []],
    ]);
    expect(merged.notesOnManagedPeople.map((n) => n.id)).toEqual(["n2", "n4"]);
    const text = generateModule(merged, none, header);
    expect(text).toContain('resource: "rogerroger-tess-ter-demo"');
    expect(text).toContain('resource: "rogerroger-new"');
    expect(text).toContain('resource: "rogerroger-p9-old"');
  });

  it("the read skips what the module declares, and counts only the state's records as skipped", () => {
    const declared = { service: "rollout" as const, members: [{ email: "ada@example.com", resource: "ada" }] };
    const managed = managedWith({ records: new Set(["grace@example.com"]), notes: new Set() }, declared);
    expect([managed.records.has("ada@example.com"), managed.records.has("grace@example.com"), managed.records.has("zoe@example.com")]).toEqual([true, true, false]);
    expect(managed.keptLive()).toBe(1);
  });

  it("refuses, naming the place, what it cannot keep whole", async () => {
    const module = generateModule(first, none, header);
    const cases: Array<[string, RegExp]> = [
      [module.replace('name: "Ada"', "name: process.env.NAME!"), /--out x\.ts line \d+: not plain data/],
      [`${module}\nconsole.log(adoptedUsers);\n`, /--out x\.ts line \d+: code adopt does not write/],
      [`${module}\nexport const extra = 1;\n`, /'extra' is not a list adopt rollout writes/],
      ['import "./other";\n', /has no 'adoptedMembers' list: it is not a module `adopt rollout` wrote/],
      [module.replace('resource: "grace", ', ""), /adoptedMembers\[2\]: an entry without the resource and member\.email adopt wrote/],
    ];
    for (const [text, message] of cases) {
      await expect(readDeclared(file("x.ts", text), "rollout", "x.ts")).rejects.toThrow(ExistingModuleError);
      await expect(readDeclared(file("x.ts", text), "rollout", "x.ts")).rejects.toThrow(message);
    }
    // A module of another service is not this one's.
    await expect(readDeclared(file("x.ts", module), "outseta", "x.ts")).rejects.toThrow(/'adoptedMembers' is not a list adopt outseta writes/);
  });
});

import { afterAll, describe, expect, it } from "vitest";
import { generateModule } from "../../../../cli/adopt/codegen";
import type { Adoption } from "../../../../cli/adopt/model";
import { typeErrors, userProject } from "./compile";

const none = { user: new Set<string>(), person: new Set<string>(), note: new Set<string>() };
const header = { command: "pulumi-rollout-crm adopt x --stack dev", stack: "dev", skipped: 2, importPath: "./adopted" };

const rollout: Adoption = {
  service: "rollout",
  members: [
    { email: "grace@example.com", name: "Grace Hopper", applications: { "5f1d7c2a9e3b4a6d8c0e1f23": { environments: { Production: "read", Staging: "write" } } } },
    { email: "ada@example.com", name: "Ada \"the Countess\" Lovelace", teamAdmin: true },
    { email: "ada@other.example" },
  ],
};

const rogerroger: Adoption = {
  service: "rogerroger",
  people: [
    {
      id: "12",
      model: {
        givenName: "Tess",
        familyName: "Ter",
        emails: ["tess@example.com", "t@example.org"],
        phones: [{ number: "+31 20 123 4567", type: "work" }],
        address: { city: "Utrecht", country: "NL" },
        fields: { tags: ["/tags/1"], honorificPrefix: "Dr." },
      },
      notes: [{ id: "5", personId: "12", fields: { title: "Demo script", flagged: true, description: "line 1\nline 2" } }],
    },
    { id: "3", model: { familyName: "Anonymous" }, notes: [] },
  ],
  notesOnManagedPeople: [{ id: "9", personId: "40", fields: { title: "On a managed person" } }],
};

const outseta: Adoption = {
  service: "outseta",
  people: [{ id: "DQ2DyknW", model: { givenName: "Cy", emails: ["ceo@acme.example"], phones: [{ number: "+1 555 0100", type: "mobile" }], address: { country: "US", region: "CA" } }, notes: [] }],
  notesOnManagedPeople: [],
};

const rolloutCrm: Adoption = {
  service: "rolloutCrm",
  people: [{ id: "101", model: { givenName: "Lee", familyName: "Lead", jobTitle: "Buyer", fields: { stage: "Lead", tags: ["seed"] } }, notes: [] }],
  notesOnManagedPeople: [],
};

describe("adopt: the generated module", () => {
  const projects: Array<{ dispose(): void }> = [];
  afterAll(() => projects.forEach((p) => p.dispose()));

  it("lists the records sorted, with stable names and importId, and reads like examples/", () => {
    const text = generateModule(rollout, none, header);
    expect(text).toContain(`import "./adopted";`);
    expect(text).toContain("(2 left out: the stack already manages them)");
    const order = ["ada-example-com", "ada-other-example", "grace"].map((name) => text.indexOf(`resource: "${name}"`));
    expect(order.every((i, k) => i > 0 && (k === 0 || i > order[k - 1]))).toBe(true);
    expect(text).toContain("new RolloutUser(resource, { ...member, importId: member.email })");
    expect(text).toContain('teamAdmin: true');
    expect(text).not.toMatch(/teamAdmin: false/); // defaults are left out
    // The same input gives the same text: re-running adopt makes no noise in a diff.
    expect(generateModule(rollout, none, header)).toBe(text);

    const crm = generateModule(rogerroger, { ...none, person: new Set(["rogerroger-tess"]) }, header);
    expect(crm).toContain('resource: "rogerroger-tess-example-com"'); // its plain name is taken in the state
    expect(crm).toContain('resource: "rogerroger-anonymous"');
    expect(crm).toContain('new CrmPerson(resource, { crm: "rogerroger", ...person, importId: id })');
    expect(crm).toContain("personId: crmPerson.id, importId: note.id");
    expect(crm).toContain('personId: "40"');
  });

  it("compiles under tsc --strict with Pulumi's template tsconfig, for every service, side by side", () => {
    // A value the CRM's type refuses (two e-mails on Outseta) must fail, so the check has teeth.
    const bad = generateModule({ ...outseta, people: [{ ...outseta.people[0], model: { emails: ["a@b.example", "c@d.example"] } }] } as Adoption, none, header);
    const modules = {
      "team.ts": generateModule(rollout, none, header),
      "rogerroger.ts": generateModule(rogerroger, none, header),
      "outseta.ts": generateModule(outseta, none, header),
      "rolloutCrm.ts": generateModule(rolloutCrm, none, header),
      "empty.ts": generateModule({ service: "outseta", people: [], notesOnManagedPeople: [] }, none, header),
      "bad.ts": bad,
    };
    const index = `${Object.keys(modules)
      .map((f) => `import "./${f.replace(/\.ts$/, "")}";`)
      .join("\n")}\n`;
    const project = userProject({ ...modules, "index.ts": index });
    projects.push(project);
    const errors = typeErrors(project.dir).trim().split("\n").filter((l) => /error TS/.test(l));
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.filter((l) => !l.startsWith("bad.ts("))).toEqual([]);
  }, 240_000); // a full type check of @pulumi/pulumi's declarations: about 30 s on an idle machine, minutes under load
});

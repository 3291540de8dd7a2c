/**
 * `adopt --format pulumi-import`: the `pulumi import --file` document for the provider
 * plugin's resources, with the names the TypeScript module would use and the plugin's
 * import ids.
 */
import { describe, expect, it } from "vitest";
import { generateModule } from "../../../../cli/adopt/codegen";
import type { Adoption } from "../../../../cli/adopt/model";
import { pulumiImportDocument, pulumiImportText } from "../../../../cli/adopt/pulumiImport";
import { withPluginSettings } from "../../../../cli/adopt/stack";

const none = { user: new Set<string>(), person: new Set<string>(), note: new Set<string>() };

const rollout: Adoption = {
  service: "rollout",
  members: [{ email: "Grace@Example.com", name: "Grace Hopper" }, { email: "ada@example.com", teamAdmin: true }, { email: "ada@other.example" }],
};

const rogerroger: Adoption = {
  service: "rogerroger",
  people: [
    { id: "12", model: { givenName: "Tess", familyName: "Ter", emails: ["tess@example.com"] }, notes: [{ id: "5", personId: "12", fields: { title: "Demo script" } }] },
    { id: "3", model: { familyName: "Anonymous" }, notes: [] },
  ],
  notesOnManagedPeople: [{ id: "9", personId: "40", fields: { title: "On a managed person" } }],
};

describe("adopt --format pulumi-import", () => {
  it("lists team members as RolloutUsers imported by e-mail, named as the module names them", () => {
    expect(pulumiImportDocument(rollout, none)).toEqual({
      resources: [
        { type: "rolloutcrm:index:RolloutUser", name: "ada-example-com", id: "ada@example.com" },
        { type: "rolloutcrm:index:RolloutUser", name: "ada-other-example", id: "ada@other.example" },
        { type: "rolloutcrm:index:RolloutUser", name: "grace", id: "grace@example.com" },
      ],
    });
    // The same names as the TypeScript module of the same adoption.
    const module = generateModule(rollout, none, { command: "adopt", stack: "dev", skipped: 0 });
    for (const { name } of pulumiImportDocument(rollout, none).resources) expect(module).toContain(`resource: "${name}"`);
  });

  it("lists people as `<crm>/<id>`, then notes as `<crm>/<person id>/<note id>`, notes on managed people included", () => {
    expect(pulumiImportDocument(rogerroger, none).resources).toEqual([
      { type: "rolloutcrm:index:CrmPerson", name: "rogerroger-anonymous", id: "rogerroger/3" },
      { type: "rolloutcrm:index:CrmPerson", name: "rogerroger-tess", id: "rogerroger/12" },
      { type: "rolloutcrm:index:PersonNote", name: "rogerroger-40-on-a-managed-person", id: "rogerroger/40/9" },
      { type: "rolloutcrm:index:PersonNote", name: "rogerroger-tess-demo-script", id: "rogerroger/12/5" },
    ]);
  });

  it("keeps clear of names the state uses, and writes JSON that `pulumi import --file` reads", () => {
    const taken = { ...none, person: new Set(["rogerroger-tess"]) };
    const names = pulumiImportDocument(rogerroger, taken).resources.map((r) => r.name);
    expect(names).not.toContain("rogerroger-tess");
    expect(names).toContain("rogerroger-tess-example-com");
    const text = pulumiImportText(rogerroger, none);
    expect(text.endsWith("\n")).toBe(true);
    expect(JSON.parse(text)).toEqual(pulumiImportDocument(rogerroger, none));
  });

  it("reads a plugin-form stack's config: `rolloutcrm:<service>` objects become the settings the runtime reads", () => {
    const config = withPluginSettings(
      new Map([
        ["rolloutcrm:rolloutCrm", JSON.stringify({ apiUrl: "http://127.0.0.1:1/api", authToken: "t" })],
        ["rollout:apiUrl", "http://dynamic.example"],
        ["rolloutcrm:rollout", JSON.stringify({ apiUrl: "http://plugin.example" })],
      ]),
    );
    expect(config.get("rolloutCrm:apiUrl")).toBe("http://127.0.0.1:1/api");
    expect(config.get("rolloutCrm:authToken")).toBe("t");
    expect(config.get("rollout:apiUrl")).toBe("http://dynamic.example"); // set both ways: the dynamic form's value
  });
});

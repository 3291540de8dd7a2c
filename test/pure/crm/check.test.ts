import { describe, expect, it } from "vitest";
import { UNKNOWN } from "../../../provider/core/check";
import { checkPerson } from "../../../provider/crm/person/check";
import { countryCodeFromText, countryName, isCountryCode, COUNTRY_NAMES } from "../../../provider/crm/countries";
import { checkNote as checkNoteOf } from "../../../provider/crm/note/provider";
import { rogerroger } from "../../../provider/registry";
import { CRMS } from "../../../provider/services";

// The backends' check rules alone: they never touch a service.
const backends = { rogerroger: rogerroger.person };
const checkNote = (news: Record<string, unknown>) => checkNoteOf(news, CRMS);

function failuresOf(news: Record<string, unknown>): string[] {
  return checkPerson(news, backends).failures.list.map((f) => f.property);
}

describe("CrmPerson check (common rules)", () => {
  it("normalises e-mails, country codes and IRIs", () => {
    const { inputs, failures } = checkPerson(
      {
        crm: "rogerroger",
        familyName: "Doe",
        emails: [" Ann.Doe@Example.COM "],
        phones: [{ number: " +31 20 123 ", type: "work" }],
        address: { city: "Amsterdam", country: "nl" },
        fields: { archivedAt: "2024-05-01T12:00:00+00:00", tags: ["/tags/1"] },
        importId: "/people/0b8e",
        __provider: "exports.handler = ...",
      },
      backends,
    );
    expect(failures.list).toEqual([]);
    expect(inputs).toEqual({
      crm: "rogerroger",
      familyName: "Doe",
      emails: ["ann.doe@example.com"],
      phones: [{ number: "+31 20 123", type: "work" }],
      address: { city: "Amsterdam", country: "NL" },
      fields: { archivedAt: "2024-05-01T12:00:00.000Z", tags: ["/tags/1"] },
      importId: "0b8e",
    });
  });

  it.each([
    [{ familyName: "Doe" }, "crm"],
    [{ crm: "hubspot", familyName: "Doe" }, "crm"],
    [{ crm: "rogerroger" }, "familyName"],
    [{ crm: "rogerroger", familyName: "" }, "familyName"],
    [{ crm: "rogerroger", familyName: 3 }, "familyName"],
    [{ crm: "rogerroger", familyName: "Doe", emails: ["not-an-email"] }, "emails[0]"],
    [{ crm: "rogerroger", familyName: "Doe", emails: "a@b.io" }, "emails"],
    [{ crm: "rogerroger", familyName: "Doe", address: { country: "Netherlands" } }, "address.country"],
    [{ crm: "rogerroger", familyName: "Doe", address: { country: "XX" } }, "address.country"],
    [{ crm: "rogerroger", familyName: "Doe", address: { zip: "1011" } }, "address.zip"],
    [{ crm: "rogerroger", familyName: "Doe", address: { region: "NH" } }, "address.region"],
    [{ crm: "rogerroger", familyName: "Doe", phones: [{ type: "work" }] }, "phones[0].number"],
    [{ crm: "rogerroger", familyName: "Doe", phones: [{ number: "1", kind: "x" }] }, "phones[0].kind"],
    [{ crm: "rogerroger", familyName: "Doe", nickname: "D" }, "nickname"],
    [{ crm: "rogerroger", familyName: "Doe", fields: { nickname: "D" } }, "fields.nickname"],
    [{ crm: "rogerroger", familyName: "Doe", fields: { emailAddresses: [] } }, "fields.emailAddresses"],
    [{ crm: "rogerroger", familyName: "Doe", fields: { avatar: "/media_objects/1" } }, "fields.avatar"],
    [{ crm: "rogerroger", familyName: "Doe", fields: { owner: "users/1" } }, "fields.owner"],
    [{ crm: "rogerroger", familyName: "Doe", fields: { tags: "/tags/1" } }, "fields.tags"],
    [{ crm: "rogerroger", familyName: "Doe", fields: { honorificPrefix: null } }, "fields.honorificPrefix"],
    [{ crm: "rogerroger", familyName: "Doe", importId: "" }, "importId"],
  ])("fails %j naming %s", (news, property) => {
    const { failures } = checkPerson(news, backends);
    expect(failures.list.map((f) => f.property)).toContain(property);
    for (const f of failures.list) expect(f.reason.length).toBeGreaterThan(10);
  });

  it("says which common field replaces a native one", () => {
    const { failures } = checkPerson({ crm: "rogerroger", familyName: "Doe", fields: { phoneNumbers: [] } }, backends);
    expect(failures.list[0].reason).toContain("set phones instead");
  });

  it("gives the engine nested paths and missing properties in the reason, never as a property it would print as {<nil>}", () => {
    const { inputs, failures } = checkPerson({ crm: "rogerroger", jobTitle: 5, fields: { tags: "/tags/1" }, phones: [{ number: "1", kind: "x" }] }, backends);
    expect(failures.forEngine(inputs)).toEqual([
      { property: "jobTitle", reason: "jobTitle must be a string" },
      { property: "", reason: expect.stringMatching(/^phones\[0\]\.kind: unknown property 'kind'/) },
      { property: "", reason: expect.stringMatching(/^familyName is required by RogerRoger/) },
      { property: "", reason: expect.stringMatching(/^fields\.tags must be a list of IRIs/) },
    ]);
  });

  it("lets unknown values through during a preview", () => {
    expect(failuresOf({ crm: "rogerroger", familyName: UNKNOWN, emails: [UNKNOWN], address: UNKNOWN, fields: UNKNOWN })).toEqual([]);
    expect(failuresOf({ crm: "rogerroger", familyName: "Doe", emails: UNKNOWN, address: { country: UNKNOWN }, fields: { owner: UNKNOWN } })).toEqual([]);
  });

  it("names the backends this version has when one is missing", () => {
    const { failures } = checkPerson({ crm: "outseta", emails: ["a@b.io"] }, backends);
    expect(failures.list).toEqual([{ property: "crm", reason: expect.stringContaining('"rogerroger"') }]);
  });
});

const P1 = "0b6c9f0e-8a39-4a8e-9d0a-0d7c1f3c2b11";

describe("PersonNote check", () => {
  it("defaults crm to rogerroger and normalises ids", () => {
    const { inputs, failures } = checkNote({ personId: `/people/${P1}`, title: "Call back", flagged: true, importId: `/people/${P1}/notes/n1` });
    expect(failures.list).toEqual([]);
    expect(inputs).toEqual({ crm: "rogerroger", personId: P1, title: "Call back", flagged: true, importId: "n1" });
  });

  it.each(["DQ2DyknW", "p1", "/people/p1", "people/0b6c9f0e-8a39-4a8e-9d0a-0d7c1f3c2b11"])("refuses personId %j: not the id of a RogerRoger person", (personId) => {
    const { failures } = checkNote({ personId, title: "x" });
    expect(failures.list).toEqual([{ property: "personId", reason: expect.stringMatching(/must be the id of a RogerRoger person .*another CRM/) }]);
  });

  it.each([
    [{ personId: "p1", crm: "outseta" }, "crm"],
    [{ title: "x" }, "personId"],
    [{ personId: "p1", flagged: "yes" }, "flagged"],
    [{ personId: "p1", author: "/people/1" }, "author"],
    [{ personId: "p1", category: "cat" }, "category"],
    [{ personId: "p1", body: "x" }, "body"],
    [{ personId: "p1", title: "" }, "title"],
  ])("fails %j naming %s", (news, property) => {
    const { failures } = checkNote(news);
    expect(failures.list.map((f) => f.property)).toContain(property);
  });

  it("explains that other CRMs have no notes API", () => {
    const { failures } = checkNote({ personId: "p1", crm: "rolloutCrm" });
    expect(failures.list[0].reason).toMatch(/only crm "rogerroger".*no person-notes API/);
  });
});

describe("countries", () => {
  it("has the 249 assigned codes", () => {
    expect(Object.keys(COUNTRY_NAMES)).toHaveLength(249);
    expect(isCountryCode("NL")).toBe(true);
    expect(isCountryCode("nl")).toBe(false);
    expect(isCountryCode("XK")).toBe(false);
  });

  it("reads every written name back to its code", () => {
    for (const code of Object.keys(COUNTRY_NAMES)) expect(countryCodeFromText(countryName(code))).toBe(code);
  });

  it.each([
    ["United States of America", "US"],
    ["united states", "US"],
    ["USA", "US"],
    ["nl", "NL"],
    [" The Netherlands ", "NL"],
    ["Turkey", "TR"],
    ["Türkiye", "TR"],
    ["Côte d'Ivoire", "CI"],
    ["Antigua and Barbuda", "AG"],
    ["Atlantis", "Atlantis"],
  ])("reads %j as %j", (text, code) => {
    expect(countryCodeFromText(text)).toBe(code);
  });
});

/**
 * Issue #11, case 7: bad input fails at preview (check), naming the field, before any API
 * request: native `fields` against each backend's known properties and types, `__proto__`
 * and `constructor` keys, arrays where strings belong. The backends' schemas are also held
 * equal to their emulators', so the check refuses exactly what the API would.
 */
import { describe, expect, it } from "vitest";
import { PERSON_FIELDS } from "../../../emulators/rogerroger/schema";
import { PERSON_PROPS } from "../../../emulators/outseta/schema";
import { INPUT as ROLLOUT_CRM_INPUT } from "../../../emulators/rolloutCrm/schema";
import { checkPerson } from "../../../provider/crm/person/check";
import { OUTSETA_SCHEMA } from "../../../provider/outseta/schema";
import { ROGERROGER_SCHEMA } from "../../../provider/rogerroger/schema";
import { checkRolloutUser } from "../../../provider/rollout/check";
import { outseta, rogerroger, rolloutCrm } from "../../../provider/registry";
import { ROLLOUT_CRM_SCHEMA } from "../../../provider/rolloutCrm/schema";

// The backends' check rules alone: check never reaches a service.
const backends = { rogerroger: rogerroger.person, outseta: outseta.person, rolloutCrm: rolloutCrm.person };

const base: Record<string, Record<string, unknown>> = {
  rogerroger: { crm: "rogerroger", familyName: "Doe" },
  outseta: { crm: "outseta", emails: ["ann@example.com"] },
  rolloutCrm: { crm: "rolloutCrm", givenName: "Ann" },
};

function failures(crm: string, extra: Record<string, unknown>) {
  return checkPerson({ ...base[crm], ...extra }, backends).failures.list;
}

describe("native fields: known properties and their types", () => {
  it.each<[string, Record<string, unknown>, string, RegExp]>([
    ["rogerroger", { honorificPrefix: 5 }, "fields.honorificPrefix", /fields\.honorificPrefix must be a string, not 5/],
    ["rogerroger", { customerId: { a: 1 } }, "fields.customerId", /must be a string, not \{"a":1\}/],
    ["rogerroger", { isTracked: "yes" }, "fields.isTracked", /must be true or false/],
    ["rogerroger", { dealSize: 1.5 }, "fields.dealSize", /must be a whole number/],
    ["rogerroger", { archivedAt: "yesterday" }, "fields.archivedAt", /ISO 8601 date-time/],
    ["rogerroger", { owner: "/tags/1" }, "fields.owner", /IRI \/users\/\{id\}/],
    ["rogerroger", { tags: "/tags/1" }, "fields.tags", /list of IRIs \/tags\/\{id\}/],
    ["rogerroger", { integrationParticipants: ["not a uri"] }, "fields.integrationParticipants", /absolute URIs/],
    ["rogerroger", { nickname: "JD" }, "fields.nickname", /RogerRoger has no writable property "nickname"; the ones that can be set in fields are: additionalName/],
    ["rogerroger", { avatar: "/media_objects/1" }, "fields.avatar", /write-only/],
    ["rogerroger", { createdAt: "2020-01-01T00:00:00Z" }, "fields.createdAt", /set by RogerRoger itself/],
    ["rogerroger", { emailAddresses: [] }, "fields.emailAddresses", /common field 'emails'; set emails instead/],
    ["outseta", { Foo: "bar" }, "fields.Foo", /Outseta has no writable property "Foo"; the ones that can be set in fields are: Timezone, Language/],
    ["outseta", { Timezone: ["x"] }, "fields.Timezone", /fields\.Timezone must be a string, not \["x"\]/],
    ["outseta", { HasUnsubscribed: "no" }, "fields.HasUnsubscribed", /true or false/],
    ["outseta", { FullName: "Ann Doe" }, "fields.FullName", /set by Outseta itself/],
    ["outseta", { FirstName: "Ann" }, "fields.FirstName", /common field 'givenName'/],
    ["rolloutCrm", { averageBeds: "3" }, "fields.averageBeds", /must be a number/],
    ["rolloutCrm", { tags: "vip" }, "fields.tags", /list of strings/],
    ["rolloutCrm", { communicationsConsent: { email: "yes" } }, "fields.communicationsConsent", /true\/false values/],
    ["rolloutCrm", { communicationsConsent: { fax: true } }, "fields.communicationsConsent", /true\/false values/],
    ["rolloutCrm", { rating: 5 }, "fields.rating", /write-only/],
    ["rolloutCrm", { nickname: "x" }, "fields.nickname", /has no writable property "nickname"/],
  ])("%s: fields %j fails naming %s", (crm, fields, property, reason) => {
    expect(failures(crm, { fields })).toEqual([{ property, reason: expect.stringMatching(reason) }]);
  });

  it.each(["rogerroger", "outseta", "rolloutCrm"])("%s: __proto__ and constructor are unknown names with a clean message", (crm) => {
    const fields = JSON.parse('{"__proto__": {"polluted": true}, "constructor": "x"}');
    const list = failures(crm, { fields });
    expect(list.map((f) => f.property).sort()).toEqual(["fields.__proto__", "fields.constructor"]);
    for (const f of list) expect(f.reason).toMatch(/has no writable property "(__proto__|constructor)"/);
    expect(JSON.stringify(list)).not.toMatch(/object Object|function/);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("accepts every known property with its type", () => {
    expect(
      failures("rogerroger", {
        fields: {
          additionalName: "M",
          honorificPrefix: "Dr.",
          isTracked: true,
          archivedAt: "2024-05-01T12:00:00+00:00",
          owner: "/users/1",
          tags: ["/tags/1"],
          integrationParticipants: ["https://example.com/p/1"],
          dealSize: 3,
        },
      }),
    ).toEqual([]);
    expect(failures("outseta", { fields: { Timezone: "Europe/Amsterdam", Language: "nl", OptInToEmailList: false } })).toEqual([]);
    expect(failures("rolloutCrm", { fields: { tags: ["vip"], averagePrice: 1.5, communicationsConsent: { email: true } } })).toEqual([]);
  });
});

describe("arrays where strings belong", () => {
  it("CrmPerson: emails items, names and job title", () => {
    expect(failures("rogerroger", { emails: [["x@example.com"]], givenName: ["Ann"], jobTitle: ["CEO"] })).toEqual([
      { property: "givenName", reason: "givenName must be a string" },
      { property: "jobTitle", reason: "jobTitle must be a string" },
      { property: "emails[0]", reason: 'emails[0] must be a string (one e-mail address), not ["x@example.com"]' },
    ]);
  });

  it("RolloutUser: email and importId", () => {
    expect(checkRolloutUser({ email: ["x@example.com"], importId: ["y@example.com"] }).failures.list).toEqual([
      { property: "email", reason: 'email must be a string (one e-mail address), not ["x@example.com"]' },
      { property: "importId", reason: 'importId must be a string (the e-mail of the team member to adopt), not ["y@example.com"]' },
    ]);
  });
});

describe("the provider's schemas equal the emulators'", () => {
  const kindName = (kind: unknown): string =>
    typeof kind === "string" ? kind : "iri" in (kind as object) ? `iri ${(kind as { iri: string }).iri}` : "iris" in (kind as object) ? `iris ${(kind as { iris: string }).iris}` : "consent";

  it("RogerRoger: PERSON_FIELDS without the common fields and the write-only avatar", () => {
    const common = Object.keys(ROGERROGER_SCHEMA.commonNames);
    const emulator = Object.fromEntries(PERSON_FIELDS.filter(([name]) => !common.includes(name) && name !== "avatar").map(([name, kind]) => [name, kindName(kind)]));
    const provider = Object.fromEntries(Object.entries(ROGERROGER_SCHEMA.fields).map(([name, kind]) => [name, kindName(kind)]));
    expect(provider).toEqual(emulator);
  });

  it("Outseta: PERSON_PROPS without the common fields", () => {
    const common = Object.keys(OUTSETA_SCHEMA.commonNames);
    const emulator = Object.fromEntries(Object.entries(PERSON_PROPS).filter(([name]) => !common.includes(name)));
    expect(OUTSETA_SCHEMA.fields).toEqual(emulator);
  });

  it("Universal CRM: PersonInput without the common fields and the write-only rating", () => {
    const common = Object.keys(ROLLOUT_CRM_SCHEMA.commonNames);
    const emulator = Object.fromEntries(Object.entries(ROLLOUT_CRM_INPUT).filter(([name]) => !common.includes(name) && name !== "rating"));
    const provider = Object.fromEntries(Object.entries(ROLLOUT_CRM_SCHEMA.fields).map(([name, kind]) => [name, kindName(kind)]));
    expect(provider).toEqual(emulator);
  });
});

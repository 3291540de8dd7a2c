/**
 * The registry as the CLI sees it (cli/services.ts): what used to be tables in the CLI, the
 * bench and the demo (titles, args types, export names, resource-name prefixes, required
 * fields, page sizes, the services adopt reads) is now data on each profile. These pin it to
 * the values those tables held, and check that every service carries what the CLI needs.
 */
import { describe, expect, it } from "vitest";
import * as pkg from "../../../provider/index";
import { CRM_NAMES, CRMS, SERVICES } from "../../../provider/services";
import {
  ADOPT_SERVICES,
  crmPresentation,
  isCrm,
  kindPresentation,
  MEMBER_KINDS,
  membersOf,
  NOTE_CRMS,
  pageSizeOf,
  presentationOf,
  recordKind,
  SERVICE_NAMES,
  titleOf,
} from "../../../cli/services";

describe("the CLI's view of the registry", () => {
  it("adopt reads every service: the team-member services first, then the CRMs, in registry order", () => {
    expect(ADOPT_SERVICES).toEqual(["rollout", "rogerroger", "outseta", "rolloutCrm"]);
    expect([...ADOPT_SERVICES].sort()).toEqual([...SERVICE_NAMES].sort());
    expect(NOTE_CRMS).toEqual(["rogerroger"]);
  });

  it("each service has a title, a probe for doctor, and either a CRM's listing or a team's members", () => {
    for (const profile of SERVICES) {
      expect(profile.presentation?.title, profile.name).toBeTruthy();
      expect(profile.probe, profile.name).toBeDefined();
      if (isCrm(profile.name)) expect(CRMS[profile.name].listing, profile.name).toBeDefined();
      else expect(membersOf(profile.name), profile.name).toBeDefined();
    }
  });

  it("titles: the demo's labels and the review's CRM titles", () => {
    expect(Object.fromEntries(SERVICE_NAMES.map((n) => [n, titleOf(n)]))).toEqual({ rollout: "Rollout", rogerroger: "RogerRoger", outseta: "Outseta", rolloutCrm: "Universal CRM" });
    expect(titleOf("mailchimp")).toBe("mailchimp");
  });

  it("each CRM's names in adopt's modules: args type, exports, resource-name prefix, required fields", () => {
    expect(Object.fromEntries(CRM_NAMES.map((n) => [n, crmPresentation(n)]))).toEqual({
      rogerroger: { title: "RogerRoger", argsTypeName: "RogerRogerPersonArgs", exportName: "RogerRoger", resourcePrefix: "rogerroger", requiredFields: ["familyName"] },
      outseta: { title: "Outseta", argsTypeName: "OutsetaPersonArgs", exportName: "Outseta", resourcePrefix: "outseta", requiredFields: ["emails"] },
      rolloutCrm: { title: "Universal CRM", argsTypeName: "RolloutCrmPersonArgs", exportName: "RolloutCrm", resourcePrefix: "rollout-crm", requiredFields: [] },
    });
  });

  it("a CRM without a presentation gets one from its name and prose", () => {
    expect(presentationOf({ name: "fooBar", prose: "the Foo Bar CRM" })).toEqual({
      title: "the Foo Bar CRM",
      argsTypeName: "FooBarPersonArgs",
      exportName: "FooBar",
      resourcePrefix: "foo-bar",
      requiredFields: [],
    });
    expect(presentationOf({ name: "fooBar", prose: "x", presentation: { title: "Foo", exportName: "Fb", argsTypeName: "FbArgs", resourcePrefix: "fb", requiredFields: ["emails"] } }).argsTypeName).toBe("FbArgs");
  });

  it("the classes a team-member service names are the package's", () => {
    for (const name of SERVICE_NAMES.filter((n) => !isCrm(n))) {
      const members = membersOf(name)!;
      expect(typeof (pkg as Record<string, unknown>)[members.className], members.className).toBe("function");
      expect(MEMBER_KINDS).toContain(members.kind);
      expect(recordKind(name)).toBe(members.kind);
    }
    expect(recordKind("outseta")).toBe("crm:Person");
  });

  it("the review's kinds: a CRM's person and note by its title, a service's own kinds from its profile", () => {
    expect(kindPresentation("crm:Person", { crm: "rolloutCrm" })?.title).toBe("Universal CRM person");
    expect(kindPresentation("crm:Person", {})?.title).toBe("CRM person");
    expect(kindPresentation("crm:PersonNote", {})?.title).toBe("RogerRoger note");
    expect(kindPresentation("rollout:User", undefined)).toMatchObject({ title: "Rollout team member", recordField: "email", review: "member" });
    expect(kindPresentation("rollout:Team", undefined)).toMatchObject({ title: "Rollout team (authoritative)", review: "roster", impliedInCode: { notInCode: [] } });
    expect(kindPresentation("other:Kind", undefined)).toBeUndefined();
  });

  it("records per list request: the bench's page sizes", () => {
    expect(Object.fromEntries(SERVICE_NAMES.map((n) => [n, pageSizeOf(n)]))).toEqual({ rollout: Number.POSITIVE_INFINITY, rogerroger: 30, outseta: 100, rolloutCrm: 100 });
  });
});

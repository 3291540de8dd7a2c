/**
 * The provider plugin's mapping of the protocol, without a server: property paths and kinds
 * of detailed diffs, import ids, the engine's address on the command line, secrets, the
 * provider's config, and the resource types it serves.
 */
import { describe, expect, it } from "vitest";
import { SERVICES } from "../../../provider/services";
import { argsFromVariables, checkProviderConfig, providerConfigSource } from "../../../server/config";
import { detailedDiff, propertyPath } from "../../../server/detailedDiff";
import { importIdParts, noteImportId, personImportId, userImportId } from "../../../server/importIds";
import { allKinds, kindOf, nameOfUrn, tokenOf, typeOfUrn } from "../../../server/kinds";
import { engineAddressOf } from "../../../server/main";
import { markSecrets, revealProps, secret, UNKNOWN } from "../../../server/values";
import { untouchedContext } from "../../support/services";

describe("the plugin's protocol mapping", () => {
  it("names every runtime kind as its dynamic class is named, and finds the kind of a token or URN", () => {
    const kinds = allKinds(untouchedContext("building the providers must not touch a service"));
    expect(kinds.map(tokenOf).sort()).toEqual(["rolloutcrm:index:CrmPerson", "rolloutcrm:index:PersonNote", "rolloutcrm:index:RolloutTeam", "rolloutcrm:index:RolloutUser"]);
    expect(kindOf("rolloutcrm:index:CrmPerson", kinds)).toBe("crm:Person");
    expect(kindOf("rolloutcrm:index:Person", kinds)).toBeUndefined();
    const urn = "urn:pulumi:dev::proj::pulumi:pulumi:Stack$rolloutcrm:index:CrmPerson::ann::x";
    expect(typeOfUrn(urn)).toBe("rolloutcrm:index:CrmPerson");
    expect(nameOfUrn(urn)).toBe("ann::x");
  });

  it("turns changed keys into property paths with kinds, quoting members that are no identifiers", () => {
    expect(propertyPath("jobTitle")).toBe("jobTitle");
    expect(propertyPath("fields.stage")).toBe("fields.stage");
    expect(propertyPath("fields.first name")).toBe('fields["first name"]');
    expect(propertyPath("applications.5f1175a8f8daa545e28c8aa2")).toBe('applications["5f1175a8f8daa545e28c8aa2"]');
    const olds = { crm: "rogerroger", jobTitle: "CEO", fields: { stage: "Lead" } };
    const news = { crm: "outseta", emails: ["a@b.example"], fields: {} };
    const diff = detailedDiff({ changes: true, replaces: ["crm"], changedKeys: ["emails", "jobTitle", "fields.stage"] }, olds, news);
    expect(Object.fromEntries(diff!)).toEqual({ crm: "UPDATE_REPLACE", emails: "ADD", jobTitle: "DELETE", "fields.stage": "DELETE" });
    expect(detailedDiff({ changes: false }, olds, news)).toBeUndefined();
    expect(detailedDiff({ changes: true }, olds, news)).toBeUndefined(); // nothing named: the engine compares itself
  });

  it("builds and splits import ids", () => {
    expect(userImportId(" Ada@Example.com ")).toBe("ada@example.com");
    expect(personImportId("rogerroger", "12")).toBe("rogerroger/12");
    expect(noteImportId("rogerroger", "12", "5")).toBe("rogerroger/12/5");
    expect(importIdParts("rogerroger/12/5", 3)).toEqual(["rogerroger", "12", "5"]);
    expect(importIdParts("outseta/a/b", 2)).toEqual(["outseta", "a/b"]);
    expect(importIdParts("rogerroger/", 2)).toBeUndefined();
    expect(importIdParts("12", 2)).toBeUndefined();
  });

  it("finds the engine's address among the plugin's arguments", () => {
    expect(engineAddressOf(["127.0.0.1:41234"])).toBe("127.0.0.1:41234");
    expect(engineAddressOf(["--logtostderr", "-v=9", "--tracing", "localhost:9999", "127.0.0.1:5"])).toBe("127.0.0.1:5");
    expect(engineAddressOf([])).toBeUndefined();
  });

  it("reveals secrets for the runtime and marks the same keys secret again", () => {
    const { plain, secretKeys } = revealProps({ a: secret("x"), b: { c: secret(1) }, d: "plain" });
    expect(plain).toEqual({ a: "x", b: { c: 1 }, d: "plain" });
    expect([...secretKeys].sort()).toEqual(["a", "b"]);
    expect(markSecrets({ a: "x", b: { c: 1 }, d: "plain", e: undefined }, secretKeys)).toEqual({ a: secret("x"), b: secret({ c: 1 }), d: "plain", e: undefined });
  });

  it("reads the provider's config as the `<service>:<key>` settings, from objects, JSON text or `variables`", () => {
    const source = providerConfigSource({ rollout: { apiUrl: "u", apiToken: secret("t"), maxApiShare: 0.5 }, outseta: '{"apiKey":"k"}', rogerroger: { apiKey: UNKNOWN } }, SERVICES);
    expect(Object.fromEntries(source.keys!().map((k) => [k, source.get(k)]))).toEqual({ "rollout:apiUrl": "u", "rollout:apiToken": "t", "rollout:maxApiShare": "0.5", "outseta:apiKey": "k" });
    expect(source.howToSet!(SERVICES.find((p) => p.name === "rollout")!.settings.apiToken)).toContain("pulumi config set --secret --path rolloutcrm:rollout.apiToken <value>");
    expect(argsFromVariables(new Map([["rolloutcrm:config:rollout", "{}"], ["other:config:x", "y"]]), "rolloutcrm")).toEqual({ rollout: "{}" });
    // An unknown value (a preview) is kept for `up`; a wrong type is refused by its path.
    const { inputs, failures } = checkProviderConfig({ rollout: UNKNOWN, rogerroger: { apiKey: ["x"] } }, SERVICES);
    expect(inputs.rollout).toBe(UNKNOWN);
    expect(failures).toEqual([{ property: "rogerroger.apiKey", reason: "rogerroger.apiKey must be a string" }]);
  });
});

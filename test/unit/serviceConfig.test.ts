/**
 * Every service reads its config through its profile and the provider context: a wrong
 * setting is a check failure naming the key, before any request, never an exception.
 */
import { describe, expect, it } from "vitest";
import { personNoteProvider } from "../../provider/crm/note/provider";
import { crmPersonProvider } from "../../provider/crm/person/provider";
import { rollout } from "../../provider/registry";
import { rolloutUserProvider } from "../../provider/rollout/provider";
import { CRMS } from "../../provider/services";
import { testContext } from "../support/services";

// No emulator runs: any request would fail to connect, so a passing check made none.
const credentials: Record<string, string> = {
  "rogerroger:apiKey": "k",
  "outseta:apiKey": "k",
  "outseta:secretKey": "s",
  "outseta:apiUrl": "https://acme.outseta.com/api/v1",
  "rolloutCrm:authToken": "t",
  "rollout:apiToken": "t",
};
const people: Record<string, Record<string, unknown>> = {
  rogerroger: { crm: "rogerroger", familyName: "Doe" },
  outseta: { crm: "outseta", emails: ["a@b.io"] },
  rolloutCrm: { crm: "rolloutCrm", givenName: "Ann" },
};

describe("a plain http:// URL to a remote host is a check failure naming the key", () => {
  it.each([
    ["rogerroger", "rogerroger:apiUrl"],
    ["outseta", "outseta:apiUrl"],
    ["rolloutCrm", "rolloutCrm:apiUrl"],
    ["rolloutCrm", "rolloutCrm:credentialsUrl"],
  ])("CrmPerson on %s: %s", async (crm, key) => {
    const provider = crmPersonProvider(testContext({ ...credentials, [key]: "http://example.com" }), CRMS);
    const result = await provider.check({} as never, people[crm] as never);
    expect(result.failures).toEqual([{ property: "", reason: expect.stringMatching(new RegExp(`^${key}: 'http://example.com' uses plain http://`)) }]);
  });

  it("PersonNote: rogerroger:apiUrl", async () => {
    const provider = personNoteProvider(testContext({ ...credentials, "rogerroger:apiUrl": "http://example.com" }), CRMS);
    const result = await provider.check({} as never, { personId: "0b8e3c52-6d4f-4a8e-9b1e-3f2a7c9d1e05", title: "Hi" } as never);
    expect(result.failures).toEqual([{ property: "", reason: expect.stringContaining("plain http://") }]);
  });

  it("RolloutUser: rollout:apiUrl", async () => {
    const provider = rolloutUserProvider(testContext({ ...credentials, "rollout:apiUrl": "http://example.com" }), rollout);
    const result = await provider.check({} as never, { email: "a@b.io" } as never);
    expect(result.failures).toEqual([{ property: "", reason: expect.stringContaining("plain http://") }]);
  });

  it("the same URLs on loopback pass", async () => {
    const local = Object.fromEntries(["rogerroger:apiUrl", "outseta:apiUrl", "rolloutCrm:apiUrl", "rolloutCrm:credentialsUrl"].map((k) => [k, "http://127.0.0.1:9"]));
    const provider = crmPersonProvider(testContext({ ...credentials, ...local }), CRMS);
    for (const person of Object.values(people)) expect((await provider.check({} as never, person as never)).failures).toBeUndefined();
  });
});

/**
 * Every service reads its config through its profile and the provider context: a wrong
 * setting is a check failure naming the key, before any request, never an exception.
 */
import { afterEach, describe, expect, it } from "vitest";
import { personNoteProvider } from "../../provider/crm/note/provider";
import { crmPersonProvider } from "../../provider/crm/person/provider";
import { rollout } from "../../provider/registry";
import { rolloutUserProvider } from "../../provider/rollout/provider";
import { systemClock } from "../../provider/http/clock";
import { resetSharedHttp, sharedLimiter } from "../../provider/http/registry";
import { CRMS, SERVICES } from "../../provider/services";
import { ConfigError, ConfigReader, configOf, MissingCredential } from "../../provider/plugin";
import { authFromConfig } from "../../provider/rolloutCrm/profile";
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

/*
 * The rate budget per service (`<service>:maxApiShare`, issue #14 item 5): a share of the
 * documented limit, because the limit is shared with every other client of the account. A
 * bad value fails the preview (check) naming the key, before any request; unset, the pacing
 * is what it always was.
 */
/** Runs the check of a record of `service` with `config`; returns its failures. */
async function check(service: string, config: Record<string, string>) {
  const context = testContext({ ...credentials, ...config });
  if (service === "rollout") return (await rolloutUserProvider(context, rollout).check({} as never, { email: "a@b.io" } as never)).failures;
  return (await crmPersonProvider(context, CRMS).check({} as never, people[service] as never)).failures;
}

/** The pacing the service's process-wide limiter was built with. */
function pacingOf(service: string) {
  return sharedLimiter(service, { kind: "none" }, systemClock).config;
}

afterEach(resetSharedHttp);

describe.each(["rollout", "rogerroger", "outseta", "rolloutCrm"])("%s:maxApiShare", (service) => {
  const key = `${service}:maxApiShare`;

  it.each(["0", "-0.5", "1.5", "half", " "])("'%s' fails the check naming the key", async (bad) => {
    expect(await check(service, { [key]: bad })).toEqual([{ property: "", reason: expect.stringMatching(new RegExp(`^${key} must be a number greater than 0 and at most 1 .*not '${bad}'`)) }]);
  });

  it("unset: the pacing of before", async () => {
    expect(await check(service, {})).toBeUndefined();
    expect(pacingOf(service)).toEqual(SERVICES.find((p) => p.name === service)!.http.pacing);
  });

  it("0.5: half of the documented limit", async () => {
    expect(await check(service, { [key]: "0.5" })).toBeUndefined();
    expect(pacingOf(service)).toEqual(
      {
        rollout: { kind: "interval", intervalMs: 2000 },
        rogerroger: { kind: "window", limit: 10, windowMs: 60_000 },
        outseta: { kind: "window", limit: 2, windowMs: 1000 },
        rolloutCrm: { kind: "window", limit: 25, windowMs: 1000 },
      }[service],
    );
  });
});

it("reads the share from the environment too", async () => {
  const context = testContext(credentials, {}, { ROGERROGER_MAX_API_SHARE: "0.25" });
  await crmPersonProvider(context, CRMS).check({} as never, people.rogerroger as never);
  expect(pacingOf("rogerroger")).toEqual({ kind: "window", limit: 5, windowMs: 60_000 });
});

it("PULUMI_ROLLOUT_CRM_UNPACED (emulators with their limit off) leaves the services it names unpaced", async () => {
  const context = testContext(credentials, {}, { PULUMI_ROLLOUT_CRM_UNPACED: "rogerroger, outseta" });
  await crmPersonProvider(context, CRMS).check({} as never, people.rogerroger as never);
  await crmPersonProvider(context, CRMS).check({} as never, people.rolloutCrm as never);
  expect(pacingOf("rogerroger")).toEqual({ kind: "none" });
  expect(pacingOf("rolloutCrm")).toEqual(SERVICES.find((p) => p.name === "rolloutCrm")!.http.pacing);
});

describe("a credential set nowhere (issue #13: a plain preview needs none)", () => {
  const token = { key: "svc:apiToken", env: "SVC_API_TOKEN", secret: true };

  it("is a MissingCredential (a ConfigError) naming the key, the command and the variable; config wins over the environment", () => {
    const reader = new ConfigReader(configOf({}), {});
    expect(() => reader.credential(token, "The token")).toThrow(MissingCredential);
    expect(() => reader.credential(token, "The token")).toThrow(
      "The token is missing: set the stack config 'svc:apiToken' (pulumi config set --secret svc:apiToken <value>) or the environment variable SVC_API_TOKEN.",
    );
    expect(new MissingCredential("x", token)).toBeInstanceOf(ConfigError);
    expect(new ConfigReader(configOf({ "svc:apiToken": "a" }), { SVC_API_TOKEN: "b" }).credential(token, "The token")).toBe("a");
    expect(new ConfigReader(configOf({ "svc:apiToken": "" }), { SVC_API_TOKEN: "b" }).credential(token, "The token")).toBe("b");
  });

  it("is noted, not thrown, by check's reader, which still throws every other error", () => {
    const noted: MissingCredential[] = [];
    const reader = new ConfigReader(configOf({ "svc:apiUrl": "http://example.com" }), {}).notingMissingCredentials((m) => noted.push(m));
    expect(reader.credential(token, "The token")).toBe("");
    expect(noted.map((m) => m.setting.key)).toEqual(["svc:apiToken"]);
    expect(() => reader.url({ key: "svc:apiUrl", env: "SVC_API_URL" }, "The URL")).toThrow(ConfigError);
    expect(() => reader.require({ key: "svc:other", env: "SVC_OTHER" }, "The other")).toThrow(/svc:other/);
  });

  it("the Universal CRM: one when neither a token nor a client is set; each missing part of a client", () => {
    const noted: string[] = [];
    const note = (values: Record<string, string>) => authFromConfig(new ConfigReader(configOf(values), {}).notingMissingCredentials((m) => noted.push(m.setting.key)));
    note({});
    expect(noted).toEqual(["rolloutCrm:authToken"]);
    noted.length = 0;
    expect(note({ "rolloutCrm:userId": "u" })).toEqual({ clientId: "", clientSecret: "", userId: "u" });
    expect(noted).toEqual(["rolloutCrm:clientId", "rolloutCrm:clientSecret"]);
    expect(() => authFromConfig(new ConfigReader(configOf({ "rolloutCrm:clientId": "c" }), {}))).toThrow(/\(missing: 'rolloutCrm:clientSecret'\)/);
  });
});

/**
 * Settings that would send requests to a production URL the stack never meant (issue 22,
 * item 8), refused by `check` and before any request, and arguments a JavaScript program
 * misspells (item 9), refused with "did you mean".
 */
import { describe, expect, it } from "vitest";
import { Failures, checkUnknownKeys } from "../../provider/core/check";
import { nearestName } from "../../provider/core/nearest";
import { propsWithUnknownArgs } from "../../provider/core/resourceArgs";
import { ConfigError, ConfigReader, configOf, hostConfig } from "../../provider/plugin/config";
import { settingsProblem } from "../../provider/plugin/configGuards";
import { ProviderContext } from "../../provider/plugin/context";
import { rollout, rolloutCrm } from "../../provider/registry";
import { checkRolloutUser } from "../../provider/rollout/check";
import { SERVICES } from "../../provider/services";

const settingsOf = (profile: { settings: object }) => Object.values(profile.settings);
const problem = (profile: typeof rollout | typeof rolloutCrm, config: Record<string, string>, env: NodeJS.ProcessEnv = {}) =>
  settingsProblem(profile.name, settingsOf(profile), new ConfigReader(configOf(config), env));

describe("a config key that looks like a setting's", () => {
  it("is refused while that setting is unset, naming both keys and the default that would be used", () => {
    const error = problem(rollout, { "rollout:apiURL": "http://127.0.0.1:9/public-api", "rollout:apiToken": "t" });
    expect(error).toBeInstanceOf(ConfigError);
    expect(error?.setting.key).toBe("rollout:apiUrl");
    expect(error?.message).toBe(
      "the stack config 'rollout:apiURL' is not a setting of this provider; did you mean 'rollout:apiUrl'? 'rollout:apiUrl' is not set, " +
        "so its default https://x-api.rollout.io/public-api would be used. Rename the key: pulumi config rm rollout:apiURL, then set the stack config " +
        "'rollout:apiUrl' (pulumi config set rollout:apiUrl <value>) or the environment variable ROLLOUT_API_URL.",
    );
  });

  it("is left to the program's warning when the setting is set (in config or the environment) or no setting is near", () => {
    expect(problem(rollout, { "rollout:apiURL": "x", "rollout:apiUrl": "http://127.0.0.1:9" })).toBeUndefined();
    expect(problem(rollout, { "rollout:apiURL": "x" }, { ROLLOUT_API_URL: "http://127.0.0.1:9" })).toBeUndefined();
    expect(problem(rollout, { "rollout:somethingElseEntirely": "x" })).toBeUndefined();
    expect(problem(rollout, { "aws:region": "x", "rolloutCrm:apiURL": "x" })).toBeUndefined(); // other namespaces are not rollout's
  });

  it("reaches check as a failure, and stops the service before any request", async () => {
    const context = new ProviderContext(SERVICES, { config: configOf({ "rollout:apitoken": "t" }), env: {}, warn: () => {} });
    const failures = new Failures();
    await context.checkConfig(rollout, failures);
    expect(failures.list.map((f) => f.reason).join("\n")).toContain("'rollout:apitoken' is not a setting of this provider; did you mean 'rollout:apiToken'?");
    expect(() => context.service(rollout)).toThrow(/did you mean 'rollout:apiToken'/);
  });

  it("is seen in the config the dynamic-provider host hands to configure (its keys in rawConfig)", () => {
    const host = { rawConfig: { "rollout:apiURL": "x" }, get: (key: string) => (key === "rollout:apiURL" ? "x" : undefined) };
    expect(hostConfig(host).keys?.()).toEqual(["rollout:apiURL"]);
    expect(hostConfig({ get: () => undefined }).keys).toBeUndefined();
  });
});

describe("a URL setting left at its production default", () => {
  it("is refused when a sibling URL setting points elsewhere, naming the key, without the sibling's userinfo", () => {
    const error = problem(rolloutCrm, { "rolloutCrm:apiUrl": "http://user:hunter2@127.0.0.1:4104/api" });
    expect(error?.setting.key).toBe("rolloutCrm:credentialsUrl");
    expect(error?.message).toContain("rolloutCrm:credentialsUrl is not set, so it would fall back to the production URL https://universal.rollout.com/api while rolloutCrm:apiUrl points to http://127.0.0.1:4104");
    expect(error?.message).not.toContain("hunter2");
    // Either way round, and from the environment too.
    expect(problem(rolloutCrm, {}, { ROLLOUT_CRM_CREDENTIALS_URL: "http://127.0.0.1:4104/api" })?.setting.key).toBe("rolloutCrm:apiUrl");
  });

  it("is fine when both are set, both are left to their defaults, or the sibling is the production service", () => {
    expect(problem(rolloutCrm, { "rolloutCrm:apiUrl": "http://127.0.0.1:4104/api", "rolloutCrm:credentialsUrl": "http://127.0.0.1:4104/api" })).toBeUndefined();
    expect(problem(rolloutCrm, {})).toBeUndefined();
    expect(problem(rolloutCrm, { "rolloutCrm:apiUrl": "https://crm.universal.rollout.com/api/" })).toBeUndefined();
  });
});

describe("arguments a JavaScript program misspells", () => {
  it("reach check (the class no longer drops them) and are named with the argument they meant", () => {
    const props = propsWithUnknownArgs({ email: "ada@example.com", teamAdmin: undefined }, { email: "ada@example.com", teamadmin: true, unset: undefined });
    expect(props).toEqual({ teamadmin: true, email: "ada@example.com", teamAdmin: undefined });
    expect(checkRolloutUser(props).failures.list).toEqual([
      { property: "teamadmin", reason: "unknown property 'teamadmin'; did you mean 'teamAdmin'? (expected one of: email, name, teamAdmin, applications, importId)" },
    ]);
  });

  it("keep the plain message when nothing is near", () => {
    const failures = new Failures();
    checkUnknownKeys({ zzzzzzzz: 1 }, ["email", "name"], failures);
    expect(failures.list).toEqual([{ property: "zzzzzzzz", reason: "unknown property 'zzzzzzzz'; expected one of: email, name" }]);
    expect(nearestName("jobtitle", ["givenName", "jobTitle", "fields"])).toBe("jobTitle");
    expect(nearestName("adress", ["address", "emails"])).toBe("address");
  });
});

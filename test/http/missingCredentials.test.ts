/**
 * A plain preview needs no credential (issue #13, point 3). With the URLs set and no
 * credential anywhere, `check` passes and warns once per missing credential, naming the
 * config key and the environment variable, for the services checked only; a wrong setting
 * still fails `check` naming its key; and every method that sends requests (create, read,
 * update, delete) fails naming the key and the variable before any request, natural-key
 * lookups and the Universal CRM's credential discovery included. The providers are wired as
 * the runtime wires them (`providers(context)`), against the four emulators.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulators, type RunningEmulators } from "../../emulators";
import { resetSharedHttp } from "../../provider/http";
import type { AnyProvider } from "../../provider/plugin";
import { providers } from "../../provider/services";
import { EmulatorAdmin } from "../support/emulators";
import { testContext } from "../support/services";

let emulators: RunningEmulators;
let admins: EmulatorAdmin[];

beforeAll(async () => {
  emulators = await startEmulators({ log: () => {} });
  admins = Object.values(emulators.adminUrls).map((url) => new EmulatorAdmin(url));
  for (const admin of admins) await admin.reset({ rateLimit: false });
});
afterAll(async () => {
  await resetSharedHttp();
  await emulators?.stop();
});

/** Every service's URL, no credential. */
const urls = (): Record<string, string> => ({
  "rollout:apiUrl": emulators.urls.rollout,
  "rogerroger:apiUrl": emulators.urls.rogerroger,
  "outseta:apiUrl": emulators.urls.outseta,
  "rolloutCrm:apiUrl": emulators.urls.rolloutCrm,
  "rolloutCrm:credentialsUrl": emulators.urls.rolloutCrmCredentials,
});

/** The providers of one provider process over `config` (and `env`, default none), and its warnings. */
function providerProcess(config: Record<string, string> = urls(), env: NodeJS.ProcessEnv = {}) {
  const warnings: string[] = [];
  return { all: providers(testContext(config, {}, env, (m) => warnings.push(m))), warnings };
}

async function check(provider: AnyProvider, news: Record<string, unknown>) {
  return provider.check!({}, news);
}

/** The inputs `check` returns for `news`, which must pass. */
async function passes(provider: AnyProvider, news: Record<string, unknown>) {
  const result = await check(provider, news);
  expect(result.failures ?? []).toEqual([]);
  return result.inputs;
}

const allRequests = async () => (await Promise.all(admins.map((a) => a.requests()))).flat();

const PERSON = "0b6c3c54-5d0e-4f5e-9a53-6f1f3f1c2a10"; // a RogerRoger id (a UUID)
const user = { email: "ada@example.com", teamAdmin: false };
const rr = { crm: "rogerroger", givenName: "Rita", familyName: "Roe", emails: ["rita@example.com"] };
const os = { crm: "outseta", givenName: "Olga", emails: ["olga@example.com"] };
const uc = { crm: "rolloutCrm", givenName: "Uma", emails: ["uma@example.com"] };

describe("without credentials", () => {
  it("check passes and warns once per missing credential, naming key and variable, for the services checked only", async () => {
    const { all, warnings } = providerProcess();
    // Several resources per service, as a program has: each service's credentials are warned about once.
    await passes(all["rollout:User"], user);
    await passes(all["rollout:User"], { email: "bob@example.com" });
    await passes(all["rollout:Team"], { members: ["ada@example.com"] });
    await passes(all["crm:Person"], rr);
    await passes(all["crm:Person"], { ...rr, emails: ["rob@example.com"] });
    await passes(all["crm:PersonNote"], { personId: PERSON, title: "Call back" });
    await passes(all["crm:Person"], os);

    expect(warnings).toHaveLength(4);
    const expected: [string, string][] = [
      ["rollout:apiToken", "ROLLOUT_API_TOKEN"],
      ["rogerroger:apiKey", "ROGERROGER_API_KEY"],
      ["outseta:apiKey", "OUTSETA_API_KEY"],
      ["outseta:secretKey", "OUTSETA_SECRET_KEY"],
    ];
    expected.forEach(([key, env], i) => {
      expect(warnings[i]).toContain(`set the stack config '${key}' (pulumi config set --secret ${key} <value>) or the environment variable ${env}.`);
      expect(warnings[i]).toContain("A plain preview needs no credential and sends no request; `pulumi up`");
    });
    expect(warnings.join("\n")).not.toContain("rolloutCrm"); // the program uses no Universal CRM person
    expect(await allRequests()).toEqual([]);
  });

  it("the Universal CRM: one warning when neither a token nor a client is set; one per missing part of a client", async () => {
    const none = providerProcess();
    await passes(none.all["crm:Person"], uc);
    await passes(none.all["crm:Person"], { ...uc, emails: ["ute@example.com"] });
    expect(none.warnings).toEqual([expect.stringMatching(/'rolloutCrm:authToken'.*ROLLOUT_CRM_AUTH_TOKEN; or, to mint a token per run, set 'rolloutCrm:clientId'/)]);

    // The client id in the stack config, the secret and the user id left to the environment of `up`.
    const partial = providerProcess({ ...urls(), "rolloutCrm:clientId": "dev-client" });
    await passes(partial.all["crm:Person"], uc);
    expect(partial.warnings).toEqual([
      expect.stringContaining("(missing: 'rolloutCrm:clientSecret')"),
      expect.stringContaining("(missing: 'rolloutCrm:userId')"),
    ]);
    expect(await allRequests()).toEqual([]);
  });

  it("a wrong or missing setting that is not a credential still fails check, naming its key", async () => {
    const { all, warnings } = providerProcess({
      ...urls(),
      "rollout:apiUrl": "http://rollout.example.com/public-api", // plain http off loopback
      "rogerroger:maxApiShare": "2",
      "outseta:apiUrl": "",
    });
    const reasons = async (provider: AnyProvider, news: Record<string, unknown>) =>
      ((await check(provider, news)).failures ?? []).map((f) => f.reason).join("\n");
    expect(await reasons(all["rollout:User"], user)).toContain("rollout:apiUrl");
    expect(await reasons(all["rollout:Team"], { members: [] })).toContain("rollout:apiUrl");
    expect(await reasons(all["crm:Person"], rr)).toMatch(/rogerroger:maxApiShare must be a number greater than 0 and at most 1/);
    expect(await reasons(all["crm:PersonNote"], { personId: PERSON, title: "x" })).toContain("rogerroger:maxApiShare");
    expect(await reasons(all["crm:Person"], os)).toMatch(/outseta:apiUrl.*OUTSETA_API_URL/);
    expect(warnings).toEqual([]);
  });

  it("create, read, update and delete fail naming the key and the variable, before any request", async () => {
    const { all } = providerProcess();
    const fails = (run: () => Promise<unknown>, pattern: RegExp) => expect(run()).rejects.toThrow(pattern);
    const token = /'rollout:apiToken'.*ROLLOUT_API_TOKEN/;
    const key = /'rogerroger:apiKey'.*ROGERROGER_API_KEY/;
    const outseta = /'outseta:apiKey'.*OUTSETA_API_KEY/;
    const crm = /'rolloutCrm:authToken'.*ROLLOUT_CRM_AUTH_TOKEN/;

    const u = await passes(all["rollout:User"], user);
    await fails(() => all["rollout:User"].create!(u), token);
    await fails(() => all["rollout:User"].read!(user.email, u), token);
    await fails(() => all["rollout:User"].update!(user.email, u, { ...u, teamAdmin: true }), token);
    await fails(() => all["rollout:User"].delete!(user.email, u), token);
    const team = await passes(all["rollout:Team"], { members: [user.email] });
    await fails(() => all["rollout:Team"].create!(team), token);
    await fails(() => all["rollout:Team"].read!("rollout-team", team), token);

    for (const [news, pattern] of [[rr, key], [os, outseta], [uc, crm]] as const) {
      const inputs = await passes(all["crm:Person"], news);
      await fails(() => all["crm:Person"].create!(inputs), pattern); // no e-mail lookup, no credential discovery
      await fails(() => all["crm:Person"].read!(PERSON, { ...inputs, managedFields: ["givenName"] }), pattern);
      await fails(() => all["crm:Person"].update!(PERSON, { ...inputs, managedFields: ["givenName"] }, { ...inputs, givenName: "Other" }), pattern);
      await fails(() => all["crm:Person"].delete!(PERSON, inputs), pattern);
    }
    const note = await passes(all["crm:PersonNote"], { personId: PERSON, title: "Call back" });
    await fails(() => all["crm:PersonNote"].create!(note), key);
    await fails(() => all["crm:PersonNote"].read!("2", note), key);
    await fails(() => all["crm:PersonNote"].delete!("2", note), key);

    expect(await allRequests()).toEqual([]);
  });
});

describe("with PULUMI_ROLLOUT_CRM_REQUIRE_CREDENTIALS=true (the CI templates' up and drift jobs)", () => {
  const strict = { PULUMI_ROLLOUT_CRM_REQUIRE_CREDENTIALS: "true" };

  it("a missing credential fails check, naming key and variable, so up stops in its preview phase; no warning, no request", async () => {
    const { all, warnings } = providerProcess(urls(), strict);
    const reasons = async (provider: AnyProvider, news: Record<string, unknown>) =>
      ((await check(provider, news)).failures ?? []).map((f) => f.reason).join("\n");
    // Every resource of the service fails, not just the first one checked.
    for (const email of ["ada@example.com", "bob@example.com"]) {
      expect(await reasons(all["rollout:User"], { email })).toMatch(/'rollout:apiToken'.*ROLLOUT_API_TOKEN.*PULUMI_ROLLOUT_CRM_REQUIRE_CREDENTIALS is set/);
    }
    const outseta = await reasons(all["crm:Person"], os);
    expect(outseta).toContain("'outseta:apiKey'");
    expect(outseta).toContain("'outseta:secretKey'");
    expect(warnings).toEqual([]);
    expect(await allRequests()).toEqual([]);
  });

  it("a service whose credentials are set passes; a value other than true or false fails naming the variable", async () => {
    const withToken = providerProcess({ ...urls(), "rollout:apiToken": "dev-rollout-token" }, strict);
    expect((await check(withToken.all["rollout:User"], user)).failures ?? []).toEqual([]);
    const typo = providerProcess(urls(), { PULUMI_ROLLOUT_CRM_REQUIRE_CREDENTIALS: "yes" });
    const failures = (await check(typo.all["rollout:User"], user)).failures ?? [];
    expect(failures.map((f) => f.reason).join("\n")).toContain("PULUMI_ROLLOUT_CRM_REQUIRE_CREDENTIALS must be true or false (it is 'yes')");
    expect(await allRequests()).toEqual([]);
  });
});

/**
 * The provider plugin (server/) over gRPC, as the engine calls it, against the emulators:
 * its schema, its config (CheckConfig, Configure), and every resource operation, which is
 * the runtime's own (the same requests as the dynamic resources, counted here), with the
 * detailed diffs, secrets and imports the protocol adds.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ROGERROGER_DEV_KEY, ROLLOUT_DEV_TOKEN, startRogerRogerEmulator, startRolloutEmulator, type RunningService } from "../../../emulators";
import { resetSharedHttp } from "../../../provider/http/registry";
import { EmulatorAdmin, byHand } from "../../support/emulators";
import { secret, startPlugin, type PluginClient } from "../../support/pluginClient";

const PERSON = "rolloutcrm:index:CrmPerson";
const NOTE = "rolloutcrm:index:PersonNote";
const USER = "rolloutcrm:index:RolloutUser";
const TEAM = "rolloutcrm:index:RolloutTeam";
const KEY = { "x-api-key": ROGERROGER_DEV_KEY };
const SECRET_SIG = "4dabf18193072939515e22adb298388d";

let rr: RunningService;
let ro: RunningService;
let rrAdmin: EmulatorAdmin;
let roAdmin: EmulatorAdmin;
let plugin: PluginClient;

beforeAll(async () => {
  [rr, ro] = await Promise.all([startRogerRogerEmulator({ log: () => {} }), startRolloutEmulator({ log: () => {} })]);
  rrAdmin = new EmulatorAdmin(rr.adminUrl);
  roAdmin = new EmulatorAdmin(ro.adminUrl);
});
afterAll(async () => {
  await plugin?.close();
  await Promise.all([rr?.stop(), ro?.stop()]);
  await resetSharedHttp();
});
beforeEach(async () => {
  await Promise.all([rrAdmin.reset({ rateLimit: false }), roAdmin.reset({ rateLimit: false })]);
  await plugin?.close();
  // No environment: every setting comes from Configure. No pacing for RogerRoger (these tests count requests, not waits).
  plugin = await startPlugin({ env: {}, tuning: { rogerroger: { pacing: { kind: "none" }, batchMs: 5 }, rollout: { pacing: { kind: "none" } } } });
  await plugin.configure({
    rogerroger: { apiUrl: rr.url, apiKey: secret(ROGERROGER_DEV_KEY) },
    rollout: JSON.stringify({ apiUrl: ro.url, apiToken: ROLLOUT_DEV_TOKEN }), // as SDKs generated from a schema send an object
  });
});

/** Every text the engine got back, for the secret checks. */
const answers: unknown[] = [];
const seen = <T>(answer: T): T => {
  answers.push(answer);
  return answer;
};

describe("the rolloutcrm plugin over gRPC", () => {
  it("reports its version and a schema derived from the registry: four resource types, one config object per service, secrets marked", async () => {
    expect(await plugin.pluginInfo()).toMatch(/^\d+\.\d+\.\d+/);
    const schema = await plugin.schema();
    expect(schema.name).toBe("rolloutcrm");
    expect(Object.keys(schema.resources).sort()).toEqual([PERSON, NOTE, TEAM, USER].sort());
    expect(Object.keys(schema.config.variables).sort()).toEqual(["outseta", "rogerroger", "rollout", "rolloutCrm"]);
    const rollout = schema.types["rolloutcrm:index:RolloutSettings"].properties;
    expect(rollout.apiToken).toMatchObject({ type: "string", secret: true, defaultInfo: { environment: ["ROLLOUT_API_TOKEN"] } });
    expect(rollout.apiUrl.secret).toBeUndefined();
    expect(rollout.maxApiShare.type).toBe("number");
    expect(schema.types["rolloutcrm:index:RolloutCrmSettings"].properties.clientSecret.secret).toBe(true);
    expect(schema.resources[PERSON].inputProperties.crm.description).toContain('"rogerroger", "outseta", "rolloutCrm"');
    expect(schema.resources[PERSON].properties.managedFields.type).toBe("array");
  });

  it("CheckConfig marks every credential secret and refuses an unknown service or key by name; DiffConfig updates in place", async () => {
    const { inputs, failures } = await plugin.checkConfig({ rollout: { apiUrl: "http://127.0.0.1:1", apiToken: "t0ken" }, version: "0.1.0" });
    expect(failures).toEqual([]);
    expect(inputs).toEqual({ rollout: { apiUrl: "http://127.0.0.1:1", apiToken: secret("t0ken") }, version: "0.1.0" });
    // The JSON text of an object (stack config, generated SDKs) is read as the object.
    expect((await plugin.checkConfig({ outseta: '{"apiKey":"k"}' })).inputs).toEqual({ outseta: { apiKey: secret("k") } });
    const bad = await plugin.checkConfig({ rollot: {}, rollout: { apiURL: "x", requestTimeoutSeconds: 5 }, outseta: "not json" });
    expect(bad.failures.sort((a, b) => a.property.localeCompare(b.property))).toEqual([
      { property: "outseta", reason: expect.stringContaining("outseta must be an object of settings (apiKey, secretKey, apiUrl") },
      { property: "rollot", reason: expect.stringContaining("did you mean 'rollout'") },
      { property: "rollout.apiURL", reason: expect.stringContaining("did you mean 'apiUrl'") },
    ]);
    expect(await plugin.diffConfig({ rollout: { apiUrl: "a" } }, { rollout: { apiUrl: "b" } })).toEqual({ changes: "DIFF_SOME", keys: ["rollout"] });
    expect((await plugin.diffConfig({ rollout: { apiUrl: "a" } }, { rollout: { apiUrl: "a" } })).changes).toBe("DIFF_NONE");
  });

  it("CrmPerson: check, create, a clean diff, a detailed diff naming each changed field, update, read of a hand change field by field, delete; the same requests as the dynamic form", async () => {
    const ann = { crm: "rogerroger", givenName: "Ann", familyName: "Doe", emails: ["Ann@Example.com"], jobTitle: "CEO", fields: { honorificPrefix: "Dr." } };
    const checked = seen(await plugin.check(PERSON, "ann", {}, ann));
    expect(checked.failures).toEqual([]);
    expect(checked.inputs).toMatchObject({ emails: ["ann@example.com"], __resourceName: "ann" });
    expect(await rrAdmin.since()).toEqual([]); // check sends nothing

    const created = seen(await plugin.create(PERSON, checked.inputs));
    expect(created.outs).toMatchObject({ crm: "rogerroger", jobTitle: "CEO", managedFields: ["givenName", "familyName", "emails", "jobTitle", "fields.honorificPrefix"] });
    expect((await rrAdmin.since()).filter((l) => l.startsWith("POST"))).toEqual(["POST /people 201"]);

    expect(await plugin.diff(PERSON, created.id, created.outs, checked.inputs)).toMatchObject({ changes: "DIFF_NONE", hasDetailed: false });
    const next = seen(await plugin.check(PERSON, "ann", checked.inputs, { ...ann, jobTitle: "CFO", fields: undefined, phones: [{ number: "+31 20 123 4567" }] }));
    const diff = await plugin.diff(PERSON, created.id, created.outs, next.inputs);
    expect(diff).toMatchObject({ changes: "DIFF_SOME", replaces: [], hasDetailed: true });
    expect(diff.detailed).toEqual({ jobTitle: "UPDATE", phones: "ADD", "fields.honorificPrefix": "DELETE" });
    expect((await plugin.diff(PERSON, created.id, created.outs, { ...next.inputs, crm: "outseta" })).detailed).toMatchObject({ crm: "UPDATE_REPLACE" });
    expect(await rrAdmin.since()).toEqual([]); // diff sends nothing

    const updated = seen(await plugin.update(PERSON, created.id, created.outs, next.inputs));
    expect(updated).toMatchObject({ jobTitle: "CFO", managedFields: ["givenName", "familyName", "emails", "phones", "jobTitle"] });
    expect(await rrAdmin.since()).toEqual([`PATCH /people/${created.id} 200`]);

    await byHand(`${rr.url}/people/${created.id}`, "PATCH", { ...KEY, "content-type": "application/merge-patch+json" }, { jobTitle: "Chair" });
    await rrAdmin.since();
    const read = seen(await plugin.read(PERSON, created.id, updated, next.inputs));
    expect(read.id).toBe(created.id);
    expect(read.props.jobTitle).toBe("Chair");
    // The inputs as `check` shapes them, so the engine shows `~ jobTitle` against the program's.
    expect(read.inputs).toEqual({ ...next.inputs, jobTitle: "Chair" });
    expect((await plugin.diff(PERSON, created.id, read.props, next.inputs)).detailed).toEqual({ jobTitle: "UPDATE" });

    await plugin.delete(PERSON, created.id, read.props);
    expect((await rrAdmin.since()).filter((l) => l.startsWith("DELETE"))).toEqual([`DELETE /people/${created.id} 204`]);
    expect(await plugin.read(PERSON, created.id, read.props, read.inputs)).toEqual({ id: "", props: {}, inputs: {} }); // gone
  });

  it("a secret input stays secret in the outputs; no credential is in any answer", async () => {
    const checked = seen(await plugin.check(PERSON, "sec", {}, { crm: "rogerroger", familyName: "Roe", jobTitle: secret("Spy") }));
    expect(checked.inputs.jobTitle).toEqual(secret("Spy"));
    const created = seen(await plugin.create(PERSON, checked.inputs));
    expect(created.outs.jobTitle).toEqual(secret("Spy"));
    expect(created.outs.familyName).toBe("Roe");
    const read = seen(await plugin.read(PERSON, created.id, created.outs, checked.inputs));
    expect(read.props.jobTitle).toEqual(secret("Spy"));
    expect(read.inputs.jobTitle).toEqual(secret("Spy"));
    await plugin.delete(PERSON, created.id, read.props);
    const text = JSON.stringify(answers);
    expect(text).not.toContain(ROGERROGER_DEV_KEY);
    expect(text).not.toContain(ROLLOUT_DEV_TOKEN);
    expect(text).toContain(SECRET_SIG);
  });

  it("import: Read with only `<crm>/<id>` reads the record with GETs only and answers inputs in input shape, the common fields that are set", async () => {
    const hand = await byHand(`${rr.url}/people`, "POST", { ...KEY, "content-type": "application/ld+json" }, {
      givenName: "Ivy",
      familyName: "Lee",
      jobTitle: "Agent",
      emailAddresses: [{ email: "ivy@example.com" }],
      honorificPrefix: "Ms.",
    });
    await rrAdmin.since();
    const imported = await plugin.read(PERSON, `rogerroger/${hand.id}`);
    expect(imported.id).toBe(String(hand.id));
    expect(imported.inputs).toEqual({ crm: "rogerroger", givenName: "Ivy", familyName: "Lee", emails: ["ivy@example.com"], jobTitle: "Agent" });
    expect(imported.props).toEqual({ ...imported.inputs, managedFields: ["givenName", "familyName", "emails", "jobTitle"] });
    expect((await rrAdmin.since()).every((l) => l.startsWith("GET "))).toBe(true);
    // The program declaring what the record holds: no change, so the next preview is clean.
    const program = await plugin.check(PERSON, "ivy", imported.inputs, imported.inputs);
    expect((await plugin.diff(PERSON, imported.id, imported.props, program.inputs)).changes).toBe("DIFF_NONE");

    await expect(plugin.read(PERSON, `hubspot/${hand.id}`)).rejects.toThrow(/unknown crm 'hubspot'.*<crm>\/<person id>.*rogerroger, outseta, rolloutCrm/);
    await expect(plugin.read(PERSON, String(hand.id))).rejects.toThrow(/import id '[^']+' is not <crm>\/<person id>/);
    expect(await plugin.read(PERSON, "rogerroger/999999")).toEqual({ id: "", props: {}, inputs: {} }); // none: the engine says it does not exist

    // A note: `<crm>/<person id>/<note id>`.
    const note = await byHand(`${rr.url}/people/${hand.id}/notes`, "POST", { ...KEY, "content-type": "application/ld+json" }, { title: "Call", flagged: true });
    await rrAdmin.since();
    const importedNote = await plugin.read(NOTE, `rogerroger/${hand.id}/${note.id}`);
    expect(importedNote).toMatchObject({ id: String(note.id), inputs: { crm: "rogerroger", personId: String(hand.id), title: "Call", flagged: true } });
    expect((await rrAdmin.since()).every((l) => l.startsWith("GET "))).toBe(true);
  });

  it("RolloutUser imports by e-mail; RolloutTeam refuses an import, saying why", async () => {
    await byHand(`${ro.url}/users`, "PUT", { authorization: `Bearer ${ROLLOUT_DEV_TOKEN}`, "content-type": "application/json" }, { email: "Max@Example.com", name: "Max", teamAdmin: true });
    await roAdmin.since();
    const imported = await plugin.read(USER, "MAX@example.com");
    expect(imported).toMatchObject({ id: "max@example.com", inputs: { email: "max@example.com", name: "Max", teamAdmin: true, applications: {} } });
    expect(await roAdmin.since()).toEqual(["GET /public-api/users 200"]);
    await expect(plugin.read(TEAM, "rollout-team")).rejects.toThrow(/RolloutTeam cannot be imported: it is a rule over the account's members/);
  });

  it("Configure through `variables` (engines that send no args) reaches the runtime as well", async () => {
    await plugin.configure({ variables: { "rolloutcrm:config:rogerroger": JSON.stringify({ apiUrl: rr.url, apiKey: ROGERROGER_DEV_KEY }) } });
    const checked = await plugin.check(PERSON, "v", {}, { crm: "rogerroger", familyName: "Var" });
    const created = await plugin.create(PERSON, checked.inputs);
    expect(created.id).not.toBe("");
    await plugin.delete(PERSON, created.id, created.outs);
  });

  it("an unconfigured credential is a check warning and a failed create, both saying how to set it in the plugin's config; an unknown type is refused", async () => {
    const warnings: string[] = [];
    await plugin.close();
    plugin = await startPlugin({ env: {}, warn: (m) => void warnings.push(m) });
    await plugin.configure({ rogerroger: { apiUrl: rr.url } });
    const checked = await plugin.check(PERSON, "x", {}, { crm: "rogerroger", familyName: "X" });
    expect(checked.failures).toEqual([]); // a plain preview needs no credential
    const howTo = "set 'apiKey' in the rogerroger settings of the rolloutcrm provider (the default provider reads the stack config: pulumi config set --secret --path rolloutcrm:rogerroger.apiKey <value>";
    // The check's warnings: the missing credential, once (and the person's missing e-mail).
    expect(warnings.filter((w) => w.includes(howTo))).toHaveLength(1);
    await expect(plugin.create(PERSON, checked.inputs)).rejects.toThrow(howTo);
    expect(await rrAdmin.since()).toEqual([]);
    await expect(plugin.check("rolloutcrm:index:Nope", "x", {}, {})).rejects.toThrow(/unknown resource type 'rolloutcrm:index:Nope'/);
  });

  it("Cancel stops the instance: every later operation fails at once, saying so, and sends nothing", async () => {
    await plugin.cancel();
    const before = await rrAdmin.since();
    await expect(plugin.create(PERSON, { crm: "rogerroger", familyName: "Late" })).rejects.toThrow(/the update was cancelled/);
    expect([...before, ...(await rrAdmin.since())]).toEqual([]);
  });
});

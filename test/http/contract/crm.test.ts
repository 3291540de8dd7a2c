/**
 * The CrmPerson contract, generated from the registry: every CRM of the test registry (the
 * shipped ones and the fixture CRM, ../../fixtureService/) runs through the same tests, so a
 * new CRM gets them by being listed. Each CRM's own file (test/http/crm/<name>Provider.test.ts)
 * keeps only what is its own: its requests and paths, its mapping, its API's quirks.
 *
 * One emulator per CRM for the file, emptied before each test; one provider context per test,
 * which is one run (its claims, caches and lookups start empty), so nothing a test took
 * leaks into the next, whatever ids the emulator hands out after its reset.
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { CrmPerson } from "../../../provider";
import { listLive, readCrm } from "../../../cli/adopt/sources";
import type { AdoptService } from "../../../cli/services";
import { walkPages } from "../../../provider/crm/listing";
import { crmPersonProvider } from "../../../provider/crm/person/provider";
import type { PersonApi } from "../../../provider/crm/profile";
import type { CrmPersonInputs, CrmPersonOutputs, PersonModel } from "../../../provider/crm/types";
import type { CrmName } from "../../../provider/services";
import { checked as checkedBy } from "../../support/crm";
import { withOuts } from "../../support/results";
import { devEnv } from "../../support/emulatorEnv";
import { emulatorOf, runContext, TEST_CRMS } from "./registry";

type People = ReturnType<typeof crmPersonProvider>;

describe.each(Object.keys(TEST_CRMS))("the CrmPerson contract on %s", (name) => {
  const profile = TEST_CRMS[name]!;
  const emulator = emulatorOf(name);
  let people: People;
  beforeEach(() => {
    people = crmPersonProvider(runContext(name, emulator.emu), TEST_CRMS);
  });

  /** Another client of the CRM (a person in its UI, another tool): its own run, through the API. */
  const byHand = (): PersonApi => {
    const context = runContext(name, emulator.emu);
    return profile.person.api(context.service(profile));
  };
  /** A person every CRM takes: the common fields, one e-mail. */
  const person = (tag: string, more: Record<string, unknown> = {}) => ({ crm: name, givenName: "Ann", familyName: `Doe ${tag}`, emails: [`${tag}@example.com`], ...more });
  const checked = (news: Record<string, unknown>): Promise<CrmPersonInputs> => checkedBy(people, news);

  describe("check", () => {
    // The engine shows a failure on its property when the inputs hold it, else on the
    // resource (""): then the reason names the field.
    it.each([
      ["an empty givenName", { givenName: "" }, "givenName", "givenName"],
      ["a familyName that is not a string", { familyName: 42 }, "familyName", "familyName"],
      ["an e-mail that is not one", { emails: ["not-an-e-mail"] }, "", "emails[0]: \"not-an-e-mail\""],
      ["an unknown argument", { nickname: "Annie" }, "", "'nickname'"],
      ["an unknown native field", { fields: { noSuchField: "x" } }, "", "noSuchField"],
      ["allowDuplicateEmail that is not a boolean", { allowDuplicateEmail: "yes" }, "allowDuplicateEmail", "allowDuplicateEmail"],
      ["an empty importId", { importId: "" }, "importId", "importId"],
    ])("fails on %s, naming the field, before any request", async (_what, bad, property, named) => {
      const { failures } = await people.check({} as CrmPersonInputs, { ...person("check"), ...bad } as unknown as CrmPersonInputs);
      expect(failures).toContainEqual({ property, reason: expect.stringContaining(named) });
      expect(await emulator.admin.since()).toEqual([]);
    });

    it("passes a person of the common fields, and sends nothing; without config it fails or warns naming only its own keys", async () => {
      await checked(person("ok"));
      expect(await emulator.admin.since()).toEqual([]);
      const warnings: string[] = [];
      const unconfigured = crmPersonProvider(runContext(name, undefined, { warn: (m) => void warnings.push(m) }), TEST_CRMS);
      const { failures } = await unconfigured.check({} as CrmPersonInputs, person("ok") as unknown as CrmPersonInputs);
      const messages = [...(failures ?? []).map((f) => f.reason), ...warnings];
      expect(messages.length).toBeGreaterThan(0);
      for (const message of messages) expect(message).toContain(`${name}:`);
      expect(await emulator.admin.since()).toEqual([]);
    });
  });

  it("create, read, diff, update, delete against its emulator; an unchanged update and a second delete send nothing that fails", async () => {
    const inputs = await checked(person("crud", { jobTitle: "CEO" }));
    const { id, outs } = withOuts(await people.create(inputs));
    expect(outs).toMatchObject(inputs);
    expect([...outs.managedFields].sort()).toEqual(["emails", "familyName", "givenName", "jobTitle"]);

    // Drift marking: a read gives the program's inputs back in the input shape, so nothing shows.
    expect(await people.read(id, outs)).toEqual({ id, props: outs, inputs });
    expect((await people.diff(id, outs, inputs)).changes).toBe(false);

    const changed = await checked(person("crud", { givenName: "Anne", jobTitle: "CTO" }));
    expect((await people.diff(id, outs, changed)).changes).toBe(true);
    await emulator.admin.since();
    const updated = withOuts(await people.update(id, outs, changed));
    expect(updated.outs).toMatchObject(changed);
    expect((await emulator.admin.since()).length).toBeGreaterThan(0);
    expect((await byHand().get(id))?.model).toMatchObject({ givenName: "Anne", jobTitle: "CTO" });

    await emulator.admin.since();
    expect(await people.update(id, updated.outs, changed)).toEqual({ outs: updated.outs });
    expect(await emulator.admin.since()).toEqual([]);

    await people.delete(id, updated.outs as CrmPersonOutputs);
    expect(await byHand().get(id)).toBeUndefined();
    expect(await people.read(id, updated.outs)).toEqual({});
    await people.delete(id, updated.outs as CrmPersonOutputs); // already gone counts as deleted
  });

  it("a hand change of a managed field shows as that field, one of an unmanaged field does not; the next update puts the code's value back", async () => {
    const inputs = await checked(person("drift"));
    const { id, outs } = withOuts(await people.create(inputs));
    const refs = outs.backendRefs;

    await byHand().update(id, {}, { jobTitle: "Set by hand" }, refs);
    const unmanaged = await people.read(id, outs);
    expect(unmanaged).toEqual({ id, props: outs, inputs });

    await byHand().update(id, { givenName: "Ann" }, { givenName: "Changed by hand" }, refs);
    const drifted = await people.read(id, outs);
    expect(drifted.props).toEqual({ ...outs, givenName: "Changed by hand" });
    const diff = await people.diff(id, drifted.props as CrmPersonOutputs, inputs);
    expect(diff.changes).toBe(true);
    expect(diff).toMatchObject({ changes: true, stables: ["crm"] });

    await people.update(id, drifted.props as CrmPersonOutputs, inputs);
    expect((await byHand().get(id))?.model).toMatchObject({ givenName: "Ann", jobTitle: "Set by hand" });
  });

  it.each([
    ["a dropped connection", { dropConnection: true }],
    ["a 500", { statuses: [500] }],
  ])("a create whose response is lost (%s) is found by its e-mail, never sent twice: one person", async (_what, fault) => {
    await emulator.admin.faults({ ...fault, when: "after", methods: ["POST"], count: 1 });
    const inputs = await checked(person("lost"));
    await emulator.admin.since();
    const { id, outs } = withOuts(await people.create(inputs));
    expect(outs).toMatchObject(inputs);
    expect((await emulator.admin.since()).filter((line) => line.startsWith("POST "))).toHaveLength(1);
    // The natural-key lookup of another run finds exactly the one written.
    const found = await byHand().findExisting({ emails: ["lost@example.com"] });
    expect(found?.map((p) => p.id)).toEqual([id]);
    // A second resource with the same values never takes it over.
    await expect(people.create(inputs)).rejects.toThrow(`(id ${id}), managed by another CrmPerson of this stack; nothing was written.`);
  });

  it("a create of an e-mail in use with other values is refused naming aliases and importId; with importId it adopts that person", async () => {
    const model: PersonModel = { givenName: "Hand", familyName: "Made", emails: ["taken@example.com"] };
    const existing = await byHand().create(model);
    const inputs = await checked(person("taken"));
    await expect(people.create(inputs)).rejects.toThrow(
      new RegExp(`already holds a person with e-mail taken@example.com \\(id ${existing.id}\\) with other values .*nothing was written.*aliases.*importId: "${existing.id}"`, "s"),
    );
    const adopted = withOuts(await people.create(await checked(person("taken", { importId: existing.id }))));
    expect(adopted.id).toBe(existing.id);
    expect((await byHand().get(existing.id))?.model).toMatchObject({ givenName: "Ann", familyName: "Doe taken" });
  });

  it("lists every person across its pages, each as a read maps it: what `adopt` and `drift --unmanaged` read", async () => {
    const listing = profile.listing;
    expect(listing, `${name} has no \`listing\`: adopt and --unmanaged could not read it`).toBeDefined();
    const hand = byHand();
    const made = [];
    // One more than a page, so the walk follows the API's link to the next page.
    for (let i = 0; i <= listing!.pageSize; i++) made.push(await hand.create({ familyName: `Listed ${i}`, emails: [`listed${i}@example.com`] }));
    const context = runContext(name, emulator.emu);
    await emulator.admin.since();
    const listed = [];
    for await (const person of walkPages(() => listing!.people(context.service(profile)), name)) listed.push(person);
    expect(listed.map((p) => p.id).sort()).toEqual(made.map((p) => p.id).sort());
    const byId = new Map(listed.map((p) => [p.id, p.model]));
    for (const person of made) expect(byId.get(person.id)).toEqual(person.model);
    expect((await emulator.admin.since()).filter((line) => line.startsWith("GET "))).toHaveLength(2);
  });

  it("`adopt` reads every person with GETs only, and `drift --unmanaged` lists each live one", async () => {
    const hand = byHand();
    const made = [await hand.create({ givenName: "Ada", familyName: "Adopted", emails: ["ada@example.com"] }), await hand.create({ familyName: "Bo", emails: ["bo@example.com"] })];
    const context = runContext(name, emulator.emu);
    await emulator.admin.since();
    const none = { records: new Set<string>(), notes: new Set<string>() };
    const { adoption } = await readCrm(context, name as CrmName, { managed: none, progress: () => {}, warn: () => {} }, TEST_CRMS);
    const people = "people" in adoption ? adoption.people : [];
    expect(people.map((p) => p.id).sort()).toEqual(made.map((p) => p.id).sort());
    expect(people.find((p) => p.id === made[0]!.id)?.model).toMatchObject({ givenName: "Ada", familyName: "Adopted", emails: ["ada@example.com"] });
    const live = await listLive(runContext(name, emulator.emu), name as AdoptService, () => {}, TEST_CRMS);
    expect(live).toEqual(expect.arrayContaining([{ id: made[0]!.id, label: "Ada Adopted <ada@example.com>" }, { id: made[1]!.id, label: "Bo <bo@example.com>" }]));
    expect(live).toHaveLength(2);
    expect((await emulator.admin.since()).every((line) => line.startsWith("GET "))).toBe(true);
  });

  it("a refused credential fails naming the settings to check, never the credential", async () => {
    const env = devEnv(emulator.emu.url, emulator.emu.devConfig, "default", true);
    const secrets = Object.values(profile.settings).filter((s) => s.secret && env[s.env] !== undefined);
    expect(secrets.length).toBeGreaterThan(0);
    for (const setting of secrets) env[setting.env] = `wrong-${setting.env}-value`;
    const api = profile.person.api(runContext(name, undefined, { env }).service(profile));
    const err = (await api.get("someone").catch((e: Error) => e)) as Error;
    expect(err).toBeInstanceOf(Error);
    expect(err.message).toContain(profile.credentialsHint);
    for (const setting of secrets) expect(err.message).not.toContain(`wrong-${setting.env}-value`);
  });

  it("a run's claims are its own: after the emulator is reset, a new run creates freely, whatever ids come back", async () => {
    const first = await people.create(await checked(person("run")));
    await emulator.admin.reset({ rateLimit: false });
    people = crmPersonProvider(runContext(name, emulator.emu), TEST_CRMS);
    const second = withOuts(await people.create(await checked(person("run"))));
    expect(await people.read(second.id, second.outs)).toMatchObject({ id: second.id });
    expect(first.id).toEqual(expect.any(String));
  });
});

describe("the `__provider` identity", () => {
  const serialized: Record<string, string> = {};
  beforeAll(() => {
    pulumi.runtime.setMocks(
      {
        newResource(args) {
          serialized[args.name] = args.inputs.__provider;
          return { id: `${args.name}-id`, state: args.inputs };
        },
        call: () => ({}),
      },
      "project",
      "stack",
      false,
    );
  });

  it("is the golden text for a person of every CRM: the shim names the kind, never the CRM", async () => {
    const people = Object.keys(TEST_CRMS).map((crm) => new CrmPerson(crm, { crm, familyName: "Doe" } as unknown as ConstructorParameters<typeof CrmPerson>[1]));
    await Promise.all(people.map((p) => new Promise((resolve) => p.id.apply(resolve))));
    const golden = readFileSync(path.join(__dirname, "../../e2e/fixtures/provider-shim.rollout-user.txt"), "utf8").replace('k: "rollout:User"', 'k: "crm:Person"');
    expect(Object.keys(serialized).sort()).toEqual(Object.keys(TEST_CRMS).sort());
    for (const crm of Object.keys(TEST_CRMS)) expect(serialized[crm], crm).toBe(golden);
  });
});

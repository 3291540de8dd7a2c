/**
 * The service contract, generated from the registry: every service of the test registry
 * (the shipped ones and the fixture CRM, ../../fixtureService/), CRM or not, runs through the
 * same tests of its profile against its emulator. A new service gets them by being listed.
 */
import { describe, expect, it } from "vitest";
import { Failures } from "../../../provider/core/check";
import type { PacingConfig } from "../../../provider/http/pacing";
import type { ServiceProfile } from "../../../provider/plugin";
import { crmsOf, servicesOf } from "../../../provider/services";
import { emulatorOf, runContext, TEST_CRMS, TEST_SERVICES } from "./registry";
import { devEnv } from "../../support/emulatorEnv";
import { TEST_EMULATORS } from "../../fixtureService/registry";
import { allKinds, tokenOf } from "../../../server/kinds";
import { schema, settingsTypeName } from "../../../server/schema";
import { ProviderContext } from "../../../provider/plugin";

/** Requests per millisecond a pacing allows at most. */
const rateOf = (pacing: PacingConfig): number => (pacing.kind === "interval" ? 1 / pacing.intervalMs : pacing.kind === "window" ? pacing.limit / pacing.windowMs : Infinity);

describe("the registry", () => {
  it("refuses a service listed under another name, and a setting outside its namespace", () => {
    const [first] = TEST_SERVICES;
    expect(() => servicesOf({ other: first! })).toThrow(`registry: the service '${first!.name}' is listed as 'other'`);
    const stray = { ...first!, settings: { ...first!.settings, stray: { key: "elsewhere:stray", env: "STRAY" } } } as ServiceProfile<unknown>;
    expect(() => servicesOf({ [first!.name]: stray })).toThrow(`registry: ${first!.name}'s setting 'elsewhere:stray' is outside its config namespace '${first!.name}:'`);
  });

  it("derives the CRMs as the services with a person backend, and every service has its emulator", () => {
    expect(Object.keys(crmsOf(TEST_SERVICES))).toEqual(Object.keys(TEST_CRMS));
    expect(TEST_SERVICES.map((s) => s.name).sort()).toEqual(Object.keys(TEST_EMULATORS).sort());
  });
});

describe.each(TEST_SERVICES.map((profile) => [profile.name, profile] as const))("the service contract of %s", (name, profile) => {
  const emulator = emulatorOf(name);

  it("appears in the provider plugin's schema by being listed: its settings object (secrets marked, each variable named) and, for a CRM, CrmPerson's crm", () => {
    const spec = schema(allKinds(new ProviderContext(TEST_SERVICES)), "0.0.0", TEST_SERVICES) as any;
    const settings = spec.types[`rolloutcrm:index:${settingsTypeName(name)}`];
    expect(spec.config.variables[name]).toBeDefined();
    for (const setting of Object.values(profile.settings)) {
      const key = setting.key.slice(name.length + 1);
      expect(settings.properties[key], key).toMatchObject({ defaultInfo: { environment: [setting.env] } });
      expect(settings.properties[key].secret === true, key).toBe(setting.secret === true);
    }
    const crmInput = spec.resources[tokenOf("crm:Person")].inputProperties.crm.description as string;
    expect(crmInput.includes(`"${name}"`)).toBe(name in TEST_CRMS);
  });

  it("paces below its documented limit, which its emulator enforces as documented", () => {
    const { documentedLimit, pacing } = profile.http;
    expect(rateOf(pacing)).toBeLessThanOrEqual(documentedLimit.requests / documentedLimit.perMs);
    expect(emulator.emu.name).toBe(name);
    const definition = TEST_EMULATORS[name]!;
    expect(definition.rateLimit.max / definition.rateLimit.windowMs).toBe(documentedLimit.requests / documentedLimit.perMs);
  });

  it("keeps every setting in its namespace with a variable, and names only its own keys when config is missing", async () => {
    for (const setting of Object.values(profile.settings)) {
      expect(setting.key.startsWith(`${name}:`)).toBe(true);
      expect(setting.env).toMatch(/^[A-Z][A-Z0-9_]*$/);
    }
    const warnings: string[] = [];
    const failures = new Failures();
    await runContext(name, undefined, { warn: (m) => void warnings.push(m) }).checkConfig(profile, failures);
    const messages = [...failures.list.map((f) => `${f.property} ${f.reason}`), ...warnings];
    expect(messages.length).toBeGreaterThan(0);
    for (const message of messages) expect(message).toContain(`${name}:`);
    expect(await emulator.admin.since()).toEqual([]);
  });

  it("names the setting a misspelt key was meant to be, at check", async () => {
    const url = Object.values(profile.settings).find((s) => s.key.endsWith("Url"))!;
    const env = devEnv(emulator.emu.url, emulator.emu.devConfig, "default", true);
    delete env[url.env];
    const failures = new Failures();
    await runContext(name, undefined, { env, values: { [`${url.key}x`]: emulator.emu.url } }).checkConfig(profile, failures);
    expect(failures.list).toEqual([{ property: url.key, reason: expect.stringContaining(`${url.key}x`) }]);
  });

  it("reads its emulator's error bodies, for an injected fault and an unknown route", async () => {
    const read = profile.http.errorMessage!;
    const unknown = await fetch(`${emulator.emu.url}/no-such-route-${name}`);
    expect(unknown.status).toBe(404);
    expect(read((await unknown.json()) as Record<string, unknown>)).toEqual(expect.stringMatching(/\S/));
    await emulator.admin.faults({ statuses: [503], count: 1 });
    const faulted = await fetch(`${emulator.emu.url}/no-such-route-${name}`);
    expect(faulted.status).toBe(503);
    expect(read((await faulted.json()) as Record<string, unknown>)).toEqual(expect.stringMatching(/\S/));
  });
});

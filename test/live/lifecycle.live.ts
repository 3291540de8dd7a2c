/**
 * The live acceptance run (`npm run test:live`): for each service named in
 * PULUMI_ROLLOUT_CRM_LIVE, the lifecycle with the real Pulumi CLI, as Terraform providers'
 * TF_ACC tests step through it: create, empty preview, update of each field kind, drift made
 * by hand through the API and seen by `preview --refresh`, corrected by `up --refresh`,
 * adoption with importId, destroy, and a check through the API that no record of the run's
 * prefix is left. Credentials come from the environment (never the stack config), so the
 * state holds none. Runs against real services only when asked; `npm test` runs it against
 * the emulators (test/e2e/live.test.ts).
 */
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deleteRecord, listRecords } from "../../cli/sweep/records";
import { carriesPrefix } from "../../cli/sweep/select";
import { ProviderContext } from "../../provider/plugin/context";
import { ConfigReader, configOf } from "../../provider/plugin/config";
import { SERVICES, type ServiceName } from "../../provider/services";
import { failureText } from "../support/crm";
import { createTestStack, repoRoot, type TestStack } from "../support/stack";
import { RecordingProxy } from "./recorder";
import { liveSettings, type LiveSettings } from "./settings";
import { STEPS } from "./steps";

const found = liveSettings(process.env);
if ("missing" in found) throw new Error(`npm run test:live needs:\n  ${found.missing.join("\n  ")}`);
const settings: LiveSettings = found;
process.stderr.write(`test:live: services ${settings.services.join(", ")}; run prefix '${settings.prefix}' (sweep with: pulumi-rollout-crm sweep <service> --prefix ${settings.prefix} --yes)\n`);

/** URL variables pointed at the recording proxies (--record), by variable name. */
const viaProxies: Record<string, string> = {};
const runEnv = (): NodeJS.ProcessEnv => ({ ...process.env, ...viaProxies });

/** The run's own client of each service: the by-hand changes (recorded too) and the final count. */
const context = (): ProviderContext => new ProviderContext(SERVICES, { config: configOf({}), env: runEnv() });

/** Progress on stderr as it happens: a live run takes minutes per service. */
const step = (service: string, what: string): void => void process.stderr.write(`test:live ${service}: ${what}\n`);

async function leftovers(service: ServiceName): Promise<string[]> {
  return (await listRecords(context(), service)).filter((r) => carriesPrefix(r, settings.prefix)).map((r) => r.id);
}

describe.each(settings.services)("live lifecycle: %s", (service) => {
  const steps = STEPS[service];
  let t: TestStack;
  const records = (extra: Record<string, unknown> = {}, base = steps.update(settings)) => t.stack.setAllConfig({ [steps.configKey]: { value: JSON.stringify({ ...base, ...extra }) } });
  const idOf = async (name: string): Promise<string> => {
    const resource = (await t.resources()).find((r) => String(r.urn).endsWith(`::${name}`));
    expect(resource, `resource ${name} in the state`).toBeDefined();
    return String(resource.id);
  };

  const proxies: RecordingProxy[] = [];
  const profile = SERVICES.find((p) => p.name === service)!;
  beforeAll(async () => {
    if (settings.recordDir) {
      const reader = new ConfigReader(configOf({}), process.env);
      for (const url of Object.values(profile.settings).filter((s) => /Url$/.test(s.key))) {
        const proxy = new RecordingProxy(reader.get(url)!);
        proxies.push(proxy);
        viaProxies[url.env] = await proxy.start();
      }
    }
    t = await createTestStack({
      workDir: path.join(repoRoot, "test/e2e/programs", steps.program),
      stackName: `live-${service.toLowerCase()}-${settings.prefix.replace(/[^a-z0-9]/g, "")}`,
      // The provider reads every setting from the environment, as in a CI job.
      env: Object.fromEntries(Object.entries(runEnv()).filter((e): e is [string, string] => e[1] !== undefined)),
    });
  });
  afterAll(async () => {
    await t?.dispose();
    if (settings.recordDir && proxies.length > 0) {
      const secrets = Object.values(profile.settings).filter((x) => x.secret).map((x) => process.env[x.env] ?? "");
      // One file per service; the Universal CRM's two hosts (people, credentials) in one.
      const [first, ...rest] = proxies;
      for (const other of rest) first.absorb(other);
      step(service, `recorded in ${first.save(settings.recordDir, service, secrets.filter(Boolean))}`);
      for (const proxy of proxies) await proxy.stop();
      for (const url of Object.values(profile.settings).filter((x) => /Url$/.test(x.key))) delete viaProxies[url.env];
    }
  });

  it("create, empty preview, update each field kind, drift by hand, --refresh, adopt, destroy: nothing left", async () => {
    step(service, "create");
    await records({}, steps.create(settings));
    expect((await t.stack.up()).summary.resourceChanges).toEqual({ create: 2 }); // the stack and one record
    await t.stack.preview({ expectNoChanges: true });

    step(service, "update of each field kind");
    await records();
    expect((await t.stack.up()).summary.resourceChanges).toMatchObject({ update: 1 });
    await t.stack.preview({ expectNoChanges: true });
    // No credential in the state: they came from the environment.
    for (const s of SERVICES.flatMap((p) => Object.values(p.settings)).filter((x) => x.secret)) {
      const value = process.env[s.env];
      if (value) expect(t.rawStateText()).not.toContain(value);
    }

    step(service, "drift by hand, then --refresh");
    const annId = await idOf("ann");
    await steps.driftByHand(context(), annId);
    expect(await failureText(t.stack.preview({ refresh: true, expectNoChanges: true }))).toMatch(/update|~/);
    expect((await t.stack.up({ refresh: true })).summary.resourceChanges).toMatchObject({ update: 1 });
    await t.stack.preview({ refresh: true, expectNoChanges: true });

    step(service, "adopt with importId");
    const handMail = `${settings.prefix}adopted@${settings.emailDomain}`;
    const handId = await steps.createByHand(context(), handMail);
    await records({ adopted: steps.adopting(settings, handMail, handId) });
    expect((await t.stack.up()).summary.resourceChanges).toMatchObject({ create: 1, same: 2 });
    await t.stack.preview({ refresh: true, expectNoChanges: true });

    step(service, "destroy");
    expect((await t.stack.destroy()).summary.resourceChanges).toEqual({ delete: 3 });
    expect(await leftovers(service)).toEqual([]);
    step(service, "done: nothing left");
  }, 900_000);

  afterAll(async () => {
    // A failed step may leave records: swept here, as `sweep --yes` would.
    const ctx = context();
    for (const r of (await listRecords(ctx, service)).filter((x) => carriesPrefix(x, settings.prefix))) await deleteRecord(ctx, service, r);
  }, 300_000);
});

/**
 * sweep against the emulators: a dry run changes nothing (GETs only), --yes deletes exactly
 * the records carrying the prefix, in every service, and every other record stays.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sweepMain } from "../../../cli/sweep/main";
import { resetSharedHttp } from "../../../provider/http/registry";
import { emulatorEnv } from "../../support/emulatorEnv";
import { EmulatorAdmin, startEmulators, type RunningEmulators } from "../../support/emulators";
import { seedByHand } from "../../support/seed";
import { handMadeMembers } from "../../support/rollout/handMade";
import { handMadeRogerRogerPeople } from "../../support/rogerroger/handMade";
import { handMadeOutsetaPeople } from "../../support/outseta/handMade";
import { handMadeRolloutCrmPeople } from "../../support/rolloutCrm/handMade";

const PREFIX = "plrc-t3st-";
let emu: RunningEmulators;
let env: Record<string, string>;

beforeAll(async () => {
  emu = await startEmulators();
  for (const admin of Object.values(emu.adminUrls)) await new EmulatorAdmin(admin).reset({ rateLimit: false });
  env = emulatorEnv(emu);
  await seedByHand(emu, "rollout", [...handMadeMembers, { email: `${PREFIX}ada@example.com` }, { email: `${PREFIX.toUpperCase()}bob@example.com` }]);
  // 35 prefixed people: more than one RogerRoger page of 30.
  const prefixedRr = Array.from({ length: 35 }, (_, i) => ({ familyName: `Run${i}`, emailAddresses: [{ email: `${PREFIX}p${i}@example.com` }] }));
  await seedByHand(emu, "rogerroger", [
    ...handMadeRogerRogerPeople,
    ...prefixedRr,
    { familyName: "Mixed", emailAddresses: [{ email: `${PREFIX}mixed@example.com` }, { email: "own@home.example" }] },
    { familyName: "Inside", emailAddresses: [{ email: `x${PREFIX}inside@example.com` }] },
  ]);
  await seedByHand(emu, "outseta", [...handMadeOutsetaPeople, { Email: `${PREFIX}o1@example.com` }, { Email: `${PREFIX}o2@example.com`, FirstName: "Two" }]);
  await seedByHand(emu, "rolloutCrm", [...handMadeRolloutCrmPeople, { firstName: "Run", lastName: "One", emails: [{ value: `${PREFIX}c1@example.com` }] }]);
}, 120_000);

afterAll(async () => {
  await emu?.stop();
  await resetSharedHttp();
});

async function sweep(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const stream = (append: (s: string) => void) => ({ write: (s: string) => (append(s), true) }) as unknown as NodeJS.WritableStream;
  // The emulators' limits are off: no pacing either (the provider's pacing is tested on its own).
  const tuning = Object.fromEntries(["rollout", "rogerroger", "outseta", "rolloutCrm"].map((n) => [n, { pacing: { kind: "none" as const } }]));
  const code = await sweepMain(args, stream((s) => (out += s)), stream((s) => (err += s)), { env, tuning });
  return { code, out, err };
}

/** The e-mails of the records a service holds, from its emulator's state. */
async function liveEmails(service: keyof RunningEmulators["urls"]): Promise<string[]> {
  const state = JSON.stringify(await new EmulatorAdmin(emu.adminUrls[service as keyof RunningEmulators["adminUrls"]]).state());
  return [...state.matchAll(/"([^"@\s]+@[^"\s]+)"/g)].map((m) => m[1].toLowerCase()).sort();
}

const SERVICES = [
  ["rollout", 2],
  ["rogerroger", 35],
  ["outseta", 2],
  ["rolloutCrm", 1],
] as const;

describe("sweep", () => {
  it.each(SERVICES)("%s: the dry run lists the %i prefixed records, sends only GETs, changes nothing", async (service, n) => {
    const admin = new EmulatorAdmin(emu.adminUrls[service]);
    const before = await liveEmails(service);
    const since = (await admin.requests()).length;
    const r = await sweep([service, "--prefix", PREFIX]);
    expect(r.code, r.err).toBe(0);
    expect(r.out.split("\n").filter((l) => l.startsWith("would delete"))).toHaveLength(n);
    expect(r.out).toContain(`Dry run: ${n} of`);
    expect((await admin.requests()).slice(since).filter((q) => q.method !== "GET")).toEqual([]);
    expect(await liveEmails(service)).toEqual(before);
  }, 60_000);

  it.each(SERVICES)("%s: --yes deletes exactly the %i prefixed records", async (service, n) => {
    const before = await liveEmails(service);
    const r = await sweep([service, "--prefix", PREFIX, "--yes"]);
    expect(r.code, r.err).toBe(0);
    expect(r.out.split("\n").filter((l) => l.startsWith("deleted"))).toHaveLength(n);
    const after = await liveEmails(service);
    // Everything else stays, the record that also holds a person's own address included.
    const kept = (e: string) => !e.startsWith(PREFIX) || e === `${PREFIX}mixed@example.com`;
    expect(after.filter((e) => !kept(e))).toEqual([]);
    expect(after).toEqual(before.filter(kept));
    if (service === "rogerroger") expect(after).toContain("own@home.example");
    const again = await sweep([service, "--prefix", PREFIX]);
    expect(again.out).toContain("Dry run: 0 of");
  }, 120_000);

  it("refuses a missing or short prefix and an unknown service before any request", async () => {
    const admin = new EmulatorAdmin(emu.adminUrls.rollout);
    const since = (await admin.requests()).length;
    expect((await sweep(["rollout"])).err).toContain("--prefix is required");
    expect((await sweep(["rollout", "--prefix", "a"])).err).toContain("at least 4 characters");
    expect((await sweep(["rollout", "--prefix", "*@*-all"])).err).toContain("letters, digits");
    const unknown = await sweep(["mailchimp", "--prefix", PREFIX]);
    expect(unknown.code).toBe(1);
    expect(unknown.err).toContain("expected one service");
    expect((await admin.requests()).slice(since)).toEqual([]);
  });
});

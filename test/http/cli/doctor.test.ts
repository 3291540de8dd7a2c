/**
 * `doctor` against the emulators (every row OK, exit 0) and against what a first real
 * account can hold: a refused key, a server answering HTML, a 2xx that refuses the key in
 * its body, an unreachable URL. Each failing row names the cause and the setting; no
 * secret reaches any output.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { doctorMain } from "../../../cli/doctor/main";
import { resetSharedHttp } from "../../../provider/http/registry";
import { emulatorEnv } from "../../support/emulatorEnv";
import { EmulatorAdmin, startEmulators, type RunningEmulators } from "../../support/emulators";
import { sendJson, startScriptedServer, type ScriptedServer } from "../../support/scriptedServer";
import { seedByHand } from "../../support/seed";
import { handMadeMembers } from "../../support/rollout/handMade";
import { handMadeRogerRogerPeople } from "../../support/rogerroger/handMade";
import { handMadeOutsetaPeople } from "../../support/outseta/handMade";
import { handMadeRolloutCrmPeople } from "../../support/rolloutCrm/handMade";

let emu: RunningEmulators;
let env: Record<string, string>;
const SECRETS = ["dev-rollout-token", "dev-rogerroger-key", "dev-outseta-key", "dev-outseta-secret", "dev-rollout-crm-token", "dev-client-secret"];

beforeAll(async () => {
  emu = await startEmulators();
  for (const admin of Object.values(emu.adminUrls)) await new EmulatorAdmin(admin).reset({ rateLimit: false });
  await seedByHand(emu, "rollout", handMadeMembers);
  await seedByHand(emu, "rogerroger", handMadeRogerRogerPeople);
  await seedByHand(emu, "outseta", handMadeOutsetaPeople);
  await seedByHand(emu, "rolloutCrm", handMadeRolloutCrmPeople);
  // The documented limits back on: doctor paces itself under them.
  for (const admin of Object.values(emu.adminUrls)) await new EmulatorAdmin(admin).settings({ rateLimit: true });
  env = emulatorEnv(emu, "minted");
}, 60_000);

afterAll(async () => {
  await emu?.stop();
  await resetSharedHttp();
});

async function doctor(args: string[], environment: Record<string, string>): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const code = await doctorMain(args, { write: (s: string) => ((out += s), true) } as unknown as NodeJS.WritableStream, { write: (s: string) => ((err += s), true) } as unknown as NodeJS.WritableStream, { env: environment });
  return { code, out, err };
}

function expectNoSecret(text: string, secrets: readonly string[]): void {
  for (const secret of secrets) expect(text, `secret '${secret}' printed`).not.toContain(secret);
}

interface JsonDiagnosis {
  ok: boolean;
  services: Array<{ service: string; configured: boolean; usable: boolean; requests: number; settings: Array<{ key: string; from: string; value?: string }>; checks: Array<{ check: string; status: string; detail: string; next?: string }> }>;
}

describe("doctor", () => {
  it("against the emulators: every service usable, every check OK, exit 0, only GETs, no secret", async () => {
    const admins = Object.fromEntries(Object.entries(emu.adminUrls).map(([name, url]) => [name, new EmulatorAdmin(url)]));
    const before = Object.fromEntries(await Promise.all(Object.entries(admins).map(async ([name, a]) => [name, (await a.requests()).length] as const)));
    const table = await doctor([], env);
    expect(table.code, table.out + table.err).toBe(0);
    expect(table.out).toContain("Every configured service is usable");
    expectNoSecret(table.out + table.err, SECRETS);

    const json = await doctor(["--json"], env);
    expect(json.code).toBe(0);
    expectNoSecret(json.out, SECRETS);
    const d = JSON.parse(json.out) as JsonDiagnosis;
    expect(d.ok).toBe(true);
    expect(d.services.map((s) => s.service).sort()).toEqual(["outseta", "rogerroger", "rollout", "rolloutCrm"]);
    for (const s of d.services) {
      expect(s.usable, JSON.stringify(s.checks)).toBe(true);
      expect(s.checks.filter((c) => c.status === "fail")).toEqual([]);
      expect(s.checks.find((c) => c.check === "credential")?.status).toBe("ok");
      expect(s.checks.find((c) => c.check === "record")?.status).toBe("ok");
      expect(s.requests).toBeLessThanOrEqual(3);
    }
    const rollout = d.services.find((s) => s.service === "rollout")!;
    expect(rollout.settings.find((r) => r.key === "rollout:apiUrl")).toMatchObject({ from: "environment", value: emu.urls.rollout });
    expect(rollout.settings.find((r) => r.key === "rollout:apiToken")).toEqual(expect.objectContaining({ from: "environment", secret: true }));
    expect(rollout.settings.find((r) => r.key === "rollout:apiToken")).not.toHaveProperty("value");
    expect(rollout.settings.find((r) => r.key === "rollout:requestTimeoutSeconds")).toMatchObject({ from: "default", value: "120" });
    const crm = d.services.find((s) => s.service === "rolloutCrm")!;
    expect(crm.checks.find((c) => c.check === "credential id")).toMatchObject({ status: "ok", detail: expect.stringContaining("dev-credential") });
    expect(crm.checks.find((c) => c.check === "clock")?.status).toBe("ok"); // minted tokens: the skew is checked
    const outseta = d.services.find((s) => s.service === "outseta")!;
    expect(outseta.checks.find((c) => c.check === "credential")?.detail).toMatch(/page size \d+/);

    // Read-only: the two runs sent GETs alone.
    for (const [name, a] of Object.entries(admins)) {
      const sent = (await a.requests()).slice(before[name]);
      expect(sent.length).toBeGreaterThan(0);
      expect(sent.filter((r) => r.method !== "GET"), name).toEqual([]);
    }
  }, 60_000);

  it("a refused key: the failing row names the status and the setting, exit 1, the wrong key never printed", async () => {
    const wrong = { ...env, ROGERROGER_API_KEY: "wrong-key-s3cr3t-value" };
    const r = await doctor(["--json"], wrong);
    expect(r.code).toBe(1);
    expectNoSecret(r.out + r.err, [...SECRETS, "wrong-key-s3cr3t-value"]);
    const d = JSON.parse(r.out) as JsonDiagnosis;
    expect(d.ok).toBe(false);
    const rr = d.services.find((s) => s.service === "rogerroger")!;
    expect(rr.usable).toBe(false);
    const row = rr.checks.find((c) => c.status === "fail")!;
    expect(row.detail).toContain("401");
    expect(row.next).toContain("rogerroger:apiKey");
    expect(row.next).toContain("ROGERROGER_API_KEY");
    // The other services stay usable: the row says which one is not.
    expect(d.services.filter((s) => s.usable).map((s) => s.service).sort()).toEqual(["outseta", "rollout", "rolloutCrm"]);
    const table = await doctor([], wrong);
    expect(table.out).toMatch(/FAIL\s+credential/);
    expect(table.out).toContain("Not usable: rogerroger");
  }, 60_000);

  describe("hostile and absent servers", () => {
    let html: ScriptedServer;
    let keyless: ScriptedServer;
    beforeAll(async () => {
      html = await startScriptedServer((req, res) => {
        res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
        res.end(`<html><body>Welcome! \u001b[31mlog in\u001b[0m ${String(req.headers.authorization)}</body></html>`);
      });
      // RogerRoger's own credential test reads a 2xx with this message as a refused key.
      keyless = await startScriptedServer((req, res) => sendJson(res, 200, { code: 401, message: "JWT Token not found", echo: req.headers["x-api-key"] }));
    });
    afterAll(async () => {
      await html.close();
      await keyless.close();
    });

    it("a server answering HTML: the row names the content type and the URL setting, nothing of the page reaches the terminal raw", async () => {
      const r = await doctor([], { ROLLOUT_API_URL: `${html.origin}/public-api`, ROLLOUT_API_TOKEN: "tok-html-abcdef" });
      expect(r.code).toBe(1);
      // The provider's own check of the answer (http/shape.ts) names what came instead.
      expect(r.out).toMatch(/FAIL\s+credential\s+GET \/users: rollout: GET \/users answered 200 with an HTML page \(text\/html\) where a list of team members was expected/);
      expect(r.out).toContain("next: check rollout:apiUrl (environment (ROLLOUT_API_URL)");
      expect(r.out).not.toContain("\u001b");
      expectNoSecret(r.out + r.err, ["tok-html-abcdef"]);
    });

    it("a 2xx whose body refuses the key: not usable, the row quotes it and names the key's setting", async () => {
      const r = await doctor(["--json"], { ROGERROGER_API_URL: keyless.origin, ROGERROGER_API_KEY: "rr-key-echoed-back" });
      expect(r.code).toBe(1);
      expectNoSecret(r.out + r.err, ["rr-key-echoed-back"]);
      const row = (JSON.parse(r.out) as JsonDiagnosis).services.find((s) => s.service === "rogerroger")!.checks.find((c) => c.status === "fail")!;
      expect(row.detail).toContain("JWT Token not found");
      expect(row.next).toContain("rogerroger:apiKey");
    });

    it("an unreachable URL: the row says so and names the URL setting and where it came from", async () => {
      const closed = await startScriptedServer(() => {});
      const origin = closed.origin;
      await closed.close();
      const r = await doctor(["--json"], { OUTSETA_API_URL: `${origin}/api/v1`, OUTSETA_API_KEY: "k-unreach-1234", OUTSETA_SECRET_KEY: "s-unreach-5678" });
      expect(r.code).toBe(1);
      expectNoSecret(r.out + r.err, ["k-unreach-1234", "s-unreach-5678"]);
      const row = (JSON.parse(r.out) as JsonDiagnosis).services.find((s) => s.service === "outseta")!.checks.find((c) => c.status === "fail")!;
      expect(row.detail).toMatch(/unreachable.*no response/);
      expect(row.next).toContain("outseta:apiUrl (environment (OUTSETA_API_URL)");
    }, 30_000);

    it("a missing URL or a missing credential: a config row naming the setting, before any request", async () => {
      const r = await doctor([], { OUTSETA_API_KEY: "k-only-1234" });
      expect(r.code).toBe(1);
      expect(r.out).toMatch(/FAIL\s+config\s+outseta:apiUrl/);
      expect(r.out).toContain("next: fix outseta:apiUrl (OUTSETA_API_URL)");
      expect(r.out).toContain("outseta: NOT USABLE (0 requests)");
      expectNoSecret(r.out, ["k-only-1234"]);
    });
  });

  it("a service whose clock is 10 minutes ahead: a warning with the next step, still usable (exit 0)", async () => {
    const ahead = await startScriptedServer((req, res) => sendJson(res, 200, [], { date: new Date(Date.now() + 600_000).toUTCString() }));
    try {
      const r = await doctor(["--json"], { ROLLOUT_API_URL: ahead.origin, ROLLOUT_API_TOKEN: "tok-clock-1234" });
      expect(r.code).toBe(0);
      const row = (JSON.parse(r.out) as JsonDiagnosis).services.find((s) => s.service === "rollout")!.checks.find((c) => c.check === "clock")!;
      expect(row).toMatchObject({ status: "warn", next: expect.stringContaining("clock") });
      expect(row.detail).toMatch(/(599|600|601) s ahead/);
      expect(ahead.calls.map((c) => c.method)).toEqual(["GET"]); // an empty team: nothing more to read
    } finally {
      await ahead.close();
    }
  });

  it("nothing configured: says what to set, exit 1", async () => {
    const r = await doctor([], {});
    expect(r.code).toBe(1);
    expect(r.out).toContain("No service is configured");
    expect(r.out).toContain("rollout:apiToken / ROLLOUT_API_TOKEN");
  });
});

/**
 * Fail closed with the real Pulumi CLI (issue 22, item 4): a person managed on RogerRoger and
 * one on Outseta, behind a proxy on loopback that answers as a broken or hostile service
 * would. A refresh whose GET of a managed person answers `{}` or an HTML page fails, and the
 * state keeps both people (it used to exit 0 and drop them, so the next `up` created them
 * again). `adopt` and `drift --unmanaged` over a list answered with an HTML page exit
 * non-zero, with no module written and no "No drift".
 */
import { existsSync } from "node:fs";
import type { ServerResponse } from "node:http";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OUTSETA_DEV_KEY, OUTSETA_DEV_SECRET, ROGERROGER_DEV_KEY, startOutsetaEmulator, startRogerRogerEmulator, type RunningService } from "../../emulators";
import { runBin } from "../support/adopt";
import { failureText, setCrmRecords } from "../support/crm";
import { HOSTILE_ANSWERS, startProxy } from "../support/hostile";
import type { RecordedRequest, ScriptedServer } from "../support/scriptedServer";
import { sendJson } from "../support/scriptedServer";
import { createTestStack, repoRoot, type TestStack } from "../support/stack";

const PROGRAM = path.join(repoRoot, "test/e2e/programs/crm");

/** What the proxies do now: pass everything through, or answer the people's GETs themselves. */
let mode: "pass" | "GET answers {}" | "GET answers HTML" | "list answers HTML" = "pass";

interface Fronted {
  emu: RunningService;
  proxy: ScriptedServer;
  /** The people collection's path on the API. */
  people: string;
  emptyList: unknown;
}
const fronted: Partial<Record<"rogerroger" | "outseta", Fronted>> = {};
let t: TestStack;
let ids: Record<string, string>;

/** The proxy's own answer to a request in the current mode; false: pass it on. */
function intercept(people: string, emptyList: unknown) {
  return (req: RecordedRequest, res: ServerResponse): boolean => {
    if (mode === "pass" || req.method !== "GET") return false;
    const pathname = req.url.split("?")[0]!;
    const isList = pathname === people;
    if (!isList && !pathname.startsWith(`${people}/`)) return false;
    if (mode === "list answers HTML") {
      HOSTILE_ANSWERS["an HTML 200"]!(res, undefined);
      return true;
    }
    // The list holds nobody, so the reader asks for each person on its own: its GET decides.
    if (isList) sendJson(res, 200, emptyList, {}, pathname.startsWith("/api/v1") ? "application/json" : "application/ld+json");
    else if (mode === "GET answers {}") HOSTILE_ANSWERS["a keyless {}"]!(res, undefined);
    else HOSTILE_ANSWERS["an HTML 200"]!(res, undefined);
    return true;
  };
}

async function front(emu: RunningService, emptyList: unknown, peoplePath: string): Promise<Fronted> {
  const base = new URL(emu.url).pathname.replace(/\/$/, "");
  const proxy = await startProxy(emu.origin, intercept(base + peoplePath, emptyList));
  return { emu, proxy, people: base + peoplePath, emptyList };
}

const apiUrl = (f: Fronted): string => f.proxy.origin + new URL(f.emu.url).pathname.replace(/\/$/, "");

beforeAll(async () => {
  fronted.rogerroger = await front(await startRogerRogerEmulator({ log: () => {} }), { member: [], totalItems: 0 }, "/people");
  fronted.outseta = await front(await startOutsetaEmulator({ log: () => {} }), { metadata: { limit: 100, offset: 0, total: 0 }, items: [] }, "/crm/people");
  t = await createTestStack({
    workDir: PROGRAM,
    stackName: `failclosed-${Date.now().toString(36)}`,
    config: { "rogerroger:apiUrl": apiUrl(fronted.rogerroger), "outseta:apiUrl": apiUrl(fronted.outseta) },
    secretConfig: { "rogerroger:apiKey": ROGERROGER_DEV_KEY, "outseta:apiKey": OUTSETA_DEV_KEY, "outseta:secretKey": OUTSETA_DEV_SECRET },
  });
  await setCrmRecords(t, {
    ann: { crm: "rogerroger", givenName: "Ann", familyName: "Doe", emails: ["ann@example.com"] },
    bob: { crm: "outseta", givenName: "Bob", familyName: "Roe", emails: ["bob@example.com"] },
  });
  const up = await t.stack.up();
  expect(up.summary.resourceChanges).toEqual({ create: 3 });
  ids = up.outputs.personIds!.value as Record<string, string>;
});
afterAll(async () => {
  await t?.dispose({ destroy: false }); // the emulators stop next, and their records with them
  for (const f of Object.values(fronted)) {
    await f.proxy.close();
    await f.emu.stop();
  }
});

const personIdsInState = async (): Promise<string[]> =>
  (await t.resources())
    .filter((r) => String(r.type).endsWith("crm:Person"))
    .map((r) => String(r.id))
    .sort();

describe("fail closed with the real CLI", () => {
  it.each(["GET answers {}", "GET answers HTML"] as const)("a refresh whose %s fails and keeps both people in the state", async (hostile) => {
    const before = await personIdsInState();
    expect(before).toEqual([ids.ann, ids.bob].sort());
    mode = hostile;
    try {
      const text = await failureText(t.stack.refresh());
      expect(text).toMatch(/rogerroger: GET \/people\/[^ ]+ answered 200 with/);
      expect(text).toMatch(/outseta: GET \/crm\/people\/[^ ]+ answered 200 with/);
    } finally {
      mode = "pass";
    }
    expect(await personIdsInState()).toEqual(before);
    // The service answers again: nothing changed, nothing to create.
    const refresh = await t.stack.refresh();
    expect(refresh.summary.resourceChanges).toEqual({ same: 3 });
    expect(await personIdsInState()).toEqual(before);
  });

  it("adopt and drift --unmanaged over a list answered with an HTML page exit non-zero", async () => {
    const out = path.join(t.stateDir, "adopted.ts");
    mode = "list answers HTML";
    try {
      const adopt = await runBin(t, ["adopt", "outseta", "--stack", t.stack.name, "--out", out], PROGRAM);
      expect(adopt.code, adopt.stdout + adopt.stderr).not.toBe(0);
      expect(adopt.stderr).toMatch(/outseta: GET \/crm\/people\?limit=100&offset=0 answered 200 with an HTML page/);
      expect(existsSync(out)).toBe(false);

      const drift = await runBin(t, ["drift", "--stack", t.stack.name, "--unmanaged", "rogerroger"], PROGRAM);
      expect(drift.code, drift.stdout + drift.stderr).not.toBe(0);
      expect(drift.code).not.toBe(2);
      expect(drift.stdout + drift.stderr).toMatch(/rogerroger: GET \/people\?itemsPerPage=30&page=1 answered 200 with an HTML page/);
      expect(drift.stdout).not.toMatch(/No drift/);
    } finally {
      mode = "pass";
    }
  }, 300_000);
});

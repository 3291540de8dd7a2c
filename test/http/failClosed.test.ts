/**
 * Fail closed (issue 22, item 4), against a hostile server on loopback: a list, a create's
 * lookup and a GET of a record answered with a 204, an empty 200, an HTML 200, JSON as
 * text/plain, a keyless `{}` or RogerRoger's 2xx `{"message": "JWT Token not found"}` are
 * errors naming the service and the request, on all four services. Never an empty list
 * (adopt and `drift --unmanaged` would see nobody), never "nobody holds this e-mail" (a
 * create would POST a duplicate, or PUT over a Rollout member), never "gone" (a refresh
 * would drop the record from the state), never a TypeError.
 */
import type { ServerResponse } from "node:http";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { listLive, readCrm, readMembers } from "../../cli/adopt/sources";
import { crmPersonProvider } from "../../provider/crm/person/provider";
import type { CrmPersonInputs, CrmPersonOutputs } from "../../provider/crm/types";
import { ApiError } from "../../provider/http/errors";
import { resetSharedHttp } from "../../provider/http/registry";
import { outseta, rogerroger, rollout, rolloutCrm } from "../../provider/registry";
import { rolloutUserProvider } from "../../provider/rollout/provider";
import { rolloutTeamProvider } from "../../provider/rollout/team/provider";
import type { RolloutUserInputs } from "../../provider/rollout/types";
import { CRMS, type CrmName } from "../../provider/services";
import type { ProviderContext } from "../../provider/plugin";
import { checked } from "../support/crm";
import { contextAt, HOSTILE_ANSWERS, HOSTILE_NAMES, type HostileAnswer } from "../support/hostile";
import { sendJson, startScriptedServer, type RecordedRequest, type ScriptedServer } from "../support/scriptedServer";

type Service = "rollout" | CrmName;

/** How each service lays out its people (api/*.md): where, and the valid answers. */
interface Layout {
  base: string;
  list: string;
  emptyList: unknown;
  listOf(records: unknown[]): unknown;
  record(id: string, email: string): unknown;
  /** The API's own list call (first page). */
  firstPage(context: ProviderContext): Promise<unknown>;
}

const LAYOUTS: Record<Service, Layout> = {
  rollout: {
    base: "/public-api",
    list: "/users",
    emptyList: [],
    listOf: (records) => records,
    record: (_id, email) => ({ email, name: email, teamAdmin: false, applications: {} }),
    firstPage: (c) => c.service(rollout).api.listUsers(),
  },
  rogerroger: {
    base: "",
    list: "/people",
    emptyList: { member: [], totalItems: 0 },
    listOf: (records) => ({ member: records, totalItems: records.length }),
    record: (id, email) => ({ "@id": `/people/${id}`, id, familyName: "Doe", emailAddresses: [{ email }] }),
    firstPage: (c) => c.service(rogerroger).api.listPeople(1),
  },
  outseta: {
    base: "/api/v1",
    list: "/crm/people",
    emptyList: { metadata: { limit: 100, offset: 0, total: 0 }, items: [] },
    listOf: (records) => ({ metadata: { limit: 100, offset: 0, total: records.length }, items: records }),
    record: (id, email) => ({ Uid: id, Email: email, FirstName: "Ann" }),
    firstPage: (c) => c.service(outseta).api.listPeople(0),
  },
  rolloutCrm: {
    base: "/api",
    list: "/people",
    emptyList: { _metadata: { total: 0 }, people: [] },
    listOf: (records) => ({ _metadata: { total: records.length }, people: records }),
    record: (id, email) => ({ id, firstName: "Ann", emails: [{ value: email }] }),
    firstPage: (c) => c.service(rolloutCrm).api.listPeople(),
  },
};
const SERVICES = Object.keys(LAYOUTS) as Service[];
const CRM_SERVICES = SERVICES.filter((s): s is CrmName => s !== "rollout");

const servers: ScriptedServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});
afterAll(async () => {
  await resetSharedHttp();
});

/** What the server does with a list (any query) and with a GET of one record. */
interface Script {
  list: (res: ServerResponse, req: RecordedRequest) => void;
  get?: (res: ServerResponse) => void;
}

/** A server that answers as `script` says, a write with a valid record (a write must never come). */
async function hostileServer(service: Service, script: Script): Promise<{ server: ScriptedServer; context: ProviderContext }> {
  const layout = LAYOUTS[service];
  const server = await startScriptedServer((req, res) => {
    const pathname = req.url.split("?")[0]!;
    if (req.method === "GET" && pathname === layout.base + layout.list) return script.list(res, req);
    if (req.method === "GET" && pathname.startsWith(`${layout.base + layout.list}/`)) return (script.get ?? ((r) => sendJson(r, 404, { message: "Not Found" })))(res);
    sendJson(res, 200, layout.record("written", "written@example.com"));
  });
  servers.push(server);
  const context = contextAt(server.origin, service);
  return { server, context };
}

/** The error of an operation that must fail: an ApiError whose message names the service and the request. */
async function refusal(run: Promise<unknown>, service: Service, request: string): Promise<ApiError> {
  const outcome = await run.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
  expect(outcome, `expected a refusal, got ${JSON.stringify("value" in outcome ? outcome.value : undefined)}`).toHaveProperty("error");
  const error = (outcome as { error: unknown }).error;
  expect(error).toBeInstanceOf(ApiError);
  const message = (error as ApiError).message;
  expect(message).toContain(`${service}: ${request}`);
  expect(message).not.toMatch(/Cannot read properties|is not a function|is not iterable/);
  return error as ApiError;
}

const writes = (server: ScriptedServer): string[] => server.calls.filter((c) => c.method !== "GET").map((c) => `${c.method} ${c.url}`);

/** The create of one record, started (wrapped: awaiting the wrapper must not await the create). */
async function createdBy(service: Service, context: ProviderContext): Promise<{ run: Promise<unknown> }> {
  if (service === "rollout") {
    const provider = rolloutUserProvider(context, rollout);
    return { run: provider.create(await checked<RolloutUserInputs>(provider, { email: "ann@example.com" })) };
  }
  const provider = crmPersonProvider(context, CRMS, { warn: () => {} });
  return { run: provider.create(await checked<CrmPersonInputs>(provider, { crm: service, givenName: "Ann", familyName: "Doe", emails: ["ann@example.com"] })) };
}

describe.each(SERVICES)("%s: an answer of the wrong shape is an error, never nothing", (service) => {
  const layout = LAYOUTS[service];
  const validList = () => layout.listOf([layout.record("id-1", "ann@example.com")]);

  it.each(HOSTILE_NAMES)("a list answered with %s is an error naming the request, not an empty list", async (name) => {
    const answer: HostileAnswer = HOSTILE_ANSWERS[name]!;
    const { context } = await hostileServer(service, { list: (res) => answer(res, validList()) });
    const error = await refusal(layout.firstPage(context), service, `GET ${layout.list}`);
    expect(error.message).toMatch(/answered 20[04] with /);
  });

  it.each(HOSTILE_NAMES)("a create whose lookup reads %s stops before any write", async (name) => {
    const answer: HostileAnswer = HOSTILE_ANSWERS[name]!;
    const { server, context } = await hostileServer(service, { list: (res) => answer(res, layout.emptyList) });
    await refusal((await createdBy(service, context)).run, service, `GET ${layout.list}`);
    expect(writes(server)).toEqual([]);
  });

  it.each(HOSTILE_NAMES)("a read whose answer is %s fails instead of reading the record as gone", async (name) => {
    const answer: HostileAnswer = HOSTILE_ANSWERS[name]!;
    if (service === "rollout") {
      // A Rollout read is answered by the team list (one GET /users serves every read).
      const { context } = await hostileServer(service, { list: (res) => answer(res, layout.emptyList) });
      const provider = rolloutUserProvider(context, rollout);
      await refusal(provider.read("ann@example.com", { email: "ann@example.com", name: "ann@example.com", teamAdmin: false, applications: {} }), service, "GET /users");
      // And the GET of one member.
      const one = await hostileServer(service, { list: (res) => sendJson(res, 200, []), get: (res) => answer(res, layout.record("", "ann@example.com")) });
      await refusal(one.context.service(rollout).api.getUser("ann@example.com"), service, "GET /users/ann%40example.com");
      return;
    }
    // The list holds nobody, so the reader asks for the record itself: that GET's answer decides.
    const { server, context } = await hostileServer(service, { list: (res) => sendJson(res, 200, layout.emptyList), get: (res) => answer(res, layout.record("id-1", "ann@example.com")) });
    const provider = crmPersonProvider(context, CRMS, { warn: () => {} });
    const props = { crm: service, givenName: "Ann", familyName: "Doe", emails: ["ann@example.com"] } as unknown as CrmPersonOutputs;
    await refusal(provider.read("id-1", props), service, `GET ${layout.list}/id-1`);
    expect(server.calls.map((c) => c.url.split("?")[0])).toContain(`${layout.base}${layout.list}/id-1`);
  });

  it("a list item without its id is an error naming the item", async () => {
    const { context } = await hostileServer(service, { list: (res) => sendJson(res, 200, layout.listOf([{ name: "no id" }])) });
    const error = await refusal(layout.firstPage(context), service, `GET ${layout.list}`);
    expect(error.message).toContain("item 0: no `");
  });
});

describe.each(CRM_SERVICES)("%s: adopt and `drift --unmanaged` never list nobody", (service) => {
  const layout = LAYOUTS[service];
  it.each(HOSTILE_NAMES)("adopt's read and the unmanaged listing fail on %s", async (name) => {
    const answer: HostileAnswer = HOSTILE_ANSWERS[name]!;
    const { context } = await hostileServer(service, { list: (res) => answer(res, layout.listOf([layout.record("id-1", "ann@example.com")])) });
    const options = { managed: { records: new Set<string>(), notes: new Set<string>() }, progress: () => {}, warn: () => {} };
    await refusal(readCrm(context, service, options), service, `GET ${layout.list}`);
    await refusal(listLive(context, service), service, `GET ${layout.list}`);
  });
});

describe("rollout: adopt and `drift --unmanaged` never list nobody", () => {
  it.each(HOSTILE_NAMES)("adopt's read and the unmanaged listing fail on %s", async (name) => {
    const answer: HostileAnswer = HOSTILE_ANSWERS[name]!;
    const { context } = await hostileServer("rollout", { list: (res) => answer(res, []) });
    const options = { managed: { records: new Set<string>(), notes: new Set<string>() }, progress: () => {}, warn: () => {} };
    await refusal(readMembers(context, "rollout", options), "rollout", "GET /users");
    await refusal(listLive(context, "rollout"), "rollout", "GET /users");
  });
});

describe("the other reads fail closed too", () => {
  it.each(HOSTILE_NAMES)("RolloutTeam: a read whose team list is %s fails instead of finding nobody to remove", async (name) => {
    const answer: HostileAnswer = HOSTILE_ANSWERS[name]!;
    const { server, context } = await hostileServer("rollout", { list: (res) => answer(res, []) });
    const team = rolloutTeamProvider(context, rollout);
    await refusal(team.read("rollout-team", { members: ["ann@example.com"], keep: [], notInCode: [] }), "rollout", "GET /users");
    await refusal(team.update("rollout-team", { members: ["ann@example.com"], keep: [], notInCode: ["bob@example.com"] }, { members: ["ann@example.com"], keep: [] }), "rollout", "GET /users");
    expect(writes(server)).toEqual([]);
  });

  it.each(HOSTILE_NAMES)("RogerRoger: a person's notes list answered with %s is an error, not 'no notes'", async (name) => {
    const answer: HostileAnswer = HOSTILE_ANSWERS[name]!;
    const { context } = await hostileServer("rogerroger", { list: (res) => sendJson(res, 200, LAYOUTS.rogerroger.emptyList), get: (res) => answer(res, { member: [], totalItems: 0 }) });
    await refusal(context.service(rogerroger).api.listNotes("p1"), "rogerroger", "GET /people/p1/notes");
  });

  it.each(HOSTILE_NAMES)("the Universal CRM: a credentials list answered with %s is an error naming it, not 'no credential is connected'", async (name) => {
    const answer: HostileAnswer = HOSTILE_ANSWERS[name]!;
    const server = await startScriptedServer((req, res) => (req.url.startsWith("/api/credentials") ? answer(res, [{ id: "cred-1" }]) : sendJson(res, 200, LAYOUTS.rolloutCrm.emptyList)));
    servers.push(server);
    const context = contextAt(server.origin, "rolloutCrm", undefined, { "rolloutCrm:credentialId": undefined });
    await refusal(context.service(rolloutCrm).api.listPeople(), "rolloutCrm", "GET /credentials");
    expect(server.calls.map((c) => c.url)).toEqual(["/api/credentials"]);
  });
});

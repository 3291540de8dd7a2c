/**
 * The providers are safe under every answer the sources allow for a record that may not be
 * there (issue 24, item 4). Only a 404 on a GET or DELETE of one record means "gone" (the
 * APIs document it); Outseta's sources also allow 400 (its spec: "invalid parameters or Uid
 * format") and 405 (a recorded fixture: "Could not convert hash ... to long") for a Uid that
 * does not decode, and a proxy may say 410. Each of those is an error naming the record,
 * for every CRM and for notes: read as "gone", a refresh would drop a live person from the
 * state and the next `up` create it twice; a delete would leave it behind unnoticed.
 *
 * And the page size is the API's: a server that pages by fewer than asked, or says nothing
 * of its page size, still has every record read.
 */
import type { ServerResponse } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { personNoteProvider } from "../../../provider/crm/note/provider";
import type { PersonNoteOutputs } from "../../../provider/crm/note/types";
import { crmPersonProvider } from "../../../provider/crm/person/provider";
import type { CrmPersonOutputs } from "../../../provider/crm/types";
import { CRMS } from "../../../provider/services";
import { sendJson, startScriptedServer, type RecordedRequest, type ScriptedServer } from "../../support/scriptedServer";
import { testContext } from "../../support/services";

let server: ScriptedServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

interface Crm {
  readonly name: "outseta" | "rogerroger" | "rolloutCrm";
  /** The config of a provider pointed at `origin`. */
  config(origin: string): Record<string, string>;
  /** The path of one person, as the provider sends it. */
  personPath(id: string): string;
  /** True for a request listing people (answered empty or paged). */
  isList(req: RecordedRequest): boolean;
  /** A list answer holding `people` (ids), with the page size the server chose. */
  list(res: ServerResponse, ids: readonly string[], page: { index: number; size: number; total: number; claimedLimit?: number }): void;
  /** The service's error body for `status`. */
  error(status: number): unknown;
  readonly errorType: string;
}

const path = (url: string) => new URL(url, "http://x").pathname;
const query = (url: string) => new URL(url, "http://x").searchParams;

const CRMS_UNDER_TEST: Crm[] = [
  {
    name: "outseta",
    config: (origin) => ({ "outseta:apiKey": "k", "outseta:secretKey": "s", "outseta:apiUrl": `${origin}/api/v1` }),
    personPath: (id) => `/api/v1/crm/people/${id}`,
    isList: (req) => req.method === "GET" && path(req.url) === "/api/v1/crm/people",
    list: (res, ids, { index, total, claimedLimit }) =>
      sendJson(res, 200, { metadata: { ...(claimedLimit === undefined ? {} : { limit: claimedLimit }), offset: index, total }, items: ids.map((Uid) => ({ Uid, Email: `${Uid}@example.com` })) }),
    error: (status) => (status === 405 ? { ErrorMessage: "Could not convert hash x to long", EntityValidationErrors: [] } : { Message: `answer ${status}` }),
    errorType: "application/json; charset=utf-8",
  },
  {
    name: "rogerroger",
    config: (origin) => ({ "rogerroger:apiKey": "k", "rogerroger:apiUrl": origin }),
    personPath: (id) => `/people/${id}`,
    isList: (req) => req.method === "GET" && /^\/people(\/[^/]+\/notes)?$/.test(path(req.url)),
    list: (res, ids, { index, size, total }) => {
      const last = Math.max(1, Math.ceil(total / size));
      const view = last > 1 ? { "@id": `/people?page=${index + 1}`, ...(index + 1 < last ? { next: `/people?page=${index + 2}` } : {}) } : undefined;
      const member = ids.map((id) => ({ "@id": `/people/${id}`, id, familyName: "Doe", emailAddresses: [{ email: `${id}@example.com` }] }));
      sendJson(res, 200, { member, totalItems: total, ...(view ? { view } : {}) }, {}, "application/ld+json; charset=utf-8");
    },
    error: (status) => ({ "@type": "Error", title: "An error occurred", detail: `answer ${status}`, status }),
    errorType: "application/problem+json; charset=utf-8",
  },
  {
    name: "rolloutCrm",
    config: (origin) => ({ "rolloutCrm:authToken": "t", "rolloutCrm:credentialId": "c", "rolloutCrm:apiUrl": `${origin}/api`, "rolloutCrm:credentialsUrl": `${origin}/api` }),
    personPath: (id) => `/api/people/${id}`,
    isList: (req) => req.method === "GET" && path(req.url) === "/api/people",
    list: (res, ids, { index, size, total }) => {
      const next = (index + 1) * size < total ? { next: `cursor-${index + 1}` } : {};
      sendJson(res, 200, { people: ids.map((id) => ({ id, emails: [{ value: `${id}@example.com` }] })), _metadata: { total, ...next } });
    },
    error: (status) => ({ message: `answer ${status}` }),
    errorType: "application/json; charset=utf-8",
  },
];

function providers(crm: Crm, origin: string) {
  const context = testContext(crm.config(origin), { [crm.name]: { pacing: { kind: "none", key: `deleteAnswers-${crm.name}` }, batchMs: 5, retry: { maxAttempts: 1 } } });
  return { people: crmPersonProvider(context, CRMS), notes: personNoteProvider(context, CRMS) };
}

const state = (crm: Crm): CrmPersonOutputs => ({ crm: crm.name, emails: ["ann@example.com"], managedFields: ["emails"] }) as unknown as CrmPersonOutputs;

/** A server listing nobody, answering `status` to every GET or DELETE of one record. */
async function answering(crm: Crm, status: number): Promise<ScriptedServer> {
  return startScriptedServer((req, res) => {
    if (crm.isList(req)) return crm.list(res, [], { index: 0, size: 100, total: 0, claimedLimit: 100 });
    const text = JSON.stringify(crm.error(status));
    res.writeHead(status, { "content-type": crm.errorType, "content-length": Buffer.byteLength(text) });
    res.end(text);
  });
}

const failure = (promise: Promise<unknown>): Promise<unknown> =>
  promise.then(
    () => undefined,
    (err: unknown) => err,
  );

describe.each(CRMS_UNDER_TEST.map((crm) => [crm.name, crm] as const))("%s: the answers for a record that may be gone", (_name, crm) => {
  it.each([
    [400, "DELETE"],
    [405, "DELETE"],
    [410, "DELETE"],
    [400, "GET"],
    [405, "GET"],
    [410, "GET"],
  ] as const)("a %i on %s is an error naming the person, never 'gone' (a refresh keeps it, a delete does not pass)", async (status, method) => {
    server = await answering(crm, status);
    const { people } = providers(crm, server.origin);
    const err = await failure(method === "DELETE" ? people.delete("rec-7Qx", state(crm)) : people.read("rec-7Qx", state(crm)));
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toContain("rec-7Qx");
    expect((err as Error).message).toContain(String(status));
    expect(server.calls.filter((c) => c.method === method && !crm.isList(c)).map((c) => path(c.url))).toEqual([crm.personPath("rec-7Qx")]);
  });

  it("a 404 is 'gone': the delete succeeds, the read answers no id", async () => {
    server = await answering(crm, 404);
    const { people } = providers(crm, server.origin);
    await expect(people.delete("rec-7Qx", state(crm))).resolves.toBeUndefined();
    expect((await people.read("rec-7Qx", state(crm))).id).toBeUndefined();
  });
});

describe("rogerroger notes: the same answers", () => {
  const rogerroger = CRMS_UNDER_TEST.find((c) => c.name === "rogerroger")!;
  const note = { crm: "rogerroger", personId: "p-1", title: "t" } as unknown as PersonNoteOutputs;

  it.each([400, 405, 410])("a %i on DELETE or GET of a note is an error naming it", async (status) => {
    server = await answering(rogerroger, status);
    const { notes } = providers(rogerroger, server.origin);
    for (const call of [() => notes.delete("note-9", note), () => notes.read("note-9", note)]) {
      const err = await failure(call());
      expect(err).toBeInstanceOf(Error);
      expect((err as Error).message).toContain("/people/p-1/notes/note-9");
      expect((err as Error).message).toContain(String(status));
    }
  });

  it("a 404 is 'gone'", async () => {
    server = await answering(rogerroger, 404);
    const { notes } = providers(rogerroger, server.origin);
    await expect(notes.delete("note-9", note)).resolves.toBeUndefined();
    expect((await notes.read("note-9", note)).id).toBeUndefined();
  });
});

describe.each(CRMS_UNDER_TEST.map((crm) => [crm.name, crm] as const))("%s: the page size is the server's", (_name, crm) => {
  const ids = Array.from({ length: 60 }, (_, i) => `id${String(i).padStart(2, "0")}`);

  /** A server paging `ids` by `size` whatever was asked, its answer claiming `claimedLimit`; GETs of one record 404. */
  function paging(size: number, claimedLimit: number | undefined) {
    return startScriptedServer((req, res) => {
      if (!crm.isList(req)) return sendJson(res, 404, crm.error(404));
      const q = query(req.url);
      const index = crm.name === "outseta" ? Number(q.get("offset") ?? 0) : crm.name === "rogerroger" ? Number(q.get("page") ?? 1) - 1 : Number((q.get("next") ?? "cursor-0").slice(7));
      crm.list(res, ids.slice(index * size, index * size + size), { index, size, total: ids.length, claimedLimit });
    });
  }

  it.each<[number, number | undefined]>([
    [7, 7],
    [7, undefined],
    [25, undefined],
    [25, 100], // Outseta's metadata.limit echoing the 100 asked while its page holds 25
  ])("pages of %i, fewer than asked (metadata.limit: %s): a refresh reads every person from the pages, none as gone", async (size, claimedLimit) => {
    server = await paging(size, claimedLimit);
    const { people } = providers(crm, server.origin);
    const reads = await Promise.all(ids.map((id) => people.read(id, state(crm))));
    expect(reads.map((r) => r.id)).toEqual(ids);
    const lists = server.calls.filter((c) => crm.isList(c)).length;
    expect(lists).toBe(Math.ceil(ids.length / size));
    // Every person came from the pages: no single GET, so none was taken for gone by a short page.
    expect(server.calls.length).toBe(lists);
  });
});

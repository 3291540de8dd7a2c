/**
 * Bounded paging (issue 22, item 5), against a hostile server on loopback: a `next` that
 * points back to itself, a server that ignores the cursor and answers the same page, pages
 * that go on past the total the API announced, and pages that never end. Every walk (the
 * API's pages, a create's lookup, adopt's read and the `drift --unmanaged` listing) stops
 * with an error naming the request after a bounded number of requests. (A self-referencing
 * `view.next` was followed 409,146 times by one `pulumi up`.)
 */
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { listLive, readCrm } from "../../cli/adopt/sources";
import { crmPersonProvider } from "../../provider/crm/person/provider";
import type { CrmPersonInputs } from "../../provider/crm/types";
import { ApiError } from "../../provider/http/errors";
import { resetSharedHttp } from "../../provider/http/registry";
import type { ProviderContext } from "../../provider/plugin";
import type { Page } from "../../provider/reads/pagedReader";
import { MAX_PAGES } from "../../provider/reads/pagingGuard";
import { outseta, rogerroger, rolloutCrm } from "../../provider/registry";
import { CRMS, type CrmName } from "../../provider/services";
import { checked } from "../support/crm";
import { sendJson, startScriptedServer, type ScriptedServer } from "../support/scriptedServer";
import { contextAt } from "../support/hostile";

const servers: ScriptedServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});
afterAll(async () => {
  await resetSharedHttp();
});

/** Page `n` (1-based) of a hostile list: the ids it holds, the next it announces, the total it claims. */
type PageScript = (n: number) => { ids: string[]; next: string | undefined; total: number | undefined };

/** Each CRM's list answer of a scripted page, and how it names the page asked for. */
const CRMS_PAGED: Record<CrmName, { base: string; list: string; pageAsked(query: URLSearchParams): number; body(page: ReturnType<PageScript>): unknown; walk(c: ProviderContext): Promise<Page<unknown>> }> = {
  rogerroger: {
    base: "",
    list: "/people",
    pageAsked: (q) => Number(q.get("page") ?? "1"),
    body: ({ ids, next, total }) => ({
      member: ids.map((id) => ({ "@id": `/people/${id}`, id, familyName: "Doe" })),
      ...(total === undefined ? {} : { totalItems: total }),
      ...(next === undefined ? {} : { view: { next } }),
    }),
    walk: (c) => c.service(rogerroger).api.listPeople(1),
  },
  outseta: {
    base: "/api/v1",
    list: "/crm/people",
    pageAsked: (q) => Number(q.get("offset") ?? "0") + 1,
    // Outseta announces no next page: the client pages on while pages are full (or below the total).
    body: ({ ids, total }) => ({ metadata: { limit: 100, ...(total === undefined ? {} : { total }) }, items: ids.map((id) => ({ Uid: id, Email: `${id}@example.com` })) }),
    walk: (c) => c.service(outseta).api.listPeople(0),
  },
  rolloutCrm: {
    base: "/api",
    list: "/people",
    pageAsked: (q) => (q.get("next") === null ? 1 : Number(q.get("next")!.replace(/\D/g, "")) || 1),
    body: ({ ids, next, total }) => ({ _metadata: { ...(total === undefined ? {} : { total }), ...(next === undefined ? {} : { next }) }, people: ids.map((id) => ({ id })) }),
    walk: (c) => c.service(rolloutCrm).api.listPeople(),
  },
};

async function pagedServer(crm: CrmName, script: PageScript): Promise<{ server: ScriptedServer; context: ProviderContext }> {
  const layout = CRMS_PAGED[crm];
  const server = await startScriptedServer((req, res) => {
    const url = new URL(req.url, "http://x");
    if (req.method === "GET" && url.pathname === layout.base + layout.list) return sendJson(res, 200, layout.body(script(layout.pageAsked(url.searchParams))));
    sendJson(res, 500, { message: `unexpected ${req.method} ${req.url}` });
  });
  servers.push(server);
  const context = contextAt(server.origin, crm, { maxAttempts: 1 });
  return { server, context };
}

/** Follows every page, as adopt and the lookups do. */
async function walkAll(first: Promise<Page<unknown>>): Promise<number> {
  let items = 0;
  for (let page: Page<unknown> | undefined = await first; page; page = page.next ? await page.next() : undefined) items += page.items.length;
  return items;
}

async function stopped(run: Promise<unknown>, crm: CrmName): Promise<string> {
  const error = await run.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error, "the walk should have stopped with an error").toBeInstanceOf(ApiError);
  const message = (error as ApiError).message;
  expect(message).toContain(`${crm}: GET ${CRMS_PAGED[crm].list}`);
  expect(message).toContain("paging stopped");
  return message;
}

const full = (n: number): string[] => Array.from({ length: 100 }, (_, i) => `p${n}-${i}`);

/** The hostile lists of each CRM, with the most requests a walk may send before it stops. */
const LOOPS: Record<CrmName, Array<{ name: string; script: PageScript; requests: number; says: RegExp }>> = {
  rogerroger: [
    { name: "a view.next that points back to its own page", script: () => ({ ids: ["a"], next: "/people?itemsPerPage=30&page=1", total: 100 }), requests: 1, says: /already read \(a paging loop\)/ },
    { name: "the same page whatever page is asked", script: (n) => ({ ids: ["a", "b"], next: `/people?page=${n + 1}`, total: undefined }), requests: 2, says: /same 2 record\(s\) as page page=1/ },
    { name: "next pages past the announced total", script: (n) => ({ ids: [`p${n}`], next: `/people?page=${n + 1}`, total: 3 }), requests: 3, says: /reach the total of 3/ },
    { name: "an empty page that announces another", script: (n) => ({ ids: [], next: `/people?page=${n + 1}`, total: undefined }), requests: 1, says: /no record and yet a next page/ },
    { name: "pages that never end", script: (n) => ({ ids: [`p${n}`], next: `/people?page=${n + 1}`, total: undefined }), requests: MAX_PAGES, says: /after 1000 pages/ },
  ],
  outseta: [
    { name: "the same full page whatever offset is asked", script: () => ({ ids: full(0), next: undefined, total: 1_000_000 }), requests: 2, says: /same 100 record\(s\) as page offset=0/ },
    { name: "full pages that never end, with no total", script: (n) => ({ ids: full(n), next: undefined, total: undefined }), requests: MAX_PAGES, says: /after 1000 pages/ },
  ],
  rolloutCrm: [
    { name: "a next cursor that points back to the page it came with", script: (n) => ({ ids: [`p${n}`], next: n === 1 ? "c2" : `c${n}`, total: undefined }), requests: 2, says: /already read \(a paging loop\)/ },
    { name: "cursors that cycle", script: (n) => ({ ids: [`p${n}`], next: `c${(n % 3) + 1}`, total: undefined }), requests: 4, says: /already read \(a paging loop\)/ },
    { name: "the same page under fresh cursors", script: (n) => ({ ids: ["a"], next: `c${n + 1}`, total: undefined }), requests: 2, says: /same 1 record\(s\)/ },
    { name: "next pages past the announced total", script: (n) => ({ ids: [`p${n}`], next: `c${n + 1}`, total: 1 }), requests: 1, says: /reach the total of 1/ },
    { name: "pages that never end", script: (n) => ({ ids: [`p${n}`], next: `c${n + 1}`, total: undefined }), requests: MAX_PAGES, says: /after 1000 pages/ },
  ],
};

const CASES = (Object.keys(LOOPS) as CrmName[]).flatMap((crm) => LOOPS[crm].map((loop) => ({ crm, ...loop })));

describe("every walk through a list is bounded", () => {
  it.each(CASES)("$crm: $name stops the walk with an error naming the request", async ({ crm, script, requests, says }) => {
    const { server, context } = await pagedServer(crm, script);
    expect(await stopped(walkAll(CRMS_PAGED[crm].walk(context)), crm)).toMatch(says);
    expect(server.calls.length).toBeLessThanOrEqual(requests);
  });

  it.each(CASES.filter((c) => c.requests < MAX_PAGES))("$crm: $name stops adopt's read and the unmanaged listing", async ({ crm, script, requests }) => {
    const { server, context } = await pagedServer(crm, script);
    const options = { managed: { records: new Set<string>(), notes: new Set<string>() }, progress: () => {}, warn: () => {} };
    await stopped(readCrm(context, crm, options), crm);
    await stopped(listLive(context, crm), crm);
    expect(server.calls.length).toBeLessThanOrEqual(2 * requests);
  });

  // Outseta's lookup of a create in a large account is one `?Email=` request: no walk to stop.
  it.each(CASES.filter((c) => c.requests < MAX_PAGES && c.crm !== "outseta"))("$crm: $name stops a create's lookup, which then writes nothing", async ({ crm, script }) => {
    const { server, context } = await pagedServer(crm, script);
    const provider = crmPersonProvider(context, CRMS, { warn: () => {} });
    const inputs = await checked<CrmPersonInputs>(provider, { crm, givenName: "Ann", familyName: "Doe", emails: ["ann@example.com"] });
    await stopped(provider.create(inputs), crm);
    expect(server.calls.filter((c) => c.method !== "GET")).toEqual([]);
  });

  it("a walk of a well-behaved list reads every page once", async () => {
    const { server, context } = await pagedServer("rogerroger", (n) => ({ ids: [`p${n}`], next: n < 3 ? `/people?page=${n + 1}` : undefined, total: 3 }));
    expect(await walkAll(CRMS_PAGED.rogerroger.walk(context))).toBe(3);
    expect(server.calls).toHaveLength(3);
  });
});

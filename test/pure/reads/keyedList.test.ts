/** The choice between a key filter and the whole list for natural-key lookups (provider/reads/keyedList.ts). */
import { afterEach, describe, expect, it, vi } from "vitest";
import { KeyLookup } from "../../../provider/core/keyLookup";
import { keyedListSource } from "../../../provider/reads/keyedList";
import type { Page } from "../../../provider/reads/pagedReader";

interface Rec {
  id: string;
  email: string;
}

/** An API over `records`: pages of `pageSize`, a filter of `keysPerRequest` keys; every request logged. */
function fakeApi(records: Rec[], opts: { pageSize: number; keysPerRequest: number; uniqueKeys: boolean }) {
  const requests: string[] = [];
  const page = (n: number): Page<Rec> => {
    requests.push(`page ${n}`);
    const items = records.slice(n * opts.pageSize, (n + 1) * opts.pageSize);
    return { items, total: records.length, next: (n + 1) * opts.pageSize < records.length ? async () => page(n + 1) : undefined };
  };
  const source = keyedListSource<Rec>({
    firstPage: async () => page(0),
    findByKeys: async (keys) => {
      expect(keys.length).toBeLessThanOrEqual(opts.keysPerRequest);
      requests.push(`filter ${keys.join(",")}`);
      return records.filter((r) => keys.includes(r.email));
    },
    ...opts,
    keysOf: (r) => [r.email],
    idOf: (r) => r.id,
  });
  return { source, requests, lookup: new KeyLookup<Rec>(source, { batchMs: 1 }) };
}

const people = (n: number, prefix = "p"): Rec[] => Array.from({ length: n }, (_, i) => ({ id: `${prefix}${i}`, email: `${prefix}${i}@x.io` }));
const rogerroger = { pageSize: 30, keysPerRequest: 30, uniqueKeys: false };
const outseta = { pageSize: 100, keysPerRequest: 1, uniqueKeys: true };

describe("keyedListSource", () => {
  afterEach(() => vi.useRealTimers());

  it("a new stack in a small account: the first lookup lists the page, which answers every later create too", async () => {
    for (const api of [rogerroger, outseta]) {
      const { lookup, requests } = fakeApi(people(5, "old"), api);
      expect(await lookup.find("new0@x.io")).toEqual([]); // alone: no other key announced yet
      for (let i = 1; i < 10; i++) expect(await lookup.find(`new${i}@x.io`)).toEqual([]);
      expect(await lookup.find("old3@x.io")).toEqual([{ id: "old3", email: "old3@x.io" }]);
      expect(requests).toEqual(["page 0"]);
    }
  });

  it("one new record among 1,000 in use costs one lookup", async () => {
    for (const api of [rogerroger, outseta]) {
      const { lookup, requests } = fakeApi(people(1000), api);
      for (let i = 0; i < 1000; i++) lookup.inUse();
      expect(await lookup.find("new@x.io")).toEqual([]);
      expect(requests).toEqual(["filter new@x.io"]);
    }
  });

  it("RogerRoger: a filter request asked for one e-mail carries the announced ones (up to 30)", async () => {
    const { lookup, requests } = fakeApi(people(1000), rogerroger);
    lookup.inUse();
    const announced = Array.from({ length: 40 }, (_, i) => `p${i * 10}@x.io`);
    for (const e of announced) lookup.announce(e);
    // 40 e-mails wanted, more than one filter request takes: the first page tells the size
    // (1,000: 34 pages), then one filter request for the e-mail waited for, filled up with 29 announced ones.
    const found = await lookup.find(announced[0]!);
    expect(found).toEqual([{ id: "p0", email: "p0@x.io" }]);
    expect(requests).toEqual(["page 0", `filter ${announced.slice(0, 30).join(",")}`]);
    requests.length = 0;
    for (const e of announced.slice(0, 30)) await lookup.find(e);
    expect(requests).toEqual([]);
    for (const e of announced) expect(await lookup.find(e)).toEqual([{ id: e.split("@")[0], email: e }]);
    expect(requests).toEqual([`filter ${announced.slice(30).join(",")}`]);
  });

  it("after the TTL ends a whole list kept current by this process's creates, its size (not the old page's total) decides", async () => {
    vi.useFakeTimers();
    const records: Rec[] = [];
    const { lookup, requests } = fakeApi(records, rogerroger);
    const first = lookup.find("a@x.io");
    await vi.advanceTimersByTimeAsync(1);
    expect(await first).toEqual([]);
    expect(requests).toEqual(["page 0"]); // an empty account: every later key is answered
    for (const r of people(80, "c")) {
      records.push(r);
      lookup.written(r); // this process's creates keep the whole list current
    }
    await vi.advanceTimersByTimeAsync(31_000); // the TTL ends it
    const next = lookup.find("z@x.io");
    await vi.advanceTimersByTimeAsync(1);
    await next;
    // 80 people: 3 pages, against one filter request (the empty first page would have said 1 page).
    expect(requests).toEqual(["page 0", "filter z@x.io"]);
  });

  it("RogerRoger: a person on the first page does not settle an e-mail others may hold too", async () => {
    const records = [...people(40), { id: "dup", email: "p0@x.io" }];
    const { lookup, requests } = fakeApi(records, rogerroger);
    for (let i = 0; i < 31; i++) lookup.announce(`q${i}@x.io`);
    lookup.inUse();
    const found = await lookup.find("p0@x.io");
    expect(found.map((r) => r.id).sort()).toEqual(["dup", "p0"]);
    expect(requests[0]).toBe("page 0");
  });

  it("Outseta: once the size is known, the list when it costs no more than one request per e-mail", async () => {
    const { lookup, requests } = fakeApi(people(450), outseta); // 5 pages
    for (let i = 0; i < 3; i++) lookup.announce(`n${i}@x.io`);
    // Unknown size, nothing in use: the first page; 4 pages left > 3 e-mails: key by key
    // (a `?Email=` request has no room for the announced ones).
    await lookup.find("n0@x.io");
    expect(requests).toEqual(["page 0", "filter n0@x.io"]);
    requests.length = 0;
    await Promise.all([lookup.find("n1@x.io"), lookup.find("n2@x.io")]);
    expect(requests).toEqual(["filter n1@x.io", "filter n2@x.io"]); // 2 e-mails < 5 pages
    requests.length = 0;
    lookup.invalidate();
    for (let i = 0; i < 5; i++) lookup.announce(`m${i}@x.io`);
    await lookup.find("m0@x.io"); // 5 e-mails wanted, 5 pages: the list, which answers later ones too
    expect(requests).toEqual(["page 0", "page 1", "page 2", "page 3", "page 4"]);
    for (let i = 1; i < 5; i++) await lookup.find(`m${i}@x.io`);
    await lookup.find("later@x.io");
    expect(requests).toHaveLength(5);
  });
});

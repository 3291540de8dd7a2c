import { describe, expect, it } from "vitest";
import { PagedReader, type Page, type PagedSource } from "../../../provider/reads/pagedReader";

interface Rec {
  id: string;
}

/** A list of `n` records r0..r{n-1}, pages of `size`, counting every call. */
function source(n: number, size: number, options: { missingFromList?: string[] } = {}) {
  const records = Array.from({ length: n }, (_, i) => ({ id: `r${i}` }));
  const listed = records.filter((r) => !options.missingFromList?.includes(r.id));
  const calls: string[] = [];
  const page = async (i: number): Promise<Page<Rec>> => {
    calls.push(`page ${i}`);
    const items = listed.slice(i * size, i * size + size);
    return { items, total: listed.length, next: (i + 1) * size < listed.length ? () => page(i + 1) : undefined };
  };
  const src: PagedSource<Rec> = {
    firstPage: () => page(0),
    getOne: async (id) => {
      calls.push(`get ${id}`);
      return records.find((r) => r.id === id);
    },
    keyOf: (r) => r.id,
    pageSize: size,
  };
  return { src, calls };
}

describe("PagedReader", () => {
  it("reads a lone record from page 1 when it is there: the price of one GET", async () => {
    const { src, calls } = source(100, 30);
    expect(await new PagedReader(src, { batchMs: 1 }).get("r7")).toEqual({ id: "r7" });
    expect(calls).toEqual(["page 0"]);
  });

  it("reads a lone record further down a long list with one GET after page 1, not more pages", async () => {
    const { src, calls } = source(3000, 30);
    expect(await new PagedReader(src, { batchMs: 1 }).get("r2042")).toEqual({ id: "r2042" });
    expect(calls).toEqual(["page 0", "get r2042"]);
  });

  it("serves a batch from one page when it holds them all", async () => {
    const { src, calls } = source(20, 30);
    const reader = new PagedReader(src, { batchMs: 5 });
    const got = await Promise.all(["r1", "r5", "r19"].map((id) => reader.get(id)));
    expect(got.map((r) => r?.id)).toEqual(["r1", "r5", "r19"]);
    expect(calls).toEqual(["page 0"]);
    // Later reads are served from what the page showed.
    expect(await reader.get("r7")).toEqual({ id: "r7" });
    expect(calls).toEqual(["page 0"]);
  });

  it("keeps collecting reads that arrive a little apart into one batch", async () => {
    const { src, calls } = source(20, 30);
    const reader = new PagedReader(src, { batchMs: 20 });
    const reads: Promise<Rec | undefined>[] = [];
    for (const id of ["r1", "r2", "r3", "r4"]) {
      reads.push(reader.get(id));
      await new Promise((resolve) => setTimeout(resolve, 8));
    }
    expect((await Promise.all(reads)).map((r) => r?.id)).toEqual(["r1", "r2", "r3", "r4"]);
    expect(calls).toEqual(["page 0"]);
  });

  it("pages through when the pages left are no more than the records missing", async () => {
    const { src, calls } = source(90, 30); // 3 pages
    const reader = new PagedReader(src, { batchMs: 5 });
    const ids = ["r0", "r40", "r50", "r70", "r89"];
    const got = await Promise.all(ids.map((id) => reader.get(id)));
    expect(got.map((r) => r?.id)).toEqual(ids);
    expect(calls).toEqual(["page 0", "page 1", "page 2"]);
  });

  it("reads one by one when paging would cost more", async () => {
    const { src, calls } = source(3000, 30); // 100 pages
    const reader = new PagedReader(src, { batchMs: 5 });
    await Promise.all(["r0", "r2000", "r2999"].map((id) => reader.get(id)));
    expect(calls.sort()).toEqual(["get r2000", "get r2999", "page 0"]);
  });

  it("confirms a record missing from the list with its own read: only a 404 means gone", async () => {
    const { src, calls } = source(10, 30, { missingFromList: ["r3"] });
    const reader = new PagedReader(src, { batchMs: 5 });
    const [a, b, gone] = await Promise.all([reader.get("r1"), reader.get("r3"), reader.get("nope")]);
    expect([a?.id, b?.id, gone]).toEqual(["r1", "r3", undefined]);
    expect(calls).toEqual(["page 0", "get r3", "get nope"]);
  });

  it("forgets what it saw after a write", async () => {
    const { src, calls } = source(5, 30);
    const reader = new PagedReader(src, { batchMs: 5 });
    await Promise.all([reader.get("r1"), reader.get("r2")]);
    reader.invalidate();
    await reader.get("r1");
    // A new session: page 1 again, not the records seen before the write.
    expect(calls).toEqual(["page 0", "page 0"]);
  });

  it("expires what it saw", async () => {
    let now = 0;
    const { src, calls } = source(5, 30);
    const reader = new PagedReader(src, { batchMs: 5, ttlMs: 1000, now: () => now });
    await Promise.all([reader.get("r1"), reader.get("r2")]);
    now = 2000;
    await reader.get("r1");
    expect(calls).toEqual(["page 0", "page 0"]);
  });

  it("fails every read of a batch whose page failed, and recovers", async () => {
    const { src } = source(5, 30);
    let fail = true;
    const flaky: PagedSource<Rec> = { ...src, firstPage: () => (fail ? Promise.reject(new Error("boom")) : src.firstPage()) };
    const reader = new PagedReader(flaky, { batchMs: 5 });
    const results = await Promise.allSettled([reader.get("r1"), reader.get("r2")]);
    expect(results.map((r) => r.status)).toEqual(["rejected", "rejected"]);
    fail = false;
    expect(await Promise.all([reader.get("r1"), reader.get("r2")])).toEqual([{ id: "r1" }, { id: "r2" }]);
  });
});

/**
 * Reads `ids` the way the engine does at `--parallel p`: at most `p` reads outstanding,
 * the next one sent as soon as one finishes (p = Infinity: all at once).
 */
async function readLikeTheEngine(reader: PagedReader<Rec>, ids: string[], p: number): Promise<(Rec | undefined)[]> {
  const results: (Rec | undefined)[] = new Array(ids.length);
  let next = 0;
  const worker = async () => {
    while (next < ids.length) {
      const i = next++;
      results[i] = await reader.get(ids[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(p, ids.length) }, worker));
  return results;
}

describe("PagedReader: a refresh costs the pages of the list, whatever --parallel is (issue #14)", () => {
  const ids = (n: number) => Array.from({ length: n }, (_, i) => `r${i}`);

  it.each([1, 4, 16, Number.POSITIVE_INFINITY])("200 records in pages of 30 at --parallel %s: 7 list requests, no single GET", async (p) => {
    const { src, calls } = source(200, 30);
    const reader = new PagedReader(src, { batchMs: 1 });
    const got = await readLikeTheEngine(reader, ids(200), p);
    expect(got.map((r) => r?.id)).toEqual(ids(200));
    expect(calls).toEqual(["page 0", "page 1", "page 2", "page 3", "page 4", "page 5", "page 6"]);
  });

  it.each([1, 4, Number.POSITIVE_INFINITY])("in any order at --parallel %s: each page at most once, and never more than N + 1 requests", async (p) => {
    const n = 120;
    const { src, calls } = source(n, 30);
    const reader = new PagedReader(src, { batchMs: 1 });
    // A fixed shuffle, so a failure reproduces.
    const order = ids(n).sort((a, b) => ((Number(a.slice(1)) * 7919) % 127) - ((Number(b.slice(1)) * 7919) % 127));
    const got = await readLikeTheEngine(reader, order, p);
    expect(got.map((r) => r?.id)).toEqual(order);
    const pages = calls.filter((c) => c.startsWith("page"));
    expect(new Set(pages).size).toBe(pages.length);
    expect(pages.length).toBe(4);
    expect(calls.length).toBeLessThanOrEqual(n + 1);
    // Once the reads asked for outnumber the pages left, the rest are paged, not read one by one.
    expect(calls.length).toBeLessThanOrEqual(2 * 4 + 1);
  });

  it("1,000 records in pages of 100 read last-listed first at --parallel 8: the 10 pages and one GET, not 8", async () => {
    // The engine's first 8 reads are all on the last page; 9 pages left > 8 records asked, so
    // paging does not pay yet. One of them is read on its own (rule 5); its answer lets the
    // engine ask for a ninth record, and then the pages pay for the rest.
    const { src, calls } = source(1000, 100);
    const reader = new PagedReader(src, { batchMs: 1 });
    const order = ids(1000).reverse();
    const got = await readLikeTheEngine(reader, order, 8);
    expect(got.map((r) => r?.id)).toEqual(order);
    expect(calls.filter((c) => c.startsWith("page"))).toHaveLength(10);
    expect(calls.filter((c) => c.startsWith("get"))).toHaveLength(1);
  });

  it("resources checked first (the drift report's refresh runs the program) count as reads to come: pages from the first batch", async () => {
    // 1,000 records in pages of 30 read at --parallel 10, last-listed first: without the
    // hint, the first reads are single GETs until 33 records are asked (measured: 34 pages
    // and 10 GETs for the drift report).
    const order = ids(1000).reverse();
    const hinted = source(1000, 30);
    const reader = new PagedReader(hinted.src, { batchMs: 1 });
    for (let i = 0; i < 1000; i++) reader.inUse();
    expect((await readLikeTheEngine(reader, order, 10)).map((r) => r?.id)).toEqual(order);
    expect(hinted.calls).toHaveLength(34);
    expect(hinted.calls.every((c) => c.startsWith("page"))).toBe(true);

    const plain = source(1000, 30);
    await readLikeTheEngine(new PagedReader(plain.src, { batchMs: 1 }), order, 10);
    expect(plain.calls.filter((c) => c.startsWith("get")).length).toBeGreaterThan(0);
  });

  it("a few resources in use in a long list: still their own GETs", async () => {
    const { src, calls } = source(3000, 30);
    const reader = new PagedReader(src, { batchMs: 1 });
    for (let i = 0; i < 4; i++) reader.inUse();
    await readLikeTheEngine(reader, ["r500", "r1500", "r2500", "r2999"], 1);
    expect(calls).toEqual(["page 0", "get r500", "get r1500", "get r2500", "get r2999"]);
  });

  it("a few records of a long list: their own GETs (plus the session's page 1)", async () => {
    const { src, calls } = source(3000, 30);
    const reader = new PagedReader(src, { batchMs: 1 });
    await readLikeTheEngine(reader, ["r500", "r1500", "r2500", "r2999"], 1);
    expect(calls).toEqual(["page 0", "get r500", "get r1500", "get r2500", "get r2999"]);
  });

  it("overlapping batches never load a page twice, and a later batch resumes where the pages stopped", async () => {
    const { src, calls } = source(90, 30);
    const reader = new PagedReader(src, { batchMs: 2 });
    const first = Promise.all(["r0", "r1", "r2"].map((id) => reader.get(id)));
    await new Promise((resolve) => setTimeout(resolve, 15));
    const second = Promise.all(["r31", "r61", "r62"].map((id) => reader.get(id)));
    expect((await Promise.all([first, second])).flat().map((r) => r?.id)).toEqual(["r0", "r1", "r2", "r31", "r61", "r62"]);
    expect(calls).toEqual(["page 0", "page 1", "page 2"]);
  });

  it("still reads a record that left the list on its own before calling it gone, after all pages", async () => {
    const { src, calls } = source(60, 30, { missingFromList: ["r45"] });
    const reader = new PagedReader(src, { batchMs: 1 });
    const got = await readLikeTheEngine(reader, [...ids(60), "gone"], 1);
    expect(got.at(-1)).toBeUndefined();
    expect(got[45]).toEqual({ id: "r45" });
    expect(calls).toEqual(["page 0", "page 1", "get r45", "get gone"]);
  });
});

describe("PagedReader: a second read of the same record", () => {
  it("is its own GET, not the page's copy (whoever reads twice wants what changed since)", async () => {
    const { src, calls } = source(10, 30);
    const reader = new PagedReader(src, { batchMs: 1 });
    await Promise.all([reader.get("r1"), reader.get("r2")]);
    expect(await reader.get("r2")).toEqual({ id: "r2" });
    expect(await reader.get("r3")).toEqual({ id: "r3" }); // not asked before: from the page
    expect(calls).toEqual(["page 0", "get r2"]);
  });
});

describe("PagedReader under a rate limit: a refresh that outlasts the records' 30 s still costs about its pages", () => {
  it("1,000 records in pages of 30 at --parallel 8, each request paced 3.3 s (RogerRoger's 20 a minute, less a margin)", async () => {
    const { src, calls } = source(1000, 30);
    let now = 0;
    // The pacer: every request waits for its slot, and the clock moves on by the interval.
    const paced: PagedSource<Rec> = {
      ...src,
      firstPage: async () => {
        now += 3300;
        const page = await src.firstPage();
        const pace = (p: Page<Rec>): Page<Rec> => ({ ...p, next: p.next ? async () => ((now += 3300), pace(await p.next!())) : undefined });
        return pace(page);
      },
      getOne: async (id) => {
        now += 3300;
        return src.getOne(id);
      },
    };
    const reader = new PagedReader(paced, { batchMs: 1, ttlMs: 30_000, now: () => now });
    // The engine's order is not the list's (adopt sorts by name; the list is by creation).
    const order = Array.from({ length: 1000 }, (_, i) => `r${i}`).sort((a, b) => ((Number(a.slice(1)) * 7919) % 1009) - ((Number(b.slice(1)) * 7919) % 1009));
    const got = await readLikeTheEngine(reader, order, 8);
    expect(got.map((r) => r?.id)).toEqual(order);
    const pages = calls.filter((c) => c.startsWith("page"));
    const gets = calls.filter((c) => c.startsWith("get"));
    // Each page once; the single reads are those made before the pages paid (about the pages left).
    expect(new Set(pages).size).toBe(pages.length);
    expect(pages).toHaveLength(34);
    expect(gets.length).toBeLessThanOrEqual(34);
    // Before the session kept its records while in use: 986 single GETs (page 1 expired first).
    console.log(`paced refresh of 1,000 in the engine's order: ${pages.length} pages, ${gets.length} single GETs`);
  });
});

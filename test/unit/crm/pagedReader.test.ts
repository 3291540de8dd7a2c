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
  it("reads a single record with one GET", async () => {
    const { src, calls } = source(100, 30);
    expect(await new PagedReader(src, { batchMs: 1 }).get("r42")).toEqual({ id: "r42" });
    expect(calls).toEqual(["get r42"]);
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
    expect(calls).toEqual(["page 0", "get r1"]);
  });

  it("expires what it saw", async () => {
    let now = 0;
    const { src, calls } = source(5, 30);
    const reader = new PagedReader(src, { batchMs: 5, ttlMs: 1000, now: () => now });
    await Promise.all([reader.get("r1"), reader.get("r2")]);
    now = 2000;
    await reader.get("r1");
    expect(calls).toEqual(["page 0", "get r1"]);
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

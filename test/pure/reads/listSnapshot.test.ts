/** One list answers many reads and checks, and stays while a paced run keeps using it (provider/reads/listSnapshot.ts). */
import { describe, expect, it } from "vitest";
import { ListSnapshot } from "../../../provider/reads/listSnapshot";

function fixture(ttlMs = 30_000, maxAgeMs?: number) {
  let clock = 0;
  let loads = 0;
  const server = new Map<string, string>([["a", "A1"]]);
  const snapshot = new ListSnapshot<string>(
    async () => {
      loads += 1;
      return new Map(server);
    },
    { ttlMs, now: () => clock, maxAgeMs },
  );
  return {
    snapshot,
    server,
    loads: () => loads,
    advance: (ms: number) => {
      clock += ms;
    },
  };
}

describe("ListSnapshot", () => {
  it("answers reads that arrive together with one load", async () => {
    const f = fixture();
    const answers = await Promise.all([f.snapshot.get("a"), f.snapshot.get("b"), f.snapshot.get("a")]);
    expect(answers).toEqual(["A1", undefined, "A1"]);
    expect(f.loads()).toBe(1);
  });

  it("keeps its own writes without a new load", async () => {
    const f = fixture();
    await f.snapshot.get("a");
    f.snapshot.put("b", "B1");
    f.snapshot.remove("a");
    expect(await f.snapshot.get("b")).toBe("B1");
    expect(await f.snapshot.get("a")).toBeUndefined();
    expect(f.loads()).toBe(1);
    f.snapshot.invalidate();
    expect(await f.snapshot.get("a")).toBe("A1");
    expect(f.loads()).toBe(2);
  });

  it("serves a paced run that outlasts ttlMs with one load: 100 creates one second apart", async () => {
    const f = fixture(30_000);
    for (let i = 0; i < 100; i++) {
      expect(await f.snapshot.get(`new${i}`)).toBeUndefined();
      f.advance(1_000);
      f.snapshot.put(`new${i}`, "created");
    }
    // 100 s after the load, three times ttlMs: before, a new list every 30 s (4 more loads).
    expect(f.loads()).toBe(1);
  });

  it("expires after ttlMs of idleness, so a long-running process sees others' changes", async () => {
    const f = fixture(30_000);
    await f.snapshot.get("a");
    f.server.set("a", "A2");
    f.advance(29_000);
    expect(await f.snapshot.get("a")).toBe("A1");
    f.advance(31_000);
    expect(await f.snapshot.get("a")).toBe("A2");
    expect(f.loads()).toBe(2);
  });

  it("expires after maxAgeMs however busy it is", async () => {
    const f = fixture(30_000, 120_000);
    await f.snapshot.get("a");
    f.server.set("a", "A2");
    for (let t = 0; t < 120_000; t += 10_000) {
      f.advance(10_000);
      expect(await f.snapshot.get("a")).toBe("A1");
    }
    f.advance(10_000);
    expect(await f.snapshot.get("a")).toBe("A2");
    expect(f.loads()).toBe(2);
  });

  it("does not keep a failed load", async () => {
    let fail = true;
    const snapshot = new ListSnapshot<string>(async () => {
      if (fail) throw new Error("down");
      return new Map([["a", "A"]]);
    });
    await expect(snapshot.get("a")).rejects.toThrow("down");
    fail = false;
    expect(await snapshot.get("a")).toBe("A");
  });
});

/** The natural-key lookups shared between creates (provider/core/keyLookup.ts). */
import { afterEach, describe, expect, it, vi } from "vitest";
import { RunActivity } from "../../../provider/core/freshness";
import { KeyLookup, type KeyedAnswer, type LoadRequest } from "../../../provider/core/keyLookup";

interface Rec {
  id: string;
  email: string;
}

function source(records: Rec[], options: { all?: boolean; delayMs?: number } = {}) {
  const loads: string[][] = [];
  let release: (() => void) | undefined;
  const lookup = new KeyLookup<Rec>(
    {
      async load({ keys }): Promise<KeyedAnswer<Rec>> {
        loads.push(keys);
        const snapshot = [...records];
        if (options.delayMs) await new Promise<void>((r) => (release = r));
        if (options.all) return { all: snapshot };
        return { byKey: new Map(keys.map((k) => [k, snapshot.filter((r) => r.email === k)])) };
      },
      keysOf: (r) => [r.email],
      idOf: (r) => r.id,
    },
    { batchMs: 5 },
  );
  return { lookup, loads, release: () => release?.() };
}

describe("KeyLookup", () => {
  it("answers the keys asked together with one load, and later keys of a whole list without one", async () => {
    const { lookup, loads } = source([{ id: "1", email: "a@x.io" }], { all: true });
    const [a, b, c] = await Promise.all([lookup.find("a@x.io"), lookup.find("b@x.io"), lookup.find("a@x.io")]);
    expect(a).toEqual([{ id: "1", email: "a@x.io" }]);
    expect(b).toEqual([]);
    expect(c).toEqual(a);
    expect(await lookup.find("z@x.io")).toEqual([]);
    expect(loads).toEqual([["a@x.io", "b@x.io"]]);
  });

  it("keeps answers current through this process's writes instead of loading again", async () => {
    const { lookup, loads } = source([{ id: "1", email: "a@x.io" }]);
    expect(await lookup.find("b@x.io")).toEqual([]);
    lookup.written({ id: "2", email: "b@x.io" });
    expect(await lookup.find("b@x.io")).toEqual([{ id: "2", email: "b@x.io" }]);
    lookup.written({ id: "2", email: "c@x.io" }); // an update moved the e-mail
    expect(await lookup.find("b@x.io")).toEqual([]);
    lookup.deleted("2");
    expect(loads).toHaveLength(1);
    lookup.invalidate(); // a write whose outcome is unknown: ask again
    await lookup.find("b@x.io");
    expect(loads).toHaveLength(2);
  });

  it("a write made while a load is in flight is never hidden by the older answer", async () => {
    const { lookup, loads, release } = source([], { all: true, delayMs: 1 });
    const pending = lookup.find("a@x.io");
    await new Promise((r) => setTimeout(r, 20)); // the load has started, from before the write
    expect(loads).toHaveLength(1);
    lookup.written({ id: "9", email: "a@x.io" });
    release();
    expect(await pending).toEqual([{ id: "9", email: "a@x.io" }]);
    expect(await lookup.find("a@x.io")).toEqual([{ id: "9", email: "a@x.io" }]);
  });

  it("keys asked while a load is in flight wait for it: a whole list answers them without a second load", async () => {
    const { lookup, loads, release } = source([{ id: "1", email: "b@x.io" }], { all: true, delayMs: 1 });
    const a = lookup.find("a@x.io");
    await new Promise((r) => setTimeout(r, 20)); // the first load is in flight
    const b = lookup.find("b@x.io");
    await new Promise((r) => setTimeout(r, 20)); // b's batch window has passed
    release();
    expect(await a).toEqual([]);
    expect(await b).toEqual([{ id: "1", email: "b@x.io" }]);
    expect(loads).toEqual([["a@x.io"]]);
  });

  it("hands a record to one resource only", () => {
    const { lookup } = source([]);
    expect(lookup.claim("1")).toBe(true);
    expect(lookup.taken("1")).toBe(true);
    expect(lookup.claim("1")).toBe(false);
  });

  it("a failed load fails its callers and is not kept", async () => {
    let fail = true;
    const lookup = new KeyLookup<Rec>(
      {
        async load() {
          if (fail) throw new Error("boom");
          return { all: [] };
        },
        keysOf: (r) => [r.email],
        idOf: (r) => r.id,
      },
      { batchMs: 1 },
    );
    await expect(lookup.find("a@x.io")).rejects.toThrow("boom");
    fail = false;
    expect(await lookup.find("a@x.io")).toEqual([]);
  });
});

describe("KeyLookup hints (keys announced by check before their creates)", () => {
  afterEach(() => vi.useRealTimers());

  function hinted() {
    const requests: LoadRequest[] = [];
    const lookup = new KeyLookup<Rec>(
      {
        async load(request) {
          requests.push(request);
          // Answers what was asked and fills the request up with hints, as a filter of several keys does.
          return { byKey: new Map(), settled: request.hints };
        },
        keysOf: (r) => [r.email],
        idOf: (r) => r.id,
      },
      { batchMs: 50, ttlMs: 30_000 },
    );
    return { lookup, requests };
  }

  it("hands the announced keys to the next load, which may answer them: the later creates need no request", async () => {
    vi.useFakeTimers();
    const { lookup, requests } = hinted();
    for (const k of ["a@x.io", "b@x.io", "c@x.io"]) lookup.announce(k);
    lookup.inUse();
    const a = lookup.find("a@x.io");
    await vi.advanceTimersByTimeAsync(50);
    expect(await a).toEqual([]);
    expect(requests).toEqual([{ keys: ["a@x.io"], hints: ["b@x.io", "c@x.io"], inUse: 1 }]);
    // b and c arrive much later than the batch window: answered without a request.
    await vi.advanceTimersByTimeAsync(5_000);
    expect(await lookup.find("b@x.io")).toEqual([]);
    expect(await lookup.find("c@x.io")).toEqual([]);
    expect(requests).toHaveLength(1);
  });

  it("never loads for hints alone, and drops hints older than the TTL", async () => {
    vi.useFakeTimers();
    const { lookup, requests } = hinted();
    lookup.announce("old@x.io");
    await vi.advanceTimersByTimeAsync(60_000);
    expect(requests).toHaveLength(0); // a hint is never a request
    lookup.announce("new@x.io");
    const p = lookup.find("z@x.io");
    await vi.advanceTimersByTimeAsync(50);
    await p;
    expect(requests.map((r) => r.hints)).toEqual([["new@x.io"]]);
  });

  it("a key announced after it was answered is not a hint; a lost create's lookup after invalidate() asks afresh", async () => {
    vi.useFakeTimers();
    const { lookup, requests } = hinted();
    const p = lookup.find("a@x.io");
    await vi.advanceTimersByTimeAsync(50);
    await p;
    lookup.announce("a@x.io"); // already answered: nothing to hint
    lookup.invalidate(); // a create of a@x.io had an unknown outcome
    const again = lookup.find("a@x.io");
    await vi.advanceTimersByTimeAsync(50);
    await again;
    expect(requests.map((r) => [r.keys, r.hints])).toEqual([
      [["a@x.io"], []],
      [["a@x.io"], []],
    ]);
  });
});

describe("KeyLookup: how long answers serve", () => {
  function clocked(options: { ttlMs: number; maxAgeMs?: number }) {
    const start = 1_000_000;
    let now = start;
    const loads: number[] = [];
    const lookup = new KeyLookup<Rec>(
      {
        async load(): Promise<KeyedAnswer<Rec>> {
          loads.push(now - start);
          return { all: [] };
        },
        keysOf: (r) => [r.email],
        idOf: (r) => r.id,
      },
      { batchMs: 1, now: () => now, ...options },
    );
    return { lookup, loads, advance: (ms: number) => (now += ms) };
  }

  it("while creates keep coming (a paced run longer than the TTL), a whole list is loaded once", async () => {
    const { lookup, loads, advance } = clocked({ ttlMs: 30_000 });
    // 100 creates, one a second as Rollout's limit spaces them: each looks up, then writes.
    for (let i = 0; i < 100; i++) {
      expect(await lookup.find(`u${i}@x.io`)).toEqual([]);
      lookup.written({ id: String(i), email: `u${i}@x.io` });
      advance(1_000);
    }
    expect(loads).toEqual([0]);
    // What this process wrote is answered from the list it kept current.
    expect(await lookup.find("u7@x.io")).toEqual([{ id: "7", email: "u7@x.io" }]);
  });

  it("expires answers after the TTL of idleness, and after the maximum age however busy", async () => {
    const idle = clocked({ ttlMs: 30_000 });
    await idle.lookup.find("a@x.io");
    idle.advance(31_000);
    await idle.lookup.find("b@x.io");
    expect(idle.loads).toEqual([0, 31_000]);

    const busy = clocked({ ttlMs: 30_000, maxAgeMs: 120_000 });
    for (let t = 0; t <= 130_000; t += 10_000) {
      await busy.lookup.find(`k${t}@x.io`);
      busy.advance(10_000);
    }
    expect(busy.loads).toEqual([0, 130_000]);
  });
});

describe("KeyLookup: the answers of one service serve while the run goes on in another", () => {
  // One `up` of Rollout members and RogerRoger people: Rollout's paced creates hold the
  // --parallel slots, so the RogerRoger creates came more than the TTL apart and their last
  // lookup paid a request again (102 requests for 100 creates, floor 101).
  function twoServices(run?: RunActivity) {
    let now = 1_000_000;
    const loads = { paced: 0, other: 0 };
    const lookup = (name: keyof typeof loads) =>
      new KeyLookup<Rec>(
        {
          async load(): Promise<KeyedAnswer<Rec>> {
            loads[name] += 1;
            return { all: [] };
          },
          keysOf: (r) => [r.email],
          idOf: (r) => r.id,
        },
        { batchMs: 1, ttlMs: 30_000, now: () => now, run },
      );
    return { paced: lookup("paced"), other: lookup("other"), loads, advance: (ms: number) => (now += ms) };
  }

  async function interleaved(f: ReturnType<typeof twoServices>) {
    await f.other.find("first@x.io");
    f.other.written({ id: "o0", email: "first@x.io" });
    for (let i = 0; i < 60; i++) {
      await f.paced.find(`p${i}@x.io`);
      f.paced.written({ id: `p${i}`, email: `p${i}@x.io` });
      f.advance(1_000);
    }
    return f.other.find("last@x.io");
  }

  it("sharing the process's run: one load each, however far apart one service's creates come", async () => {
    const f = twoServices(new RunActivity());
    expect(await interleaved(f)).toEqual([]);
    expect(f.loads).toEqual({ paced: 1, other: 1 });
  });

  it("without it, the idle service's answers expire after the TTL (what the run activity is for)", async () => {
    const f = twoServices();
    expect(await interleaved(f)).toEqual([]);
    expect(f.loads).toEqual({ paced: 1, other: 2 });
  });

  it("once the whole run is idle for the TTL, every answer expires", async () => {
    const f = twoServices(new RunActivity());
    await interleaved(f);
    f.advance(31_000);
    await f.other.find("again@x.io");
    await f.paced.find("again@x.io");
    expect(f.loads).toEqual({ paced: 2, other: 2 });
  });
});

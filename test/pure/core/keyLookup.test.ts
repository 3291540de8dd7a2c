/** The natural-key lookups shared between creates (provider/core/keyLookup.ts). */
import { describe, expect, it } from "vitest";
import { KeyLookup, type KeyedAnswer } from "../../../provider/core/keyLookup";

interface Rec {
  id: string;
  email: string;
}

function source(records: Rec[], options: { all?: boolean; delayMs?: number } = {}) {
  const loads: string[][] = [];
  let release: (() => void) | undefined;
  const lookup = new KeyLookup<Rec>(
    {
      async load(keys): Promise<KeyedAnswer<Rec>> {
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

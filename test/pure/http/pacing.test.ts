import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { FakeClock } from "../../../provider/http/clock";
import { Limiter, pacingForShare } from "../../../provider/http/pacing";
import { MemoryScheduleStore } from "../../../provider/http/pacingStore";

/** Runs `n` concurrent acquires and returns each caller's start time, relative to t0. */
async function startTimes(limiter: Limiter, clock: FakeClock, n: number): Promise<number[]> {
  const t0 = clock.now();
  const times: number[] = [];
  await Promise.all(
    Array.from({ length: n }, async () => {
      await limiter.acquire();
      times.push(clock.now() - t0);
    }),
  );
  return times.sort((a, b) => a - b);
}

describe("Limiter, interval mode (Rollout: 1 request/s per IP)", () => {
  it("spaces concurrent starts by the interval, in call order", async () => {
    const clock = new FakeClock();
    const limiter = new Limiter({ kind: "interval", intervalMs: 1100 }, clock);
    expect(await startTimes(limiter, clock, 5)).toEqual([0, 1100, 2200, 3300, 4400]);
    expect(clock.sleeps).toEqual([1100, 2200, 3300, 4400]);
  });

  it("does not wait when the last start is long past", async () => {
    const clock = new FakeClock();
    const limiter = new Limiter({ kind: "interval", intervalMs: 1100 }, clock);
    await limiter.acquire();
    clock.advance(5000);
    await limiter.acquire();
    expect(clock.sleeps).toEqual([]);
  });
});

describe("Limiter, sliding window mode", () => {
  it("allows `limit` starts per window, then waits for the oldest to leave it", async () => {
    const clock = new FakeClock();
    const limiter = new Limiter({ kind: "window", limit: 3, windowMs: 1000 }, clock);
    expect(await startTimes(limiter, clock, 7)).toEqual([0, 0, 0, 1000, 1000, 1000, 2000]);
  });

  it("property: no window ever holds more than `limit` starts, starts are in call order and never early", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 10, max: 2000 }),
        fc.array(fc.integer({ min: 0, max: 1500 }), { minLength: 1, maxLength: 40 }),
        (limit, windowMs, gaps) => {
          const clock = new FakeClock(0);
          const limiter = new Limiter({ kind: "window", limit, windowMs }, clock);
          const starts: number[] = [];
          for (const gap of gaps) {
            clock.advance(gap);
            const slot = limiter.reserve();
            expect(slot).toBeGreaterThanOrEqual(clock.now());
            starts.push(slot);
          }
          for (let i = 1; i < starts.length; i++) expect(starts[i]).toBeGreaterThanOrEqual(starts[i - 1]);
          // Any `limit + 1` consecutive starts span at least one full window.
          for (let i = limit; i < starts.length; i++) expect(starts[i] - starts[i - limit]).toBeGreaterThanOrEqual(windowMs);
        },
      ),
    );
  });

  it("property: interval mode keeps every pair of starts `intervalMs` apart", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 3000 }), fc.array(fc.integer({ min: 0, max: 4000 }), { maxLength: 30 }), (intervalMs, gaps) => {
        const clock = new FakeClock(0);
        const limiter = new Limiter({ kind: "interval", intervalMs }, clock);
        let previous = Number.NEGATIVE_INFINITY;
        for (const gap of gaps) {
          clock.advance(gap);
          const slot = limiter.reserve();
          expect(slot - previous).toBeGreaterThanOrEqual(intervalMs);
          expect(slot).toBeGreaterThanOrEqual(clock.now());
          previous = slot;
        }
      }),
    );
  });
});

describe("Limiter.pauseUntil", () => {
  it("holds back every caller, in every mode", async () => {
    for (const config of [{ kind: "none" } as const, { kind: "window", limit: 10, windowMs: 1000 } as const]) {
      const clock = new FakeClock();
      const limiter = new Limiter(config, clock);
      limiter.pauseUntil(clock.now() + 3000);
      expect(await startTimes(limiter, clock, 2)).toEqual([3000, 3000]);
    }
  });
});

it("rejects nonsense configurations", () => {
  const clock = new FakeClock();
  expect(() => new Limiter({ kind: "window", limit: 0, windowMs: 1000 }, clock)).toThrow(/limit/);
  expect(() => new Limiter({ kind: "interval", intervalMs: -1 }, clock)).toThrow(/intervalMs/);
});

describe("Limiter: the requests actually sent", () => {
  it("holds a caller whose slot came, when the request before it was sent late (a busy machine)", async () => {
    const clock = new FakeClock(0);
    const store = new MemoryScheduleStore();
    const limiter = new Limiter({ kind: "interval", intervalMs: 1100 }, clock, store);
    expect(limiter.reserve()).toBe(0); // promised at 0 ...
    store.update((s) => s.sent.push(300)); // ... but sent at 300, by a caller that woke late
    await limiter.acquire(); // promised 1100
    expect(clock.now()).toBe(1400);
    expect(store.update((s) => [...s.sent])).toEqual([1400]);
  });

  it("keeps the next request its distance from when the previous one was really written", async () => {
    const clock = new FakeClock(0);
    const store = new MemoryScheduleStore();
    const limiter = new Limiter({ kind: "interval", intervalMs: 1100 }, clock, store);
    const start = await limiter.acquire();
    clock.advance(250); // connecting and loading code before the first write
    limiter.sent(start);
    await limiter.acquire();
    expect(clock.now()).toBe(1350);
  });

  it("records every request sent, the ones that did not wait included", async () => {
    const clock = new FakeClock(0);
    const store = new MemoryScheduleStore();
    const limiter = new Limiter({ kind: "window", limit: 2, windowMs: 1000 }, clock, store);
    await limiter.acquire();
    await limiter.acquire();
    await limiter.acquire();
    expect(store.update((s) => [...s.sent])).toEqual([0, 1000]);
    expect(clock.now()).toBe(1000);
  });
});

describe("pacingForShare (rollout:maxApiShare and the like)", () => {
  it("spaces a one-per-period limit by period / share", () => {
    expect(pacingForShare({ requests: 1, perMs: 1000 }, 1)).toEqual({ kind: "interval", intervalMs: 1000 });
    expect(pacingForShare({ requests: 1, perMs: 1000 }, 0.5)).toEqual({ kind: "interval", intervalMs: 2000 });
  });

  it("allows the share of a window limit, rounded down, at least one", () => {
    expect(pacingForShare({ requests: 20, perMs: 60_000 }, 0.9)).toEqual({ kind: "window", limit: 18, windowMs: 60_000 });
    expect(pacingForShare({ requests: 50, perMs: 1000 }, 0.8)).toEqual({ kind: "window", limit: 40, windowMs: 1000 });
    expect(pacingForShare({ requests: 4, perMs: 1000 }, 0.1)).toEqual({ kind: "window", limit: 1, windowMs: 1000 });
  });

  it("property: no documented window ever holds more than the share (at least one request)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100 }), fc.integer({ min: 100, max: 60_000 }), fc.double({ min: 0.01, max: 1, noNaN: true }), (requests, perMs, share) => {
        const pacing = pacingForShare({ requests, perMs }, share);
        const allowed = Math.max(1, Math.floor(requests * share + 1e-9));
        if (pacing.kind === "window") expect(pacing.limit / Math.max(1, pacing.windowMs / perMs)).toBeLessThanOrEqual(allowed);
        else expect(pacing.kind === "interval" && pacing.intervalMs >= perMs).toBe(true);
      }),
    );
  });

  it("refuses a share outside (0, 1]", () => {
    for (const bad of [0, -0.5, 1.5, Number.NaN]) expect(() => pacingForShare({ requests: 20, perMs: 60_000 }, bad)).toThrow(/share/);
  });
});

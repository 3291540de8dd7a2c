/** How long kept answers serve (provider/core/freshness.ts). */
import { describe, expect, it } from "vitest";
import { Freshness, RunActivity } from "../../../provider/core/freshness";

describe("Freshness", () => {
  function clock() {
    const c = { t: 0, now: () => c.t };
    return c;
  }

  it("serves ttlMs after the load, then only while used at most ttlMs ago", () => {
    const c = clock();
    const f = new Freshness({ ttlMs: 30, now: c.now });
    c.t = 30;
    expect(f.serves(0)).toBe(true);
    c.t = 31;
    expect(f.serves(0)).toBe(false);
    c.t = 25;
    f.used();
    c.t = 55;
    expect(f.serves(0)).toBe(true);
    c.t = 56;
    expect(f.serves(0)).toBe(false);
  });

  it("another user of the same run keeps it serving, up to maxAgeMs", () => {
    const c = clock();
    const run = new RunActivity();
    const mine = new Freshness({ ttlMs: 30, maxAgeMs: 100, now: c.now, run });
    const theirs = new Freshness({ ttlMs: 30, maxAgeMs: 100, now: c.now, run });
    for (c.t = 0; c.t <= 100; c.t += 10) {
      theirs.used();
      expect(mine.serves(0)).toBe(true);
    }
    c.t = 101;
    theirs.used();
    expect(mine.serves(0)).toBe(false);
  });

  it("answers loaded before a pause of the whole run do not come back when it resumes", () => {
    const c = clock();
    const run = new RunActivity(30);
    const mine = new Freshness({ ttlMs: 30, now: c.now, run });
    const theirs = new Freshness({ ttlMs: 30, now: c.now, run });
    c.t = 20;
    theirs.used();
    c.t = 60;
    theirs.used(); // 40 after the last use: a new stretch
    c.t = 75;
    theirs.used();
    c.t = 80;
    expect(mine.serves(0)).toBe(false);
    expect(mine.serves(40)).toBe(true); // still serving by age (until 70) when the new stretch began
  });

  it("maxAgeMs is never below ttlMs", () => {
    expect(new Freshness({ ttlMs: 50, maxAgeMs: 10 }).maxAgeMs).toBe(50);
    expect(new Freshness().maxAgeMs).toBe(600_000);
  });
});

import { afterEach, expect, it } from "vitest";
import { FakeClock } from "../../../provider/http/clock";
import { resetSharedHttp, sharedAgent, sharedLimiter } from "../../../provider/http/registry";

afterEach(resetSharedHttp);

it("shares one Agent per service and origin", () => {
  const a = sharedAgent("rollout", "https://x-api.rollout.io");
  expect(sharedAgent("rollout", "https://x-api.rollout.io")).toBe(a);
  expect(sharedAgent("rollout", "http://127.0.0.1:4101")).not.toBe(a);
  expect(sharedAgent("outseta", "https://x-api.rollout.io")).not.toBe(a);
});

it("shares one Limiter per key; the first configuration wins", () => {
  const clock = new FakeClock();
  const limiter = sharedLimiter("rogerroger", { kind: "window", limit: 18, windowMs: 60_000 }, clock);
  expect(sharedLimiter("rogerroger", { kind: "none" }, new FakeClock())).toBe(limiter);
  expect(limiter.config).toEqual({ kind: "window", limit: 18, windowMs: 60_000 });
});

it("forgets everything on reset", async () => {
  const agent = sharedAgent("rollout", "https://x-api.rollout.io");
  const limiter = sharedLimiter("rollout", { kind: "interval", intervalMs: 1100 }, new FakeClock());
  await resetSharedHttp();
  expect(sharedAgent("rollout", "https://x-api.rollout.io")).not.toBe(agent);
  expect(sharedLimiter("rollout", { kind: "interval", intervalMs: 1100 }, new FakeClock())).not.toBe(limiter);
});

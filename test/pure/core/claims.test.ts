/**
 * The claims of an update (provider/core/claims.ts) belong to its ProviderContext: one
 * context is one provider process, so one update; nothing carries over to the next context.
 */
import { describe, expect, it } from "vitest";
import { Claims } from "../../../provider/core/claims";
import { testContext } from "../../support/services";

describe("claims", () => {
  it("a second take of a record answers how the first took it; records are told apart by service", () => {
    const claims = new Claims();
    expect(claims.markTaken("rogerroger", "1", "adopted by e-mail")).toBeUndefined();
    expect(claims.markTaken("rogerroger", "1", 'adopted with importId "1"')).toBe("adopted by e-mail");
    expect(claims.takenInThisUpdate("rogerroger", "1")).toBe('adopted with importId "1"');
    expect(claims.takenInThisUpdate("outseta", "1")).toBeUndefined();

    claims.markManaged("outseta", "7");
    expect(claims.isManaged("outseta", "7")).toBe(true);
    expect(claims.isManaged("rogerroger", "7")).toBe(false);
    expect(claims.takenInThisUpdate("outseta", "7")).toBeUndefined(); // managed is not taken
  });

  it("each context starts with none: one update's claims never reach the next", () => {
    const first = testContext({});
    first.claims.markTaken("rogerroger", "1", "adopted by e-mail");
    first.claims.markManaged("rogerroger", "2");

    const next = testContext({});
    expect(next.claims.takenInThisUpdate("rogerroger", "1")).toBeUndefined();
    expect(next.claims.isManaged("rogerroger", "2")).toBe(false);
    expect(first.claims.takenInThisUpdate("rogerroger", "1")).toBe("adopted by e-mail");
  });
});

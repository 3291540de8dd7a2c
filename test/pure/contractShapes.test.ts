/** The replay's comparison: keys and value kinds, not values; placeholders bound from answers. */
import { describe, expect, it } from "vitest";
import { Bindings, evidenceOf, pairItems, shapeDifferences } from "../contract/recording";

describe("contract recordings: shapes", () => {
  it("values never matter, kinds and keys do", () => {
    expect(shapeDifferences({ a: "x", n: 1, l: [{ k: true }] }, { a: "y", n: 2, l: [{ k: false }] }, false)).toEqual([]);
    expect(shapeDifferences({ a: "x" }, { a: 1 }, false)).toEqual(["body.a: recorded string, live number"]);
    expect(shapeDifferences({ a: "x", b: 1 }, { a: "x" }, true)).toEqual(["body.b: recorded, missing live"]);
    expect(shapeDifferences({ a: "x" }, { a: "x", extra: 1 }, false)).toEqual(["body.extra: live, not recorded"]);
    expect(shapeDifferences({ a: "x" }, { a: "x", extra: 1 }, true)).toEqual([]); // partial transcription
    expect(shapeDifferences({ l: [{ k: "s" }] }, { l: [{ k: 2 }] }, false)).toEqual(["body.l[0].k: recorded string, live number"]);
    expect(shapeDifferences({ t: null }, { t: "" }, false)).toEqual([]); // null is a value
    expect(shapeDifferences([], "<html>", false)).toEqual(["body: recorded array, live string"]);
  });

  it("ids are bound from the first answer holding them, then filled into paths and bodies", () => {
    const b = new Bindings("r1");
    expect(b.fill({ Email: "<email>", other: "<email:2>", n: "<name>" })).toEqual({ Email: "contract-r1-1@example.com", other: "contract-r1-2@example.com", n: "Contract Name" });
    b.learn({ items: [{ Uid: "<id:person>" }] }, { items: [{ Uid: "abc123" }] });
    b.learn({ Uid: "<id:person>" }, { Uid: "later" }); // the first binding stays
    expect(b.fill("/crm/people/<id:person>")).toBe("/crm/people/abc123");
    expect(b.fill({ Uid: "<id:person>" })).toEqual({ Uid: "abc123" });
    b.learn({ Uid: "<id:other>" }, { Uid: "abc123" }); // another record's id: not bound twice
    expect(b.fill("/crm/people/<id:other>")).toBe("/crm/people/<id:other>");
  });

  it("list items pair by the values their placeholders stand for, whatever the order live", () => {
    const b = new Bindings("r2");
    const recorded = [
      { Email: "<email:2>", Uid: "<id:bob>" },
      { Email: "<email:1>", Uid: "<id:ann>" },
    ];
    const live = [
      { Email: "contract-r2-1@example.com", Uid: "ANN" },
      { Email: "someone-else@example.com", Uid: "OTHER" },
      { Email: "contract-r2-2@example.com", Uid: "BOB" },
    ];
    expect(pairItems(recorded, live, true, (v) => b.fill(v))).toEqual([2, 0]);
    b.learn(recorded, live);
    expect(b.fill("/people/<id:ann>,<id:bob>")).toBe("/people/ANN,BOB");
    // A bound id is a key too: the item holding it is the partner, not the first of the list.
    expect(pairItems([{ Uid: "<id:bob>", n: 1 }], live, true, (v) => b.fill(v))).toEqual([2]);
  });

  it("list items without a key pair by shape, so an item of another kind elsewhere in the list is no difference", () => {
    expect(shapeDifferences({ l: [{ k: "s" }, { n: 1 }] }, { l: [{ n: 2 }, { k: "t" }] }, false)).toEqual([]);
    expect(shapeDifferences({ l: [{ k: "s" }, { n: 1 }] }, { l: [{ n: 2 }, { k: 3 }] }, false)).toEqual(["body.l[0].k: recorded string, live number"]);
    // Counts are values: more or fewer items live is no difference.
    expect(shapeDifferences({ l: [{ k: "s" }, { k: "t" }] }, { l: [{ k: "u" }] }, false)).toEqual([]);
    expect(shapeDifferences({ l: [{ k: "s" }] }, { l: [] }, false)).toEqual([]);
  });

  it("evidence marks: the whole exchange, or part by part; absent is agreed", () => {
    const request = { method: "GET", path: "/x" };
    const response = { status: 200, contentType: null };
    expect(evidenceOf({ request, response }, "status")).toBe("agreed");
    expect(evidenceOf({ request, response, evidence: "unknown" }, "body")).toBe("unknown");
    expect(evidenceOf({ request, response, evidence: { body: "disputed" } }, "body")).toBe("disputed");
    expect(evidenceOf({ request, response, evidence: { body: "disputed" } }, "status")).toBe("agreed");
  });
});

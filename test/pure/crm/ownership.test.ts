import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { UNKNOWN } from "../../../provider/core/check";
import { deepEqual } from "../../../provider/core/normalize";
import { changedKeys, managedKeys, pick, valueAt, writePlan, type OwnershipSpec } from "../../../provider/crm/ownership";

const SPEC: OwnershipSpec = { fields: ["givenName", "familyName", "emails", "address", "jobTitle"], perMember: "fields" };

describe("ownership: managed keys", () => {
  it("lists set top-level fields and each set native member", () => {
    expect(
      managedKeys({ familyName: "Doe", givenName: undefined, emails: [], address: null, fields: { tags: [], owner: "/users/1", x: undefined } }, SPEC),
    ).toEqual(["familyName", "emails", "fields.owner", "fields.tags"]);
  });

  it("picks only managed values, members one by one", () => {
    const doc = { familyName: "Doe", jobTitle: "CEO", fields: { tags: ["/tags/1"], honorificPrefix: "Dr." } };
    expect(pick(doc, ["familyName", "fields.tags", "givenName"], SPEC)).toEqual({ familyName: "Doe", fields: { tags: ["/tags/1"] } });
    expect(valueAt(doc, "fields.honorificPrefix", SPEC)).toBe("Dr.");
    expect(valueAt(doc, "fields.nope", SPEC)).toBeUndefined();
  });

  it("a member named like a dotted path stays one member", () => {
    const doc = { fields: { "a.b": 1 } };
    expect(managedKeys(doc, SPEC)).toEqual(["fields.a.b"]);
    expect(pick(doc, ["fields.a.b"], SPEC)).toEqual({ fields: { "a.b": 1 } });
  });
});

describe("ownership: changes", () => {
  const olds = { familyName: "Doe", emails: ["a@b.io"], fields: { tags: ["/tags/1"] } };
  const managed = ["familyName", "emails", "fields.tags"];

  it("no change when the program matches the state, whatever else the record holds", () => {
    // jobTitle and honorificPrefix were set by hand: not managed, so neither drift nor cleared.
    const withHandEdits = { ...olds, jobTitle: "Set by hand", fields: { ...olds.fields, honorificPrefix: "Dr." } };
    expect(changedKeys(withHandEdits, managed, olds, SPEC)).toEqual([]);
  });

  it("a managed field changed (by hand or by the program) is a change", () => {
    expect(changedKeys({ ...olds, familyName: "Changed" }, managed, olds, SPEC)).toEqual(["familyName"]);
    expect(changedKeys(olds, managed, { ...olds, fields: { tags: ["/tags/2"] } }, SPEC)).toEqual(["fields.tags"]);
  });

  it("a field the program stops setting is a change (to clear it), once", () => {
    const news = { familyName: "Doe", emails: ["a@b.io"] };
    expect(changedKeys(olds, managed, news, SPEC)).toEqual(["fields.tags"]);
    expect(writePlan(pick(olds, managed, SPEC), pick(news, managedKeys(news, SPEC), SPEC), SPEC)).toEqual({ set: [], clear: ["fields.tags"] });
    // After the update the managed set no longer holds it: no further change.
    expect(changedKeys({ ...news, fields: { tags: ["/tags/9"] } }, managedKeys(news, SPEC), news, SPEC)).toEqual([]);
  });

  it("unknown values are changes", () => {
    expect(changedKeys(olds, managed, { ...olds, familyName: UNKNOWN }, SPEC)).toEqual(["familyName"]);
    expect(changedKeys(olds, managed, { ...olds, emails: [UNKNOWN] }, SPEC)).toEqual(["emails"]);
    expect(changedKeys(olds, managed, { ...olds, fields: UNKNOWN }, SPEC)).toContain("fields");
  });
});

// Documents of managed fields, as the program writes them.
const text = fc.constantFrom("Ann", "Bob", "Doe", "Dr.", "", "x/y");
const docArb = fc.record(
  {
    givenName: text,
    familyName: text,
    emails: fc.array(fc.constantFrom("a@b.io", "c@d.io"), { maxLength: 2 }),
    address: fc.record({ city: text, country: fc.constantFrom("NL", "US") }, { requiredKeys: [] }),
    jobTitle: text,
    fields: fc.dictionary(fc.constantFrom("tags", "owner", "honorificPrefix", "isTracked"), fc.oneof(text, fc.boolean(), fc.array(text, { maxLength: 2 })), {
      maxKeys: 3,
    }),
  },
  { requiredKeys: [] },
);

/** Applies a plan the way a backend writes it: set keys to the program's values, clear the others. */
function applyPlan(before: Record<string, any>, after: Record<string, any>, plan: { set: string[]; clear: string[] }): Record<string, any> {
  const result = structuredClone(before);
  for (const key of plan.clear) {
    if (key.startsWith("fields.")) delete result.fields[key.slice(7)];
    else delete result[key];
  }
  for (const key of plan.set) {
    if (key.startsWith("fields.")) result.fields = { ...result.fields, [key.slice(7)]: after.fields[key.slice(7)] };
    else result[key] = after[key];
  }
  if (result.fields && Object.keys(result.fields).length === 0) delete result.fields;
  return result;
}

describe("ownership: properties", () => {
  it("applying the plan to the state before gives the program's document", () => {
    fc.assert(
      fc.property(docArb, docArb, (b, a) => {
        const before = pick(b, managedKeys(b, SPEC), SPEC);
        const after = pick(a, managedKeys(a, SPEC), SPEC);
        expect(applyPlan(before, after, writePlan(before, after, SPEC))).toEqual(after);
      }),
    );
  });

  it("clears only keys that stopped being managed, and sets only managed keys", () => {
    fc.assert(
      fc.property(docArb, docArb, (b, a) => {
        const plan = writePlan(b, a, SPEC);
        const afterKeys = managedKeys(a, SPEC);
        const beforeKeys = managedKeys(b, SPEC);
        for (const key of plan.clear) expect(beforeKeys.includes(key) && !afterKeys.includes(key)).toBe(true);
        for (const key of plan.set) expect(afterKeys).toContain(key);
      }),
    );
  });

  it("no change gives an empty plan and no changed keys; unmanaged extras never count", () => {
    fc.assert(
      fc.property(docArb, docArb, (doc, extra) => {
        const keys = managedKeys(doc, SPEC);
        expect(writePlan(doc, doc, SPEC)).toEqual({ set: [], clear: [] });
        // The live record may hold anything else (set by hand): only managed keys are compared.
        const live: Record<string, any> = { ...extra, ...pick(doc, keys, SPEC) };
        live.fields = { ...(extra.fields ?? {}), ...(doc.fields ?? {}) };
        expect(changedKeys(live, keys, doc, SPEC)).toEqual([]);
      }),
    );
  });

  it("changedKeys is empty exactly when the managed views are equal and the managed set is the same", () => {
    fc.assert(
      fc.property(docArb, docArb, (olds, news) => {
        const oldKeys = managedKeys(olds, SPEC);
        const newKeys = managedKeys(news, SPEC);
        const same = deepEqual(pick(olds, newKeys, SPEC), pick(news, newKeys, SPEC)) && oldKeys.every((k) => newKeys.includes(k));
        expect(changedKeys(olds, oldKeys, news, SPEC).length === 0).toBe(same);
      }),
    );
  });
});

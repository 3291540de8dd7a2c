import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CRM_DEV_CLIENT_ID, CRM_DEV_CLIENT_SECRET, verifyBearer } from "../../../emulators/rolloutCrm/auth";
import { personView, readInput } from "../../../emulators/rolloutCrm/schema";
import type { JsonValue } from "../../../provider/core/normalize";
import { checkPerson } from "../../../provider/crm/person/check";
import { managedPerson, personManagedKeys } from "../../../provider/crm/ownership";
import type { PersonModel } from "../../../provider/crm/types";
import { MintedToken, signHs512 } from "../../../provider/rolloutCrm/jwt";
import { createBody, personFromApi, updateBody } from "../../../provider/rolloutCrm/mapping";
import { rolloutCrm } from "../../../provider/registry";

describe("Universal CRM token (HS512 JWT)", () => {
  const now = Date.UTC(2025, 0, 1);

  it("is accepted by the emulator's verifier, with sub as the user", () => {
    const token = new MintedToken({ clientId: CRM_DEV_CLIENT_ID, clientSecret: CRM_DEV_CLIENT_SECRET, userId: "user-7", now: () => now }).get();
    expect(verifyBearer(`Bearer ${token}`, now)).toEqual({ ok: true, sub: "user-7" });
    const [header, payload] = token.split(".").slice(0, 2).map((p) => JSON.parse(Buffer.from(p, "base64url").toString()));
    expect(header).toEqual({ alg: "HS512", typ: "JWT" });
    expect(payload).toEqual({ iss: CRM_DEV_CLIENT_ID, sub: "user-7", iat: now / 1000, exp: now / 1000 + 900 });
  });

  it("is refused when signed with another secret or expired", () => {
    const claims = { iss: CRM_DEV_CLIENT_ID, sub: "u", iat: now / 1000, exp: now / 1000 + 60 };
    expect(verifyBearer(`Bearer ${signHs512(claims, "wrong")}`, now)).toMatchObject({ ok: false });
    expect(verifyBearer(`Bearer ${signHs512(claims, CRM_DEV_CLIENT_SECRET)}`, now + 61_000)).toMatchObject({ ok: false, error: "Token expired" });
  });

  it("is minted again only when the current one is about to expire", () => {
    let t = now;
    const minted = new MintedToken({ clientId: "c", clientSecret: "s", userId: "u", lifetimeSeconds: 300, now: () => t });
    const first = minted.get();
    t += 200_000;
    expect(minted.get()).toBe(first);
    t += 60_000;
    expect(minted.get()).not.toBe(first);
  });
});

/** What the emulator answers after storing a body (POST onto {}, PUT onto the stored fields). */
const stored = (fields: Record<string, unknown>) => personView({ id: "p1", created: 0, updated: 0, fields });

const word = fc.constantFrom("Ann", "Doe", "van der Berg", "CEO", "x");
const modelArb: fc.Arbitrary<PersonModel> = fc.record(
  {
    givenName: word,
    familyName: word,
    emails: fc.array(fc.constantFrom("ann@example.com", "a.doe@example.org", "x@y.io"), { maxLength: 3 }),
    phones: fc.array(fc.record({ number: fc.constantFrom("+1 555 0100", "555-0200"), type: fc.constantFrom("mobile", "home") }, { requiredKeys: ["number"] }), { maxLength: 2 }),
    address: fc
      .record({ street: word, city: word, postalCode: fc.constantFrom("1011 AB", "90210"), region: fc.constantFrom("CA", "NH"), country: fc.constantFrom("NL", "US") }, { requiredKeys: [] })
      .filter((a) => Object.keys(a).length > 0),
    jobTitle: word,
    fields: fc.record(
      {
        stage: fc.constantFrom("Lead", "Client"),
        tags: fc.array(fc.constantFrom("vip", "buyer"), { maxLength: 2 }),
        averagePrice: fc.integer({ min: 0, max: 2_000_000 }),
        communicationsConsent: fc.record({ email: fc.boolean(), call: fc.boolean() }, { requiredKeys: [] }),
      },
      { requiredKeys: [] },
    ) as fc.Arbitrary<Record<string, JsonValue>>,
  },
  { requiredKeys: [] },
);

// Models as check() leaves them (consent flags filled in).
const backend = rolloutCrm.person;
const normalized = (m: PersonModel): PersonModel => (m.fields ? { ...m, fields: backend.normalizeFields(m.fields) } : m);

describe("Universal CRM person mapping", () => {
  it("reads the primary entries first and the country as a code", () => {
    const live = personFromApi(
      stored(
        readInput(
          {
            firstName: "Ann",
            emails: [{ value: "Second@Example.com" }, { value: "first@example.com", isPrimary: true }],
            phones: [{ value: "555", type: "mobile", isPrimary: true }],
            addresses: [{ city: "Amsterdam", country: "Netherlands", code: "1011" }],
            communicationsConsent: { email: true },
          },
          {},
        ),
      ),
    );
    expect(live.model).toEqual({
      givenName: "Ann",
      emails: ["first@example.com", "second@example.com"],
      phones: [{ number: "555", type: "mobile" }],
      address: { city: "Amsterdam", postalCode: "1011", country: "NL" },
      fields: { tags: [], contactTypes: [], communicationsConsent: { email: true, call: false, text: false, massEmail: false, postalMail: false, visit: false } },
    });
  });

  it("round-trips what it writes, and applies updates exactly (partial PUT)", () => {
    fc.assert(
      fc.property(modelArb.map(normalized), modelArb.map(normalized), (before, after) => {
        const created = readInput(createBody(before), {});
        const live = personFromApi(stored(created));
        expect(managedPerson(live.model, personManagedKeys(before))).toEqual(managedPerson(before, personManagedKeys(before)));
        const body = updateBody(before, after);
        if (body === undefined) {
          expect(managedPerson(before, personManagedKeys(before))).toEqual(managedPerson(after, personManagedKeys(after)));
          return;
        }
        const updated = personFromApi(stored(readInput(body, { ...created, companyName: "Set by hand" })));
        expect(managedPerson(updated.model, personManagedKeys(after))).toEqual(managedPerson(after, personManagedKeys(after)));
        expect(updated.model.fields?.companyName).toBe("Set by hand");
        for (const [key, value] of Object.entries(body)) if (value === null) expect(createBody(after)[key]).toBeUndefined();
      }),
    );
  });

  it("sends only what changed", () => {
    const before: PersonModel = { givenName: "Ann", emails: ["a@b.io"], fields: { stage: "Lead", source: "Web" } };
    const after: PersonModel = { givenName: "Ann", emails: ["c@d.io", "a@b.io"], fields: { stage: "Client" } };
    expect(updateBody(before, after)).toEqual({
      emails: [
        { value: "c@d.io", isPrimary: true },
        { value: "a@b.io", isPrimary: false },
      ],
      stage: "Client",
      source: null,
    });
  });
});

describe("Universal CRM check", () => {
  const backends = { rolloutCrm: backend };

  it("fills in consent flags", () => {
    const { inputs, failures } = checkPerson({ crm: "rolloutCrm", fields: { communicationsConsent: { email: true } } }, backends);
    expect(failures.list).toEqual([]);
    expect(inputs.fields).toEqual({ communicationsConsent: { email: true, call: false, text: false, massEmail: false, postalMail: false, visit: false } });
  });

  it.each([
    [{ crm: "rolloutCrm", fields: { firstName: "Ann" } }, "fields.firstName"],
    [{ crm: "rolloutCrm", fields: { rating: 5 } }, "fields.rating"],
    [{ crm: "rolloutCrm", fields: { id: "x" } }, "fields.id"],
    [{ crm: "rolloutCrm", fields: { stage: 3 } }, "fields.stage"],
    [{ crm: "rolloutCrm", fields: { tags: "vip" } }, "fields.tags"],
    [{ crm: "rolloutCrm", fields: { communicationsConsent: { fax: true } } }, "fields.communicationsConsent"],
    [{ crm: "rolloutCrm", fields: { favouriteColour: "blue" } }, "fields.favouriteColour"],
  ])("fails %j naming %s", (news, property) => {
    const { failures } = checkPerson(news, backends);
    expect(failures.list.map((f) => f.property)).toContain(property);
  });
});

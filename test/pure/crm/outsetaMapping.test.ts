import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { newPersonBase, readPerson, views } from "../../../emulators/outseta/peopleRoutes";
import { OutsetaStore } from "../../../emulators/outseta/store";
import type { JsonValue } from "../../../provider/core/normalize";
import { checkPerson } from "../../../provider/crm/person/check";
import { managedPerson, personManagedKeys } from "../../../provider/crm/ownership";
import type { PersonModel } from "../../../provider/crm/types";
import { createBody, personFromApi, updateBody } from "../../../provider/outseta/mapping";
import { outseta } from "../../../provider/registry";

/** An Outseta account as the emulator keeps it: create and partial PUT, answered with the person. */
function account() {
  const store = new OutsetaStore();
  return {
    create(body: Record<string, unknown>) {
      const { row, errors } = readPerson(store, body, newPersonBase(store, 0), 0, true);
      expect(errors).toEqual([]);
      store.people.set(row.Uid, row);
      return views(store).standard(row);
    },
    put(uid: string, body: Record<string, unknown>) {
      const { row, errors } = readPerson(store, body, store.people.get(uid)!, 1, false);
      expect(errors).toEqual([]);
      store.people.set(row.Uid, row);
      return views(store).standard(row);
    },
    addresses: () => [...store.people.values()].map((p) => p.address?.Uid),
  };
}

const word = fc.constantFrom("Ann", "Doe", "van der Berg", "CEO", "x");
const modelArb: fc.Arbitrary<PersonModel> = fc.record(
  {
    givenName: word,
    familyName: word,
    emails: fc.constantFrom(["ann@example.com"], ["other@example.org"]),
    phones: fc.constantFrom([], [{ number: "555-0100", type: "mobile" }], [{ number: "555-0200", type: "work" }], [
      { number: "555-0100", type: "mobile" },
      { number: "555-0200", type: "work" },
    ]),
    address: fc
      .record({ street: word, city: word, postalCode: fc.constantFrom("1011 AB", "90210"), region: fc.constantFrom("CA", "Noord-Holland"), country: fc.constantFrom("NL", "US", "TR", "CI") }, { requiredKeys: [] })
      .filter((a) => Object.keys(a).length > 0),
    jobTitle: word,
    fields: fc.record({ Timezone: fc.constantFrom("Europe/Amsterdam", "UTC"), HasUnsubscribed: fc.boolean() }, { requiredKeys: [] }) as fc.Arbitrary<Record<string, JsonValue>>,
  },
  { requiredKeys: ["emails"] },
);

describe("Outseta person mapping", () => {
  it("reads the API's PascalCase view to the model: '' is unset, the country name is an ISO code", () => {
    const live = personFromApi(
      account().create({
        Email: "Ann@Example.com",
        FirstName: "Ann",
        LastName: "",
        PhoneWork: "555",
        MailingAddress: { AddressLine1: "1 Main St", City: "Springfield", State: "IL", Country: "United States of America" },
        Language: "en",
      }),
    );
    expect(live.model).toEqual({
      givenName: "Ann",
      emails: ["ann@example.com"],
      phones: [{ number: "555", type: "work" }],
      address: { street: "1 Main St", city: "Springfield", region: "IL", country: "US" },
      fields: { Language: "en", PasswordMustChange: false, HasUnsubscribed: false, OptInToEmailList: false, IsConnectedToDiscord: false },
    });
    expect(live.refs?.mailingAddressUid).toMatch(/^[A-Za-z0-9]{8}$/);
  });

  it("writes the country's English name", () => {
    expect(createBody({ emails: ["a@b.io"], address: { city: "Istanbul", country: "TR" } })).toEqual({
      Email: "a@b.io",
      MailingAddress: { AddressLine1: null, City: "Istanbul", PostalCode: null, State: null, Country: "Türkiye" },
    });
  });

  it("round-trips what it writes, and applies updates exactly, keeping fields it does not manage", () => {
    fc.assert(
      fc.property(modelArb, modelArb, (before, after) => {
        const crm = account();
        // Language was set by hand: neither program manages it.
        const created = crm.create({ ...createBody(before), Language: "nl" });
        const live = personFromApi(created);
        expect(managedPerson(live.model, personManagedKeys(before))).toEqual(managedPerson(before, personManagedKeys(before)));

        const body = updateBody(before, after, live.refs);
        if (body === undefined) {
          expect(managedPerson(before, personManagedKeys(before))).toEqual(managedPerson(after, personManagedKeys(after)));
          return;
        }
        const updated = personFromApi(crm.put(live.id, body));
        expect(managedPerson(updated.model, personManagedKeys(after))).toEqual(managedPerson(after, personManagedKeys(after)));
        expect(updated.model.fields?.Language).toBe("nl");
        // An edited address keeps its row (same Uid); the Uid is sent only to edit that row.
        if (before.address && after.address) expect(updated.refs?.mailingAddressUid).toBe(live.refs?.mailingAddressUid);
      }),
    );
  });

  it("sends only the changed properties, clearing with '' or null", () => {
    const before: PersonModel = { emails: ["a@b.io"], givenName: "Ann", jobTitle: "CEO", phones: [{ number: "1", type: "mobile" }], fields: { Timezone: "UTC", Language: "en" } };
    const after: PersonModel = { emails: ["a@b.io"], givenName: "Anne", phones: [{ number: "2", type: "work" }], fields: { Timezone: "UTC" } };
    expect(updateBody(before, after, undefined)).toEqual({ FirstName: "Anne", PhoneMobile: "", PhoneWork: "2", Title: "", Language: null });
    expect(updateBody(before, before, undefined)).toBeUndefined();
    expect(updateBody({ emails: ["a@b.io"], address: { city: "A" } }, { emails: ["a@b.io"], address: { city: "B" } }, { mailingAddressUid: "AbCd1234" })).toEqual({
      MailingAddress: { Uid: "AbCd1234", AddressLine1: null, City: "B", PostalCode: null, State: null, Country: null },
    });
  });
});

describe("Outseta check", () => {
  // The backend's check rules alone: they never touch the service.
  const backends = { outseta: outseta.person };

  it("orders phones mobile first", () => {
    const { inputs, failures } = checkPerson({ crm: "outseta", emails: ["a@b.io"], phones: [{ number: "2", type: "work" }, { number: "1", type: "mobile" }] }, backends);
    expect(failures.list).toEqual([]);
    expect(inputs.phones).toEqual([{ number: "1", type: "mobile" }, { number: "2", type: "work" }]);
  });

  it.each([
    [{ crm: "outseta", familyName: "Doe" }, "emails"],
    [{ crm: "outseta", emails: [] }, "emails"],
    [{ crm: "outseta", emails: ["a@b.io", "c@d.io"] }, "emails"],
    [{ crm: "outseta", emails: ["a@b.io"], phones: [{ number: "1" }] }, "phones[0].type"],
    [{ crm: "outseta", emails: ["a@b.io"], phones: [{ number: "1", type: "fax" }] }, "phones[0].type"],
    [{ crm: "outseta", emails: ["a@b.io"], phones: [{ number: "1", type: "work" }, { number: "2", type: "work" }] }, "phones"],
    [{ crm: "outseta", emails: ["a@b.io"], fields: { FirstName: "Ann" } }, "fields.FirstName"],
    [{ crm: "outseta", emails: ["a@b.io"], fields: { Uid: "x" } }, "fields.Uid"],
    [{ crm: "outseta", emails: ["a@b.io"], importId: "not/a uid" }, "importId"],
    [{ crm: "outseta", emails: ["a@b.io"], address: { country: "Netherlands" } }, "address.country"],
  ])("fails %j naming %s", (news, property) => {
    const { failures } = checkPerson(news, backends);
    expect(failures.list.map((f) => f.property)).toContain(property);
  });
});

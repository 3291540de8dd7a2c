import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { deserialize } from "../../../emulators/rogerroger/serializer";
import { NOTE_FIELDS as EMU_NOTE_FIELDS, noteView } from "../../../emulators/rogerroger/schema";
import { PERSON_FIELDS, personView } from "../../../emulators/rogerroger/schema";
import { applyMergePatch } from "../../../provider/core/mergePatch";
import { isJsonObject, type JsonValue } from "../../../provider/core/normalize";
import type { NoteFields } from "../../../provider/crm/note/types";
import { managedPerson, personManagedKeys } from "../../../provider/crm/ownership";
import type { PersonModel } from "../../../provider/crm/types";
import { noteFromApi, notePatch, personFromApi, personPatch, personToApi } from "../../../provider/rogerroger/mapping";

/** What the emulator (and so, we assume, RogerRoger) answers after storing `body`. */
function stored(body: Record<string, unknown>, id = "7d1c6c3e-0000-4000-8000-000000000001") {
  return personView({ id, createdAt: Date.UTC(2025, 0, 1), updatedAt: Date.UTC(2025, 0, 2), addressId: "abc123", fields: deserialize(PERSON_FIELDS, body) });
}

// Models as check() produces them: non-empty strings, lower-case e-mails, upper-case countries.
const word = fc.constantFrom("Ann", "Doe", "van der Berg", "Ö'Brien", "CEO", "x");
const modelArb: fc.Arbitrary<PersonModel> = fc.record(
  {
    givenName: word,
    familyName: word,
    emails: fc.array(fc.constantFrom("ann@example.com", "a.doe@example.org", "x@y.io"), { maxLength: 3 }),
    phones: fc.array(
      fc.record({ number: fc.constantFrom("+31 20 123 4567", "555-0100"), type: fc.constantFrom("fax", "work", "mobile") }, { requiredKeys: ["number"] }),
      { maxLength: 2 },
    ),
    address: fc.record({ street: word, city: word, postalCode: fc.constantFrom("1011 AB", "90210"), country: fc.constantFrom("NL", "US", "DE") }, { requiredKeys: [] }).filter(
      (a) => Object.keys(a).length > 0,
    ),
    jobTitle: word,
    fields: fc.record(
      {
        honorificPrefix: word,
        isTracked: fc.boolean(),
        tags: fc.array(fc.constantFrom("/tags/1", "/tags/2"), { maxLength: 2 }),
        owner: fc.constantFrom("/users/1", "/users/2"),
        dealSize: fc.integer({ min: 0, max: 10_000 }),
        archivedAt: fc.constantFrom("2024-05-01T12:00:00.000Z", "2025-01-31T23:59:59.000Z"),
      },
      { requiredKeys: [] },
    ) as fc.Arbitrary<Record<string, JsonValue>>,
  },
  { requiredKeys: ["familyName"] },
);

describe("RogerRoger person mapping", () => {
  it("reads the API's JSON-LD view to the model, dropping what the API adds", () => {
    const view = stored({
      familyName: "Doe",
      givenName: "Ann",
      emailAddresses: [{ email: "Ann@Example.com" }],
      phoneNumbers: [{ phoneNumber: "+31 20 123", phoneType: "fax" }, { phoneNumber: "555" }],
      address: { street: "Dam 1", city: "Amsterdam", postalCode: "1012 JS", country: "NL" },
      honorificPrefix: "Dr.",
      archivedAt: "2024-05-01T12:00:00Z",
    });
    expect(view["@context"]).toBe("/contexts/Person");
    const live = personFromApi(view);
    expect(live.id).toBe("7d1c6c3e-0000-4000-8000-000000000001");
    expect(live.model).toEqual({
      familyName: "Doe",
      givenName: "Ann",
      emails: ["ann@example.com"],
      phones: [{ number: "+31 20 123", type: "fax" }, { number: "555" }],
      address: { street: "Dam 1", city: "Amsterdam", postalCode: "1012 JS", country: "NL" },
      fields: { honorificPrefix: "Dr.", archivedAt: "2024-05-01T12:00:00.000Z", tags: [], segments: [], organizations: [], integrationParticipants: [] },
    });
  });

  it("takes the id from @id when id is missing", () => {
    expect(personFromApi({ "@id": "/people/abc" }).id).toBe("abc");
  });

  it("round-trips: what is written reads back equal, for the managed fields", () => {
    fc.assert(
      fc.property(modelArb, (model) => {
        const keys = personManagedKeys(model);
        const live = personFromApi(stored(personToApi(model)));
        expect(managedPerson(live.model, keys)).toEqual(managedPerson(model, keys));
      }),
    );
  });
});

describe("RogerRoger merge patch (RFC 7396)", () => {
  it("applying the patch to the old document gives the new one", () => {
    fc.assert(
      fc.property(modelArb, modelArb, (before, after) => {
        const patch = personPatch(before, after);
        const oldDoc = personToApi(before);
        const newDoc = personToApi(after);
        if (patch === undefined) expect(oldDoc).toEqual(newDoc);
        else expect(applyMergePatch(oldDoc, patch)).toEqual(newDoc);
      }),
    );
  });

  it("null only for fields that stopped being managed (and address parts the new address lacks)", () => {
    fc.assert(
      fc.property(modelArb, modelArb, (before, after) => {
        const patch = personPatch(before, after) ?? {};
        const newDoc = personToApi(after);
        for (const [key, value] of Object.entries(patch)) {
          if (value === null) expect(newDoc[key]).toBeUndefined();
          if (key === "address" && isJsonObject(value)) {
            for (const [part, v] of Object.entries(value)) if (v === null) expect((newDoc.address as Record<string, unknown>)[part]).toBeUndefined();
          }
        }
      }),
    );
  });

  it("arrays are replaced whole", () => {
    fc.assert(
      fc.property(modelArb, modelArb, (before, after) => {
        const patch = personPatch(before, after) ?? {};
        const newDoc = personToApi(after);
        for (const [key, value] of Object.entries(patch)) if (Array.isArray(value)) expect(value).toEqual(newDoc[key]);
      }),
    );
  });

  it("is undefined when nothing changed, whatever the key order", () => {
    fc.assert(
      fc.property(modelArb, (model) => {
        expect(personPatch(model, JSON.parse(JSON.stringify(model)))).toBeUndefined();
      }),
    );
  });

  it("sends only what changed, and null for a dropped field", () => {
    const before: PersonModel = { familyName: "Doe", jobTitle: "CEO", emails: ["a@b.io"], address: { city: "Amsterdam", street: "Dam 1" }, fields: { tags: ["/tags/1"] } };
    const after: PersonModel = { familyName: "Doe", emails: ["a@b.io", "c@d.io"], address: { city: "Utrecht" }, fields: { tags: ["/tags/1"] } };
    expect(personPatch(before, after)).toEqual({
      jobTitle: null,
      emailAddresses: [{ email: "a@b.io" }, { email: "c@d.io" }],
      address: { city: "Utrecht", street: null },
    });
  });
});

const noteArb: fc.Arbitrary<NoteFields> = fc.record(
  {
    title: word,
    description: word,
    flagged: fc.boolean(),
    isPrivate: fc.boolean(),
    author: fc.constantFrom("/users/1", "/users/2"),
    category: fc.constantFrom("/note_categories/1", "/note_categories/2"),
  },
  { requiredKeys: [] },
);

describe("RogerRoger note mapping and patch", () => {
  it("round-trips through the API's view", () => {
    fc.assert(
      fc.property(noteArb, (note) => {
        const view = noteView({ id: "n1", personId: "p1", createdAt: 0, seq: 1, fields: deserialize(EMU_NOTE_FIELDS, note) });
        expect(noteFromApi(view)).toEqual({ id: "n1", model: note });
      }),
    );
  });

  it("applying the patch gives the new note; null only for dropped fields", () => {
    fc.assert(
      fc.property(noteArb, noteArb, (before, after) => {
        const patch = notePatch(before, after);
        if (patch === undefined) {
          expect(before).toEqual(after);
          return;
        }
        expect(applyMergePatch(before, patch)).toEqual(after);
        for (const [key, value] of Object.entries(patch)) if (value === null) expect(after[key as keyof NoteFields]).toBeUndefined();
      }),
    );
  });
});

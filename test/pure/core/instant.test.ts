/**
 * Date-times compare as instants at any precision (issue 24): Outseta's 7 fraction digits
 * against 3, RogerRoger's `+00:00` against `Z`, and never the machine's time zone.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { canonicalInstant } from "../../../provider/core/instant";
import { normalizeNativeFields, personFromApi } from "../../../provider/rogerroger/mapping";
import { personFromApi as outsetaPersonFromApi } from "../../../provider/outseta/mapping";

describe("canonicalInstant", () => {
  it.each([
    // one instant, written every way the APIs and programs write it
    ["2024-05-01T10:20:30.1234567Z", "2024-05-01T10:20:30.1234567Z"],
    ["2024-05-01T10:20:30.1234567+00:00", "2024-05-01T10:20:30.1234567Z"],
    ["2024-05-01T12:20:30.12345670+02:00", "2024-05-01T10:20:30.1234567Z"],
    ["2024-05-01T10:20:30.120Z", "2024-05-01T10:20:30.120Z"],
    ["2024-05-01T10:20:30.12Z", "2024-05-01T10:20:30.120Z"],
    ["2024-05-01T10:20:30Z", "2024-05-01T10:20:30.000Z"],
    ["2024-05-01T10:20:30", "2024-05-01T10:20:30.000Z"], // no zone: UTC, as the APIs store it
    ["2024-05-01T10:20", "2024-05-01T10:20:00.000Z"],
    ["2024-05-01T05:50:30-0430", "2024-05-01T10:20:30.000Z"],
    ["2024-05-01T00:30:00+01:00", "2024-04-30T23:30:00.000Z"],
    ["0099-01-01T00:00:00Z", "0099-01-01T00:00:00.000Z"],
  ])("%s is %s", (text, canonical) => {
    expect(canonicalInstant(text)).toBe(canonical);
  });

  it("keeps every digit: instants a microsecond or 100 ns apart differ (Date.parse kept 3 digits)", () => {
    expect(canonicalInstant("2024-05-01T10:20:30.1234567Z")).not.toBe(canonicalInstant("2024-05-01T10:20:30.1234568Z"));
    expect(canonicalInstant("2024-05-01T10:20:30.123456+00:00")).not.toBe(canonicalInstant("2024-05-01T10:20:30.123Z"));
  });

  it.each(["yesterday", "2024-05-01", "2024-02-30T00:00:00Z", "2024-13-01T00:00:00Z", "2024-05-01T24:00:00Z", "2024-05-01T10:20:61Z", "2024-05-01T10:20:30+25:00", "2024-05-01T10:20:30+01:75", " 2024-05-01T10:20:30Z"])(
    "%j is no date-time",
    (text) => {
      expect(canonicalInstant(text)).toBeUndefined();
    },
  );

  it("agrees with Date for every instant at millisecond precision, in any offset", () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1970, 0, 1), max: Date.UTC(2100, 0, 1) }), fc.integer({ min: -14 * 60, max: 14 * 60 }), (ms, offset) => {
        const shifted = new Date(ms + offset * 60_000).toISOString().slice(0, 23);
        const zone = `${offset < 0 ? "-" : "+"}${String(Math.floor(Math.abs(offset) / 60)).padStart(2, "0")}:${String(Math.abs(offset) % 60).padStart(2, "0")}`;
        expect(canonicalInstant(`${shifted}${zone}`)).toBe(new Date(ms).toISOString());
      }),
    );
  });
});

describe("the providers compare date-times as instants", () => {
  it("RogerRoger archivedAt: the program's Z and the API's +00:00 with microseconds are one value; the written value keeps every digit", () => {
    const written = normalizeNativeFields({ archivedAt: "2024-05-01T10:20:30.123456Z" });
    const read = personFromApi({ id: "p1", familyName: "Doe", archivedAt: "2024-05-01T10:20:30.123456+00:00" }).model.fields;
    expect(read?.archivedAt).toBe(written.archivedAt);
    expect(written.archivedAt).toBe("2024-05-01T10:20:30.123456Z");
  });

  it("RogerRoger archivedAt without a zone is UTC on every machine, not the local time Date.parse gave it", () => {
    expect(normalizeNativeFields({ archivedAt: "2024-05-01T10:20:30" }).archivedAt).toBe("2024-05-01T10:20:30.000Z");
  });

  it("Outseta: the write's 7-digit timestamps and the stored whole seconds read as the same person", () => {
    const person = { Uid: "u1", Email: "ann@example.com", FirstName: "Ann" };
    const answered = outsetaPersonFromApi({ ...person, Created: "2021-01-24T23:03:35.2226324Z", Updated: "2021-01-24T23:03:35.2226324Z" });
    const stored = outsetaPersonFromApi({ ...person, Created: "2021-01-24T23:03:35", Updated: "2021-01-24T23:03:35" });
    expect(answered).toEqual(stored);
  });
});

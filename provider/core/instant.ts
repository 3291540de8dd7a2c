/**
 * Date-times compared as the instants they name, at any precision. The APIs write one
 * instant several ways: Outseta answers a write with 7 fraction digits and `Z`
 * (`2021-01-24T23:03:35.2226324Z`) and reads it back in whole seconds without a zone;
 * RogerRoger (PHP) answers `+00:00` where a program writes `Z`, and microseconds where
 * JavaScript has milliseconds. `Date.parse` is no help: it keeps 3 digits (two instants a
 * microsecond apart would compare equal) and reads a date-time without a zone in the local
 * time zone of the machine, so one program would name different instants on a laptop and
 * in CI.
 *
 * The canonical text is exact and independent of the machine: UTC, `Z`, the fraction's
 * digits as given (trailing zeros dropped, at least 3 kept, as `toISOString` writes them).
 * A date-time without a zone is read as UTC, as the APIs store it (Outseta keeps UTC
 * without a zone; RogerRoger answers `+00:00`).
 */

const ISO = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?([Zz]|[+-]\d{2}(?::?\d{2})?)?$/;

/** The canonical text of an ISO 8601 date-time (e.g. `2024-05-01T08:20:30.123456Z`), or undefined when `text` is none. */
export function canonicalInstant(text: string): string | undefined {
  const m = ISO.exec(text);
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map((part) => Number(part ?? "0"));
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return undefined;
  const date = new Date(0);
  // setUTCFullYear, not Date.UTC: Date.UTC reads years 0 to 99 as 1900 to 1999.
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, 0);
  // 2024-02-30 rolls over into March: a day the month does not have is no date.
  if (date.getUTCDate() !== day) return undefined;
  const utc = date.getTime() - offsetMinutes(m[8]) * 60_000;
  if (Number.isNaN(utc)) return undefined;
  const fraction = (m[7] ?? "").replace(/0+$/, "").padEnd(3, "0");
  return `${new Date(utc).toISOString().slice(0, 19)}.${fraction}Z`;
}

/** The zone's offset from UTC in minutes; NaN when it is none (`+25:00`, `+01:75`). */
function offsetMinutes(zone: string | undefined): number {
  if (zone === undefined || zone === "Z" || zone === "z") return 0;
  const digits = zone.slice(1).replace(":", "");
  const hours = Number(digits.slice(0, 2));
  const minutes = Number(digits.slice(2) || "0");
  if (hours > 23 || minutes > 59) return Number.NaN;
  return (zone.startsWith("-") ? -1 : 1) * (hours * 60 + minutes);
}

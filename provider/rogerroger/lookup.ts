/**
 * RogerRoger's natural-key lookups (core/keyLookup.ts): people by e-mail with the documented
 * multi-value filter `emailAddresses.email[]` (up to 30 e-mails per request), and the notes
 * of a person (its whole notes list: notes have no key of their own).
 */
import { KeyLookup, type KeyLookupOptions } from "../core/keyLookup";
import { EMAILS_PER_LOOKUP, type RogerRogerApi } from "./api";
import { idOf } from "./mapping";
import type { ApiNote, ApiPerson } from "./types";

/** The lower-case e-mails a RogerRoger person holds. */
export function emailsOf(person: ApiPerson): string[] {
  return (person.emailAddresses ?? []).map((e) => (typeof e?.email === "string" ? e.email.trim().toLowerCase() : "")).filter((e) => e !== "");
}

/** People by lower-case e-mail: N e-mails asked together cost ⌈N / 30⌉ requests. */
export function peopleByEmail(api: RogerRogerApi, options?: KeyLookupOptions): KeyLookup<ApiPerson> {
  return new KeyLookup<ApiPerson>(
    {
      async load(keys) {
        const byKey = new Map<string, ApiPerson[]>();
        for (let i = 0; i < keys.length; i += EMAILS_PER_LOOKUP) {
          const chunk = keys.slice(i, i + EMAILS_PER_LOOKUP);
          // Matching is not documented as exact or case-insensitive: compare again here.
          for (const person of await api.findPeopleByEmails(chunk)) {
            for (const email of emailsOf(person)) if (chunk.includes(email)) byKey.set(email, [...(byKey.get(email) ?? []), person]);
          }
        }
        return { byKey };
      },
      keysOf: emailsOf,
      idOf,
    },
    options,
  );
}

/** The key under which a person's notes are all filed: a note has no natural key of its own. */
export const ALL_NOTES = "*";

/** The notes of one person: every note created together on it shares one list read. */
export function notesOfPerson(api: RogerRogerApi, personId: string, options?: KeyLookupOptions): KeyLookup<ApiNote> {
  return new KeyLookup<ApiNote>({ load: async () => ({ all: await api.allNotes(personId) }), keysOf: () => [ALL_NOTES], idOf }, options);
}

/**
 * RogerRoger's natural-key lookups (core/keyLookup.ts): people by e-mail with the documented
 * multi-value filter `emailAddresses.email[]` (up to 30 e-mails per request), and the notes
 * of a person (its whole notes list: notes have no key of their own).
 */
import { KeyLookup, type KeyLookupOptions } from "../core/keyLookup";
import { keyedListSource } from "../reads/keyedList";
import { EMAILS_PER_LOOKUP, PAGE_SIZE, type RogerRogerApi } from "./api";
import { idOf } from "./mapping";
import type { ApiNote, ApiPerson } from "./types";

/** The lower-case e-mails a RogerRoger person holds. */
export function emailsOf(person: ApiPerson): string[] {
  return (person.emailAddresses ?? []).map((e) => (typeof e?.email === "string" ? e.email.trim().toLowerCase() : "")).filter((e) => e !== "");
}

/**
 * People by lower-case e-mail: by the filter, 30 e-mails per request (filled up with the
 * e-mails of creates to come), or by the people list (reads/keyedList.ts). An e-mail may
 * be held by several people, so only the filter or the whole list settles one.
 */
export function peopleByEmail(api: RogerRogerApi, options?: KeyLookupOptions): KeyLookup<ApiPerson> {
  const source = keyedListSource<ApiPerson>({
    firstPage: () => api.listPeople(1),
    findByKeys: (emails) => api.findPeopleByEmails(emails),
    keysPerRequest: EMAILS_PER_LOOKUP,
    pageSize: PAGE_SIZE,
    uniqueKeys: false,
    keysOf: emailsOf,
    idOf,
  });
  return new KeyLookup<ApiPerson>(source, options);
}

/** The key under which a person's notes are all filed: a note has no natural key of its own. */
export const ALL_NOTES = "*";

/** The notes of one person: every note created together on it shares one list read. */
export function notesOfPerson(api: RogerRogerApi, personId: string, options?: KeyLookupOptions): KeyLookup<ApiNote> {
  return new KeyLookup<ApiNote>({ load: async () => ({ all: await api.allNotes(personId) }), keysOf: () => [ALL_NOTES], idOf }, options);
}

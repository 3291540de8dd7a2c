/**
 * The Universal CRM's natural-key lookup (core/keyLookup.ts): people by e-mail. The API
 * documents no filter for `GET /people`, so the people list is paged through and the
 * e-mails compared case-insensitively, as public clients do (the Universal CRM API documentation,
 * "Filtering / lookup"). The list answers every e-mail of the batch, and later ones too.
 */
import { KeyLookup, type KeyLookupOptions } from "../core/keyLookup";
import type { RolloutCrmApi } from "./api";
import type { ApiPerson } from "./types";

/** The lower-case e-mails a person holds. */
export function emailsOf(person: ApiPerson): string[] {
  return (person.emails ?? []).map((e) => (typeof e?.value === "string" ? e.value.trim().toLowerCase() : "")).filter((e) => e !== "");
}

export function peopleByEmail(api: RolloutCrmApi, options?: KeyLookupOptions): KeyLookup<ApiPerson> {
  return new KeyLookup<ApiPerson>({ load: async () => ({ all: await api.allPeople() }), keysOf: emailsOf, idOf: (p) => p.id ?? "" }, options);
}

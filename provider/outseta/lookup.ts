/**
 * Outseta's natural-key lookup (core/keyLookup.ts): people by e-mail, unique in an account.
 *
 * Outseta filters combine with AND, so one request answers one e-mail (`?Email=`) or one
 * page of 100 people: reads/keyedList.ts takes the cheaper of the two for the e-mails of a
 * batch and those announced for creates to come.
 */
import { KeyLookup, type KeyLookupOptions } from "../core/keyLookup";
import { keyedListSource } from "../reads/keyedList";
import { PAGE_SIZE, type OutsetaApi } from "./api";
import type { ApiPerson } from "./types";

export function emailOf(person: ApiPerson): string[] {
  return typeof person.Email === "string" && person.Email.trim() !== "" ? [person.Email.trim().toLowerCase()] : [];
}

export function peopleByEmail(api: OutsetaApi, options?: KeyLookupOptions): KeyLookup<ApiPerson> {
  const source = keyedListSource<ApiPerson>({
    firstPage: () => api.listPeople(0),
    findByKeys: async ([email]) => {
      const person = await api.findByEmail(email!);
      return person ? [person] : [];
    },
    keysPerRequest: 1,
    pageSize: PAGE_SIZE,
    uniqueKeys: true,
    keysOf: emailOf,
    idOf: (p) => p.Uid ?? "",
  });
  return new KeyLookup<ApiPerson>(source, options);
}

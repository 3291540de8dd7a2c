/**
 * The fixture CRM's natural-key lookup (core/keyLookup.ts): contacts by e-mail, unique in an
 * account. The `?email=` filter takes one value, so reads/keyedList.ts takes the cheaper of
 * one filter request per e-mail and the list pages.
 */
import { KeyLookup, type KeyLookupOptions } from "../../../provider/core/keyLookup";
import { keyedListSource } from "../../../provider/reads/keyedList";
import { PAGE_SIZE, type FixtureApi } from "./api";
import type { ApiContact } from "./types";

export function emailOf(contact: ApiContact): string[] {
  return typeof contact.email === "string" && contact.email.trim() !== "" ? [contact.email.trim().toLowerCase()] : [];
}

export function peopleByEmail(api: FixtureApi, options?: KeyLookupOptions): KeyLookup<ApiContact> {
  const source = keyedListSource<ApiContact>({
    firstPage: () => api.listPeople(),
    findByKeys: ([email]) => api.findByEmail(email!),
    keysPerRequest: 1,
    pageSize: PAGE_SIZE,
    uniqueKeys: true,
    keysOf: emailOf,
    idOf: (c) => c.id ?? "",
  });
  return new KeyLookup<ApiContact>(source, options);
}

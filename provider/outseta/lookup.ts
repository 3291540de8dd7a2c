/**
 * Outseta's natural-key lookup (core/keyLookup.ts): people by e-mail, unique in an account.
 *
 * Outseta filters combine with AND, so one request answers one e-mail (`?Email=`) or one
 * page of 100 people. For the e-mails of one batch it takes the cheaper of the two: one
 * `?Email=` each, or the whole list (which then also answers later batches). The account's
 * size is learnt from the first page any batch loads; until then a batch of two or more
 * loads the first page, which settles every e-mail in an account of up to 100 people.
 */
import { KeyLookup, type KeyLookupOptions } from "../core/keyLookup";
import { PAGE_SIZE, type OutsetaApi } from "./api";
import type { ApiPerson } from "./types";

export function emailOf(person: ApiPerson): string[] {
  return typeof person.Email === "string" && person.Email.trim() !== "" ? [person.Email.trim().toLowerCase()] : [];
}

export function peopleByEmail(api: OutsetaApi, options?: KeyLookupOptions): KeyLookup<ApiPerson> {
  /** People in the account, as the last page loaded said. */
  let total: number | undefined;
  const byEmail = async (keys: string[]) => {
    const byKey = new Map<string, ApiPerson[]>();
    for (const key of keys) {
      const person = await api.findByEmail(key);
      if (person) byKey.set(key, [person]);
    }
    return { byKey };
  };
  return new KeyLookup<ApiPerson>(
    {
      async load(keys) {
        const pages = total === undefined ? undefined : Math.max(1, Math.ceil(total / PAGE_SIZE));
        if (keys.length === 1 || (pages !== undefined && pages > keys.length)) return byEmail(keys);
        let page = await api.listPeople(0);
        total = page.total ?? total;
        const all = [...page.items];
        const left = page.total === undefined ? Number.POSITIVE_INFINITY : Math.ceil(page.total / PAGE_SIZE) - 1;
        if (page.next && left > keys.length) {
          // More pages than e-mails: the first page settles those it holds, `?Email=` the rest.
          const found = new Map(all.flatMap((p) => emailOf(p).map((e) => [e, [p]] as [string, ApiPerson[]])));
          const rest = await byEmail(keys.filter((k) => !found.has(k)));
          for (const k of keys) if (found.has(k)) rest.byKey.set(k, found.get(k)!);
          return rest;
        }
        while (page.next) {
          page = await page.next();
          all.push(...page.items);
        }
        return { all };
      },
      keysOf: emailOf,
      idOf: (p) => p.Uid ?? "",
    },
    options,
  );
}

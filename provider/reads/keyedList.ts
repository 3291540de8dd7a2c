/**
 * The natural-key source (core/keyLookup.ts) of a collection an API answers two ways: a key
 * filter taking up to `keysPerRequest` keys per request (RogerRoger's multi-value
 * `emailAddresses.email[]`: 30; Outseta's `?Email=`: 1), or the whole list, `pageSize`
 * records per page, which answers every key, the later ones too (issue #14, item 1).
 *
 * Each load takes the cheaper way for what it knows:
 * - the keys waited for must be answered; the announced keys (hints: creates to come) are
 *   worth answering. A filter request asked for fewer keys than it takes is filled up with
 *   hints, at no cost; the list is taken when its pages cost no more than the filter
 *   requests for keys and hints together.
 * - the collection's size comes from the first page (`total`), or from what the lookup last
 *   knew whole, its own creates included (`size`: a whole list kept current by writes ends
 *   after the TTL while the creates go on). Until then it is unknown: the records this
 *   process saw in use (`inUse`) are a lower bound. With no
 *   record in use (a new stack, or one that is new on this service) the first page is
 *   loaded: in a small account it answers every key at once, in a large one it tells the
 *   size, at the price of one request once per process. With records in use, key by key
 *   unless more keys than one filter request takes are wanted: one new record among 1,000
 *   existing ones costs one lookup.
 */
import type { KeyedAnswer, KeyedSource, LoadRequest } from "../core/keyLookup";
import type { Page } from "./pagedReader";

export interface KeyedListApi<T> {
  /** The first page of the whole list. */
  firstPage(): Promise<Page<T>>;
  /** The records holding any of these keys (at most `keysPerRequest`), in one request. */
  findByKeys(keys: string[]): Promise<T[]>;
  readonly keysPerRequest: number;
  /** Records per list page, until a page's answer says otherwise (`Page.pageSize`). */
  readonly pageSize: number;
  /** True when a key is held by one record at most (then a partial list settles the keys it holds). */
  readonly uniqueKeys: boolean;
  /** The natural keys a record holds (lower-case e-mails). */
  keysOf(record: T): string[];
  idOf(record: T): string;
}

export function keyedListSource<T>(api: KeyedListApi<T>): KeyedSource<T> & { readonly total: number | undefined } {
  /** Records in the collection, as the last page loaded said. */
  let total: number | undefined;
  /** Records per page: the API's answer says, once a page is loaded. */
  let pageSize = api.pageSize;
  const requestsFor = (keys: number) => Math.ceil(keys / api.keysPerRequest);
  const pagesOf = (records: number) => Math.max(1, Math.ceil(records / pageSize));

  /** `keys` by filter, the free capacity of its requests filled with `hints`. */
  async function byFilter(keys: string[], hints: string[]): Promise<KeyedAnswer<T>> {
    const capacity = requestsFor(keys.length) * api.keysPerRequest;
    const settled = hints.slice(0, Math.max(0, capacity - keys.length));
    const asked = [...keys, ...settled];
    const byKey = new Map<string, T[]>();
    for (let i = 0; i < asked.length; i += api.keysPerRequest) {
      const chunk = asked.slice(i, i + api.keysPerRequest);
      // Matching is not documented as exact or case-insensitive: compare again here.
      for (const record of await api.findByKeys(chunk)) {
        for (const key of api.keysOf(record)) if (chunk.includes(key)) byKey.set(key, [...(byKey.get(key) ?? []), record]);
      }
    }
    return { byKey, settled };
  }

  async function load({ keys, hints, inUse, size }: LoadRequest): Promise<KeyedAnswer<T>> {
    const wanted = keys.length + hints.length;
    // What the lookup last knew whole (its own creates included) is newer than the last page's total.
    const known = size ?? total;
    if (known !== undefined) {
      if (pagesOf(known) > requestsFor(wanted)) return byFilter(keys, hints);
    } else {
      const atLeast = inUse === 0 ? 1 : pagesOf(inUse);
      const listFirst = atLeast <= requestsFor(wanted) && (inUse === 0 || wanted > api.keysPerRequest);
      if (!listFirst) return byFilter(keys, hints);
    }
    let page = await api.firstPage();
    total = page.total ?? total;
    pageSize = page.pageSize ?? pageSize;
    const all = [...page.items];
    if (page.next) {
      const left = page.total === undefined ? Number.POSITIVE_INFINITY : pagesOf(page.total) - 1;
      const onPage = api.uniqueKeys ? new Set(all.flatMap((r) => api.keysOf(r))) : new Set<string>();
      const openKeys = keys.filter((k) => !onPage.has(k));
      const openHints = hints.filter((k) => !onPage.has(k));
      if (left > requestsFor(openKeys.length + openHints.length)) {
        // More pages than filter requests: the first page settles the keys it holds, the filter the rest.
        const rest = await byFilter(openKeys, openHints);
        const byKey = rest.byKey ?? new Map<string, T[]>();
        for (const record of all) for (const key of api.keysOf(record)) if (onPage.has(key)) byKey.set(key, [record]);
        const settled = [...(rest.settled ?? []), ...hints.filter((k) => onPage.has(k))];
        return { byKey, settled };
      }
      while (page.next) {
        page = await page.next();
        all.push(...page.items);
      }
      total = all.length;
    }
    return { all };
  }

  return {
    load,
    keysOf: (r) => api.keysOf(r),
    idOf: (r) => api.idOf(r),
    get total() {
      return total;
    },
  };
}

/**
 * Every person of a CRM, page by page: what `adopt`, the drift report's `--unmanaged` and
 * `sweep` read. Each CRM's profile says how its list endpoint starts (`listing`); the walk
 * itself is shared, and bounded twice: each API's page chain has its PagingGuard
 * (reads/pagingGuard.ts), and no walk reads more than MAX_PAGES pages.
 */
import { MAX_PAGES } from "../reads/pagingGuard";
import type { Page } from "../reads/pagedReader";
import type { NoteFields } from "./note/types";

/** A note as a list of notes holds it: its id and its fields. */
export interface ListedNote {
  readonly id: string;
  readonly fields: NoteFields;
}

/**
 * `P`: a person as the CRM profile maps it (`LivePerson`, profile.ts); a type parameter, so
 * that this file and the profile's do not import each other.
 */
export interface PersonListing<S = unknown, P = unknown> {
  /** People per page of the list. */
  readonly pageSize: number;
  /** The first page of every person, mapped to the model. */
  people(service: S): Promise<Page<P>>;
  /** The first page of one person's notes, for a CRM with notes. */
  notes?(service: S, personId: string): Promise<Page<ListedNote>>;
}

/** A page with its items mapped, and its next pages too. */
export function mapPage<A, B>(page: Page<A>, map: (a: A) => B): Page<B> {
  const next = page.next;
  return { items: page.items.map(map), total: page.total, next: next ? async () => mapPage(await next(), map) : undefined };
}

/**
 * The items of a list, page after page from `first`: `onPage` hears of each page before its
 * items, and the walk stops early when `enough()` says so. More than `maxPages` pages is an
 * error naming `what`, never a walk that goes on.
 */
export async function* walkPages<T>(
  first: () => Promise<Page<T>>,
  what: string,
  onPage: (n: number, page: Page<T>) => void = () => {},
  enough: () => boolean = () => false,
  maxPages = MAX_PAGES,
): AsyncGenerator<T> {
  let page = await first();
  for (let n = 1; ; n++) {
    onPage(n, page);
    for (const item of page.items) {
      if (enough()) return;
      yield item;
    }
    if (!page.next || enough()) return;
    if (n >= maxPages) throw new Error(`${what}: more than ${maxPages} pages; the list is not read on`);
    page = await page.next();
  }
}

/**
 * Bounded paging (issue 22, item 5): one walk through a list, page by page, stops with an
 * error instead of going on forever. A `view.next` that pointed back to itself was followed
 * 409,146 times in one `pulumi up`. A walk stops when
 * - a page's cursor (page number, offset, `next` token) repeats one already read, or the
 *   page announces as next a page already read;
 * - a page holds exactly the records of an earlier page (a server that ignores the cursor);
 * - a page announces another page although the walk has listed the total the API announced,
 *   or announces another page while holding no record;
 * - the walk reaches its page budget.
 *
 * One guard per walk from the first page: every list of the provider and the CLI pages
 * through a chain of `Page.next` calls (pagedReader.ts), and each api.ts builds that chain
 * with one guard, so every reader of the chain is bounded alike.
 */
import { ApiError } from "../http/errors";

/**
 * Pages one walk may read: 1,000 pages are 30,000 RogerRoger people (55 minutes at its rate
 * limit) or 100,000 Outseta or Universal CRM people, beyond the accounts this package serves.
 */
export const MAX_PAGES = 1000;

/** One page as the guard sees it, before anything uses it. */
export interface PageSeen {
  /** The request that answered it, relative to the base URL (`/people?page=2`). */
  path: string;
  status: number;
  /** What identifies the page in the walk: `page=2`, `offset=1`, the cursor sent. */
  ref: string;
  /** The `ref` of the page it announces as next; undefined on the last page. */
  next: string | undefined;
  /** The ids of its records. */
  ids: readonly string[];
  /** The total the API announced on this page, if any. */
  total: number | undefined;
}

export class PagingGuard {
  private readonly refs = new Set<string>();
  /** The ids of each page read, as one string, with the page's ref. */
  private readonly contents = new Map<string, string>();
  private listed = 0;

  constructor(
    private readonly service: string,
    private readonly maxPages = MAX_PAGES,
  ) {}

  /** Checks one page of the walk; throws an ApiError naming the request when paging must stop. */
  check(page: PageSeen): void {
    const stop = (why: string): never => {
      throw new ApiError(`${this.service}: GET ${page.path} answered ${page.status} with ${why}; paging stopped and the list was not used.`, {
        service: this.service,
        method: "GET",
        path: page.path,
        status: page.status,
        apiMessage: "",
      });
    };
    if (this.refs.has(page.ref)) stop(`page ${page.ref} again, which this walk already read (a paging loop)`);
    if (page.next !== undefined && (page.next === page.ref || this.refs.has(page.next))) {
      stop(`a next page (${page.next}) that this walk already read (a paging loop)`);
    }
    this.refs.add(page.ref);
    if (page.ids.length > 0) {
      const content = [...page.ids].sort().join("\n");
      const earlier = this.contents.get(content);
      if (earlier !== undefined) stop(`the same ${page.ids.length} record(s) as page ${earlier} (the API repeats a page)`);
      this.contents.set(content, page.ref);
    } else if (page.next !== undefined) {
      stop("no record and yet a next page");
    }
    this.listed += page.ids.length;
    if (page.next !== undefined && page.total !== undefined && this.listed >= page.total) {
      stop(`a next page although the ${this.listed} record(s) listed so far reach the total of ${page.total} it announced`);
    }
    if (page.next !== undefined && this.refs.size >= this.maxPages) {
      stop(`a next page after ${this.maxPages} pages, the most one list is read in (${this.listed} records so far)`);
    }
  }
}

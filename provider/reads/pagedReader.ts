/**
 * Reads of many CRM records served from the service's list endpoint, page by page, when
 * that costs fewer requests than reading each record.
 *
 * Why not core/ListSnapshot as it is: it loads the whole list on the first read. The Rollout
 * users API lists a team in one request, but RogerRoger pages 30 people at a time at 20
 * requests a minute per tenant: in a tenant with 3,000 people, refreshing one person would
 * cost 100 requests and five minutes. So pages are loaded only while they pay:
 *
 * 1. Reads that arrive within `batchMs` of each other form one batch (a refresh reads every
 *    resource of the stack at once): each read waits `batchMs` for more, at most
 *    `4 × batchMs` in all.
 * 2. One paging session per process (until a write or `ttlMs` of idleness ends it): pages
 *    are loaded in order, each at most once, and a batch that needs more records resumes
 *    where the previous batch stopped. (Restarting at page 1 for every batch made a
 *    refresh cost the square of the pages: issue #14.)
 * 3. The first read of a session loads page 1, which costs what a GET of the record costs
 *    and tells how many records there are. After that the next page is loaded only while the
 *    pages left are no more than the records read in this session (`demand`, the reads
 *    already served included): a refresh that has asked for D records will most likely ask
 *    for about as many again, so paging the rest costs at most about what single GETs would.
 *    Whatever `--parallel` is, a refresh of a stack that is the whole list therefore costs
 *    ⌈N / page⌉ list requests; a few records in a large list cost their single GETs, plus at
 *    most the one page 1 of the session.
 * 4. A record that no page contained is read on its own, and only that read's 404 means
 *    "gone": a list that shifted while it was paged (a record created or deleted by someone
 *    else between two pages) must never make Pulumi think a record was deleted.
 * 5. The engine reads at most `--parallel` records at once and asks for the next only when
 *    one is answered, so a batch may hold every read the engine will send until it gets
 *    answers: `demand` cannot grow by waiting. When the pages left would pay with S more
 *    records asked and the batch holds more than S reads the pages did not answer, S of
 *    them are read on their own and the rest wait for the next batch, where the engine's
 *    next reads have joined them and the pages may pay. (Reading them all at once made a
 *    refresh of 1,000 Universal CRM people cost 10 pages and 8 single GETs: issue #14.)
 *    Each single read is of a record asked for, so the bound of rule 3 holds.
 * 6. Where the resources of the stack were checked first (`inUse`: the program runs with the
 *    refresh, as in the drift report), their number counts as demand: the engine reads each
 *    of them, so the pages pay from the first batch instead of after `pagesLeft` reads. (The
 *    drift report of 1,000 RogerRoger people cost 34 pages and 10 single GETs: issue #14.)
 *
 * Records seen in pages serve the first read of each of them for `ttlMs` after their page
 * was loaded, or for as long as their session is in use (reads or pages at most `ttlMs`
 * apart), since a paced refresh outlasts `ttlMs`; a second read of the same record is its
 * own GET: whoever reads twice wants news. This process's own writes update them (`remember`, `forget`: issue #14, item 1)
 * instead of discarding them; a write whose outcome is unknown ends the session and
 * forgets them (`invalidate()`). So this process never reads older data than its own
 * writes. A write may shift the list under the session's cursor; rule 4 keeps that safe.
 *
 * Concurrency: everything runs on one event loop. The state guarded here is the session:
 * `seen` (listed records and when), `cursor` (how to load the next page, and how many
 * records the pages held so far), `demand` (the keys asked for). Batches may overlap in
 * time (a batch waiting for pages while the engine sends the next one), so page loads are
 * serialised through `pageLock`: a batch takes the lock, first settles what pages loaded
 * by other batches already answered, decides, loads at most one page, and lets go. So no
 * page is ever loaded twice in a session, and a batch never waits for pages it does not
 * need. `epoch` counts invalidations: a page whose load began before a write answers the
 * batch that asked for it (as a GET sent at the same moment would) but is not kept.
 */

/** One page of a list endpoint. */
export interface Page<T> {
  readonly items: readonly T[];
  /** All records of the list, when the API says. */
  readonly total?: number;
  /** Records per page as the API chose them, when its answer says (it may differ from what was asked). */
  readonly pageSize?: number;
  /** Loads the next page; absent on the last page. */
  readonly next?: () => Promise<Page<T>>;
}

export interface PagedSource<T> {
  /** Loads the first page of the list. */
  firstPage(): Promise<Page<T>>;
  /** Reads one record; undefined when the API answers 404. */
  getOne(key: string): Promise<T | undefined>;
  /** The key of a listed record (the resource id). */
  keyOf(item: T): string;
  /** Records per page (to count the pages left from `total`) until a page's answer says otherwise. */
  readonly pageSize: number;
}

export interface PagedReaderOptions {
  /** How long a batch waits for one more read (at most 4 times this in all). Default 50 ms. */
  batchMs?: number;
  /** How long records seen in pages serve later reads, and how long an idle session lasts. Default 30 s. */
  ttlMs?: number;
  now?: () => number;
}

interface Waiter<T> {
  resolve(value: T | undefined): void;
  reject(error: unknown): void;
}

/** Where paging stands in the current session. */
interface Cursor<T> {
  /** Loads the next page; undefined once the last page is loaded. */
  next: (() => Promise<Page<T>>) | undefined;
  /** Records listed so far in this session. */
  listed: number;
  /** The list's size as the last page said, when it says. */
  total: number | undefined;
  /** Records per page as the API's answer said, else the source's. */
  pageSize: number;
}

export class PagedReader<T> {
  /** Records seen in pages of this session, with the time their page was loaded. */
  private seen = new Map<string, { at: number; record: T }>();
  /** Undefined until page 1 of the session is loaded. */
  private cursor: Cursor<T> | undefined;
  /** Keys asked for in this session (served or not): the evidence that more pages pay. */
  private demand = new Set<string>();
  /** Resources of this process's stack that hold a record of the list (their `check` had state): reads to come. */
  private recordsInUse = 0;
  /** When the session last loaded a page or served a read (idle sessions end after ttlMs). */
  private lastUsed = 0;
  /** Counts invalidations, so pages loaded across a write are not kept. */
  private epoch = 0;
  private pageLock: Promise<void> = Promise.resolve();
  private pending = new Map<string, Waiter<T>[]>();
  private timer: NodeJS.Timeout | undefined;
  /** When the batch being collected got its first read. */
  private batchStart = 0;
  private readonly batchMs: number;
  private readonly ttlMs: number;
  private readonly now: () => number;

  constructor(
    private readonly source: PagedSource<T>,
    options: PagedReaderOptions = {},
  ) {
    this.batchMs = options.batchMs ?? 50;
    this.ttlMs = options.ttlMs ?? 30_000;
    this.now = options.now ?? Date.now;
  }

  /** The record with this key, or undefined when it is gone (404). */
  get(key: string): Promise<T | undefined> {
    this.expireIdleSession();
    this.lastUsed = this.now();
    // A listed record answers one read: asked again in the same session (a second look after
    // a change made elsewhere), it is read again on its own rather than repeated from the page.
    if (this.demand.has(key)) return this.source.getOne(key);
    this.demand.add(key);
    const known = this.fresh(key);
    if (known !== undefined) return Promise.resolve(known);
    return new Promise<T | undefined>((resolve, reject) => {
      const waiters = this.pending.get(key) ?? [];
      waiters.push({ resolve, reject });
      this.pending.set(key, waiters);
      this.schedule();
    });
  }

  /**
   * This process wrote `item`: while a session holds listed records, the next read of it is
   * answered from here (no session: nothing to update, the next read is a request as
   * usual). Pages whose load began before the write answer their batch but are not kept.
   */
  remember(item: T): void {
    this.epoch += 1;
    const key = this.source.keyOf(item);
    if (this.cursor === undefined && !this.seen.has(key)) return;
    this.seen.set(key, { at: this.now(), record: item });
    this.demand.delete(key);
  }

  /**
   * A resource with state holds a record of this list (its `check`): when the program runs
   * with a refresh (`preview --refresh --run-program`, the drift report), the engine checks
   * resources as the program declares them and reads each after its check, so the checks
   * tell how many reads are coming before the reads do (rule 6). A hint, never a request.
   */
  inUse(): void {
    this.recordsInUse += 1;
  }

  /** This process deleted the record with this key: a read of it is a GET again (a 404: gone). */
  forget(key: string): void {
    this.epoch += 1;
    this.seen.delete(key);
    this.demand.delete(key);
  }

  /** Ends the session and forgets every record seen (after a write whose outcome is unknown). */
  invalidate(): void {
    this.epoch += 1;
    this.seen = new Map();
    this.cursor = undefined;
    this.demand = new Set();
  }

  /**
   * A listed record serves its first read for `ttlMs` after its page was loaded, or, while the
   * session that listed it is still in use, for as long as the session lives. Under a rate
   * limit the pages of one refresh take longer than `ttlMs` to load (RogerRoger: 34 pages at
   * 20 requests a minute), and the engine asks for the records in its own order: expiring
   * page 1 before the last page is loaded made every record a single GET again (986 of 1,000).
   * A session's snapshot is no older than the refresh itself, and this process's own writes
   * update it (`remember`, `forget`).
   */
  private fresh(key: string): T | undefined {
    const entry = this.seen.get(key);
    if (entry === undefined) return undefined;
    const now = this.now();
    const sessionInUse = this.cursor !== undefined && now - this.lastUsed <= this.ttlMs;
    return sessionInUse || now - entry.at <= this.ttlMs ? entry.record : undefined;
  }

  private expireIdleSession(): void {
    if ((this.cursor !== undefined || this.demand.size > 0) && this.now() - this.lastUsed > this.ttlMs) this.invalidate();
  }

  /** (Re)arms the flush: `batchMs` after the latest read, but no later than `4 × batchMs` after the first. */
  private schedule(): void {
    const now = Date.now();
    if (this.timer === undefined) this.batchStart = now;
    else clearTimeout(this.timer);
    const deadline = this.batchStart + 4 * this.batchMs;
    this.timer = setTimeout(() => this.flush(), Math.max(0, Math.min(this.batchMs, deadline - now)));
  }

  private flush(): void {
    this.timer = undefined;
    const batch = this.pending;
    this.pending = new Map();
    this.load(batch).catch((error: unknown) => {
      for (const waiters of batch.values()) for (const w of waiters) w.reject(error);
    });
  }

  private settle(batch: Map<string, Waiter<T>[]>, key: string, value: T | undefined): void {
    for (const w of batch.get(key) ?? []) w.resolve(value);
    batch.delete(key);
  }

  private async load(batch: Map<string, Waiter<T>[]>): Promise<void> {
    while (batch.size > 0 && (await this.withPageLock(() => this.pageOnce(batch)))) {
      // one more page was loaded; settle and decide again
    }
    // The pages left would pay with `short` more records asked (rule 3). The engine asks for at
    // most `--parallel` records at once and the next only when one is answered: all of them
    // may be waiting here. Reading `short` of them lets the engine ask for as many more, which
    // may make the pages pay for the rest: those wait for the next batch (rule 5).
    const short = this.shortOfPaying();
    const keys = [...batch.keys()];
    if (short < keys.length) {
      for (const key of keys.slice(short)) {
        this.pending.set(key, [...(this.pending.get(key) ?? []), ...batch.get(key)!]);
        batch.delete(key);
      }
      this.schedule();
    }
    // What the pages did not answer: one read each, whose 404 is the only "gone".
    await Promise.all(
      [...batch.keys()].map(async (key) => {
        try {
          this.settle(batch, key, await this.source.getOne(key));
        } catch (error) {
          for (const w of batch.get(key) ?? []) w.reject(error);
          batch.delete(key);
        }
      }),
    );
  }

  /** Runs `step` after every page load already under way. */
  private withPageLock<R>(step: () => Promise<R>): Promise<R> {
    const run = this.pageLock.then(step);
    this.pageLock = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }

  /**
   * Settles what the pages loaded so far answer, then loads the next page if it pays (rule 3).
   * Returns whether a page was loaded (so the caller settles and decides again).
   */
  private async pageOnce(batch: Map<string, Waiter<T>[]>): Promise<boolean> {
    for (const key of [...batch.keys()]) {
      const known = this.fresh(key);
      if (known !== undefined) this.settle(batch, key, known);
    }
    if (batch.size === 0 || !this.nextPagePays()) return false;
    const epoch = this.epoch;
    const cursor = this.cursor;
    const page = await (cursor ? cursor.next!() : this.source.firstPage());
    const at = this.now();
    for (const item of page.items) {
      const key = this.source.keyOf(item);
      if (batch.has(key)) this.settle(batch, key, item);
      if (epoch === this.epoch) this.seen.set(key, { at, record: item });
    }
    if (epoch === this.epoch) {
      this.cursor = { next: page.next, listed: (cursor?.listed ?? 0) + page.items.length, total: page.total, pageSize: page.pageSize ?? cursor?.pageSize ?? this.source.pageSize };
      this.lastUsed = at;
    }
    return true;
  }

  /** How many more records asked would make the pages left pay; Infinity when no page is left or their number is unknown. */
  private shortOfPaying(): number {
    const cursor = this.cursor;
    if (cursor?.next === undefined || cursor.total === undefined) return Number.POSITIVE_INFINITY;
    return Math.max(1, this.pagesLeft(cursor) - this.expected());
  }

  private pagesLeft(cursor: Cursor<T>): number {
    return cursor.total === undefined ? Number.POSITIVE_INFINITY : Math.ceil(Math.max(1, cursor.total - cursor.listed) / cursor.pageSize);
  }

  private nextPagePays(): boolean {
    const cursor = this.cursor;
    if (cursor === undefined) return true; // page 1: the price of one GET, and it tells the total
    if (cursor.next === undefined) return false; // every page is loaded: the rest are single reads
    return this.pagesLeft(cursor) <= this.expected();
  }

  /** The reads this session can count on: those asked, or the records in use when more (rule 6). */
  private expected(): number {
    return Math.max(this.demand.size, this.recordsInUse);
  }
}

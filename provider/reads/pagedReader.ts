/**
 * Reads of many CRM records served from the service's list endpoint, page by page, when
 * that costs fewer requests than reading each record.
 *
 * Why not core/ListSnapshot as it is: it loads the whole list on the first read. The Rollout
 * users API lists a team in one request, but RogerRoger pages 30 people at a time at 20
 * requests a minute per tenant: in a tenant with 3,000 people, refreshing one person would
 * cost 100 requests and five minutes. So reads are batched and the list is used only while
 * it pays:
 *
 * 1. Reads that arrive within `batchMs` of each other form one batch (a refresh reads every
 *    resource of the stack at once): each read waits `batchMs` for more, at most
 *    `4 × batchMs` in all, so a busy machine delivering the engine's reads a little
 *    apart still gets one batch, and a lone read waits a fraction of a request's time.
 * 2. A batch of one record is one GET of that record.
 * 3. A larger batch loads the first page; it also tells how many records there are. More
 *    pages are loaded only while the pages left are no more than the records still
 *    missing: each page then saves at least one request.
 * 4. A record that no page contained is read on its own, and only that read's 404 means
 *    "gone": a list that shifted while it was paged (a record created or deleted by someone
 *    else between two pages) must never make Pulumi think a record was deleted.
 *
 * Records seen in pages are kept for `ttlMs` and serve later reads; any write through the
 * service invalidates them (`invalidate()`), so this process never reads older data than its
 * own writes.
 *
 * Concurrency: everything runs on one event loop. `pending` holds the reads of the batch
 * being collected; a timer flushes it, and reads arriving after that start the next batch.
 * Batches may overlap in time; they share only `seen`, which is written whole per page.
 */

/** One page of a list endpoint. */
export interface Page<T> {
  readonly items: readonly T[];
  /** All records of the list, when the API says. */
  readonly total?: number;
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
  /** Records per page (to count the pages left from `total`). */
  readonly pageSize: number;
}

export interface PagedReaderOptions {
  /** How long a batch waits for one more read (at most 4 times this in all). Default 50 ms. */
  batchMs?: number;
  /** How long records seen in pages serve later reads. Default 30 s. */
  ttlMs?: number;
  now?: () => number;
}

interface Waiter<T> {
  resolve(value: T | undefined): void;
  reject(error: unknown): void;
}

export class PagedReader<T> {
  private seen: { at: number; records: Map<string, T> } = { at: 0, records: new Map() };
  /** Counts invalidations, so pages loaded across a write are not kept. */
  private epoch = 0;
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
    if (this.now() - this.seen.at <= this.ttlMs) {
      const known = this.seen.records.get(key);
      if (known !== undefined) return Promise.resolve(known);
    }
    return new Promise<T | undefined>((resolve, reject) => {
      const waiters = this.pending.get(key) ?? [];
      waiters.push({ resolve, reject });
      this.pending.set(key, waiters);
      this.schedule();
    });
  }

  /** Forgets every record seen (after a write through the service). */
  invalidate(): void {
    this.epoch += 1;
    this.seen = { at: 0, records: new Map() };
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
    if (batch.size > 1) await this.page(batch);
    // What the pages did not answer: one read each, whose 404 is the only "gone".
    const rest = [...batch.keys()];
    await Promise.all(
      rest.map(async (key) => {
        try {
          this.settle(batch, key, await this.source.getOne(key));
        } catch (error) {
          for (const w of batch.get(key) ?? []) w.reject(error);
          batch.delete(key);
        }
      }),
    );
  }

  /** Loads pages while each saves a request, settling the reads they answer. */
  private async page(batch: Map<string, Waiter<T>[]>): Promise<void> {
    const records = new Map<string, T>();
    const epoch = this.epoch;
    let page = await this.source.firstPage();
    let loaded = 0;
    for (;;) {
      loaded += page.items.length;
      for (const item of page.items) {
        const key = this.source.keyOf(item);
        records.set(key, item);
        if (batch.has(key)) this.settle(batch, key, item);
      }
      if (batch.size === 0 || !page.next) break;
      const pagesLeft = page.total === undefined ? Number.POSITIVE_INFINITY : Math.ceil((page.total - loaded) / this.source.pageSize);
      if (pagesLeft > batch.size) break;
      page = await page.next();
    }
    if (epoch === this.epoch) this.seen = { at: this.now(), records };
  }
}

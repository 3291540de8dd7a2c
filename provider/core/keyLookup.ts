/**
 * Natural-key lookups shared between the records created together.
 *
 * Why: a create whose POST may have reached the server (a lost response, or a kill -9 of
 * `pulumi up` after the POST left: the engine then runs the create again) must not POST
 * again blindly. So every create first asks "does the service already hold a record with
 * this natural key (an e-mail)?". Asked one record at a time that doubles the cost of a
 * create; asked for the records created together it costs what the API's cheapest way of
 * answering many keys costs: one `GET /users` on Rollout, one filter request per 30 e-mails
 * on RogerRoger, the people list on the Universal CRM (issue #14, item 1).
 *
 * How:
 * 1. `find(key)` calls that arrive within `batchMs` of each other form one batch (the
 *    engine calls create for up to `--parallel` resources at once): each call waits
 *    `batchMs` for more, at most `4 × batchMs` in all. The batch's keys go to the source in
 *    one `load`, which answers them in as few requests as its API allows. One load runs at
 *    a time: keys that arrive while one is in flight wait for it (it may answer them) and
 *    then go together.
 * 2. Answers are kept in `index` (key → records by id) for `ttlMs`, or while the run goes
 *    on, up to `maxAgeMs` (core/freshness.ts: the creates of one paced `up` outlast `ttlMs`);
 *    this process's own writes keep them current (3.). A source that loaded the whole
 *    collection says so (`all`): then every key is answered, also later ones.
 * 3. Writes update the index instead of discarding it (`written`, `deleted`), so later
 *    lookups stay right without a new request. A write whose outcome is unknown calls
 *    `invalidate()`: nothing is known about that key any more.
 * 4. Hints (`announce`, `inUse`): the engine calls `check` on every resource before its
 *    create, but its creates arrive spread out (a lookup, then a paced POST, at most
 *    `--parallel` at once, and the engine checks the next resource only when a step ends),
 *    so waiting alone gathers few keys. `check` of a resource about to be created announces
 *    its key; `check` of a resource that already has state counts a record in use. A load
 *    gets the announced keys nobody has answered yet and the count in use (`LoadRequest`):
 *    its source may answer hints in the same requests (free capacity: a filter of 30
 *    e-mails asked for 3) and chooses between asking key by key and listing the whole
 *    collection (reads/keyedList.ts). Hints never cause a request of their own.
 *
 * Concurrency (one event loop, but loads take time): a load started before a write returns
 * data older than that write. Every write gets a generation number and is kept in `writes`
 * while a load that started before it is in flight; when a load lands, its answer is stored
 * and the writes newer than the load are applied again on top of it. `invalidate()` bumps
 * `epoch`: a load started before it answers its own callers but is not stored.
 */

import { Freshness, type FreshnessOptions } from "./freshness";

export interface KeyedAnswer<T> {
  /** For each key asked, the records holding it (a key asked and left out holds none). */
  byKey?: Map<string, T[]>;
  /** Hints the load answered too (its records in `byKey`; one left out there holds none). */
  settled?: string[];
  /** The whole collection, when the source loaded it: answers every key, also later ones. */
  all?: T[];
}

/** What one load is asked. */
export interface LoadRequest {
  /** The keys callers wait for: the load must answer each. */
  keys: string[];
  /** Keys announced for creates to come and not answered yet: worth answering in the same requests. */
  hints: string[];
  /** Records of the collection this process saw in use (resources checked with state): a lower bound of its size. */
  inUse: number;
  /**
   * Records the collection held when this process last knew all of it (a whole list, kept
   * current by its writes, until the TTL ended it); undefined when it never did.
   */
  size?: number;
}

export interface KeyedSource<T> {
  /** Answers the keys of one batch in as few requests as the API allows. */
  load(request: LoadRequest): Promise<KeyedAnswer<T>>;
  /** The natural keys a record holds (lower-case e-mails), to file it after a write. */
  keysOf(record: T): string[];
  /** The record's id. */
  idOf(record: T): string;
}

export interface KeyLookupOptions extends FreshnessOptions {
  /** How long a batch waits for one more key (at most 4 times this in all). Default 50 ms. */
  batchMs?: number;
}

interface Waiter<T> {
  key: string;
  resolve(records: T[]): void;
  reject(error: unknown): void;
}

type Write<T> = { gen: number; record?: T; deletedId?: string };

export class KeyLookup<T> {
  /** Answered keys → records by id. */
  private index = new Map<string, Map<string, T>>();
  /** Set when the whole collection is known: a key absent from `index` then holds nothing. */
  private complete = false;
  private loadedAt = 0;
  private epoch = 0;
  private gen = 0;
  private writes: Write<T>[] = [];
  /** Generations at which the loads in flight started. */
  private inFlight = new Set<{ gen: number }>();
  private pending: Waiter<T>[] = [];
  /** Announced keys (check saw a create coming) → when; dropped once answered or after `ttlMs`. */
  private announced = new Map<string, number>();
  private recordsInUse = 0;
  /** Records the collection held when last known whole (see LoadRequest.size). */
  private size: number | undefined;
  private timer: NodeJS.Timeout | undefined;
  private loading = false;
  private batchStart = 0;
  /** Record ids this process created or adopted: never adopted a second time. */
  private readonly claimed = new Set<string>();
  private readonly batchMs: number;
  private readonly freshness: Freshness;
  private readonly ttlMs: number;
  private readonly now: () => number;

  constructor(
    private readonly source: KeyedSource<T>,
    options: KeyLookupOptions = {},
  ) {
    this.batchMs = options.batchMs ?? 50;
    this.freshness = new Freshness(options);
    this.ttlMs = this.freshness.ttlMs;
    this.now = this.freshness.now;
  }

  /** The records that hold `key` (normalised by the caller: lower-case e-mail). */
  find(key: string): Promise<T[]> {
    this.expire();
    this.freshness.used();
    const known = this.answered(key);
    if (known) return Promise.resolve(known);
    return new Promise<T[]>((resolve, reject) => {
      this.pending.push({ key, resolve, reject });
      this.schedule();
    });
  }

  /** A create of `key` is coming (its resource passed `check` with no state): a hint, never a request. */
  announce(key: string): void {
    this.expire();
    if (this.answered(key) === undefined) this.announced.set(key, this.now());
  }

  /** A resource with state holds a record of the collection (its `check`): a hint of the collection's size. */
  inUse(): void {
    this.recordsInUse += 1;
  }

  /** A record this process wrote (created or updated) and now holds as the service returned it. */
  written(record: T): void {
    this.apply({ gen: ++this.gen, record });
  }

  /** A record this process deleted. */
  deleted(id: string): void {
    this.apply({ gen: ++this.gen, deletedId: id });
  }

  /** The whole collection is known to be `records` (e.g. the notes of a person this process just created: none). */
  seed(records: T[]): void {
    this.store({ all: records }, []);
  }

  /** Forgets everything (a write whose outcome is unknown). */
  invalidate(): void {
    this.epoch += 1;
    this.index = new Map();
    this.complete = false;
  }

  /**
   * Marks a record as taken by one resource of this process; false when another resource
   * of this process already took it (two resources must never adopt the same record).
   */
  claim(id: string): boolean {
    if (this.claimed.has(id)) return false;
    this.claimed.add(id);
    return true;
  }

  /** True when a resource of this process created or adopted the record. */
  taken(id: string): boolean {
    return this.claimed.has(id);
  }

  private answered(key: string): T[] | undefined {
    const records = this.index.get(key);
    if (records) return [...records.values()];
    return this.complete ? [] : undefined;
  }

  private expire(): void {
    if (this.loadedAt !== 0 && !this.freshness.serves(this.loadedAt)) {
      if (this.complete) this.size = this.sizeKnown();
      this.index = new Map();
      this.complete = false;
      this.loadedAt = 0;
    }
  }

  private apply(write: Write<T>): void {
    this.freshness.used();
    if (this.inFlight.size > 0) this.writes.push(write);
    this.applyTo(write);
  }

  private applyTo(write: Write<T>): void {
    const id = write.record ? this.source.idOf(write.record) : write.deletedId!;
    for (const records of this.index.values()) records.delete(id);
    if (!write.record) return;
    for (const key of this.source.keysOf(write.record)) {
      let records = this.index.get(key);
      if (!records && !this.complete) continue; // an unanswered key stays unanswered
      if (!records) this.index.set(key, (records = new Map()));
      records.set(id, write.record);
    }
  }

  /** (Re)arms the flush: `batchMs` after the latest key, but no later than `4 × batchMs` after the first. */
  private schedule(): void {
    const now = Date.now();
    if (this.timer === undefined) this.batchStart = now;
    else clearTimeout(this.timer);
    const deadline = this.batchStart + 4 * this.batchMs;
    this.timer = setTimeout(() => this.flush(), Math.max(0, Math.min(this.batchMs, deadline - now)));
  }

  private flush(): void {
    this.timer = undefined;
    // One load at a time: the one in flight may answer these keys (a whole list answers every
    // key), and the keys that arrive meanwhile make one batch when it lands.
    if (this.loading) return;
    const batch = this.pending;
    this.pending = [];
    // Keys answered meanwhile (by an earlier batch that landed) need no request.
    const open: Waiter<T>[] = [];
    for (const w of batch) {
      const known = this.answered(w.key);
      if (known) w.resolve(known);
      else open.push(w);
    }
    if (open.length === 0) return;
    this.loading = true;
    void this.load(open).finally(() => {
      this.loading = false;
      if (this.pending.length > 0 && this.timer === undefined) this.flush();
    });
  }

  /** Records in the index (by id). */
  private sizeKnown(): number {
    const ids = new Set<string>();
    for (const records of this.index.values()) for (const id of records.keys()) ids.add(id);
    return ids.size;
  }

  /** The announced keys still open (not answered, not asked in `keys`, not stale). */
  private hints(keys: Set<string>): string[] {
    const hints: string[] = [];
    for (const [key, at] of this.announced) {
      if (this.now() - at > this.ttlMs || this.answered(key) !== undefined) this.announced.delete(key);
      else if (!keys.has(key)) hints.push(key);
    }
    return hints;
  }

  private async load(batch: Waiter<T>[]): Promise<void> {
    const started = { gen: this.gen };
    const epoch = this.epoch;
    this.inFlight.add(started);
    try {
      let answer: KeyedAnswer<T>;
      try {
        const keys = new Set(batch.map((w) => w.key));
        answer = await this.source.load({ keys: [...keys], hints: this.hints(keys), inUse: this.recordsInUse, size: this.complete ? this.sizeKnown() : this.size });
      } catch (error) {
        for (const w of batch) w.reject(error);
        return;
      }
      if (epoch !== this.epoch) {
        // Invalidated while loading: answer these callers, store nothing.
        for (const w of batch) w.resolve(answer.all ? answer.all.filter((r) => this.source.keysOf(r).includes(w.key)) : (answer.byKey?.get(w.key) ?? []));
        return;
      }
      this.store(answer, batch);
      // Writes that happened while the load was in flight are newer than its answer.
      for (const write of this.writes) if (write.gen > started.gen) this.applyTo(write);
      for (const w of batch) w.resolve(this.answered(w.key) ?? []);
    } finally {
      this.inFlight.delete(started);
      this.pruneWrites();
    }
  }

  private store(answer: KeyedAnswer<T>, batch: Waiter<T>[]): void {
    if (answer.all) {
      this.index = new Map();
      this.complete = true;
      for (const record of answer.all) this.file(record);
    } else {
      for (const w of batch) if (!this.index.has(w.key)) this.index.set(w.key, new Map());
      for (const key of answer.settled ?? []) if (!this.index.has(key)) this.index.set(key, new Map());
      for (const [key, records] of answer.byKey ?? []) {
        const filed = new Map<string, T>();
        for (const record of records) filed.set(this.source.idOf(record), record);
        this.index.set(key, filed);
      }
    }
    this.loadedAt = this.now();
  }

  private file(record: T): void {
    for (const key of this.source.keysOf(record)) {
      let records = this.index.get(key);
      if (!records) this.index.set(key, (records = new Map()));
      records.set(this.source.idOf(record), record);
    }
  }

  private pruneWrites(): void {
    if (this.inFlight.size === 0) this.writes = [];
    else {
      const oldest = Math.min(...[...this.inFlight].map((f) => f.gen));
      this.writes = this.writes.filter((w) => w.gen > oldest);
    }
  }
}

import { Freshness, type FreshnessOptions } from "../core/freshness";

/**
 * Serves reads of many records from one list request.
 *
 * A refresh reads every resource of a stack at once; where a service has a list endpoint
 * one request can answer all of those reads, which matters under limits such as Rollout's
 * one request per second. The first read loads the list; reads that arrive while it loads
 * share the same promise. The same list answers the existence checks of creates (issue #11:
 * a create looks its natural key up before writing), so N creates cost N writes plus one
 * list.
 *
 * Writes through the same service update the snapshot (`put`, `remove`) instead of
 * discarding it, so later reads and checks stay right without a new list; each update is
 * chained after the load in flight, so a list that left the server before the write can
 * never hide it. A write whose outcome is unknown (`invalidate`) discards it.
 *
 * The snapshot serves for `ttlMs` after its load, or while the run goes on, up to `maxAgeMs`
 * (core/freshness.ts): the creates of one paced `up` outlast `ttlMs` (100 Rollout members at
 * 1 request/s take about 2 minutes), and a fixed lifetime paid a new list every `ttlMs` in
 * the middle of the run (issue #14: 105 requests for 100 creates, floor 101). An idle
 * snapshot expires, so a long-running process still sees others' changes.
 */
export class ListSnapshot<T> {
  private loaded: { at: number; records: Promise<Map<string, T>> } | undefined;
  private readonly freshness: Freshness;
  private readonly now: () => number;

  constructor(
    private readonly loadAll: () => Promise<Map<string, T>>,
    options: FreshnessOptions = {},
  ) {
    this.freshness = new Freshness(options);
    this.now = this.freshness.now;
  }

  /** The record with this key, or undefined when the list does not contain it. */
  async get(key: string): Promise<T | undefined> {
    if (!this.loaded || this.expired(this.loaded.at)) {
      const records = this.loadAll();
      this.loaded = { at: this.now(), records };
      // A failed load must not poison later reads.
      records.catch(() => {
        if (this.loaded?.records === records) this.loaded = undefined;
      });
    }
    this.freshness.used();
    return (await this.loaded.records).get(key);
  }

  /** This process wrote `value` under `key` (no effect when no list is loaded or loading). */
  put(key: string, value: T): void {
    this.update((records) => records.set(key, value));
  }

  /** This process deleted the record under `key`. */
  remove(key: string): void {
    this.update((records) => records.delete(key));
  }

  invalidate(): void {
    this.loaded = undefined;
  }

  private expired(loadedAt: number): boolean {
    return !this.freshness.serves(loadedAt);
  }

  private update(change: (records: Map<string, T>) => void): void {
    const current = this.loaded;
    if (!current) return;
    this.freshness.used();
    const records = current.records.then((map) => {
      change(map);
      return map;
    });
    records.catch(() => {
      if (this.loaded?.records === records) this.loaded = undefined;
    });
    this.loaded = { at: current.at, records };
  }
}

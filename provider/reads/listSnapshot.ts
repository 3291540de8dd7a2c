/**
 * Serves reads of many records from one list request.
 *
 * A refresh reads every resource of a stack at once; where a service has a list endpoint
 * one request can answer all of those reads, which matters under limits such as Rollout's
 * one request per second. The first read loads the list; reads that arrive while it loads
 * share the same promise. Any write through the same service invalidates the snapshot, so
 * a read never returns data older than this process's own changes, and the snapshot
 * expires after `ttlMs` so a long-running process still sees changes made by others.
 */
export class ListSnapshot<T> {
  private loaded: { at: number; records: Promise<Map<string, T>> } | undefined;

  constructor(
    private readonly loadAll: () => Promise<Map<string, T>>,
    private readonly ttlMs = 30_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** The record with this key, or undefined when the list does not contain it. */
  async get(key: string): Promise<T | undefined> {
    if (!this.loaded || this.now() - this.loaded.at > this.ttlMs) {
      const records = this.loadAll();
      this.loaded = { at: this.now(), records };
      // A failed load must not poison later reads.
      records.catch(() => {
        if (this.loaded?.records === records) this.loaded = undefined;
      });
    }
    return (await this.loaded.records).get(key);
  }

  invalidate(): void {
    this.loaded = undefined;
  }
}

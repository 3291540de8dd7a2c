/**
 * Keeps the read caches of one collection in step with this process's writes (issue #14,
 * item 1: writes update the caches instead of discarding them). A write that succeeded
 * files the record it returned (or forgets a deleted one); a write refused with a 4xx
 * changed nothing; any other failure (a 5xx, a lost answer) may have changed something
 * unknown, so the caches forget everything.
 */
import { changedNothing, type ServiceClientOptions, type WriteOutcome } from "../http/client";

/** What a cache of records does with a write's outcome. */
export interface RecordCache<T> {
  written(record: T): void;
  deleted(id: string): void;
  invalidate(): void;
}

/**
 * The client's `onWrite` for writes to `{collection}` and `{collection}/{id}` (`idInPath`
 * captures the id). `cachesOf` is called per write: the caches are built after the client.
 */
export function writeThrough<T>(idInPath: RegExp, cachesOf: () => readonly RecordCache<T>[]): NonNullable<ServiceClientOptions["onWrite"]> {
  return (req, outcome: WriteOutcome) => {
    const caches = cachesOf();
    const match = idInPath.exec(req.path);
    const id = match?.[1] === undefined ? undefined : decodeURIComponent(match[1]);
    const status = outcome.ok ? outcome.status : (outcome.error as { status?: unknown } | undefined)?.status;
    if (req.method === "DELETE" && id !== undefined && (outcome.ok || status === 404)) {
      for (const cache of caches) cache.deleted(id);
    } else if (outcome.ok && typeof outcome.body === "object" && outcome.body !== null && !Array.isArray(outcome.body)) {
      for (const cache of caches) cache.written(outcome.body as T);
    } else if (outcome.ok || !changedNothing(outcome)) {
      for (const cache of caches) cache.invalidate();
    }
  };
}

/** A PagedReader as a RecordCache. */
export function readerCache<T>(reader: { remember(record: T): void; forget(id: string): void; invalidate(): void }): RecordCache<T> {
  return { written: (r) => reader.remember(r), deleted: (id) => reader.forget(id), invalidate: () => reader.invalidate() };
}

import type { IDBPObjectStore, StoreNames } from 'idb';
import type { StoreDb, StoreSchema } from './schema.ts';

/** Options of {@link withStore}. */
export interface WithStoreOptions {
  /**
   * `'relaxed'` lets the browser acknowledge the commit before it reaches the disk. Use it only
   * for data that can be recomputed (vectors, catalog snapshot): losing the last write on a power
   * cut is harmless there, and the write is noticeably cheaper.
   */
  durability?: IDBTransactionDurability;
}

/**
 * Runs `body` in one transaction over the single store `name` and resolves once the transaction
 * has committed, so a resolved call means the data is stored.
 *
 * If `body` throws, the transaction is aborted so nothing it wrote is kept: a call either stores
 * all of its records or none.
 */
export async function withStore<Name extends StoreNames<StoreSchema>, Mode extends IDBTransactionMode, R>(
  db: StoreDb,
  name: Name,
  mode: Mode,
  body: (store: IDBPObjectStore<StoreSchema, [Name], Name, Mode>) => Promise<R>,
  options: WithStoreOptions = {},
): Promise<R> {
  const tx = db.transaction(name, mode, options.durability ? { durability: options.durability } : undefined);
  try {
    const result = await body(tx.store);
    await tx.done;
    return result;
  } catch (err) {
    // `done` rejects once we abort; the caller already gets `err`, so that rejection is noise.
    tx.done.catch(() => undefined);
    try {
      tx.abort();
    } catch {
      // The transaction already finished or aborted itself (e.g. a failed request); nothing to undo.
    }
    throw err;
  }
}

/**
 * Reads records in key order, `group` per `getAll`, and hands each group to `handle`. The next
 * group is asked for before `handle` runs, so IndexedDB reads while the caller decodes, and only
 * two groups are held at once. `rangeAfter(last)` is the key range of the records after `last`
 * (`undefined`: all of them); a group shorter than `group` is the last.
 *
 * Why groups rather than a cursor: each request waits for the worker's next free moment, which
 * during a first visit's trust check is the end of a slice, so one record per request read a 100k
 * catalog's snapshot back in ~7 s; why not one `getAll`: it holds every record at once.
 */
export async function readInGroups<T>(
  getAll: (range: IDBKeyRange, count: number) => Promise<T[]>,
  rangeAfter: (last: T | undefined) => IDBKeyRange,
  group: number,
  handle: (records: T[]) => void,
): Promise<void> {
  let next: Promise<T[]> | undefined = getAll(rangeAfter(undefined), group);
  while (next) {
    const records: T[] = await next;
    const last: T | undefined = records.at(-1);
    next = last !== undefined && records.length === group ? getAll(rangeAfter(last), group) : undefined;
    handle(records);
  }
}

import { createError, ErrorCodes } from '../errors.ts';
import type { HistoryEvent } from '../types/index.ts';
import type { IndexCodes } from '../vector-index/index.ts';
import type { CatalogSnapshot, SaveSnapshotOptions } from './catalog.ts';
import { loadSnapshot, saveSnapshot } from './catalog.ts';
import type { StoredRows, VectorBatch, VectorSet } from './chunks.ts';
import { deleteIndexCodes, loadIndexCodes, type SavedIndexCodes, saveIndexCodes } from './codes.ts';
import { guard } from './errors.ts';
import { addEvent, clearHistory, recentEvents } from './history.ts';
import { dbName, type FactoryOptions, openDatabase, resolveFactory } from './open.ts';
import type { StoreDb, StoredEntry } from './schema.ts';
import { getSetting, setSetting } from './settings.ts';
import { completeSnapshot, type SnapshotAmendment } from './snapshot-amendment.ts';
import { deleteModel, eachVectorChunk, listModelKeys, loadVectors, pruneVectors, putVectors } from './vectors.ts';

/**
 * The storage of one catalog namespace. Every method rejects with `STORAGE_FAILED` (naming the
 * method) when IndexedDB fails, and with `INVALID_OPTION` for a bad argument.
 */
export interface Store {
  /** The namespace given to {@link openStore}. */
  readonly namespace: string;
  /**
   * Appends vectors of `modelKey` (`hashes.length` rows of `dims`: float32, or a prebuilt
   * artifact's int8 codes and scales, stored as such) in one transaction.
   */
  putVectors(modelKey: string, dims: number, hashes: string[], rows: StoredRows): Promise<void>;
  /** All vectors of `modelKey`, contiguous and de-duplicated by hash (last write wins). */
  loadVectors(modelKey: string): Promise<VectorSet>;
  /**
   * The vectors of `modelKey` a batch at a time, in the order written (a hash written again comes
   * again, later). `vectors` is reused for the next batch: copy what you keep (vectors.ts).
   */
  eachVectors(modelKey: string, sink: (batch: VectorBatch) => void): Promise<void>;
  /** Removes vectors of `modelKey` whose hash is not in `keep`; resolves to how many were removed. */
  pruneVectors(modelKey: string, keep: ReadonlySet<string>): Promise<number>;
  /** Removes every vector and the index codes of `modelKey`. */
  deleteModel(modelKey: string): Promise<void>;
  /** Replaces the stored index codes of `modelKey` (`hashes[i]`: the content hash of row i's item). */
  saveIndexCodes(modelKey: string, codes: IndexCodes, hashes: readonly string[]): Promise<void>;
  /** The stored index codes of `modelKey`, or `undefined`. */
  loadIndexCodes(modelKey: string): Promise<SavedIndexCodes | undefined>;
  /** Removes the stored index codes of `modelKey`. */
  deleteIndexCodes(modelKey: string): Promise<void>;
  /** Model keys that have vectors stored. */
  listModelKeys(): Promise<string[]>;
  /** Replaces the stored catalog snapshot (`json`: items that came from JSON, stored as text; see `SaveSnapshotOptions`). */
  saveSnapshot(modelKey: string, entries: StoredEntry[], options?: SaveSnapshotOptions): Promise<void>;
  /**
   * Completes the snapshot saved with `pending: token`; false (nothing written) when the stored
   * snapshot is another (snapshot-amendment.ts).
   */
  completeSnapshot(token: string, amendment: SnapshotAmendment): Promise<boolean>;
  /** The stored catalog snapshot, or `undefined`. */
  loadSnapshot(): Promise<CatalogSnapshot | undefined>;
  /** Records a visitor event on the device, trimming the oldest beyond `MAX_EVENTS`. */
  addEvent(event: HistoryEvent): Promise<void>;
  /** Up to `limit` (default 200) most recent events, newest first. */
  recentEvents(limit?: number): Promise<HistoryEvent[]>;
  /** Deletes every stored event. */
  clearHistory(): Promise<void>;
  /** The setting stored under `key`, or `undefined`. */
  getSetting<T>(key: string): Promise<T | undefined>;
  /** Stores a setting; `undefined` deletes it. */
  setSetting(key: string, value: unknown): Promise<void>;
  /** Closes the connection; later calls reject with `STORAGE_FAILED`. */
  close(): void;
}

class IdbStore implements Store {
  /** Why the connection is gone; set once, then every call fails with it. */
  private closedReason: string | undefined;

  constructor(
    readonly namespace: string,
    private readonly db: StoreDb,
  ) {
    // Another tab is upgrading or deleting this database; holding on would block it forever.
    db.addEventListener('versionchange', () => {
      this.closeWith('the database was upgraded or deleted elsewhere; open the store again');
    });
    // Fired only when the browser drops the connection itself (e.g. the user cleared site data).
    db.addEventListener('close', () => {
      this.closedReason ??= 'the browser closed the database connection';
    });
  }

  private closeWith(reason: string): void {
    this.closedReason ??= reason;
    this.db.close();
  }

  private run<T>(operation: string, fn: (db: StoreDb) => Promise<T>): Promise<T> {
    const reason = this.closedReason;
    if (reason !== undefined) {
      return Promise.reject(createError(ErrorCodes.STORAGE_FAILED, `IndexedDB ${operation} failed: ${reason}`));
    }
    return guard(operation, () => fn(this.db));
  }

  putVectors(modelKey: string, dims: number, hashes: string[], rows: StoredRows): Promise<void> {
    return this.run('putVectors', (db) => putVectors(db, modelKey, dims, hashes, rows));
  }
  loadVectors(modelKey: string): Promise<VectorSet> {
    return this.run('loadVectors', (db) => loadVectors(db, modelKey));
  }
  eachVectors(modelKey: string, sink: (batch: VectorBatch) => void): Promise<void> {
    return this.run('eachVectors', (db) => eachVectorChunk(db, modelKey, sink));
  }
  pruneVectors(modelKey: string, keep: ReadonlySet<string>): Promise<number> {
    return this.run('pruneVectors', (db) => pruneVectors(db, modelKey, keep));
  }
  deleteModel(modelKey: string): Promise<void> {
    return this.run('deleteModel', async (db) => {
      await deleteModel(db, modelKey);
      await deleteIndexCodes(db, modelKey);
    });
  }
  saveIndexCodes(modelKey: string, codes: IndexCodes, hashes: readonly string[]): Promise<void> {
    return this.run('saveIndexCodes', (db) => saveIndexCodes(db, modelKey, codes, hashes));
  }
  loadIndexCodes(modelKey: string): Promise<SavedIndexCodes | undefined> {
    return this.run('loadIndexCodes', (db) => loadIndexCodes(db, modelKey));
  }
  deleteIndexCodes(modelKey: string): Promise<void> {
    return this.run('deleteIndexCodes', (db) => deleteIndexCodes(db, modelKey));
  }
  listModelKeys(): Promise<string[]> {
    return this.run('listModelKeys', (db) => listModelKeys(db));
  }
  saveSnapshot(modelKey: string, entries: StoredEntry[], options?: SaveSnapshotOptions): Promise<void> {
    return this.run('saveSnapshot', (db) => saveSnapshot(db, modelKey, entries, options));
  }

  completeSnapshot(token: string, amendment: SnapshotAmendment): Promise<boolean> {
    return this.run('completeSnapshot', (db) => completeSnapshot(db, token, amendment));
  }
  loadSnapshot(): Promise<CatalogSnapshot | undefined> {
    return this.run('loadSnapshot', (db) => loadSnapshot(db));
  }
  addEvent(event: HistoryEvent): Promise<void> {
    return this.run('addEvent', (db) => addEvent(db, event));
  }
  recentEvents(limit?: number): Promise<HistoryEvent[]> {
    return this.run('recentEvents', (db) => recentEvents(db, limit));
  }
  clearHistory(): Promise<void> {
    return this.run('clearHistory', (db) => clearHistory(db));
  }
  getSetting<T>(key: string): Promise<T | undefined> {
    return this.run('getSetting', (db) => getSetting<T>(db, key));
  }
  setSetting(key: string, value: unknown): Promise<void> {
    return this.run('setSetting', (db) => setSetting(db, key, value));
  }
  close(): void {
    this.closeWith('the store was closed');
  }
}

/**
 * Opens the storage of one catalog namespace, in the database `inpage-rec:<namespace>`, creating
 * or upgrading it to `SCHEMA_VERSION`. One database per namespace keeps two widgets for two
 * catalogs on one site apart.
 *
 * Rejects with `STORAGE_FAILED` when IndexedDB is unavailable, the open is blocked by another
 * tab, or the database was created by a newer version of inpage-rec.
 */
export async function openStore(namespace: string, opts?: FactoryOptions): Promise<Store> {
  const name = dbName(namespace);
  const factory = resolveFactory(`open of "${name}"`, opts);
  const db = await openDatabase(name, factory);
  return new IdbStore(namespace, db);
}

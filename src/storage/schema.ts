import type { DBSchema, IDBPDatabase, IDBPTransaction, StoreNames } from 'idb';
import type { CatalogItem, HistoryEvent } from '../types.ts';

/**
 * Version of the on-disk layout. Bump it together with a new `case` in {@link upgradeSchema}
 * whenever a store, key path or index changes; never edit an existing case, because visitors
 * still have databases that were created by it.
 */
export const SCHEMA_VERSION = 1;

/** Every database name starts with this, so inpage-rec databases are easy to spot in devtools. */
export const DB_PREFIX = 'inpage-rec:';

/** One record of the `vectors` store: up to `CHUNK_SIZE` vectors of one model, packed. */
export interface VectorChunk {
  /** Model id plus dims, e.g. `"use-lite-en:512"`. */
  modelKey: string;
  /** 0, 1, 2, ... per model; the highest one is the open "tail" that later writes extend. */
  chunk: number;
  /** Content hash of each vector's item, in the same order as `vectors`. */
  hashes: string[];
  /** `hashes.length * dims` float32 values. */
  vectors: ArrayBuffer;
  dims: number;
}

/** One catalog entry as the caller validated it: stable key, content hash and the item. */
export interface StoredEntry {
  key: string;
  hash: string;
  item: CatalogItem;
}

/** One record of the `items` store: a slice of the last saved catalog. */
export interface CatalogPart {
  /** 0, 1, 2, ...; the whole store is one snapshot, so the part number alone is the key. */
  part: number;
  /** How many parts the snapshot has, so a reader can tell a complete snapshot. */
  parts: number;
  modelKey: string;
  savedAt: number;
  entries: StoredEntry[];
}

/** Typed layout of an inpage-rec database, for `idb`. */
export interface StoreSchema extends DBSchema {
  vectors: { key: [string, number]; value: VectorChunk };
  items: { key: number; value: CatalogPart };
  /** Out-of-line auto-increment keys, so key order is insertion order and events stay plain. */
  history: { key: number; value: HistoryEvent };
  settings: { key: string; value: unknown };
}

/** An open inpage-rec database. */
export type StoreDb = IDBPDatabase<StoreSchema>;

/** The transaction of an `upgradeneeded` event. */
export type UpgradeTx = IDBPTransaction<StoreSchema, StoreNames<StoreSchema>[], 'versionchange'>;

/**
 * Brings a database from `oldVersion` up to {@link SCHEMA_VERSION}.
 *
 * Each `case` upgrades from one version to the next and falls through to the following one, so a
 * visitor who skipped releases runs every step in order. To change the layout: bump
 * `SCHEMA_VERSION` to N, then add `case N - 1:` with the steps at the end (use `tx` to migrate
 * records). `oldVersion` is 0 for a database that did not exist yet.
 */
export function upgradeSchema(db: StoreDb, oldVersion: number, tx: UpgradeTx): void {
  // `tx` is unused by version 1; later steps need it to read and rewrite existing records.
  void tx;
  switch (oldVersion) {
    case 0:
      db.createObjectStore('vectors', { keyPath: ['modelKey', 'chunk'] });
      db.createObjectStore('items', { keyPath: 'part' });
      db.createObjectStore('history', { autoIncrement: true });
      db.createObjectStore('settings');
    // falls through: the next version's steps go in `case 1:` below.
  }
}

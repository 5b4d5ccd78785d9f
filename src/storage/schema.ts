import type { DBSchema, IDBPDatabase, IDBPTransaction, StoreNames } from 'idb';
import type { JsonElement } from '../catalog/byte-items.ts';
import type { StoredNames } from '../catalog/name-column.ts';
import type { CatalogItem, HistoryEvent } from '../types/index.ts';
import type { IndexCodes, TrainingState } from '../vector-index/index.ts';

/**
 * Version of the on-disk layout. Bump it together with a new step in {@link upgradeSchema}
 * whenever a store, key path or index changes; never edit an existing step, because visitors
 * still have databases that were created by it.
 */
export const SCHEMA_VERSION = 2;

/** Every database name starts with this, so inpage-rec databases are easy to spot in devtools. */
export const DB_PREFIX = 'inpage-rec:';

/**
 * One record of the `vectors` store: up to `CHUNK_SIZE` vectors of one model, packed, in one of
 * two forms. Vectors embedded in the page are float32 (`vectors`); vectors adopted from a prebuilt
 * artifact keep the artifact's code and per-row scale (`codes`, `scales`; artifact/quantize.ts),
 * a quarter of the bytes (int8; a half for a projected artifact's wider codes, held as int16), and
 * decode to exactly what the page indexed. Both forms read back as
 * float32. Records written before the int8 form are float32 records: no upgrade step is needed.
 */
export interface VectorChunk {
  /** Model id plus dims, e.g. `"use-lite-en:512"`. */
  modelKey: string;
  /** 0, 1, 2, ... per model; the highest one is the open "tail" that later writes extend. */
  chunk: number;
  /** Content hash of each vector's item, in row order. */
  hashes: string[];
  /** Float32 form: `hashes.length * dims` float32 values. */
  vectors?: ArrayBuffer;
  /** Coded form: `hashes.length * dims` int8 values, or int16 (twice the bytes) for codes wider than 8 bits. */
  codes?: ArrayBuffer;
  /** Coded form: one float32 scale per row. */
  scales?: ArrayBuffer;
  dims: number;
}

/** One catalog entry as the caller validated it: stable key, content hash and the item. */
export interface StoredEntry {
  key: string;
  hash: string;
  item: CatalogItem;
  /**
   * Where the item's JSON lies, when the entry holds its catalog as bytes (a fetched catalog,
   * catalog/byte-items.ts): the snapshot stores those bytes without parsing and serialising the item.
   */
  element?(): JsonElement | undefined;
  /**
   * `element`'s place without the field checks a catalog held as bytes defers to the item's first
   * read (catalog/quick-screen.ts): for a snapshot written before those checks ran, whose left-out
   * fields come later (storage/snapshot-amendment.ts). Parsing every item for them took ~0.45 s at 100k.
   */
  place?(): JsonElement | undefined;
}

/**
 * One record of the `items` store: a slice of the last saved catalog, in one of two forms. Items
 * as objects (`entries`) keep any value a page passed; items as JSON text (`keys`, `hashes`,
 * `itemsJson`; catalogs that were fetched as JSON, so nothing is lost) read faster and are
 * parsed only when an item is used: a returning visit reads 100k items in ~0.3 s instead of ~0.7 s,
 * and usually replaces them with the fetched catalog before most are ever parsed.
 */
export interface CatalogPart {
  /** 0, 1, 2, ...; the whole store is one snapshot, so the part number alone is the key. */
  part: number;
  /** How many parts the snapshot has, so a reader can tell a complete snapshot. */
  parts: number;
  modelKey: string;
  savedAt: number;
  /** What the catalog was built from (part 0 only; see `SaveSnapshotOptions.source`). */
  source?: string;
  entries?: StoredEntry[];
  keys?: string[];
  hashes?: string[];
  /**
   * This part's items (in the order of `keys`) as a JSON array in UTF-8 bytes: read back like any
   * binary (a string of non-Latin-1 text is held as UTF-16, twice the bytes to move). Items that
   * came from a fetched catalog keep their bytes as fetched, spacing included; others are serialised.
   *
   * Written as a Blob: the browser takes the one copy the Blob makes of the fetched bytes, where
   * a byte array was copied into its structured clone and that clone into IndexedDB's own Blob
   * (values over 64 KB), each held by the worker until a GC (phone, 32k: settled peak -9.5 MB).
   * Read back as bytes (`loadSnapshot`), or left on disk (disk-snapshot.ts); a byte array is what
   * earlier versions wrote, and reads too.
   */
  itemsJson?: Blob | Uint8Array;
  /**
   * Fields left out of an item on every read: `[index in this part, fields]`. Screening found them
   * faulty in the fetched catalog, and the stored bytes are the item as fetched (storage/catalog.ts).
   */
  omitted?: [number, string[]][];
  /**
   * Where each item lies in `itemsJson`: its offset and length in bytes, flat (`[offset0, length0,
   * offset1, ...]`). Written with parts copied from fetched bytes: with the amendment's names, a
   * returning visit reads items from the parts on disk instead of every part into memory
   * (disk-snapshot.ts). Missing on parts written otherwise, and by earlier versions.
   */
  spans?: Uint32Array;
  /**
   * Set on every part of a snapshot written before its hashes were verified
   * (`SaveSnapshotOptions.pending`): it counts only once its amendment, with the same token, is
   * stored (catalog.ts `completeSnapshot`).
   */
  pending?: string;
  /** The amendment only (part -1): content hashes that changed since the parts were written, `[entry index, hash]`. */
  amendHashes?: [number, string][];
  /** The amendment only: every entry's left-out fields, `[entry index, fields]`, in place of each part's `omitted`. */
  amendOmitted?: [number, string[]][];
  /** The amendment only: every entry's name fields (catalog/name-column.ts), in entry order. */
  amendNames?: StoredNames;
}

/**
 * One record of the `codes` store: up to `CODES_PART_ROWS` rows of the index's codes for one
 * model key (codes.ts). Part 0 also carries the training state the codes were encoded under and
 * the IVF lists; every part of one save has the same `parts` and `savedAt`.
 */
export interface IndexCodesPart {
  modelKey: string;
  part: number;
  parts: number;
  savedAt: number;
  keys: string[];
  /** Content hash of each row's item when its vector was made. */
  hashes: string[];
  /** This part's rows of each code matrix. */
  codes: IndexCodes['codes'];
  state?: TrainingState;
  lists?: IndexCodes['lists'];
}

/** Typed layout of an inpage-rec database, for `idb`. */
export interface StoreSchema extends DBSchema {
  vectors: { key: [string, number]; value: VectorChunk };
  items: { key: number; value: CatalogPart };
  /** Out-of-line auto-increment keys, so key order is insertion order and events stay plain. */
  history: { key: number; value: HistoryEvent };
  settings: { key: string; value: unknown };
  /** Added in version 2. */
  codes: { key: [string, number]; value: IndexCodesPart };
}

/** An open inpage-rec database. */
export type StoreDb = IDBPDatabase<StoreSchema>;

/** The transaction of an `upgradeneeded` event. */
export type UpgradeTx = IDBPTransaction<StoreSchema, StoreNames<StoreSchema>[], 'versionchange'>;

/**
 * Brings a database from `oldVersion` up to {@link SCHEMA_VERSION}.
 *
 * Each block upgrades from one version to the next, in order, so a visitor who skipped releases
 * runs every step. To change the layout: bump `SCHEMA_VERSION` to N, then add
 * `if (oldVersion < N)` with the steps at the end (use `tx` to migrate records). `oldVersion` is
 * 0 for a database that did not exist yet.
 */
export function upgradeSchema(db: StoreDb, oldVersion: number, tx: UpgradeTx): void {
  // `tx` is unused by versions 1 and 2; later steps may need it to read and rewrite existing records.
  void tx;
  if (oldVersion < 1) {
    db.createObjectStore('vectors', { keyPath: ['modelKey', 'chunk'] });
    db.createObjectStore('items', { keyPath: 'part' });
    db.createObjectStore('history', { autoIncrement: true });
    db.createObjectStore('settings');
  }
  if (oldVersion < 2) {
    // Version 2: the index's codes, so a returning visit loads them instead of re-encoding vectors.
    db.createObjectStore('codes', { keyPath: ['modelKey', 'part'] });
  }
  // The next version's steps go in `if (oldVersion < 3)` here.
}

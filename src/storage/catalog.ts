import { createError, ErrorCodes } from '../errors.ts';
import { collectGarbage, collectionStride } from '../memory/collect-garbage.ts';
import { runSliced } from '../vector-index/slices.ts';
import { diskEntries } from './disk-snapshot.ts';
import { jsonPartEntries, type PartJson, partJson } from './json-part.ts';
import type { CatalogPart, StoreDb, StoredEntry } from './schema.ts';
import { AMENDMENT_PART, applyAmendment } from './snapshot-amendment.ts';
import { holdsBodies, moveBodiesToParts, PartBlobs, syncBlobReader } from './stored-elements.ts';
import { readInGroups, withStore } from './tx.ts';

/** Entries per `items` record: few records keep reads fast, small ones keep each clone cheap. */
export const CATALOG_CHUNK_SIZE = 1000;

/** Parts written at once when they are copied from the items' fetched bytes (see `saveSnapshot`). */
const PARTS_IN_FLIGHT = 4;

/**
 * Parts written between requests for a full GC (~8,000 items: 5-6 MB of Steam's JSON), or more
 * for a catalog of more than `COLLECTIONS_PER_PASS` such runs (memory/collect-garbage.ts).
 */
const PARTS_PER_COLLECTION = 8;

/** The last catalog saved with {@link saveSnapshot}. */
export interface CatalogSnapshot {
  modelKey: string;
  entries: StoredEntry[];
  /** When it was saved, in milliseconds since the epoch, so callers can judge its age. */
  savedAt: number;
  /** `SaveSnapshotOptions.source` as saved. */
  source?: string;
}

/** Options of {@link saveSnapshot}. */
export interface SaveSnapshotOptions {
  /**
   * Store the items as JSON text (faster to read, parsed on first use). Only for items that came
   * from JSON (a fetched catalog): a Date, Map or undefined that a page passed would not survive.
   */
  json?: boolean;
  /**
   * What the entries were built from, e.g. a digest of the catalog's bytes and the text rule: a
   * later visit that fetches the same bytes can keep the stored entries without validating again.
   */
  source?: string;
  /**
   * Once the items are stored from their fetched bytes, read them from the stored parts from then
   * on and let the fetched bodies go (stored-elements.ts). Only where a Blob can be read
   * synchronously (a dedicated worker); elsewhere the bodies stay.
   */
  moveBodies?: boolean;
  /**
   * Written before the entries' hashes are verified: the snapshot counts only once
   * `completeSnapshot` stores its amendment with this token (snapshot-amendment.ts).
   */
  pending?: string;
}

/**
 * Replaces the stored catalog snapshot with `entries`, in one transaction.
 *
 * The snapshot lets a later visit show recommendations before the catalog is fetched again.
 * Only `key`, `hash` and `item` of each entry are stored.
 */
export async function saveSnapshot(
  db: StoreDb,
  modelKey: string,
  entries: StoredEntry[],
  options: SaveSnapshotOptions = {},
): Promise<void> {
  if (typeof modelKey !== 'string' || modelKey === '')
    throw createError(ErrorCodes.INVALID_OPTION, `saveSnapshot: modelKey must be a non-empty string`);
  if (!Array.isArray(entries)) throw createError(ErrorCodes.INVALID_OPTION, `saveSnapshot: entries must be an array`);
  const savedAt = Date.now();
  // An empty catalog still gets one part, so the snapshot remembers its model key.
  const parts = Math.max(1, Math.ceil(entries.length / CATALOG_CHUNK_SIZE));
  const head = (part: number) => ({
    part,
    parts,
    modelKey,
    savedAt,
    ...(options.pending !== undefined ? { pending: options.pending } : {}),
    ...(part === 0 && options.source !== undefined ? { source: options.source } : {}),
  });
  const slice = (part: number) => entries.slice(part * CATALOG_CHUNK_SIZE, (part + 1) * CATALOG_CHUNK_SIZE);
  const asJson = (part: number, { items, omitted, spans }: Pick<PartJson, 'items' | 'omitted'> & { spans?: Uint32Array }): CatalogPart => {
    const s = slice(part);
    return {
      ...head(part),
      keys: s.map((e) => e.key),
      hashes: s.map((e) => e.hash),
      itemsJson: items,
      ...(omitted.length > 0 ? { omitted } : {}),
      ...(spans ? { spans } : {}),
    };
  };
  // Items that still hold their fetched JSON are stored as those bytes, each part made into a Blob
  // inside the transaction as it is written (a copy is fast): a few parts' copies are alive at once,
  // instead of the whole catalog as text twice over (unless the bodies move: all parts first,
  // below). Serialising every item took ~2 s of the worker at 100k Steam items.
  const fromBytes = options.json === true && entries.every((e) => e.element !== undefined);
  const records: CatalogPart[] = [];
  // Otherwise built in time slices before the transaction (a transaction cannot wait across tasks):
  // 100k Steam items as JSON text took one 840 ms block of the worker, and queries waited behind it.
  function* build(): Generator<void, void> {
    for (let part = 0; part < parts; part++) {
      records.push(
        options.json
          ? asJson(part, { items: new Blob([JSON.stringify(slice(part).map((e) => e.item))]), omitted: [] })
          : { ...head(part), entries: slice(part).map(({ key, hash, item }) => ({ key, hash, item })) },
      );
      yield;
    }
  }
  if (!fromBytes) await runSliced(build());
  const unchecked = options.pending !== undefined;
  // Where each part's items start in its JSON, for reading them back (`moveBodies`).
  const offsets: Uint32Array[] = [];
  const fromJson = (part: number) => {
    const json = partJson(slice(part), unchecked);
    offsets[part] = json.offsets;
    return asJson(part, { ...json, spans: interleaved(json.offsets, json.lengths) });
  };
  // Bodies that move go to the parts' Blobs before the write, not after it: a Blob's bytes are the
  // browser's, so the bodies are garbage as soon as every part is made (~0.25 s of the worker at 100k
  // Steam items, in one block) instead of once IndexedDB has stored them and they are read back
  // (1-1.6 s later at 100k, the body held through the visit's highest point).
  const moved = fromBytes && options.moveBodies ? movedBodies(entries, { parts, make: fromJson, savedAt, offsets, unchecked }) : undefined;
  // Parts made above are written as made, not made again (a body that did not move still may not).
  const made = moved?.made ?? records;
  await writeParts(db, parts, made.length === parts ? (part: number) => made[part]! : fromJson);
  // Best effort: the parts the bodies moved to stay readable either way. Read from the stored parts,
  // the browser can drop its in-memory copies (71 MB at 100k) for the rest of the visit.
  if (moved?.blobs) moved.blobs.replaceWith(await partBlobs(db).catch(() => []), savedAt);
}

/** What {@link movedBodies} needs besides the entries: see saveSnapshot. */
interface BodyMove {
  parts: number;
  /** Makes part `part`'s record, filling `offsets[part]`. */
  make: (part: number) => CatalogPart;
  savedAt: number;
  offsets: Uint32Array[];
  unchecked: boolean;
}

/**
 * Makes every part and moves the entries' bodies to them (see saveSnapshot): the parts made, to be
 * written as they are, and their Blobs unless no body moved; undefined when every body is on disk.
 */
function movedBodies(entries: StoredEntry[], move: BodyMove): { made: CatalogPart[]; blobs?: PartBlobs } | undefined {
  // Only bodies still in memory move: when every one already lies on disk (a full save after an
  // early snapshot, an update whose items are stored), making all parts at once would read each item
  // back from disk in one block, where the write spreads those reads over its parts.
  // Moving needs a blocking Blob read (a worker's FileReaderSync).
  const readBlob = syncBlobReader();
  if (!readBlob || !holdsBodies(entries, move.unchecked)) return undefined;
  const made: CatalogPart[] = [];
  for (let part = 0; part < move.parts; part++) made.push(move.make(part));
  const blobs = PartBlobs.of(made, move.savedAt);
  if (!blobs || moveBodiesToParts(entries, CATALOG_CHUNK_SIZE, move.offsets, blobs, readBlob, move.unchecked) === 0) return { made };
  // The bodies are garbage now (71 MB at 100k Steam items): returned at once, not at a later full GC.
  collectGarbage();
  return { made, blobs };
}

/** `[a[0], b[0], a[1], b[1], ...]` (`CatalogPart.spans`). */
function interleaved(a: Uint32Array, b: Uint32Array): Uint32Array {
  const out = new Uint32Array(a.length * 2);
  for (let i = 0; i < a.length; i++) {
    out[2 * i] = a[i]!;
    out[2 * i + 1] = b[i]!;
  }
  return out;
}

/** Replaces the stored parts with `record(0)` to `record(parts - 1)`, in one transaction. */
async function writeParts(db: StoreDb, parts: number, record: (part: number) => CatalogPart): Promise<void> {
  await withStore(
    db,
    'items',
    'readwrite',
    async (store) => {
      await store.clear();
      // A few writes in flight keep IndexedDB busy without holding every part's copy at once.
      const writing: Promise<unknown>[] = [];
      const stride = collectionStride(parts, PARTS_PER_COLLECTION);
      for (let part = 0; part < parts; part++) {
        writing.push(store.put(record(part)));
        if (writing.length >= PARTS_IN_FLIGHT) await writing.shift();
        // Written parts' copies and IndexedDB's wrappers of them are garbage that only a full GC
        // returns (memory/collect-garbage.ts); the snapshot is the visit's largest write.
        if (part % stride === stride - 1) collectGarbage();
      }
      await Promise.all(writing);
    },
    // The snapshot is a cache of a catalog that can be fetched again.
    { durability: 'relaxed' },
  );
}

/** Parts per read of {@link partBlobs}. */
const PARTS_PER_READ = 10;

/**
 * Each stored part's number, save time and items, read back `PARTS_PER_READ` records at a time: the
 * Blobs IndexedDB returns are its files on disk, not the copies written, and a few parts' keys and
 * hashes at a time are garbage instead of the whole catalog's at once. Not one record per request
 * (`readInGroups` says why): a 100k catalog's 100 parts took ~7 s to read back that way, the
 * fetched body held all that time, against ~1.9 s to write.
 */
export async function partBlobs(db: StoreDb): Promise<CatalogPart[]> {
  const parts: CatalogPart[] = [];
  const store = db.transaction('items').store;
  await readInGroups(
    (range, count) => store.getAll(range, count),
    (last: CatalogPart | undefined) => IDBKeyRange.lowerBound(last ? last.part : 0, last !== undefined),
    PARTS_PER_READ,
    (records) => {
      for (const { part, parts: count, modelKey, savedAt, itemsJson } of records) {
        parts.push({ part, parts: count, modelKey, savedAt, ...(itemsJson ? { itemsJson } : {}) });
      }
    },
  );
  return parts;
}

/**
 * The stored catalog snapshot, or `undefined` when there is none (first visit, or erased).
 * `readBlob`: how a snapshot whose items can stay on disk reads them (disk-snapshot.ts).
 */
export async function loadSnapshot(db: StoreDb, readBlob = syncBlobReader()): Promise<CatalogSnapshot | undefined> {
  const all = await db.getAll('items');
  // Keys in order: a pending snapshot's amendment (-1) comes first.
  const amendment = all[0]?.part === AMENDMENT_PART ? all[0] : undefined;
  const records = amendment ? all.slice(1) : all;
  const first = records[0];
  if (!first) return undefined;
  // Saves are atomic, so a mismatch means someone else wrote here; treat it as a cache miss.
  const consistent =
    records.length === first.parts &&
    records.every((r, i) => r.part === i && r.modelKey === first.modelKey && r.savedAt === first.savedAt && r.pending === first.pending);
  if (!consistent) return undefined;
  // Written before its check: only with what the check found (snapshot-amendment.ts).
  if (first.pending !== undefined && !applyAmendment(records, amendment, CATALOG_CHUNK_SIZE)) return undefined;
  const entries = diskEntries(records, amendment, readBlob) ?? (await entriesInMemory(records));
  if (!entries) return undefined;
  const snapshot: CatalogSnapshot = { modelKey: first.modelKey, entries, savedAt: first.savedAt };
  const source = first.pending !== undefined ? amendment?.source : first.source;
  if (typeof source === 'string') snapshot.source = source;
  return snapshot;
}

/** The entries of `records`, each part's items read into memory at once; undefined when one is malformed or unreadable. */
async function entriesInMemory(records: readonly CatalogPart[]): Promise<StoredEntry[] | undefined> {
  const bytes = await partBytes(records);
  if (!bytes) return undefined;
  // Each part read once: its entries are objects of their own (100k at 100k items).
  const entries: StoredEntry[] = [];
  for (const [i, r] of records.entries()) {
    const part = partEntries(bytes[i] ? { ...r, itemsJson: bytes[i] } : r);
    if (!part) return undefined;
    for (const e of part) entries.push(e);
  }
  return entries;
}

/**
 * Each part's items read from its Blob (`CatalogPart.itemsJson`), all at once; undefined for a
 * part that holds none, and undefined for all when a Blob cannot be read (its file is gone): a
 * damaged snapshot is no snapshot.
 */
async function partBytes(records: readonly CatalogPart[]): Promise<(Uint8Array | undefined)[] | undefined> {
  try {
    return await Promise.all(
      records.map(async (r) => (r.itemsJson instanceof Blob ? new Uint8Array(await r.itemsJson.arrayBuffer()) : undefined)),
    );
  } catch {
    return undefined;
  }
}

/** The entries of one part, or undefined when it is malformed. */
function partEntries(r: CatalogPart): StoredEntry[] | undefined {
  return Array.isArray(r.entries) ? r.entries : jsonPartEntries(r);
}

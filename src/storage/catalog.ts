import { ByteItems, type JsonElement } from '../catalog/byte-items.ts';
import { jsonArrayElements } from '../catalog/json-elements.ts';
import { createError, ErrorCodes } from '../errors.ts';
import { collectGarbage, collectionStride } from '../memory/collect-garbage.ts';
import type { CatalogItem } from '../types/index.ts';
import { runSliced } from '../vector-index/slices.ts';
import type { CatalogPart, StoreDb, StoredEntry } from './schema.ts';
import { withStore } from './tx.ts';

const utf8 = new TextEncoder();

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
    ...(part === 0 && options.source !== undefined ? { source: options.source } : {}),
  });
  const slice = (part: number) => entries.slice(part * CATALOG_CHUNK_SIZE, (part + 1) * CATALOG_CHUNK_SIZE);
  const asJson = (part: number, json: PartJson): CatalogPart => {
    const s = slice(part);
    return {
      ...head(part),
      keys: s.map((e) => e.key),
      hashes: s.map((e) => e.hash),
      itemsJson: json.bytes,
      ...(json.omitted.length > 0 ? { omitted: json.omitted } : {}),
    };
  };
  // Items that still hold their fetched JSON are copied as bytes, each part inside the transaction
  // as it is written (a copy is fast): a few parts' copies are alive beside IndexedDB's own,
  // instead of the whole catalog as text twice over. Serialising every item took ~2 s of the
  // worker at 100k Steam items.
  const fromBytes = options.json === true && entries.every((e) => e.element !== undefined);
  const records: CatalogPart[] = [];
  // Otherwise built in time slices before the transaction (a transaction cannot wait across tasks):
  // 100k Steam items as JSON text took one 840 ms block of the worker, and queries waited behind it.
  function* build(): Generator<void, void> {
    for (let part = 0; part < parts; part++) {
      records.push(
        options.json
          ? asJson(part, { bytes: utf8.encode(JSON.stringify(slice(part).map((e) => e.item))), omitted: [] })
          : { ...head(part), entries: slice(part).map(({ key, hash, item }) => ({ key, hash, item })) },
      );
      yield;
    }
  }
  if (!fromBytes) await runSliced(build());
  const record = fromBytes ? (part: number) => asJson(part, partJson(slice(part))) : (part: number) => records[part]!;
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

/** One part's items as a JSON array, and the fields left out of some (`CatalogPart.omitted`). */
interface PartJson {
  bytes: Uint8Array;
  omitted: [number, string[]][];
}

/**
 * A JSON array of the entries' items from their fetched bytes: a run of neighbouring elements of
 * one body is copied at once, with the body's own separators (100k Steam items: one copy per part
 * instead of 100k pieces). An item with faulty fields keeps its bytes, and the fields are listed
 * to be left out again when read (~6k of those 100k, each parsed and serialised alone before:
 * ~50 ms in Node); an entry without an element (none on a fetched catalog) is serialised alone.
 */
function partJson(entries: readonly StoredEntry[]): PartJson {
  const pieces: Uint8Array[] = [];
  const omitted: [number, string[]][] = [];
  let run: { items: ByteItems; from: number; to: number } | undefined;
  const close = () => {
    if (run) pieces.push(run.items.raw(run.from, run.to));
    run = undefined;
  };
  entries.forEach((entry, i) => {
    const at = entry.element?.();
    if (!at) {
      close();
      pieces.push(utf8.encode(JSON.stringify(entry.item)));
      return;
    }
    const fields = at.items.omittedFields(at.index);
    if (fields) omitted.push([i, [...fields]]);
    if (run?.items === at.items && run.to === at.index) run.to++;
    else {
      close();
      run = { items: at.items, from: at.index, to: at.index + 1 };
    }
  });
  close();
  const bytes = new Uint8Array(pieces.reduce((n, p) => n + p.length + 1, 1) + (pieces.length === 0 ? 1 : 0));
  let at = 0;
  bytes[at++] = 0x5b; // [
  pieces.forEach((p, i) => {
    if (i > 0) bytes[at++] = 0x2c; // ,
    bytes.set(p, at);
    at += p.length;
  });
  bytes[at++] = 0x5d; // ]
  return { bytes, omitted };
}

/** The stored catalog snapshot, or `undefined` when there is none (first visit, or erased). */
export async function loadSnapshot(db: StoreDb): Promise<CatalogSnapshot | undefined> {
  const records = await db.getAll('items');
  const first = records[0];
  if (!first) return undefined;
  // Saves are atomic, so a mismatch means someone else wrote here; treat it as a cache miss.
  const consistent =
    records.length === first.parts &&
    records.every((r, i) => r.part === i && r.modelKey === first.modelKey && r.savedAt === first.savedAt && partEntries(r) !== undefined);
  if (!consistent) return undefined;
  const snapshot: CatalogSnapshot = { modelKey: first.modelKey, entries: records.flatMap((r) => partEntries(r)!), savedAt: first.savedAt };
  if (typeof first.source === 'string') snapshot.source = first.source;
  return snapshot;
}

/** The entries of one part, or undefined when it is malformed. */
function partEntries(r: CatalogPart): StoredEntry[] | undefined {
  if (Array.isArray(r.entries)) return r.entries;
  const { keys, hashes, itemsJson, omitted = [] } = r;
  if (!Array.isArray(keys) || !Array.isArray(hashes) || keys.length !== hashes.length || !(itemsJson instanceof Uint8Array))
    return undefined;
  if (!Array.isArray(omitted) || !omitted.every((o) => isOmission(o, keys.length))) return undefined;
  const items = new JsonItems(itemsJson, keys.length, omitted);
  return keys.map((key, i) => new JsonEntry(key, hashes[i]!, items, i));
}

/** Whether `o` is one `CatalogPart.omitted` entry of a part of `count` items. */
function isOmission(o: unknown, count: number): o is [number, string[]] {
  if (!Array.isArray(o) || o.length !== 2) return false;
  const [index, fields] = o as unknown[];
  return (
    Number.isInteger(index) &&
    (index as number) >= 0 &&
    (index as number) < count &&
    Array.isArray(fields) &&
    fields.every((f) => typeof f === 'string')
  );
}

/** One part's items, parsed on first use. */
class JsonItems {
  private items: ByteItems | undefined;

  constructor(
    private readonly json: Uint8Array,
    private readonly count: number,
    private readonly omitted: readonly [number, string[]][],
  ) {}

  /** Item `i` of the part; throws STORAGE_FAILED when the stored text is not the part's items. */
  at(i: number): CatalogItem {
    try {
      return this.part().item(i);
    } catch (err) {
      if (err instanceof SyntaxError) throw notItems('a stored catalog item is not JSON', err);
      throw err;
    }
  }

  /** Where item `i`'s JSON lies (a snapshot saved again copies it). */
  element(i: number): JsonElement {
    return { items: this.part(), index: i };
  }

  /**
   * The part's items, each parsed when read (catalog/byte-items.ts): a returning visit that reads
   * every item once (a keyword index) no longer keeps the whole catalog parsed.
   */
  private part(): ByteItems {
    if (this.items) return this.items;
    const ranges = jsonArrayElements(this.json);
    if (!ranges) throw notItems('a stored catalog part is not a JSON array');
    if (ranges.starts.length !== this.count) throw notItems(`a stored catalog part does not hold ${this.count} items`);
    const items = new ByteItems(this.json, ranges, RECENT_PER_PART);
    for (const [i, fields] of this.omitted) items.omit(i, fields);
    this.items = items;
    return items;
  }
}

/** Parsed items a stored part keeps for repeated reads (a snapshot has ~100 parts at 100k). */
const RECENT_PER_PART = 32;

function notItems(why: string, cause?: unknown) {
  return createError(ErrorCodes.STORAGE_FAILED, `IndexedDB loadSnapshot failed: ${why}`, cause);
}

/** A stored entry whose item is parsed with the rest of its part when first read. */
class JsonEntry implements StoredEntry {
  constructor(
    readonly key: string,
    readonly hash: string,
    private readonly items: JsonItems,
    private readonly index: number,
  ) {}

  get item(): CatalogItem {
    return this.items.at(this.index);
  }

  element(): JsonElement {
    return this.items.element(this.index);
  }
}

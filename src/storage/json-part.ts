/**
 * A catalog snapshot's parts as JSON (`CatalogPart.itemsJson`): written from the items' fetched
 * bytes, read back as entries whose items are parsed per part when first used.
 */
import { ByteItems, type JsonElement } from '../catalog/byte-items.ts';
import { jsonArrayElements } from '../catalog/json-elements.ts';
import { createError, ErrorCodes } from '../errors.ts';
import type { CatalogItem } from '../types/index.ts';
import type { CatalogPart, StoredEntry } from './schema.ts';

const utf8 = new TextEncoder();

/** One part's items as a JSON array, and the fields left out of some (`CatalogPart.omitted`). */
export interface PartJson {
  items: Blob;
  omitted: [number, string[]][];
  /** Where each entry's item starts in `items`, in bytes (storage/stored-elements.ts reads it there). */
  offsets: Uint32Array;
  /** Each entry's item's length in `items`, in bytes. */
  lengths: Uint32Array;
}

/**
 * A JSON array of the entries' items from their fetched bytes: a run of neighbouring elements of
 * one body is one piece, with the body's own separators (100k Steam items: one piece per part
 * instead of 100k), and the pieces are a Blob (see `CatalogPart.itemsJson`). An item with faulty
 * fields keeps its bytes, and the fields are listed to be left out again when read (~6k of those
 * 100k, each parsed and serialised alone before: ~50 ms in Node); an entry without an element
 * (none on a fetched catalog) is serialised alone, and so is an element whose body has moved to
 * storage (read back one by one). `unchecked`: each item's place as it is (`StoredEntry.place`),
 * for a pending snapshot whose left-out fields come with its amendment.
 */
export function partJson(entries: readonly StoredEntry[], unchecked = false): PartJson {
  const pieces: Uint8Array[] = [];
  const omitted: [number, string[]][] = [];
  const offsets = new Uint32Array(entries.length);
  const lengths = new Uint32Array(entries.length);
  // Bytes of the array so far: '[' and each piece after a comma.
  let size = 1;
  const push = (bytes: Uint8Array): number => {
    if (pieces.length > 0) size++;
    pieces.push(bytes);
    const start = size;
    size += bytes.length;
    return start;
  };
  let run: { items: ByteItems; from: number; to: number; first: number } | undefined;
  const close = () => {
    if (!run) return;
    const { items, from, to, first } = run;
    const start = push(items.raw(from, to));
    const { starts, ends } = items.source().ranges;
    for (let k = 0; k < to - from; k++) {
      offsets[first + k] = start + starts[from + k]! - starts[from]!;
      lengths[first + k] = ends[from + k]! - starts[from + k]!;
    }
    run = undefined;
  };
  entries.forEach((entry, i) => {
    const at = placeOf(entry, unchecked);
    if (!at || at.items.isMoved) {
      close();
      const bytes = at ? at.items.raw(at.index) : utf8.encode(JSON.stringify(entry.item));
      offsets[i] = push(bytes);
      lengths[i] = bytes.length;
      if (at) addOmitted(omitted, i, at);
      return;
    }
    addOmitted(omitted, i, at);
    if (run?.items === at.items && run.to === at.index) run.to++;
    else {
      close();
      run = { items: at.items, from: at.index, to: at.index + 1, first: i };
    }
  });
  close();
  const array: BlobPart[] = ['['];
  pieces.forEach((p, i) => {
    if (i > 0) array.push(',');
    array.push(p as Uint8Array<ArrayBuffer>);
  });
  array.push(']');
  return { items: new Blob(array), omitted, offsets, lengths };
}

/** Where `entry`'s item lies: `element`, or `place` when `unchecked` (see `StoredEntry.place`). */
export function placeOf(entry: StoredEntry, unchecked: boolean): JsonElement | undefined {
  return unchecked ? (entry.place?.() ?? entry.element?.()) : entry.element?.();
}

/** Lists the fields left out of element `at` (entry `i` of the part), if any. */
function addOmitted(omitted: [number, string[]][], i: number, at: JsonElement): void {
  const fields = at.items.omittedFields(at.index);
  if (fields) omitted.push([i, [...fields]]);
}

/** The entries of a part stored as JSON, or undefined when it is malformed. */
export function jsonPartEntries(r: CatalogPart): StoredEntry[] | undefined {
  const { keys, hashes, itemsJson, omitted = [] } = r;
  if (!Array.isArray(keys) || !Array.isArray(hashes) || keys.length !== hashes.length || !(itemsJson instanceof Uint8Array))
    return undefined;
  if (!Array.isArray(omitted) || !omitted.every((o) => isOmission(o, keys.length))) return undefined;
  const items = new JsonItems(itemsJson, keys.length, omitted);
  return keys.map((key, i) => new JsonEntry(key, hashes[i]!, items, i));
}

/** Whether `o` is one `CatalogPart.omitted` entry of a part of `count` items. */
export function isOmission(o: unknown, count: number): o is [number, string[]] {
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

/** STORAGE_FAILED for a stored catalog that is not what was written (`why` says how). */
export function notItems(why: string, cause?: unknown) {
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

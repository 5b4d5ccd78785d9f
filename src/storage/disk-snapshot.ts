/**
 * A stored catalog snapshot whose items stay in their parts on disk: a returning visit reads an
 * item from its part when it is parsed, and its name from the names stored beside the parts.
 *
 * Why: `loadSnapshot` read every part into memory before the first answer (71 MB at 100k Steam
 * items) and held them for the whole visit, only so that product lines could read the names of
 * ~50 candidates per `similar()` fast. A first visit's trust check records every name anyway
 * (catalog/name-column.ts); stored with the snapshot's amendment (~3 MB at 100k), they make the
 * parts' bytes unneeded until an item is shown, which reads it (or a list's items in one read)
 * from disk as a first visit does once its body has moved (stored-elements.ts).
 *
 * Only for snapshots that have what it needs: every part's item spans (`CatalogPart.spans`), the
 * amendment's names, and a synchronous Blob reader (a dedicated worker). Any other snapshot is read
 * into memory as before.
 */
import { ByteItems, type JsonElement } from '../catalog/byte-items.ts';
import { NameColumn } from '../catalog/name-column.ts';
import type { CatalogItem } from '../types/index.ts';
import { isOmission, notItems } from './json-part.ts';
import type { CatalogPart, StoredEntry } from './schema.ts';
import { PartBlobs, StoredElements, type SyncBlobReader } from './stored-elements.ts';

/**
 * The entries of `records` (a consistent snapshot's parts in order, amended) read from disk, or
 * undefined when the snapshot lacks what that needs (see the module comment) or does not add up:
 * the caller then reads the parts into memory.
 */
export function diskEntries(
  records: readonly CatalogPart[],
  amendment: CatalogPart | undefined,
  readBlob: SyncBlobReader | undefined,
): StoredEntry[] | undefined {
  const names = readBlob && NameColumn.fromStored(amendment?.amendNames);
  if (!readBlob || !names) return undefined;
  let count = 0;
  for (const r of records) {
    const { keys, hashes, spans, itemsJson } = r;
    if (!(itemsJson instanceof Blob) || !(spans instanceof Uint32Array) || !Array.isArray(keys) || !Array.isArray(hashes)) return undefined;
    if (hashes.length !== keys.length || spans.length !== 2 * keys.length) return undefined;
    count += keys.length;
  }
  if (names.length !== count) return undefined;
  const part = new Int32Array(count);
  const offset = new Uint32Array(count);
  const lengths = new Uint32Array(count);
  const blobs: Blob[] = [];
  const omissions: [number, string[]][] = [];
  let at = 0;
  for (const [p, r] of records.entries()) {
    const blob = r.itemsJson as Blob;
    const spans = r.spans!;
    // A part whose file is gone (or is not a JSON array's bytes) makes no snapshot, as it does when
    // parts are read into memory, rather than a failed read when an item is shown: its last byte
    // read (a slice read, ~0.3 ms in Chromium: stored-elements.ts; 100 parts at 100k).
    if (!endsArray(blob, readBlob)) return undefined;
    blobs.push(blob);
    for (let i = 0; i < spans.length / 2; i++, at++) {
      // A span outside its part is a damaged record: no snapshot rather than a read past its end.
      if (spans[2 * i]! + spans[2 * i + 1]! > blob.size) return undefined;
      part[at] = p;
      offset[at] = spans[2 * i]!;
      lengths[at] = spans[2 * i + 1]!;
    }
    const omitted = r.omitted ?? [];
    if (!Array.isArray(omitted) || !omitted.every((o) => isOmission(o, r.keys!.length))) return undefined;
    for (const [i, fields] of omitted) omissions.push([at - r.keys!.length + i, fields]);
  }
  const items = ByteItems.stored(new StoredElements(new PartBlobs(blobs), part, offset, readBlob), lengths, names);
  for (const [index, fields] of omissions) items.omit(index, fields);
  const entries: StoredEntry[] = new Array(count);
  at = 0;
  for (const r of records) for (const [i, key] of r.keys!.entries()) entries[at] = new DiskEntry(key, r.hashes![i]!, items, at++);
  return entries;
}

/** Whether `blob` can be read and ends with a JSON array's `]`. */
function endsArray(blob: Blob, readBlob: SyncBlobReader): boolean {
  try {
    return readBlob(blob.slice(blob.size - 1, blob.size))[0] === CLOSE_ARRAY;
  } catch {
    return false;
  }
}

const CLOSE_ARRAY = 0x5d;

/** A stored entry whose item is read from its part on disk when parsed. */
class DiskEntry implements StoredEntry {
  constructor(
    readonly key: string,
    readonly hash: string,
    private readonly items: ByteItems,
    private readonly index: number,
  ) {}

  /** The item; throws STORAGE_FAILED when its stored bytes are not JSON (or its part cannot be read). */
  get item(): CatalogItem {
    try {
      return this.items.item(this.index);
    } catch (err) {
      if (err instanceof SyntaxError) throw notItems('a stored catalog item is not JSON', err);
      throw err;
    }
  }

  element(): JsonElement {
    return { items: this.items, index: this.index };
  }

  /** The same place: a stored item's checks ran before it was stored (`entryNames` reads its name here). */
  place(): JsonElement {
    return this.element();
  }
}

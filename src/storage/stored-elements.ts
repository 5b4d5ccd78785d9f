/**
 * A fetched catalog's items read from the stored snapshot's parts instead of the fetched body.
 *
 * Why: once the snapshot is written, the worker held the catalog twice, as the body it fetched
 * (71 MB at 100k Steam items, the largest buffer of a first visit) and as IndexedDB's parts on
 * disk. The body can go: an item is read back from its part when it is parsed, synchronously
 * (`FileReaderSync`, dedicated workers only), which `ByteItems` needs.
 *
 * Measured in Chromium here (a worker, parts of ~700 KB read back from IndexedDB): one item's
 * bytes (a Blob slice) ~0.3-0.4 ms, a whole part ~1.3-1.5 ms. A pass over every item (a keyword
 * index, the cold spread) reads each part once whole; a page of results reads only its items, and
 * `ByteItems` keeps its recent reads parsed and every item's name (what ranking reads of many
 * items: catalog/name-column.ts). Nothing reads the parts back into memory: that held the body's
 * 71 MB again for the rest of a 100k first visit, for ~7 ms less per `similar()`.
 */
import type { ByteItems, ElementSource } from '../catalog/byte-items.ts';
import { createError, ErrorCodes } from '../errors.ts';
import { placeOf } from './json-part.ts';
import type { CatalogPart, StoredEntry } from './schema.ts';

/** Reads a Blob's bytes at once, blocking. */
export type SyncBlobReader = (blob: Blob) => Uint8Array;

/** A synchronous Blob reader where the platform has one (a dedicated worker), else undefined. */
export function syncBlobReader(): SyncBlobReader | undefined {
  if (typeof FileReaderSync !== 'function') return undefined;
  const reader = new FileReaderSync();
  return (blob) => new Uint8Array(reader.readAsArrayBuffer(blob));
}

/** Whole parts kept read: a pass reads its current part, and the part before while it ends. */
const PARTS_KEPT = 2;

/** The elements of one body, read from the stored parts they were written to. */
export class StoredElements implements ElementSource {
  /** Whole parts read, the most recent last. */
  private readonly kept = new Map<number, Uint8Array>();
  /** The part of the last element read as a slice: a second read there reads the part whole. */
  private lastSliced = -1;

  /**
   * `part[i]` and `offset[i]`: where element `i` of the body lies among `parts` (-1: not stored).
   */
  constructor(
    private readonly parts: readonly Blob[],
    private readonly part: Int32Array,
    private readonly offset: Uint32Array,
    private readonly readBlob: SyncBlobReader,
  ) {}

  /** The bytes of element `index`; undefined when it was not stored. Throws STORAGE_FAILED when the part cannot be read. */
  read(index: number, length: number): Uint8Array | undefined {
    const p = this.part[index];
    if (p === undefined || p < 0) return undefined;
    const at = this.offset[index]!;
    const whole = this.kept.get(p);
    if (whole) return whole.subarray(at, at + length);
    const blob = this.parts[p]!;
    try {
      if (this.lastSliced !== p) {
        this.lastSliced = p;
        return this.readBlob(blob.slice(at, at + length));
      }
      const bytes = this.readBlob(blob);
      this.kept.set(p, bytes);
      if (this.kept.size > PARTS_KEPT) this.kept.delete(this.kept.keys().next().value!);
      return bytes.subarray(at, at + length);
    } catch (err) {
      throw createError(ErrorCodes.STORAGE_FAILED, `IndexedDB catalog read failed: part ${p} of the stored catalog cannot be read`, err);
    }
  }

  /**
   * The bytes of elements `indices` (`lengths[i]` long each), their slices read as one Blob: one
   * blocking read for a list's items instead of one each. Undefined for an element not stored, or
   * when the read fails (its own `read` then names the part).
   */
  readMany(indices: readonly number[], lengths: readonly number[]): (Uint8Array | undefined)[] {
    const out: (Uint8Array | undefined)[] = new Array(indices.length);
    const slices: Blob[] = [];
    const sliced: number[] = [];
    indices.forEach((index, i) => {
      const p = this.part[index];
      if (p === undefined || p < 0) return;
      const at = this.offset[index]!;
      const whole = this.kept.get(p);
      if (whole) out[i] = whole.subarray(at, at + lengths[i]!);
      else {
        slices.push(this.parts[p]!.slice(at, at + lengths[i]!));
        sliced.push(i);
      }
    });
    if (slices.length === 0) return out;
    let bytes: Uint8Array;
    try {
      bytes = this.readBlob(slices.length === 1 ? slices[0]! : new Blob(slices));
    } catch {
      return out;
    }
    let at = 0;
    for (const i of sliced) {
      out[i] = bytes.subarray(at, at + lengths[i]!);
      at += lengths[i]!;
    }
    return out;
  }
}

/**
 * Points every body the snapshot's entries were written from at the stored parts, so the bodies'
 * bytes can be collected. `entries` as saved, `offsets[p]` the items' offsets in part `p`'s JSON
 * (json-part.ts), `records` the parts as read back (file-backed Blobs). Returns how many bodies moved:
 * none when a part is not a Blob or the records are not this save's (`savedAt`; another tab wrote).
 */
export function moveBodiesToParts(
  entries: readonly StoredEntry[],
  partSize: number,
  offsets: readonly Uint32Array[],
  records: readonly CatalogPart[],
  savedAt: number,
  readBlob: SyncBlobReader,
  unchecked = false,
): number {
  const blobs: Blob[] = [];
  for (const [p, r] of records.entries()) {
    if (r.part !== p || r.savedAt !== savedAt || !(r.itemsJson instanceof Blob)) return 0;
    blobs.push(r.itemsJson);
  }
  if (blobs.length !== offsets.length) return 0;
  const places = new Map<ByteItems, { part: Int32Array; offset: Uint32Array }>();
  entries.forEach((entry, i) => {
    const at = placeOf(entry, unchecked);
    if (!at || at.items.isMoved) return;
    let place = places.get(at.items);
    if (!place) {
      place = { part: new Int32Array(at.items.length).fill(-1), offset: new Uint32Array(at.items.length) };
      places.set(at.items, place);
    }
    const p = Math.floor(i / partSize);
    place.part[at.index] = p;
    place.offset[at.index] = offsets[p]![i - p * partSize]!;
  });
  for (const [items, { part, offset }] of places) items.moveTo(new StoredElements(blobs, part, offset, readBlob));
  return places.size;
}

/**
 * A fetched catalog's items read from the snapshot's parts instead of the fetched body.
 *
 * Why: the body is the largest buffer of a first visit (71 MB at 100k Steam items), and a
 * snapshot's parts are Blobs of the same bytes, which the browser keeps outside the worker: in its
 * own memory from when they are made, on disk once IndexedDB has stored them (`PartBlobs`). So the
 * body goes as soon as the parts exist, and an item is read back from its part when it is parsed,
 * synchronously (`FileReaderSync`, dedicated workers only), which `ByteItems` needs.
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

/**
 * The Blobs of one snapshot's parts, as its `StoredElements` read them. Made from the parts as they
 * are written (the browser's memory), then pointed at the same parts read back from IndexedDB
 * (files on disk) once stored: `replaceWith`.
 */
export class PartBlobs {
  /** `blobs[p]`: part `p`'s Blob. */
  constructor(private readonly blobs: Blob[]) {}

  /** The parts of `records` (in part order, all of the save at `savedAt`, each a Blob), else undefined. */
  static of(records: readonly CatalogPart[], savedAt: number): PartBlobs | undefined {
    const blobs = partsOf(records, savedAt);
    return blobs ? new PartBlobs(blobs) : undefined;
  }

  /** How many parts there are. */
  get length(): number {
    return this.blobs.length;
  }

  /** Part `p`'s Blob. */
  get(p: number): Blob | undefined {
    return this.blobs[p];
  }

  /**
   * Reads from `records` from now on when they are the same parts (the same save, count and sizes),
   * as IndexedDB returns them: Blobs of its files, so the browser can let go of the copies it held
   * in memory since the write. Returns whether it did; otherwise the parts stay as they were.
   */
  replaceWith(records: readonly CatalogPart[], savedAt: number): boolean {
    const blobs = partsOf(records, savedAt);
    if (!blobs || blobs.length !== this.blobs.length || blobs.some((b, p) => b.size !== this.blobs[p]!.size)) return false;
    this.blobs.splice(0, blobs.length, ...blobs);
    return true;
  }
}

/** The Blobs of `records` when each is part `p` at `p` of the save at `savedAt`, else undefined. */
function partsOf(records: readonly CatalogPart[], savedAt: number): Blob[] | undefined {
  const blobs: Blob[] = [];
  for (const [p, r] of records.entries()) {
    if (r.part !== p || r.savedAt !== savedAt || !(r.itemsJson instanceof Blob)) return undefined;
    blobs.push(r.itemsJson);
  }
  return blobs;
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
    private readonly parts: PartBlobs,
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
    const blob = this.parts.get(p)!;
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
        slices.push(this.parts.get(p)!.slice(at, at + lengths[i]!));
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

/** Whether some entry's item still lies in a fetched body held in memory (not moved to disk). */
export function holdsBodies(entries: readonly StoredEntry[], unchecked = false): boolean {
  return entries.some((entry) => {
    const at = placeOf(entry, unchecked);
    return at !== undefined && !at.items.isMoved;
  });
}

/**
 * Points every body the snapshot's entries were written from at the stored parts, so the bodies'
 * bytes can be collected. `entries` as saved, `offsets[p]` the items' offsets in part `p`'s JSON
 * (json-part.ts), `parts` the parts' Blobs. Returns how many bodies moved: none when the parts are
 * not as many as the offsets.
 */
export function moveBodiesToParts(
  entries: readonly StoredEntry[],
  partSize: number,
  offsets: readonly Uint32Array[],
  parts: PartBlobs,
  readBlob: SyncBlobReader,
  unchecked = false,
): number {
  if (parts.length !== offsets.length) return 0;
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
  for (const [items, { part, offset }] of places) items.moveTo(new StoredElements(parts, part, offset, readBlob));
  return places.size;
}

/**
 * A fetched JSON catalog's items kept as its bytes and parsed one item at a time when read.
 *
 * Why: holding every parsed item made the worker's heap the largest part of a first visit's memory
 * (see json-elements.ts). A read parses one element (~1 µs per 100 bytes); the last
 * {@link RECENT_ITEMS} reads are kept, so ranking, rendering and filters that read the same few
 * items in a row parse each once.
 */
import type { CatalogItem } from '../types/index.ts';
import type { ElementRanges } from './json-elements.ts';

/** Parsed items kept for repeated reads: a page of results and its neighbours, not the catalog. */
export const RECENT_ITEMS = 512;

/** The elements of a JSON array body, parsed on read. */
export class ByteItems {
  private readonly decoder = new TextDecoder();
  private readonly recent = new Map<number, CatalogItem>();
  /** During `scan`: the last item read, the only one kept. */
  private scanned: { index: number; item: CatalogItem } | undefined;
  private scanning = false;
  /** Items screening kept as a copy (a field of the wrong type left out): held parsed. */
  private readonly copies = new Map<number, CatalogItem>();

  /** `keep`: how many recent reads to keep parsed (a part of a stored snapshot keeps fewer). */
  constructor(
    private readonly bytes: Uint8Array,
    private readonly ranges: ElementRanges,
    private readonly keep = RECENT_ITEMS,
  ) {}

  /** How many elements the array has. */
  get length(): number {
    return this.ranges.starts.length;
  }

  /** The body and its element ranges (quick-screen.ts reads ids from the bytes). */
  source(): { bytes: Uint8Array; ranges: ElementRanges } {
    return { bytes: this.bytes, ranges: this.ranges };
  }

  /** Element `index` parsed afresh (nothing kept); throws a SyntaxError when it is not JSON. */
  parse(index: number): unknown {
    const { starts, ends } = this.ranges;
    return JSON.parse(this.decoder.decode(this.bytes.subarray(starts[index]!, ends[index]!)));
  }

  /** The UTF-8 bytes of element `index` as given (the snapshot stores them without a new parse). */
  raw(index: number): Uint8Array {
    return this.bytes.subarray(this.ranges.starts[index]!, this.ranges.ends[index]!);
  }

  /** Keeps `item` in place of element `index` (screening's copy without its faulty fields). */
  replace(index: number, item: CatalogItem): void {
    this.copies.set(index, item);
  }

  /** Whether element `index` is held as a copy (see `replace`): its bytes are not the item. */
  replaced(index: number): boolean {
    return this.copies.has(index);
  }

  /** The fetched JSON of element `index`, or undefined when it is held as a copy (its bytes are not the item). */
  json(index: number): Uint8Array | undefined {
    return this.replaced(index) ? undefined : this.raw(index);
  }

  /**
   * Runs `read`, a pass over many items (the trust check's), keeping only the last item it parsed
   * rather than putting each into the recent reads. Why: a pass through the recent reads kept 512
   * parsed items alive at every young-generation GC, so each was copied and promoted, and the worker's
   * young generation grew to its largest (~60 MB at 32k) and stayed so. `read` must not yield.
   */
  scan<T>(read: () => T): T {
    this.scanning = true;
    try {
      return read();
    } finally {
      this.scanning = false;
      this.scanned = undefined;
    }
  }

  /** The item at `index` (an element screening kept, so it parses). */
  item(index: number): CatalogItem {
    const copy = this.copies.get(index);
    if (copy) return copy;
    if (this.scanning) {
      if (this.scanned?.index === index) return this.scanned.item;
      const item = this.recent.get(index) ?? (this.parse(index) as CatalogItem);
      this.scanned = { index, item };
      return item;
    }
    const hit = this.recent.get(index);
    if (hit) {
      this.recent.delete(index);
      this.recent.set(index, hit);
      return hit;
    }
    const item = this.parse(index) as CatalogItem;
    this.recent.set(index, item);
    if (this.recent.size > this.keep) this.recent.delete(this.recent.keys().next().value!);
    return item;
  }
}

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
import type { NamedItem } from './name.ts';
import { NameColumn } from './name-column.ts';

/** Parsed items kept for repeated reads: a page of results and its neighbours, not the catalog. */
export const RECENT_ITEMS = 512;

/**
 * Where an item's JSON lies: element `index` of `items`, read without `items.omittedFields(index)`.
 * A snapshot stores it from these bytes without parsing the item (storage/catalog.ts).
 */
export interface JsonElement {
  readonly items: ByteItems;
  readonly index: number;
}

/**
 * Elements' bytes kept outside the worker's memory once the catalog is stored (a snapshot's parts
 * on disk, storage/stored-elements.ts), read back synchronously one element at a time.
 */
export interface ElementSource {
  /** The `length` bytes of element `index`; undefined when it was not stored. */
  read(index: number, length: number): Uint8Array | undefined;
  /** The bytes of elements `indices` (`lengths[i]` long each) in one read; undefined where not stored or unreadable. */
  readMany?(indices: readonly number[], lengths: readonly number[]): (Uint8Array | undefined)[];
}

/** The elements of a JSON array body, parsed on read. */
export class ByteItems {
  private readonly decoder = new TextDecoder();
  private readonly recent = new Map<number, CatalogItem>();
  private scanning = false;
  /**
   * Fields screening left out of an item (of the wrong type), left out again on every read. Not
   * the fixed item itself: 6% of 100k Steam items have such a price, and holding them parsed kept
   * ~4 MB alive, made during the trust check, where every long-lived byte grows the young generation.
   */
  private readonly omitted = new Map<number, readonly string[]>();

  /** Where the elements are read from once the body has gone (`moveTo`). */
  private moved: ElementSource | undefined;
  /** Each element's name fields, recorded as `scan` reads it. */
  private names: NameColumn | undefined;

  /** `keep`: how many recent reads to keep parsed (a part of a stored snapshot keeps fewer). */
  constructor(
    private bytes: Uint8Array | undefined,
    private readonly ranges: ElementRanges,
    private readonly keep = RECENT_ITEMS,
  ) {}

  /**
   * Elements that are on disk from the start (a returning visit's stored snapshot, whose parts stay
   * there: storage/disk-snapshot.ts): element `i` is `lengths[i]` bytes read from `source`, and
   * `names` names them, so product lines read no element.
   */
  static stored(source: ElementSource, lengths: Uint32Array, names: NameColumn | undefined): ByteItems {
    // Once moved, an element's range is read for its length only: ranges from 0.
    const items = new ByteItems(undefined, { starts: new Uint32Array(lengths.length), ends: lengths });
    items.moveTo(source);
    items.names = names;
    return items;
  }

  /** How many elements the array has. */
  get length(): number {
    return this.ranges.starts.length;
  }

  /** The body and its element ranges (quick-screen.ts reads ids from the bytes); only before `moveTo`. */
  source(): { bytes: Uint8Array; ranges: ElementRanges } {
    if (!this.bytes) throw new Error('ByteItems.source: the body has moved to storage');
    return { bytes: this.bytes, ranges: this.ranges };
  }

  /**
   * Lets the body go: from now on each element is read from `source` (the stored snapshot's parts,
   * which hold the same bytes). Why: the body is the largest buffer of a big first visit (71 MB at
   * 100k Steam items), and after the snapshot it is a second copy of what IndexedDB keeps on disk.
   */
  moveTo(source: ElementSource): void {
    this.moved = source;
    this.bytes = undefined;
  }

  /**
   * Element `index`'s name fields (`NameColumn.get`), from the names the trust check's scan recorded
   * (name-column.ts); undefined for an element it has not read. Product lines read these for many
   * candidates, which once the body has moved would each be a read from disk.
   */
  named(index: number): NamedItem | undefined {
    return this.names?.get(index);
  }

  /** The names recorded so far (`named`), for a snapshot to store them beside its parts. */
  nameColumn(): NameColumn | undefined {
    return this.names;
  }

  /**
   * Reads elements `indices` into the recent reads at once, once the body has moved: the items of
   * a list of results, which would otherwise be read from disk one by one (~0.3-0.8 ms each).
   * Nothing to do while the body is held; an element that cannot be read is left to `item`.
   */
  prefetch(indices: readonly number[]): void {
    const many = this.moved?.readMany;
    if (!many) return;
    const wanted = indices.filter((i) => !this.recent.has(i));
    if (wanted.length < 2) return;
    const { starts, ends } = this.ranges;
    const bytes = many.call(
      this.moved,
      wanted,
      wanted.map((i) => ends[i]! - starts[i]!),
    );
    wanted.forEach((index, i) => {
      const b = bytes[i];
      if (b && !this.recent.has(index)) this.remember(index, this.withoutOmitted(index, JSON.parse(this.decoder.decode(b))));
    });
  }

  /** Whether the body has moved to storage (`moveTo`). */
  get isMoved(): boolean {
    return this.bytes === undefined;
  }

  /** Element `index` parsed afresh (nothing kept); throws a SyntaxError when it is not JSON. */
  parse(index: number): unknown {
    return JSON.parse(this.decoder.decode(this.element(index)));
  }

  /**
   * The UTF-8 bytes of elements `from` to `to - 1` as given, with the separators between them (a
   * comma and whitespace: the body is a JSON array), as a view of the body. A snapshot copies a run
   * of neighbours at once (storage/catalog.ts) instead of one piece per item. Once the body has
   * moved, the elements are read back and joined by commas.
   */
  raw(from: number, to = from + 1): Uint8Array {
    if (this.bytes) return this.bytes.subarray(this.ranges.starts[from]!, this.ranges.ends[to - 1]!);
    const pieces: Uint8Array[] = [];
    let length = to - from - 1;
    for (let i = from; i < to; i++) {
      const piece = this.element(i);
      pieces.push(piece);
      length += piece.length;
    }
    const joined = new Uint8Array(Math.max(0, length));
    let at = 0;
    pieces.forEach((piece, k) => {
      if (k > 0) joined[at++] = COMMA;
      joined.set(piece, at);
      at += piece.length;
    });
    return joined;
  }

  /** The bytes of element `index`, from the body or, once it has moved, from storage. */
  private element(index: number): Uint8Array {
    const { starts, ends } = this.ranges;
    if (this.bytes) return this.bytes.subarray(starts[index]!, ends[index]!);
    const bytes = this.moved?.read(index, ends[index]! - starts[index]!);
    if (!bytes) throw new Error(`ByteItems: element ${index} was not stored with the catalog`);
    return bytes;
  }

  /** Leaves `fields` out of element `index` from now on (screening found them faulty). */
  omit(index: number, fields: readonly string[]): void {
    this.omitted.set(index, fields);
    this.recent.delete(index);
  }

  /** The fields left out of element `index` (see `omit`): its bytes are the item only without them. */
  omittedFields(index: number): readonly string[] | undefined {
    return this.omitted.get(index);
  }

  /**
   * Runs `read`, a pass over many items (the trust check's), keeping none of the items it parses:
   * each read parses afresh (the pass reads an item once and hands it on). Why: a pass through the
   * recent reads kept 512 parsed items alive at every young-generation GC, so each was copied and
   * promoted, and the worker's young generation grew to its largest (~60 MB at 32k) and stayed so.
   * Even the last item alone, held by this object, was kept alive through GCs: V8 pretenured the
   * holder objects, and a field of this long-lived object is written under incremental marking
   * (docs/notes/first-visit-memory.md, stop 70). `read` must not yield. The names of the items
   * it reads are kept, as bytes (`named`).
   */
  scan<T>(read: () => T): T {
    this.scanning = true;
    try {
      return read();
    } finally {
      this.scanning = false;
    }
  }

  /** The item at `index` (an element screening kept, so it parses). */
  item(index: number): CatalogItem {
    if (this.scanning) {
      const item = this.recent.get(index) ?? this.read(index);
      // The pass reads every item once: its names are kept for product lines (`named`).
      this.names ??= new NameColumn(this.length);
      this.names.add(index, item);
      return item;
    }
    const hit = this.recent.get(index);
    if (hit) {
      this.recent.delete(index);
      this.recent.set(index, hit);
      return hit;
    }
    const item = this.read(index);
    this.remember(index, item);
    return item;
  }

  /** Keeps `item` among the recent reads, the oldest let go past `keep`. */
  private remember(index: number, item: CatalogItem): void {
    this.recent.set(index, item);
    if (this.recent.size > this.keep) this.recent.delete(this.recent.keys().next().value!);
  }

  /** Element `index` parsed, without the fields screening left out. */
  private read(index: number): CatalogItem {
    return this.withoutOmitted(index, this.parse(index));
  }

  /** Element `index` as `parsed`, without the fields screening left out. */
  private withoutOmitted(index: number, parsed: unknown): CatalogItem {
    const fields = this.omitted.get(index);
    return (fields ? withoutFields(parsed as Record<string, unknown>, fields) : parsed) as CatalogItem;
  }
}

const COMMA = 0x2c;

/** A shallow copy of `item` without `fields`. */
export function withoutFields(item: Record<string, unknown>, fields: readonly string[]): Record<string, unknown> {
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(item)) if (!fields.includes(key)) copy[key] = item[key];
  return copy;
}

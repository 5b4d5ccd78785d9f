/**
 * Every item's name fields, kept as UTF-8 bytes outside the JavaScript heap: what product lines
 * read of each of ~50 candidates per `similar()` (recommend/similar-lines.ts) and of a search's
 * results, once a big first visit's items live on disk (storage/stored-elements.ts), where reading
 * each item costs ~0.3-0.8 ms. The trust check, which parses every item once anyway, fills it
 * (`ByteItems.scan`). Bytes rather than strings: strings held from the check would survive its
 * garbage collections and be promoted, growing the worker's heap in the visit's busiest phase
 * (docs/notes/first-visit-memory.md); 100k Steam names take ~2.5 MB here.
 */
import { shortAscii } from './ascii-string.ts';
import { type NamedItem, NO_NAMES, nameField } from './name.ts';

/** Which name fields an element has: `title`, `name`, both, or none (0: not added). */
const TITLE = 1;
const NAME = 2;
const BOTH = 3;
const NONE = 4;

/**
 * A column as IndexedDB stores it beside a catalog snapshot (storage/disk-snapshot.ts), so that a
 * returning visit reads names without reading its items: the arrays of the column, cut to length.
 */
export interface StoredNames {
  bytes: Uint8Array;
  starts: Uint32Array;
  lengths: Uint16Array;
  tags: Uint8Array;
  /** `[element, name]` of elements with both a title and a name. */
  secondNames: [number, string][];
}

/** Name fields of `count` elements, added in any order, each once. */
export class NameColumn {
  private bytes: Uint8Array;
  private used = 0;
  private readonly starts: Uint32Array;
  private readonly lengths: Uint16Array;
  private readonly tags: Uint8Array;
  /** The `name` of elements that also have a `title` (rare: a catalog names items one way). */
  private readonly secondNames = new Map<number, string>();
  private readonly encoder = new TextEncoder();
  private readonly decoder = new TextDecoder();

  /** `stored`: the arrays of a stored column, checked (`fromStored`); `count` is then theirs. */
  constructor(count: number, stored?: Omit<StoredNames, 'secondNames'>) {
    if (stored) {
      ({ bytes: this.bytes, starts: this.starts, lengths: this.lengths, tags: this.tags } = stored);
      this.used = stored.bytes.length;
      return;
    }
    this.starts = new Uint32Array(count);
    this.lengths = new Uint16Array(count);
    this.tags = new Uint8Array(count);
    // ~25 bytes per name in the catalogs here; grown by doubling past that.
    this.bytes = new Uint8Array(Math.max(1024, count * 32));
  }

  /** How many elements the column has room for. */
  get length(): number {
    return this.tags.length;
  }

  /**
   * The column `stored` was made from (`toStored`), or undefined when it is not one (a damaged or
   * foreign record): every array of one length, every name inside the bytes, every tag known.
   */
  static fromStored(stored: unknown): NameColumn | undefined {
    if (typeof stored !== 'object' || stored === null) return undefined;
    const { bytes, starts, lengths, tags, secondNames } = stored as Partial<StoredNames>;
    if (!(bytes instanceof Uint8Array && starts instanceof Uint32Array && lengths instanceof Uint16Array && tags instanceof Uint8Array))
      return undefined;
    const count = tags.length;
    if (starts.length !== count || lengths.length !== count || !Array.isArray(secondNames)) return undefined;
    for (let i = 0; i < count; i++) if (tags[i]! > NONE || starts[i]! + lengths[i]! > bytes.length) return undefined;
    const column = new NameColumn(count, { bytes, starts, lengths, tags });
    for (const pair of secondNames) {
      if (!Array.isArray(pair) || !Number.isInteger(pair[0]) || typeof pair[1] !== 'string') return undefined;
      column.secondNames.set(pair[0], pair[1]);
    }
    return column;
  }

  /** The column's arrays, cut to what is used, for IndexedDB (`fromStored` reads them back). */
  toStored(): StoredNames {
    return {
      bytes: this.bytes.slice(0, this.used),
      starts: this.starts,
      lengths: this.lengths,
      tags: this.tags,
      secondNames: [...this.secondNames],
    };
  }

  /**
   * Copies element `fromIndex` of `from` to element `index`, as bytes (a snapshot's column in its
   * entries' order, from the columns of the bodies they came from). False, copying nothing, when it
   * was not added there or `index` was added already.
   */
  copy(index: number, from: NameColumn, fromIndex: number): boolean {
    const tag = from.tags[fromIndex];
    if (!tag || this.tags[index] !== 0) return false;
    this.tags[index] = tag;
    if (tag === NONE) return true;
    const length = from.lengths[fromIndex]!;
    const at = from.starts[fromIndex]!;
    this.free(length).set(from.bytes.subarray(at, at + length));
    this.appended(index, length);
    const second = from.secondNames.get(fromIndex);
    if (second !== undefined) this.secondNames.set(index, second);
    return true;
  }

  /** Records element `index`'s name fields (from its parsed `item`); a second add changes nothing. */
  add(index: number, item: NamedItem): void {
    if (this.tags[index] !== 0) return;
    // The two fields read one by one, without a record per item (this runs once per item in the
    // trust check's pass).
    const title = nameField(item, 'title');
    const name = nameField(item, 'name');
    const first = title ?? name;
    if (first === undefined) {
      this.tags[index] = NONE;
      return;
    }
    // A name is at most 1,000 characters (`nameField`), so at most 3,000 UTF-8 bytes.
    const { written } = this.encoder.encodeInto(first, this.free(first.length * 3));
    this.appended(index, written);
    this.tags[index] = title === undefined ? NAME : name === undefined ? TITLE : BOTH;
    if (title !== undefined && name !== undefined) this.secondNames.set(index, name);
  }

  /**
   * Element `index`'s name fields (`NAME_FIELDS` holding strings, each cut as `nameField` cuts it)
   * and nothing else: every name reader gives the same for it as for the item (name-column.test.ts);
   * undefined when it was not added.
   */
  get(index: number): NamedItem | undefined {
    const tag = this.tags[index];
    if (!tag) return undefined;
    if (tag === NONE) return NO_NAMES;
    const at = this.starts[index]!;
    const bytes = this.bytes.subarray(at, at + this.lengths[index]!);
    // Most names are short ASCII: no decoder call (each crosses into Blink: ascii-string.ts).
    const first = shortAscii(bytes) ?? this.decoder.decode(bytes);
    if (tag === TITLE) return { title: first };
    if (tag === NAME) return { name: first };
    return { title: first, name: this.secondNames.get(index) };
  }

  /** The bytes past the last name, at least `max` of them (the column grows when short). */
  private free(max: number): Uint8Array {
    if (this.used + max > this.bytes.length) this.grow(this.used + max);
    return this.bytes.subarray(this.used);
  }

  /** Element `index`'s name is the `length` bytes just written past the last name. */
  private appended(index: number, length: number): void {
    this.starts[index] = this.used;
    this.lengths[index] = length;
    this.used += length;
  }

  private grow(needed: number): void {
    const bytes = new Uint8Array(Math.max(needed, this.bytes.length * 2));
    bytes.set(this.bytes.subarray(0, this.used));
    this.bytes = bytes;
  }
}

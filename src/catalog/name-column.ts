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

  constructor(count: number) {
    this.starts = new Uint32Array(count);
    this.lengths = new Uint16Array(count);
    this.tags = new Uint8Array(count);
    // ~25 bytes per name in the catalogs here; grown by doubling past that.
    this.bytes = new Uint8Array(Math.max(1024, count * 32));
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
    if (this.used + first.length * 3 > this.bytes.length) this.grow(this.used + first.length * 3);
    const { written } = this.encoder.encodeInto(first, this.bytes.subarray(this.used));
    this.starts[index] = this.used;
    this.lengths[index] = written;
    this.used += written;
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

  private grow(needed: number): void {
    const bytes = new Uint8Array(Math.max(needed, this.bytes.length * 2));
    bytes.set(this.bytes.subarray(0, this.used));
    this.bytes = bytes;
  }
}

/**
 * Word ids for word overlap's builder (word-overlap-builder.ts): a hash table keyed by a span of a
 * string's UTF-16 code units, so a word gets its id without being cut out of its text as a string
 * of its own.
 *
 * Why not a `Map<string, number>`: the builder read each item's first 64 words as fresh strings,
 * and hashing and comparing those in the Map was a fifth of a 100k-item first visit's trust check
 * (~0.9 s, docs/notes/first-visit-memory.md); each distinct word was also a live string until the
 * build ended. Here a word is its code units in one pool; ids are given in first-seen order, as the
 * Map gave them.
 */

/** The id a lookup gives for a word the table does not hold (and was not asked to add). */
export const NO_WORD = -1;

/** Words as spans of code units, each with an id (0, 1, 2, ... in first-seen order). */
export class WordTable {
  /** Every word's code units, one after another; word `id`'s are `[start[id], start[id + 1])`. */
  private units: Uint16Array;
  private start: Uint32Array;
  private hashes: Uint32Array;
  /** Open addressing: an id + 1 per slot, 0 for empty; at most half full. */
  private slots: Uint32Array;
  private count = 0;

  /** `capacity`: words held before the tables grow (a power of two; 4,096 of ~16 letters by default). */
  constructor(capacity = 1 << 12) {
    this.units = new Uint16Array(capacity * 16);
    this.start = new Uint32Array(capacity);
    this.hashes = new Uint32Array(capacity);
    this.slots = new Uint32Array(capacity * 2);
  }

  /** How many words the table holds. */
  get size(): number {
    return this.count;
  }

  /** The id of `text.slice(from, to)`, added when new. */
  add(text: string, from: number, to: number): number {
    return this.lookup(text, from, to, true);
  }

  /** The id of `text.slice(from, to)`, or `NO_WORD` when the table does not hold it. */
  find(text: string, from: number, to: number): number {
    return this.lookup(text, from, to, false);
  }

  private lookup(text: string, from: number, to: number, insert: boolean): number {
    // FNV-1a over the code units.
    let hash = 0x811c9dc5;
    for (let i = from; i < to; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
    hash >>>= 0;
    const mask = this.slots.length - 1;
    const length = to - from;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const held = this.slots[slot]!;
      if (held === 0) break;
      const id = held - 1;
      if (this.hashes[id] === hash && this.same(id, text, from, length)) return id;
    }
    if (!insert) return NO_WORD;
    return this.insert(text, from, to, hash);
  }

  private same(id: number, text: string, from: number, length: number): boolean {
    const at = this.start[id]!;
    if (this.start[id + 1]! - at !== length) return false;
    const units = this.units;
    for (let k = 0; k < length; k++) if (units[at + k] !== text.charCodeAt(from + k)) return false;
    return true;
  }

  private insert(text: string, from: number, to: number, hash: number): number {
    const id = this.count;
    const at = this.start[id]!; // where the last word ended (0 at first)
    if (id + 2 > this.start.length) {
      this.start = grown(this.start, id + 2);
      this.hashes = grown(this.hashes, id + 2);
    }
    if (at + (to - from) > this.units.length) this.units = grown(this.units, at + (to - from));
    for (let i = from; i < to; i++) this.units[at + i - from] = text.charCodeAt(i);
    this.start[id] = at;
    this.start[id + 1] = at + (to - from);
    this.hashes[id] = hash;
    this.count = id + 1;
    if (this.count * 2 > this.slots.length) this.rehash();
    else this.place(id);
    return id;
  }

  private place(id: number): void {
    const mask = this.slots.length - 1;
    let slot = this.hashes[id]! & mask;
    while (this.slots[slot] !== 0) slot = (slot + 1) & mask;
    this.slots[slot] = id + 1;
  }

  private rehash(): void {
    this.slots = new Uint32Array(this.slots.length * 2);
    for (let id = 0; id < this.count; id++) this.place(id);
  }
}

/** A copy of `a` with room for at least `need` elements (capacity doubles). */
function grown<T extends Uint16Array | Uint32Array>(a: T, need: number): T {
  const out = new (a.constructor as new (n: number) => T)(Math.max(need, a.length * 2));
  out.set(a);
  return out;
}

/**
 * Keys and their rows. Rows are dense (0..size-1, swap-remove), and every per-row structure
 * (float32 rows, int8 codes, binary codes, inverted lists) is a RowMirror that follows each
 * change, so add/remove/replace are written once here and no derived structure is ever rebuilt
 * from scratch on an edit. The vectors themselves live in the mirrors: an index that keeps only
 * compact codes never holds a float32 copy (see float-store.ts, int8-store.ts, binary-store.ts).
 */
import { checkBatch, checkInt, checkKeys } from './args.ts';
import { MAX_DIMS } from './dot.ts';

/**
 * A structure kept row-aligned with a KeyedRows (codes, inverted lists). The rows tell it about
 * every row change so derived data never has to be rebuilt from scratch on edits.
 */
export interface RowMirror {
  /** Row capacity is now `capacity`; grow parallel arrays to match. */
  reserve(capacity: number): void;
  /**
   * Row `row` now holds the vector at `src[srcOff .. srcOff + dims)`: a new row when `replaced`
   * is false, an overwrite otherwise.
   */
  rowWritten(row: number, replaced: boolean, src: Float32Array, srcOff: number): void;
  /** Row `row` is about to go; runs before the last row is moved into its place. */
  rowDeleted(row: number): void;
  /** The last row `from` was moved into the hole at `to`. */
  rowMoved(from: number, to: number): void;
}

/** Rough per-key overhead of a JS string plus its array slot and Map entry, for memoryBytes(). */
const KEY_OVERHEAD_BYTES = 64;

/**
 * Capacity grows by at least 1/8: n single adds cost O(n) copies overall, and idle capacity stays
 * under 12.5% of the codes (doubling would leave up to 50% idle; at 100k x 512 int8 that is
 * 24 MiB). A big batch gets exactly what it needs, so bulk-loading a catalog wastes nothing.
 */
const GROWTH = 1 / 8;

/** Keys mapped to dense rows, with swap-remove and mirrors that follow every row change. */
export class KeyedRows {
  private capacity = 0;
  private count = 0;
  private readonly keys: string[] = [];
  private readonly rows = new Map<string, number>();
  private mirrors: RowMirror[] = [];

  constructor(readonly dims: number) {
    checkInt('dims', dims, 1, MAX_DIMS);
  }

  /** Number of stored rows. */
  get size(): number {
    return this.count;
  }

  /** Registers a structure that must follow every row change. */
  attach(mirror: RowMirror): void {
    mirror.reserve(this.capacity);
    this.mirrors.push(mirror);
  }

  /** Stops telling `mirror` about row changes (a dropped staging copy, a replaced list set). */
  detach(mirror: RowMirror): void {
    this.mirrors = this.mirrors.filter((m) => m !== mirror);
  }

  /** The row of `key`, or undefined. */
  rowOf(key: string): number | undefined {
    return this.rows.get(key);
  }

  /** The key stored at `row` (0 <= row < size). */
  keyAt(row: number): string {
    return this.keys[row]!;
  }

  /** True when `key` is stored. */
  has(key: string): boolean {
    return this.rows.has(key);
  }

  /** Compares the keys of two rows, for deterministic tie-breaking by key. */
  readonly compareRows = (a: number, b: number): number => {
    const ka = this.keys[a]!;
    const kb = this.keys[b]!;
    return ka < kb ? -1 : ka > kb ? 1 : 0;
  };

  /** Inserts or replaces `keys[i]` with row i of `vectors`; validates everything first so a bad batch changes nothing. */
  add(keys: string[], vectors: Float32Array): void {
    const dims = this.dims;
    checkBatch(keys, vectors, dims);
    this.reserve(this.count + keys.length);
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i]!;
      const existing = this.rows.get(key);
      const row = existing ?? this.count++;
      if (existing === undefined) {
        this.rows.set(key, row);
        this.keys[row] = key;
      }
      for (const m of this.mirrors) m.rowWritten(row, existing !== undefined, vectors, i * dims);
    }
  }

  /**
   * Appends rows for `keys` (new, distinct: the caller checked) WITHOUT telling the mirrors about
   * their vectors: the caller writes the rows' codes into each mirror itself (row-codes.ts). The
   * mirrors only grow to the new capacity.
   */
  appendKeys(keys: readonly string[]): void {
    this.reserve(this.count + keys.length);
    for (const key of keys) {
      this.rows.set(key, this.count);
      this.keys[this.count++] = key;
    }
  }

  /** Deletes `keys` by moving the last row into each hole: O(dims) per key, no gaps to skip when scanning. */
  remove(keys: string[]): void {
    checkKeys(keys);
    for (const key of keys) {
      const row = this.rows.get(key);
      if (row === undefined) continue;
      for (const m of this.mirrors) m.rowDeleted(row);
      const last = --this.count;
      this.rows.delete(key);
      if (row !== last) {
        const lastKey = this.keys[last]!;
        this.keys[row] = lastKey;
        this.rows.set(lastKey, row);
        for (const m of this.mirrors) m.rowMoved(last, row);
      }
      this.keys.length = last;
    }
  }

  /** An estimate of the bytes the keys take (strings, array slots, map entries). */
  memoryBytes(): number {
    let keyBytes = 0;
    for (const key of this.keys) keyBytes += 2 * key.length + KEY_OVERHEAD_BYTES;
    return keyBytes;
  }

  /** Grows to hold `rows` rows (see GROWTH). */
  private reserve(rows: number): void {
    if (rows <= this.capacity) return;
    this.capacity = Math.max(rows, Math.ceil(this.capacity * (1 + GROWTH)), 16);
    for (const m of this.mirrors) m.reserve(this.capacity);
  }
}

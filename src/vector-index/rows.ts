/**
 * Keyed float32 storage: every vector lives in ONE contiguous Float32Array (row-major), so scans
 * stream memory linearly and the whole set is one transferable buffer. Keys map to rows and back.
 */
import { checkBatch, checkInt, checkKeys } from './args.ts';
import { MAX_DIMS } from './dot.ts';

/**
 * A structure kept row-aligned with a VectorRows (int8 codes, inverted lists). The rows tell
 * it about every row change so derived data never has to be rebuilt from scratch on edits.
 */
export interface RowMirror {
  /** Row capacity is now `capacity`; grow parallel arrays to match. */
  reserve(capacity: number): void;
  /** Row `row` now holds a vector: a new row when `replaced` is false, an overwrite otherwise. */
  rowWritten(row: number, replaced: boolean): void;
  /** Row `row` is about to go; runs before the last row is moved into its place. */
  rowDeleted(row: number): void;
  /** The last row `from` was moved into the hole at `to`. */
  rowMoved(from: number, to: number): void;
}

/** Rough per-key overhead of a JS string plus its array slot and Map entry, for memoryBytes(). */
const KEY_OVERHEAD_BYTES = 64;

/** Keyed float32 rows with amortised-doubling growth and O(dims) swap-remove. */
export class VectorRows {
  private buf: Float32Array;
  private capacity: number;
  private count = 0;
  private readonly keys: string[] = [];
  private readonly rows = new Map<string, number>();
  private readonly mirrors: RowMirror[] = [];

  constructor(readonly dims: number) {
    checkInt('dims', dims, 1, MAX_DIMS);
    this.capacity = 16;
    this.buf = new Float32Array(this.capacity * dims);
  }

  /** Number of stored rows. */
  get size(): number {
    return this.count;
  }

  /** The backing buffer; rows [0, size) are live. Replaced on growth, so do not hold it across adds. */
  get data(): Float32Array {
    return this.buf;
  }

  /** Registers a structure that must follow every row change. */
  attach(mirror: RowMirror): void {
    mirror.reserve(this.capacity);
    this.mirrors.push(mirror);
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

  /** A copy of the vector of `key`: a view would silently change when rows are swapped on removal. */
  vector(key: string): Float32Array | undefined {
    const row = this.rows.get(key);
    if (row === undefined) return undefined;
    return this.buf.slice(row * this.dims, (row + 1) * this.dims);
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
      this.buf.set(vectors.subarray(i * dims, (i + 1) * dims), row * dims);
      for (const m of this.mirrors) m.rowWritten(row, existing !== undefined);
    }
  }

  /** Deletes `keys` by moving the last row into each hole: O(dims) per key, no gaps to skip when scanning. */
  remove(keys: string[]): void {
    checkKeys(keys);
    const dims = this.dims;
    for (const key of keys) {
      const row = this.rows.get(key);
      if (row === undefined) continue;
      for (const m of this.mirrors) m.rowDeleted(row);
      const last = --this.count;
      this.rows.delete(key);
      if (row !== last) {
        const lastKey = this.keys[last]!;
        this.buf.copyWithin(row * dims, last * dims, (last + 1) * dims);
        this.keys[row] = lastKey;
        this.rows.set(lastKey, row);
        for (const m of this.mirrors) m.rowMoved(last, row);
      }
      this.keys.length = last;
    }
  }

  /** Bytes of the float buffer (allocated capacity) plus an estimate for the keys. */
  memoryBytes(): number {
    let keyBytes = 0;
    for (const key of this.keys) keyBytes += 2 * key.length + KEY_OVERHEAD_BYTES;
    return this.buf.byteLength + keyBytes;
  }

  /**
   * Grows to hold `rows` rows. At least doubling keeps n single adds at O(n) copies in total;
   * a big batch gets exactly what it needs, so bulk-loading a catalog wastes no capacity.
   */
  private reserve(rows: number): void {
    if (rows <= this.capacity) return;
    const cap = Math.max(rows, this.capacity * 2);
    const next = new Float32Array(cap * this.dims);
    next.set(this.buf.subarray(0, this.count * this.dims));
    this.buf = next;
    this.capacity = cap;
    for (const m of this.mirrors) m.reserve(cap);
  }
}

import { type CodeArray, dequantizeInto } from '../artifact/quantize.ts';
import { createError, ErrorCodes } from '../errors.ts';
import { isProjectedKey } from '../model-key.ts';
import type { VectorChunk } from './schema.ts';

/**
 * Most vectors per record. One record per vector was measured ~10x slower to write and ~3x slower
 * to read than records of ~1,024 vectors; much bigger records make every tail rewrite costlier.
 */
export const CHUNK_SIZE = 1024;

/**
 * Rows as a prebuilt artifact codes them: `dims` int8 (or, for wider codes, int16) values and one
 * scale per row (artifact/quantize.ts). Stored as they are, int8 rows take a quarter of float32's
 * bytes: at 100k items, 51 MB written to IndexedDB on a first visit instead of 205 MB.
 */
export interface QuantizedRows {
  codes: CodeArray;
  scales: Float32Array;
}

/** Rows to store: float32 (embedded in the page) or the artifact's int8 codes. */
export type StoredRows = Float32Array | QuantizedRows;

/** Vectors of one model, row-major: vector `i` is `vectors.subarray(i * dims, (i + 1) * dims)`. */
export interface VectorBatch {
  dims: number;
  hashes: string[];
  vectors: Float32Array;
}

/** Rows of one model to store, in either form. */
export interface RowBatch {
  dims: number;
  hashes: string[];
  rows: StoredRows;
}

/** A {@link VectorBatch} backed by a plain `ArrayBuffer`, so it can be transferred to another thread. */
export interface VectorSet extends VectorBatch {
  vectors: Float32Array<ArrayBuffer>;
}

/** True for the coded form. */
export function isQuantized(rows: StoredRows): rows is QuantizedRows {
  return !(rows instanceof Float32Array);
}

/** Which form rows are in: float32, int8 codes or int16 codes (a chunk holds one). */
function rowForm(rows: StoredRows): string {
  return isQuantized(rows) ? `code${rows.codes.BYTES_PER_ELEMENT}` : 'float32';
}

/** Rows `start` to `end` of `rows` (copies, exactly sized). */
function sliceRows(rows: StoredRows, dims: number, start: number, end: number): StoredRows {
  if (!isQuantized(rows)) return rows.slice(start * dims, end * dims);
  return { codes: rows.codes.slice(start * dims, end * dims), scales: rows.scales.slice(start, end) };
}

/** `a` then `b`, of one form. */
function concatRows(a: StoredRows, b: StoredRows): StoredRows {
  const join = <T extends Float32Array | CodeArray>(x: T, y: T, make: (n: number) => T): T => {
    const out = make(x.length + y.length);
    out.set(x);
    out.set(y, x.length);
    return out;
  };
  if (isQuantized(a) && isQuantized(b)) {
    const codes = join<CodeArray>(a.codes, b.codes, (n) => (a.codes instanceof Int8Array ? new Int8Array(n) : new Int16Array(n)));
    return { codes, scales: join(a.scales, b.scales, (n) => new Float32Array(n)) };
  }
  return join(a as Float32Array, b as Float32Array, (n) => new Float32Array(n));
}

/** The rows a record holds, in its own form. */
export function chunkRows(chunk: VectorChunk): StoredRows {
  if (chunk.codes && chunk.scales) {
    // The width follows from the bytes: one or two per value (checkChunk).
    const wide = chunk.codes.byteLength === 2 * chunk.hashes.length * chunk.dims && chunk.codes.byteLength > 0;
    return { codes: wide ? new Int16Array(chunk.codes) : new Int8Array(chunk.codes), scales: new Float32Array(chunk.scales) };
  }
  return new Float32Array(chunk.vectors ?? new ArrayBuffer(0));
}

/**
 * The rows of `chunk` as float32 (the coded form decoded as the artifact is: artifact/quantize.ts,
 * model-key.ts). Coded rows are decoded into `scratch` when it has room (a view of it, valid until
 * its next use), else into a new array.
 */
export function chunkFloats(chunk: VectorChunk, scratch?: Float32Array): Float32Array {
  const rows = chunkRows(chunk);
  if (!isQuantized(rows)) return rows;
  const out = scratch && scratch.length >= rows.codes.length ? scratch.subarray(0, rows.codes.length) : new Float32Array(rows.codes.length);
  const normalize = !isProjectedKey(chunk.modelKey);
  for (let r = 0; r < rows.scales.length; r++) dequantizeInto(rows.codes, r, chunk.dims, rows.scales[r]!, out, r * chunk.dims, normalize);
  return out;
}

/**
 * Splits rows into records of at most {@link CHUNK_SIZE}, numbered from `firstChunk`.
 * Each record gets its own exactly-sized buffers, so no record drags a larger one into storage.
 */
export function packChunks(modelKey: string, dims: number, firstChunk: number, set: RowBatch): VectorChunk[] {
  const out: VectorChunk[] = [];
  for (let start = 0; start < set.hashes.length; start += CHUNK_SIZE) {
    const end = Math.min(start + CHUNK_SIZE, set.hashes.length);
    const rows = sliceRows(set.rows, dims, start, end);
    // sliceRows copies, so each buffer is a fresh, plain ArrayBuffer of exactly these rows.
    const form = isQuantized(rows)
      ? { codes: rows.codes.buffer as ArrayBuffer, scales: rows.scales.buffer as ArrayBuffer }
      : { vectors: rows.buffer as ArrayBuffer };
    out.push({ modelKey, chunk: firstChunk + out.length, hashes: set.hashes.slice(start, end), ...form, dims });
  }
  return out;
}

/**
 * Records to write when appending `set` after `tail` (the model's highest chunk, if any).
 *
 * A tail with room, of the same form, is merged with the new rows and rewritten, so many small
 * batches still end up as full chunks instead of thousands of tiny records. A tail of the other
 * form stays as it is and the new rows start the next chunk.
 */
export function appendChunks(modelKey: string, tail: VectorChunk | undefined, set: RowBatch): VectorChunk[] {
  if (!tail) return packChunks(modelKey, set.dims, 0, set);
  const old = chunkRows(tail);
  if (tail.hashes.length >= CHUNK_SIZE || rowForm(old) !== rowForm(set.rows)) {
    return packChunks(modelKey, set.dims, tail.chunk + 1, set);
  }
  return packChunks(modelKey, set.dims, tail.chunk, {
    dims: set.dims,
    hashes: tail.hashes.concat(set.hashes),
    rows: concatRows(old, set.rows),
  });
}

/** Throws `STORAGE_FAILED` unless `chunk` is well-formed and holds `dims`-dimensional vectors. */
export function checkChunk(operation: string, chunk: VectorChunk, dims: number): void {
  const n = Array.isArray(chunk.hashes) ? chunk.hashes.length : -1;
  const floats = chunk.vectors instanceof ArrayBuffer && chunk.vectors.byteLength === n * dims * Float32Array.BYTES_PER_ELEMENT;
  const codes =
    chunk.codes instanceof ArrayBuffer &&
    chunk.scales instanceof ArrayBuffer &&
    (chunk.codes.byteLength === n * dims || chunk.codes.byteLength === 2 * n * dims) &&
    chunk.scales.byteLength === n * Float32Array.BYTES_PER_ELEMENT;
  if (n < 0 || chunk.dims !== dims || !(floats || codes)) {
    throw createError(
      ErrorCodes.STORAGE_FAILED,
      `IndexedDB ${operation} failed: chunk ${chunk.chunk} of "${chunk.modelKey}" is corrupt or has other dims than ${dims}`,
    );
  }
}

/**
 * Concatenates chunks (in chunk order) into one contiguous float32 set, de-duplicated by hash.
 *
 * A later write of a hash replaces the earlier vector in place: the hash keeps its first position,
 * with the newest value. No chunks gives `dims: 0` and empty arrays.
 */
export function concatChunks(chunks: VectorChunk[]): VectorSet {
  const first = chunks[0];
  if (!first) return { dims: 0, hashes: [], vectors: new Float32Array(0) };
  const dims = first.dims;
  let total = 0;
  for (const c of chunks) {
    checkChunk('loadVectors', c, dims);
    total += c.hashes.length;
  }
  const out = new Float32Array(total * dims);
  const hashes: string[] = [];
  const position = new Map<string, number>();
  for (const c of chunks) {
    const src = chunkFloats(c);
    const start = hashes.length;
    let allNew = true;
    for (const h of c.hashes) {
      if (position.has(h)) allNew = false;
    }
    if (allNew && new Set(c.hashes).size === c.hashes.length) {
      // The common case: one bulk copy per chunk instead of one per vector.
      c.hashes.forEach((h, i) => {
        position.set(h, start + i);
      });
      hashes.push(...c.hashes);
      out.set(src, start * dims);
      continue;
    }
    c.hashes.forEach((h, i) => {
      let p = position.get(h);
      if (p === undefined) {
        p = hashes.length;
        position.set(h, p);
        hashes.push(h);
      }
      out.set(src.subarray(i * dims, (i + 1) * dims), p * dims);
    });
  }
  // Duplicates leave unused room at the end; trim it so `vectors.length === hashes.length * dims`.
  const vectors = hashes.length === total ? out : out.slice(0, hashes.length * dims);
  return { dims, hashes, vectors };
}

/**
 * The rows of `chunks` where `alive` says so, gathered per form (float32 rows, int8 rows, int16
 * rows), for a prune to rewrite compactly without turning coded rows into float32 ones.
 */
export function survivingRows(chunks: readonly VectorChunk[], alive: readonly boolean[][], dims: number): RowBatch[] {
  type Gathered = {
    hashes: string[];
    rows: Array<Float32Array | CodeArray>;
    scales: number[];
    make: (n: number) => Float32Array | CodeArray;
  };
  const forms = new Map<string, Gathered>();
  chunks.forEach((chunk, c) => {
    const rows = chunkRows(chunk);
    const values = isQuantized(rows) ? rows.codes : rows;
    const form = rowForm(rows);
    let g = forms.get(form);
    if (!g) {
      const Make = values.constructor as new (n: number) => Float32Array | CodeArray;
      g = { hashes: [], rows: [], scales: [], make: (n) => new Make(n) };
      forms.set(form, g);
    }
    for (const [i, ok] of (alive[c] ?? []).entries()) {
      if (!ok) continue;
      g.hashes.push(chunk.hashes[i]!);
      g.rows.push(values.subarray(i * dims, (i + 1) * dims));
      if (isQuantized(rows)) g.scales.push(rows.scales[i]!);
    }
  });
  const out: RowBatch[] = [];
  for (const [form, g] of forms) {
    if (!g.hashes.length) continue;
    const values = g.make(g.hashes.length * dims);
    for (const [i, row] of g.rows.entries()) values.set(row, i * dims);
    const rows = form === 'float32' ? (values as Float32Array) : { codes: values as CodeArray, scales: Float32Array.from(g.scales) };
    out.push({ dims, hashes: g.hashes, rows });
  }
  return out;
}

import { createError, ErrorCodes } from '../errors.ts';
import type { VectorChunk } from './schema.ts';

/**
 * Most vectors per record. One record per vector was measured ~10x slower to write and ~3x slower
 * to read than records of ~1,024 vectors; much bigger records make every tail rewrite costlier.
 */
export const CHUNK_SIZE = 1024;

/** Vectors of one model, row-major: vector `i` is `vectors.subarray(i * dims, (i + 1) * dims)`. */
export interface VectorBatch {
  dims: number;
  hashes: string[];
  vectors: Float32Array;
}

/** A {@link VectorBatch} backed by a plain `ArrayBuffer`, so it can be transferred to another thread. */
export interface VectorSet extends VectorBatch {
  vectors: Float32Array<ArrayBuffer>;
}

/**
 * Splits vectors into records of at most {@link CHUNK_SIZE}, numbered from `firstChunk`.
 * Each record gets its own exactly-sized buffer, so no record drags a larger one into storage.
 */
export function packChunks(modelKey: string, dims: number, firstChunk: number, set: VectorBatch): VectorChunk[] {
  const out: VectorChunk[] = [];
  for (let start = 0; start < set.hashes.length; start += CHUNK_SIZE) {
    const end = Math.min(start + CHUNK_SIZE, set.hashes.length);
    out.push({
      modelKey,
      chunk: firstChunk + out.length,
      hashes: set.hashes.slice(start, end),
      vectors: set.vectors.slice(start * dims, end * dims).buffer,
      dims,
    });
  }
  return out;
}

/**
 * Records to write when appending `set` after `tail` (the model's highest chunk, if any).
 *
 * A tail with room is merged with the new vectors and rewritten, so many small batches still
 * end up as full chunks instead of thousands of tiny records.
 */
export function appendChunks(modelKey: string, tail: VectorChunk | undefined, set: VectorBatch): VectorChunk[] {
  if (!tail) return packChunks(modelKey, set.dims, 0, set);
  if (tail.hashes.length >= CHUNK_SIZE) return packChunks(modelKey, set.dims, tail.chunk + 1, set);
  const old = new Float32Array(tail.vectors);
  const merged = new Float32Array(old.length + set.vectors.length);
  merged.set(old);
  merged.set(set.vectors, old.length);
  return packChunks(modelKey, set.dims, tail.chunk, {
    dims: set.dims,
    hashes: tail.hashes.concat(set.hashes),
    vectors: merged,
  });
}

/** Throws `STORAGE_FAILED` unless `chunk` is well-formed and holds `dims`-dimensional vectors. */
export function checkChunk(operation: string, chunk: VectorChunk, dims: number): void {
  const ok =
    Array.isArray(chunk.hashes) &&
    chunk.vectors instanceof ArrayBuffer &&
    chunk.dims === dims &&
    chunk.vectors.byteLength === chunk.hashes.length * dims * Float32Array.BYTES_PER_ELEMENT;
  if (!ok) {
    throw createError(
      ErrorCodes.STORAGE_FAILED,
      `IndexedDB ${operation} failed: chunk ${chunk.chunk} of "${chunk.modelKey}" is corrupt or has other dims than ${dims}`,
    );
  }
}

/**
 * Concatenates chunks (in chunk order) into one contiguous set, de-duplicated by hash.
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
    const src = new Float32Array(c.vectors);
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

/**
 * The artifact's `coarse` section: one sign bit per dimension and item, the part of the artifact a
 * first visit on a slow link ranks with before the int8 codes arrive (64 B per 512-d item against
 * 516 for codes and scale; issue 30). Bit d of item i is bit (d & 7) of byte i * ceil(dims / 8) +
 * (d >> 3), set when the item's code c_d is > 0. The page reads an item as the unit vector of
 * signs, +-1/sqrt(dims) per dimension.
 *
 * Why signs around zero rather than around the catalog's mean (what the binary index uses): an
 * item's bits then depend on its own vector only, like the codes, so incremental builds copy them
 * and no catalog-wide statistic drifts. Measured (recall@10 of the sign vectors' own top 10 against
 * exact float32, 300 queries): Steam 5k .56 (around the mean .60), Office .73 (.76). Such answers
 * are shown as the warming-up results they are, and replaced in place once the codes are in.
 */

import type { CodeArray } from './quantize.ts';

/** The section's name. */
export const COARSE_SECTION = 'coarse';

/** Bytes per item for `dims` dimensions. */
export function coarseRowBytes(dims: number): number {
  return Math.ceil(dims / 8);
}

/** The section for `count` items whose codes are `codes` (row-major, `count * dims`). */
export function encodeCoarse(codes: CodeArray, count: number, dims: number): Uint8Array {
  const row = coarseRowBytes(dims);
  const out = new Uint8Array(row * count);
  for (let i = 0; i < count; i++) {
    const base = i * dims;
    for (let d = 0; d < dims; d++) if (codes[base + d]! > 0) out[i * row + (d >> 3)]! |= 1 << (d & 7);
  }
  return out;
}

/** True when `bytes` is a coarse section of `count` items of `dims` dimensions. */
export function isCoarseSection(bytes: Uint8Array, count: number, dims: number): boolean {
  return bytes.byteLength === coarseRowBytes(dims) * count;
}

/** Item `row`'s sign vector (unit length) into `out` from `outOffset`. */
export function coarseVectorInto(section: Uint8Array, row: number, dims: number, out: Float32Array, outOffset = 0): void {
  const bytes = coarseRowBytes(dims);
  const unit = 1 / Math.sqrt(dims);
  const base = row * bytes;
  for (let d = 0; d < dims; d++) out[outOffset + d] = (section[base + (d >> 3)]! >> (d & 7)) & 1 ? unit : -unit;
}

/** Set bits per byte value. */
const POPCOUNT = Uint8Array.from({ length: 256 }, (_, b) => {
  let n = 0;
  for (let v = b; v > 0; v >>= 1) n += v & 1;
  return n;
});

/**
 * The `n` rows nearest to row `row` by the Hamming distance of their sign bits (the sign vectors'
 * dot product is 1 - 2 * distance / dims), nearest first, ties in row order, `row` itself and rows
 * `skip` refuses left out. One pass over the section and a counting sort of the distances: ~16 B
 * per item at 128 dimensions, a few ms for 32k items.
 */
export function coarseNearest(
  section: Uint8Array,
  dims: number,
  row: number,
  n: number,
  skip: (row: number) => boolean = () => false,
): { row: number; score: number }[] {
  const bytes = coarseRowBytes(dims);
  const count = section.byteLength / bytes;
  const distance = new Uint16Array(count);
  const histogram = new Uint32Array(dims + 2);
  const base = row * bytes;
  for (let i = 0; i < count; i++) {
    let d = 0;
    const at = i * bytes;
    for (let b = 0; b < bytes; b++) d += POPCOUNT[section[at + b]! ^ section[base + b]!]!;
    // Left-out rows get dims + 1: past every real distance.
    distance[i] = i === row || skip(i) ? dims + 1 : d;
    histogram[distance[i]!]!++;
  }
  // The distance up to which the n nearest lie.
  let limit = 0;
  for (let seen = 0; limit <= dims && seen + histogram[limit]! < n; limit++) seen += histogram[limit]!;
  const near: number[] = [];
  for (let i = 0; i < count; i++) if (distance[i]! <= Math.min(limit, dims)) near.push(i);
  near.sort((a, b) => distance[a]! - distance[b]! || a - b);
  return near.slice(0, n).map((i) => ({ row: i, score: 1 - (2 * distance[i]!) / dims }));
}

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

/**
 * The artifact's `magnitudes` section (format version 2): |c_d| of each item's code, in `bits - 1`
 * bits per dimension (7 for the default int8 code, 9 for a projected artifact's 10-bit code; the
 * manifest's `code` names the width) packed LSB first into ceil(dims * (bits - 1) / 8) bytes per
 * item. With the sign bits of the `coarse` section (coarse.ts) it holds the code exactly, in the
 * bytes the code takes (448 + 64 = 512 at 512-d int8), split so that the signs, what a first visit
 * ranks with, come as a part of their own.
 */

import { type CodeArray, newCodeArray } from './quantize.ts';

/** The section's name. */
export const MAGNITUDES_SECTION = 'magnitudes';

/** Bytes per item for `dims` dimensions of a `bits`-bit code (sign included). */
export function magnitudeRowBytes(dims: number, bits = 8): number {
  return Math.ceil((dims * (bits - 1)) / 8);
}

/** The section for `count` items whose `bits`-bit codes are `codes` (row-major). */
export function encodeMagnitudes(codes: CodeArray, count: number, dims: number, bits = 8): Uint8Array {
  const width = bits - 1;
  const row = magnitudeRowBytes(dims, bits);
  const out = new Uint8Array(row * count + 2);
  for (let i = 0; i < count; i++) {
    let bit = i * row * 8;
    for (let d = 0; d < dims; d++, bit += width) {
      // `width` (<= 11) bits from `bit`: within three bytes.
      const m = Math.abs(codes[i * dims + d]!) << (bit & 7);
      const at = bit >> 3;
      out[at]! |= m & 0xff;
      out[at + 1]! |= (m >> 8) & 0xff;
      out[at + 2]! |= m >> 16;
    }
  }
  return out.subarray(0, row * count).slice();
}

/**
 * The `bits`-bit codes of `count` items from their sign bits (`coarse`: bit set when c > 0) and
 * their magnitudes. Lengths are the caller's to check (`magnitudeRowBytes`, `coarseRowBytes`).
 */
export function joinCodes(coarse: Uint8Array, magnitudes: Uint8Array, count: number, dims: number, bits = 8): CodeArray {
  const codes = newCodeArray(count * dims, bits);
  const width = bits - 1;
  const mask = (1 << width) - 1;
  const signRow = Math.ceil(dims / 8);
  const row = magnitudeRowBytes(dims, bits);
  for (let i = 0; i < count; i++) {
    let bit = i * row * 8;
    for (let d = 0; d < dims; d++, bit += width) {
      const at = bit >> 3;
      const window = magnitudes[at]! | ((magnitudes[at + 1] ?? 0) << 8) | ((magnitudes[at + 2] ?? 0) << 16);
      const m = (window >> (bit & 7)) & mask;
      codes[i * dims + d] = (coarse[i * signRow + (d >> 3)]! >> (d & 7)) & 1 ? m : -m;
    }
  }
  return codes;
}

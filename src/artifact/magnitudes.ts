/**
 * The artifact's `magnitudes` section (format version 2): |c_d| of each item's int8 code, 7 bits
 * per dimension packed LSB first into ceil(dims * 7 / 8) bytes per item. With the sign bits of the
 * `coarse` section (coarse.ts) it holds the code exactly, in the bytes int8 took (448 + 64 = 512 at
 * 512-d), split so that the signs, what a first visit ranks with, come as a part of their own.
 */

/** The section's name. */
export const MAGNITUDES_SECTION = 'magnitudes';

/** Bytes per item for `dims` dimensions. */
export function magnitudeRowBytes(dims: number): number {
  return Math.ceil((dims * 7) / 8);
}

/** The section for `count` items whose int8 codes (-127..127) are `codes` (row-major). */
export function encodeMagnitudes(codes: Int8Array, count: number, dims: number): Uint8Array {
  const row = magnitudeRowBytes(dims);
  const out = new Uint8Array(row * count);
  for (let i = 0; i < count; i++) {
    let bit = i * row * 8;
    for (let d = 0; d < dims; d++, bit += 7) {
      const m = Math.abs(codes[i * dims + d]!);
      // 7 bits from `bit`: over two bytes at most.
      out[bit >> 3]! |= (m << (bit & 7)) & 0xff;
      if ((bit & 7) > 1) out[(bit >> 3) + 1]! |= m >> (8 - (bit & 7));
    }
  }
  return out;
}

/**
 * The int8 codes of `count` items from their sign bits (`coarse`: bit set when c > 0) and their
 * magnitudes. Lengths are the caller's to check (`magnitudeRowBytes`, `coarseRowBytes`).
 */
export function joinCodes(coarse: Uint8Array, magnitudes: Uint8Array, count: number, dims: number): Int8Array {
  const codes = new Int8Array(count * dims);
  const signRow = Math.ceil(dims / 8);
  const row = magnitudeRowBytes(dims);
  for (let i = 0; i < count; i++) {
    let bit = i * row * 8;
    for (let d = 0; d < dims; d++, bit += 7) {
      const pair = magnitudes[bit >> 3]! | ((magnitudes[(bit >> 3) + 1] ?? 0) << 8);
      const m = (pair >> (bit & 7)) & 0x7f;
      codes[i * dims + d] = (coarse[i * signRow + (d >> 3)]! >> (d & 7)) & 1 ? m : -m;
    }
  }
  return codes;
}

/**
 * The artifact's `magnitudes` section (format version 2): |c_d| of each item's code, in `bits - 1`
 * bits per dimension (7 for the default int8 code, 9 for a projected artifact's 10-bit code; the
 * manifest's `code` names the width) packed LSB first into ceil(dims * (bits - 1) / 8) bytes per
 * item. With the sign bits of the `coarse` section (coarse.ts) it holds the code exactly, in the
 * bytes the code takes (448 + 64 = 512 at 512-d int8), split so that the signs, what a first visit
 * ranks with, come as a part of their own.
 *
 * Builds since the `high` section (optional; its presence says which layout a binary has) move the
 * top bit of each magnitude, |c_d| >= 2^(bits - 2), into it: one bit per dimension laid out as the
 * signs are, so a first visit's head ranks with two bits per dimension (sign and high bit) in the
 * same bytes (recall@10 .33 instead of .22 at 128 dimensions on Steam), and `magnitudes` then holds
 * the other bits - 2 bits.
 */

import { type CodeArray, newCodeArray } from './quantize.ts';

/** The section's name. */
export const MAGNITUDES_SECTION = 'magnitudes';
/** The section of the magnitudes' top bits. */
export const HIGH_SECTION = 'high';

/** Bits per magnitude in the `magnitudes` section: bits - 1, one fewer when `high` holds the top one. */
function widthOf(bits: number, high: boolean): number {
  return bits - 1 - (high ? 1 : 0);
}

/** Bytes per item for `dims` dimensions of a `bits`-bit code (sign included), `high` as above. */
export function magnitudeRowBytes(dims: number, bits = 8, high = false): number {
  return Math.ceil((dims * widthOf(bits, high)) / 8);
}

/** The `high` section of `count` items' `bits`-bit codes: bit d set when |c_d| >= 2^(bits - 2). */
export function encodeHigh(codes: CodeArray, count: number, dims: number, bits: number): Uint8Array {
  const row = Math.ceil(dims / 8);
  const top = 1 << (bits - 2);
  const out = new Uint8Array(row * count);
  for (let i = 0; i < count; i++)
    for (let d = 0; d < dims; d++) if (Math.abs(codes[i * dims + d]!) & top) out[i * row + (d >> 3)]! |= 1 << (d & 7);
  return out;
}

/** The section for `count` items whose `bits`-bit codes are `codes` (row-major), without the top bits when `high`. */
export function encodeMagnitudes(codes: CodeArray, count: number, dims: number, bits = 8, high = false): Uint8Array {
  const width = widthOf(bits, high);
  const mask = (1 << width) - 1;
  const row = magnitudeRowBytes(dims, bits, high);
  const out = new Uint8Array(row * count + 2);
  for (let i = 0; i < count; i++) {
    let bit = i * row * 8;
    for (let d = 0; d < dims; d++, bit += width) {
      // `width` (<= 11) bits from `bit`: within three bytes.
      const m = (Math.abs(codes[i * dims + d]!) & mask) << (bit & 7);
      const at = bit >> 3;
      out[at]! |= m & 0xff;
      out[at + 1]! |= (m >> 8) & 0xff;
      out[at + 2]! |= m >> 16;
    }
  }
  return out.subarray(0, row * count).slice();
}

/** A split code's sections: the sign bits, the magnitudes and, when the binary has it, the high bits. */
export interface CodeSections {
  readonly coarse: Uint8Array;
  readonly magnitudes: Uint8Array;
  readonly high: Uint8Array | undefined;
}

/**
 * Item `i`'s `bits`-bit code from its sign bits (`coarse`: bit set when c > 0), its magnitudes and,
 * when the binary has it, its `high` bits, into `out` from `at`. Lengths are the caller's to check
 * (`magnitudeRowBytes`, `coarseRowBytes`).
 */
export function decodeCodeRow(sections: CodeSections, i: number, dims: number, bits: number, out: CodeArray, at: number): void {
  const { coarse, magnitudes, high } = sections;
  const width = widthOf(bits, high !== undefined);
  if (width === 8) {
    decodeByteRow(sections, i, dims, out, at);
    return;
  }
  const mask = (1 << width) - 1;
  const signRow = Math.ceil(dims / 8);
  let bit = i * magnitudeRowBytes(dims, bits, high !== undefined) * 8;
  for (let d = 0; d < dims; d++, bit += width) {
    const byte = bit >> 3;
    const window = magnitudes[byte]! | ((magnitudes[byte + 1] ?? 0) << 8) | ((magnitudes[byte + 2] ?? 0) << 16);
    const low = (window >> (bit & 7)) & mask;
    const m = high && (high[i * signRow + (d >> 3)]! >> (d & 7)) & 1 ? low | (1 << width) : low;
    out[at + d] = (coarse[i * signRow + (d >> 3)]! >> (d & 7)) & 1 ? m : -m;
  }
}

/**
 * `decodeCodeRow` when every magnitude is one byte: the default projected artifact (10-bit codes
 * with `high`), or 9-bit codes without it. Eight dimensions per sign byte, each negated without a
 * branch. A first visit decodes every artifact row on its way to the first answer: 100k x 128 in
 * Node ~17 ms, against ~170 ms for the generic bit-window loop.
 */
function decodeByteRow({ coarse, magnitudes, high }: CodeSections, i: number, dims: number, out: CodeArray, at: number): void {
  const signRow = Math.ceil(dims / 8);
  const s0 = i * signRow;
  const whole = dims >> 3;
  let m = i * dims;
  let o = at;
  // Unrolled by hand: V8 does not unroll the 8-step loop, which ran at half this speed.
  for (let b = 0; b < whole; b++, m += 8, o += 8) {
    const neg = ~coarse[s0 + b]!;
    const top = high ? high[s0 + b]! << 8 : 0;
    out[o] = byteCode(magnitudes[m]!, top, neg, 0);
    out[o + 1] = byteCode(magnitudes[m + 1]!, top, neg, 1);
    out[o + 2] = byteCode(magnitudes[m + 2]!, top, neg, 2);
    out[o + 3] = byteCode(magnitudes[m + 3]!, top, neg, 3);
    out[o + 4] = byteCode(magnitudes[m + 4]!, top, neg, 4);
    out[o + 5] = byteCode(magnitudes[m + 5]!, top, neg, 5);
    out[o + 6] = byteCode(magnitudes[m + 6]!, top, neg, 6);
    out[o + 7] = byteCode(magnitudes[m + 7]!, top, neg, 7);
  }
  if (whole * 8 === dims) return;
  const neg = ~coarse[s0 + whole]!;
  const top = high ? high[s0 + whole]! << 8 : 0;
  for (let k = 0; k < dims - whole * 8; k++) out[o + k] = byteCode(magnitudes[m + k]!, top, neg, k);
}

/**
 * Dimension `k` of a sign byte's eight: the magnitude byte `low`, its top bit from bit `k + 8` of
 * `top`, negated when bit `k` of `neg` (the inverted signs) is set: (x ^ -1) + 1 = -x.
 */
function byteCode(low: number, top: number, neg: number, k: number): number {
  const n = (neg >> k) & 1;
  return ((low | ((top >> k) & 256)) ^ -n) + n;
}

/** The `bits`-bit codes of `count` items, row-major, from their sections (see `decodeCodeRow`). */
export function joinCodes(coarse: Uint8Array, magnitudes: Uint8Array, count: number, dims: number, bits = 8, high?: Uint8Array): CodeArray {
  const codes = newCodeArray(count * dims, bits);
  const sections = { coarse, magnitudes, high };
  for (let i = 0; i < count; i++) decodeCodeRow(sections, i, dims, bits, codes, i * dims);
  return codes;
}

/**
 * The artifact's vector code, "int<b>-item-scale" (see format.ts for why one scale per item): with
 * M = 2^(b-1) - 1, s = max|v_d| / M, c_d = round(v_d / s); decoding gives normalise(s * c), or the
 * zero vector. b is 8 (int8, the default) or up to 12 (held in an Int16Array): projected artifacts
 * (`build --dims`) spend the bytes the fewer dimensions save on 10 bits, because at 8 bits near-ties
 * of a 32k catalog reorder (recall@10 .982 against the projected floats, 10 bits .996).
 */
import { createError, ErrorCodes } from '../errors.ts';

/** An item's code values: int8 for 8 bits, int16 for wider codes. */
export type CodeArray = Int8Array | Int16Array;

/** One item's code: `dims` values of `codeBits` bits (sign included) and its scale. */
export interface ItemCode {
  code: CodeArray;
  scale: number;
}

/** The code widths the format knows: 8 (int8) to 12 bits per dimension, sign included. */
export const MIN_CODE_BITS = 8;
export const MAX_CODE_BITS = 12;

/** The largest |c_d| of a `bits`-bit code: 127 for 8 bits, 511 for 10. */
export function codeLimit(bits: number): number {
  return 2 ** (bits - 1) - 1;
}

/** An all-zero code array of `length` values wide enough for `bits`. */
export function newCodeArray(length: number, bits: number): CodeArray {
  return bits <= 8 ? new Int8Array(length) : new Int16Array(length);
}

/**
 * Encodes `vector` (any finite values; the library's vectors are unit length or all zero) in
 * `bits` bits per dimension. Deterministic: the same floats always give the same code. Throws
 * `INVALID_OPTION` on a value that is not finite, which would otherwise poison every ranking it
 * takes part in, and on a width the format does not know.
 */
export function quantize(vector: ArrayLike<number>, bits = MIN_CODE_BITS): ItemCode {
  if (!(Number.isInteger(bits) && bits >= MIN_CODE_BITS && bits <= MAX_CODE_BITS))
    throw createError(ErrorCodes.INVALID_OPTION, `quantize: ${bits} bits per dimension; expected ${MIN_CODE_BITS} to ${MAX_CODE_BITS}`);
  const limit = codeLimit(bits);
  let max = 0;
  for (let d = 0; d < vector.length; d++) {
    const v = vector[d]!;
    if (!Number.isFinite(v)) throw createError(ErrorCodes.INVALID_OPTION, `quantize: value ${v} at dimension ${d} is not finite`);
    const a = Math.abs(v);
    if (a > max) max = a;
  }
  const code = newCodeArray(vector.length, bits);
  if (max === 0) return { code, scale: 0 };
  // Stored as f32, so the code is computed against the f32 value the reader will see.
  const scale = Math.fround(max / limit);
  for (let d = 0; d < vector.length; d++) {
    // Rounding of the largest component can reach M.00001 / scale; clamp keeps |c| <= M.
    code[d] = Math.max(-limit, Math.min(limit, Math.round(vector[d]! / scale)));
  }
  return { code, scale };
}

/**
 * `quantize(vector)` with the scale set so that the code decodes (`normalize` false) to exactly the
 * vector's length: for projected vectors, which keep their length (model-key.ts `isProjectedKey`).
 * The max-abs scale would add the code's rounding to each item's length, a relative error of ~1e-3
 * that reorders near-ties (Steam at 128 dims: recall@10 of the codes .966 instead of .982); with
 * the length exact, only the code's direction is rounded, as for unit vectors.
 */
export function quantizeWithLength(vector: ArrayLike<number>, bits = MIN_CODE_BITS): ItemCode {
  const item = quantize(vector, bits);
  let length = 0;
  let codeLength = 0;
  for (let d = 0; d < vector.length; d++) {
    length += vector[d]! * vector[d]!;
    codeLength += item.code[d]! * item.code[d]!;
  }
  return codeLength > 0 ? { code: item.code, scale: Math.fround(Math.sqrt(length) / Math.sqrt(codeLength)) } : item;
}

/**
 * Decodes item `index` of `codes` (rows of `dims`) with `scale` into `out` at `outOffset`: the
 * dequantized vector s * c, L2-normalised when `normalize` (the default: every model of the
 * library outputs unit vectors and the ranking assumes cosine = dot product; re-normalising
 * removes the code's small length error). A zero scale gives the zero vector.
 */
export function dequantizeInto(
  codes: CodeArray,
  index: number,
  dims: number,
  scale: number,
  out: Float32Array,
  outOffset = 0,
  normalize = true,
): void {
  const base = index * dims;
  const end = base + dims;
  if (scale === 0) {
    out.fill(0, outOffset, outOffset + dims);
    return;
  }
  let factor = scale;
  if (normalize) {
    // normalise(s * c) = c / |c|: the scale cancels.
    let norm = 0;
    for (let i = base; i < end; i++) {
      const c = codes[i]!;
      norm += c * c;
    }
    factor = norm > 0 ? 1 / Math.sqrt(norm) : 0;
  }
  // Plain index arithmetic in the hot loop (32k items x 512 on a first visit's critical path).
  for (let i = base, o = outOffset; i < end; i++, o++) out[o] = codes[i]! * factor;
}

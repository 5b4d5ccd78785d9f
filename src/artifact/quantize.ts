/**
 * The artifact's vector code, "int8-item-scale" (see format.ts for why one scale per item):
 * s = max|v_d| / 127, c_d = round(v_d / s); decoding gives normalise(s * c), or the zero vector.
 */
import { createError, ErrorCodes } from '../errors.ts';

/** One item's code: `dims` int8 values and its scale. */
export interface ItemCode {
  code: Int8Array;
  scale: number;
}

/**
 * Encodes `vector` (any finite values; the library's vectors are unit length or all zero).
 * Deterministic: the same floats always give the same code. Throws `INVALID_OPTION` on a value
 * that is not finite, which would otherwise poison every ranking it takes part in.
 */
export function quantize(vector: ArrayLike<number>): ItemCode {
  let max = 0;
  for (let d = 0; d < vector.length; d++) {
    const v = vector[d]!;
    if (!Number.isFinite(v)) throw createError(ErrorCodes.INVALID_OPTION, `quantize: value ${v} at dimension ${d} is not finite`);
    const a = Math.abs(v);
    if (a > max) max = a;
  }
  const code = new Int8Array(vector.length);
  if (max === 0) return { code, scale: 0 };
  // Stored as f32, so the code is computed against the f32 value the reader will see.
  const scale = Math.fround(max / 127);
  for (let d = 0; d < vector.length; d++) {
    // Rounding of the largest component can reach 127.00001 / scale; clamp keeps |c| <= 127.
    code[d] = Math.max(-127, Math.min(127, Math.round(vector[d]! / scale)));
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
export function quantizeWithLength(vector: ArrayLike<number>): ItemCode {
  const item = quantize(vector);
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
  codes: Int8Array,
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

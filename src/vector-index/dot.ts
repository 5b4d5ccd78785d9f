/**
 * Inner-product kernels, the hot loop of every scan. Both are unrolled with independent
 * accumulators so V8 can overlap the multiply-adds instead of waiting on one running sum.
 */

/** Largest supported vector length; keeps int8 dot products inside int32 (see dotI8x4). */
export const MAX_DIMS = 65536;

/**
 * Dot product of `dims` floats of `a` from `aOff` and of `b` from `bOff`, accumulated in float64.
 * Unrolled by 4; the tail loop handles dims that are not a multiple of 4.
 */
export function dotF32(a: Float32Array, aOff: number, b: Float32Array, bOff: number, dims: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  const end4 = dims - (dims & 3);
  let i = 0;
  for (; i < end4; i += 4) {
    s0 += a[aOff + i]! * b[bOff + i]!;
    s1 += a[aOff + i + 1]! * b[bOff + i + 1]!;
    s2 += a[aOff + i + 2]! * b[bOff + i + 2]!;
    s3 += a[aOff + i + 3]! * b[bOff + i + 3]!;
  }
  for (; i < dims; i++) s0 += a[aOff + i]! * b[bOff + i]!;
  return s0 + s1 + s2 + s3;
}

/**
 * Dot products of `x` (from `xOff`) with the 4 consecutive `dims`-long rows of `m` starting at
 * `mOff`, written to out[0..3]. One load of x feeds four multiply-adds, for one-against-many
 * scoring (nearest centroid) where loads, not arithmetic, bound the loop.
 */
export function dotF32x4(x: Float32Array, xOff: number, m: Float32Array, mOff: number, dims: number, out: Float64Array): void {
  const m1 = mOff + dims;
  const m2 = m1 + dims;
  const m3 = m2 + dims;
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  for (let i = 0; i < dims; i++) {
    const v = x[xOff + i]!;
    s0 += v * m[mOff + i]!;
    s1 += v * m[m1 + i]!;
    s2 += v * m[m2 + i]!;
    s3 += v * m[m3 + i]!;
  }
  out[0] = s0;
  out[1] = s1;
  out[2] = s2;
  out[3] = s3;
}

/**
 * Integer dot product of a query against one int8 code read 4 bytes at a time: `codes` is an
 * Int32Array view of the code bytes, `query` has one int32 per code byte in the lane order of
 * `codeLane` (see Int8Codes). One 32-bit load plus shifts beats four Int8Array loads in V8
 * (~1.5x measured), and the code is a quarter of the float bytes to stream. Math.imul and `| 0`
 * keep every step in int32, which cannot overflow while dims <= 65536 (|sum| < 127 * 128 * dims).
 */
export function dotI8x4(query: Int32Array, codes: Int32Array, wordOff: number, words: number): number {
  let s0 = 0;
  let s1 = 0;
  for (let i = 0; i < words; i++) {
    const w = codes[wordOff + i]!;
    const j = i << 2;
    s0 = (s0 + Math.imul(query[j]!, (w << 24) >> 24) + Math.imul(query[j + 1]!, (w << 16) >> 24)) | 0;
    s1 = (s1 + Math.imul(query[j + 2]!, (w << 8) >> 24) + Math.imul(query[j + 3]!, w >> 24)) | 0;
  }
  return (s0 + s1) | 0;
}

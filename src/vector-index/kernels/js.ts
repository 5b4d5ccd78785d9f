/**
 * The JavaScript twin of kernels.wat, for engines without WASM SIMD (or a CSP that forbids WASM).
 * Each function follows its WASM counterpart's arithmetic step for step, so the numbers are
 * bit-identical: float products are exact in f64 and summed in the same 8-lane order; integer
 * sums wrap in int32 like i32x4 lanes (exact, as the caller bounds the true total).
 */
import type { Kernels } from './types.ts';

/** Typed views of one linear memory; `memory.ts` refreshes them when the memory grows. */
export interface MemoryViews {
  readonly i8: Int8Array;
  readonly u8: Uint8Array;
  readonly i16: Int16Array;
  readonly i32: Int32Array;
  readonly f32: Float32Array;
  readonly f64: Float64Array;
}

/** JavaScript kernels reading `views()` (called per kernel call: views change when memory grows). */
export function jsKernels(views: () => MemoryViews): Kernels {
  return {
    name: 'js',
    dotF32: (...args) => dotF32(views(), ...args),
    dotI16: (...args) => dotI16(views(), ...args),
    dotI8: (...args) => dotI8(views(), ...args),
    hamming: (...args) => hamming(views(), ...args),
    encodeI8: (...args) => encodeI8(views(), ...args),
    encodeBits: (...args) => encodeBits(views(), ...args),
    maxAbsF32: (...args) => maxAbsF32(views(), ...args),
    encodeI16: (...args) => encodeI16(views(), ...args),
    selectRange: (...args) => selectRange(views(), ...args),
  };
}

/**
 * The dot product of `dims` values of `row` from index `from` with the f64 query from index `q0`:
 * products exact in f64, summed in the WASM kernels' 8 lanes (value d -> lane d mod 8) and order.
 */
function laneDot(row: Float32Array | Int16Array, from: number, q: Float64Array, q0: number, dims: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let s4 = 0;
  let s5 = 0;
  let s6 = 0;
  let s7 = 0;
  for (let d = q0, p = from; d < q0 + dims; d += 8, p += 8) {
    s0 += row[p]! * q[d]!;
    s1 += row[p + 1]! * q[d + 1]!;
    s2 += row[p + 2]! * q[d + 2]!;
    s3 += row[p + 3]! * q[d + 3]!;
    s4 += row[p + 4]! * q[d + 4]!;
    s5 += row[p + 5]! * q[d + 5]!;
    s6 += row[p + 6]! * q[d + 6]!;
    s7 += row[p + 7]! * q[d + 7]!;
  }
  return s0 + s2 + (s4 + s6) + (s1 + s3 + (s5 + s7));
}

/** A row-dot kernel of `Kernels` (dotF32, dotI16) with the memory it reads. */
type RowDot = (m: MemoryViews, ...args: Parameters<Kernels['dotF32']>) => void;

/** `Kernels.dotF32`: products exact in f64, summed in the WASM kernel's 8-lane order. */
const dotF32: RowDot = (m, q, base, stride, dims, rows, start, count, out) => {
  const { f32, f64, i32 } = m;
  for (let i = 0; i < count; i++) {
    const row = rows === 0 ? start + i : i32[(rows >>> 2) + i]!;
    f64[(out >>> 3) + i] = laneDot(f32, (base + row * stride) >>> 2, f64, q >>> 3, dims);
  }
};

/** `Kernels.dotI16`: int16 x f64 products exact, summed as dotF32 sums, then times the row's scale. */
const dotI16: RowDot = (m, q, base, stride, dims, rows, start, count, out) => {
  const { i16, f32, f64, i32 } = m;
  for (let i = 0; i < count; i++) {
    const at = base + (rows === 0 ? start + i : i32[(rows >>> 2) + i]!) * stride;
    f64[(out >>> 3) + i] = laneDot(i16, (at + 16) >>> 1, f64, q >>> 3, dims) * f32[at >>> 2]!;
  }
};

/** `Kernels.dotI8`: two int32 lanes that wrap like i32x4, as the caller bounds the true total. */
function dotI8(m: MemoryViews, q: number, base: number, stride: number, rows: number, start: number, count: number, out: number): void {
  const { i8, i16, i32 } = m;
  const q0 = q >>> 1;
  for (let i = 0; i < count; i++) {
    const row = rows === 0 ? start + i : i32[(rows >>> 2) + i]!;
    const p = base + row * stride;
    let s0 = 0;
    let s1 = 0;
    for (let j = 0; j < stride; j += 2) {
      s0 = (s0 + Math.imul(i16[q0 + j]!, i8[p + j]!)) | 0;
      s1 = (s1 + Math.imul(i16[q0 + j + 1]!, i8[p + j + 1]!)) | 0;
    }
    i32[(out >>> 2) + i] = (s0 + s1) | 0;
  }
}

/** `Kernels.hamming`: popcounts of 32-bit XORs, and the distance histogram when asked. */
function hamming(
  m: MemoryViews,
  q: number,
  base: number,
  stride: number,
  rows: number,
  start: number,
  count: number,
  out: number,
  hist: number,
): void {
  const { i32 } = m;
  const q0 = q >>> 2;
  const words = stride >>> 2;
  for (let i = 0; i < count; i++) {
    const row = rows === 0 ? start + i : i32[(rows >>> 2) + i]!;
    const p = (base + row * stride) >>> 2;
    let d = 0;
    // Popcount of an XOR is the same whatever the byte order of the 32-bit reads.
    for (let w = 0; w < words; w++) d += popcount32(i32[p + w]! ^ i32[q0 + w]!);
    i32[(out >>> 2) + i] = d;
    if (hist !== 0) i32[(hist >>> 2) + d]!++;
  }
}

/** `Kernels.encodeI8`: f32 arithmetic and ties-to-even rounding, as the SIMD lanes do. */
function encodeI8(m: MemoryViews, src: number, lo: number, inv: number, dims: number, dst: number): number {
  const { f32, i8 } = m;
  const s0 = src >>> 2;
  const l0 = lo >>> 2;
  const v0 = inv >>> 2;
  let clamped = 0;
  for (let d = 0; d < dims; d++) {
    // f32 arithmetic, like f32x4.sub / f32x4.mul, then f32x4.nearest's round-half-even.
    let level = roundHalfEven(Math.fround(Math.fround(f32[s0 + d]! - f32[l0 + d]!) * f32[v0 + d]!));
    if (level < 0) {
      level = 0;
      clamped++;
    } else if (level > 255) {
      level = 255;
      clamped++;
    }
    i8[dst + d] = level - 128;
  }
  return clamped;
}

/** `Kernels.maxAbsF32`. */
function maxAbsF32(m: MemoryViews, src: number, dims: number): number {
  const { f32 } = m;
  let max = 0;
  for (let d = src >>> 2; d < (src >>> 2) + dims; d++) max = Math.max(max, Math.abs(f32[d]!));
  return max;
}

/** `Kernels.encodeI16`: f32 product, then f32x4.nearest's round-half-even, then i16x8.narrow's saturation. */
function encodeI16(m: MemoryViews, src: number, inv: number, dims: number, dst: number): void {
  const { f32, i16 } = m;
  const s0 = src >>> 2;
  const d0 = dst >>> 1;
  const k = Math.fround(inv);
  for (let d = 0; d < dims; d++) i16[d0 + d] = Math.max(-32768, Math.min(32767, roundHalfEven(Math.fround(f32[s0 + d]! * k))));
}

/** `Kernels.encodeBits`: one bit per value above its mean, little-endian within each byte. */
function encodeBits(m: MemoryViews, src: number, mean: number, dims: number, dst: number): void {
  const { f32, u8 } = m;
  const s0 = src >>> 2;
  const m0 = mean >>> 2;
  for (let b = 0; b < dims; b += 8) {
    let byte = 0;
    for (let j = 0; j < 8; j++) if (f32[s0 + b + j]! > f32[m0 + b + j]!) byte |= 1 << j;
    u8[dst + (b >>> 3)] = byte;
  }
}

/** `Kernels.selectRange`: the visited rows whose value is in (lo, hi], in visiting order. */
function selectRange(
  m: MemoryViews,
  vals: number,
  lo: number,
  hi: number,
  rows: number,
  start: number,
  count: number,
  out: number,
): number {
  const { i32 } = m;
  const v0 = vals >>> 2;
  const o0 = out >>> 2;
  let n = 0;
  for (let i = 0; i < count; i++) {
    const v = i32[v0 + i]!;
    if (v > lo && v <= hi) i32[o0 + n++] = rows === 0 ? start + i : i32[(rows >>> 2) + i]!;
  }
  return n;
}

/** Rounds to the nearest integer, ties to even (IEEE roundTiesToEven, as f32x4.nearest). */
export function roundHalfEven(v: number): number {
  const r = Math.round(v); // ties up
  return r - v === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** Set bits of a 32-bit integer (SWAR). */
export function popcount32(x: number): number {
  let v = x - ((x >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24) & 0xff;
}

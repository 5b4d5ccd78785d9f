/**
 * The scoring kernels' interface, implemented twice: WASM SIMD (kernels.wat, loaded by wasm.ts)
 * and plain JavaScript (js.ts). Both read and write one linear memory through byte offsets, and
 * both produce bit-identical numbers, so an index ranks identically on either path.
 *
 * Every scoring function visits `count` rows of a code matrix starting at byte `base`, `stride`
 * bytes per row: rows `start + i` when `rows` is 0, else the row ids at `rows` (an i32 array).
 * Output slot i belongs to the i-th row visited.
 */

/** Which kernels an index uses: 'auto' = WASM SIMD when the engine supports it, else JavaScript. */
export type KernelChoice = 'auto' | 'wasm' | 'js';

/** The kernel set bound to one memory; all arguments are byte offsets or counts. */
export interface Kernels {
  /** 'wasm-simd' or 'js'. */
  readonly name: 'wasm-simd' | 'js';
  /**
   * f64 out[i] = exact dot product of float32 row i with the f64 query at `q`; `dims` is a
   * multiple of 8, rows zero-padded. Lane order is fixed (see kernels.wat) so both paths agree.
   */
  dotF32(q: number, base: number, stride: number, dims: number, rows: number, start: number, count: number, out: number): void;
  /**
   * f64 out[i] = (exact dot product of the int16 codes of row i with the f64 query at `q`, summed
   * as dotF32 sums) * the row's f32 scale. A row: its scale, 12 bytes of padding, `dims` codes.
   */
  dotI16(q: number, base: number, stride: number, dims: number, rows: number, start: number, count: number, out: number): void;
  /** i32 out[i] = dot product of int8 code i with the int16 query at `q` (`stride` values, multiple of 16). */
  dotI8(q: number, base: number, stride: number, rows: number, start: number, count: number, out: number): void;
  /** i32 out[i] = Hamming distance of binary code i to the query bits at `q`; hist[d]++ when `hist` is not 0. */
  hamming(q: number, base: number, stride: number, rows: number, start: number, count: number, out: number, hist: number): void;
  /**
   * Int8 codes of the f32 values at `src` (dims a multiple of 16, zero-padded) into `dst`:
   * level = round-half-even(f32((x - lo) * inv)), clamped to [0, 255], minus 128. Returns the
   * number of values clamped. `lo` and `inv` hold `dims` f32 values.
   */
  encodeI8(src: number, lo: number, inv: number, dims: number, dst: number): number;
  /** The largest |x| of the f32 values at `src` (dims a multiple of 8, zero-padded). */
  maxAbsF32(src: number, dims: number): number;
  /**
   * Int16 codes of the f32 values at `src` (dims a multiple of 8) into `dst`: code =
   * round-half-even(f32(x * inv)), saturated to the int16 range. `inv` is an f32 value.
   */
  encodeI16(src: number, inv: number, dims: number, dst: number): void;
  /** Bits of the f32 values at `src` (dims a multiple of 16): bit d (little-endian) is src[d] > mean[d]. */
  encodeBits(src: number, mean: number, dims: number, dst: number): void;
  /** Writes the row ids of visited rows whose i32 value in `vals` is in (lo, hi] to `out`; returns how many. */
  selectRange(vals: number, lo: number, hi: number, rows: number, start: number, count: number, out: number): number;
}

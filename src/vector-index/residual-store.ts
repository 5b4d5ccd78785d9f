/**
 * One residual bit per dimension on top of the int8 codes (a two-stage residual quantizer, as
 * FAISS's `IndexRefine` over a `ResidualQuantizer`, cut to one level of one bit): bit d says
 * whether the value lies above or below its int8 reconstruction, and the refined value moves a
 * quarter of a step that way. The rounding error's spread halves, for 1/8 of the int8 bytes.
 *
 * Why: the int8 code alone is the recall limit of the large-catalog index. Its dot-product error
 * (median ~1.8e-4) is larger than the gap between the 10th and 11th neighbours of 10% of queries,
 * so binary + int8 tops out at recall@10 .980-.982 on the 100k bench. Measured on those vectors (Node,
 * 200 held-out queries, the int8 top 30 re-scored): +1 bit/dim .9915 (+64 B/row, 63 MiB in all),
 * +2 bits .9955 (+128 B/row, 69.5 MiB, too close to the 70 MiB budget), +3 bits .999; giving the
 * bits to the dimensions with the largest error (greedy allocation) gained nothing at 1 bit/dim.
 * In the browser bench (index-kernels): .990 at 100k for +6 MiB and +0.02 ms p50; .991 at 1M.
 *
 * A score is the int8 kernel's score of the row plus the bits' corrections, summed in JavaScript
 * from a per-query table (128 lookups per 512-d row), for the last k x rerank candidates only;
 * the kernels' integer dots are identical on both paths, so are the scores. Measured at 100k
 * (Node): 0.055 ms per query with a byte table and a JavaScript int8 dot, 0.016 ms now.
 */
import { CodeMatrix, roundUp } from './code-matrix.ts';
import type { Int8Store } from './int8-store.ts';
import type { KernelChoice } from './kernels/types.ts';
import type { Int8Params } from './quantizer.ts';
import type { RowScorer } from './scorer.ts';

/** Where inside a step the refined value sits: a quarter step above or below the int8 level. */
const HALF_SHIFT = 0.25;

/** Residual sign bits of every row, scored together with the int8 codes they refine. */
export class ResidualStore extends CodeMatrix implements RowScorer {
  readonly exact = false;
  /** Per query: -1/4 sum_d q_d step_d, added to every score. */
  private offset = 0;
  /** Per query: set-bit sums, 16 entries per nibble of bits (see prepare). */
  private readonly table: Float64Array;
  /** Nibbles of bits per row: dims / 4 rounded up to whole bytes. */
  private readonly nibblesPerRow: number;
  /** The encode loop's constants for the int8 params they were computed from. */
  private cached: { params: Int8Params; levelBase: Float64Array; levelStep: Float64Array } | undefined;

  constructor(
    readonly dims: number,
    private readonly int8: Int8Store,
    kernels: KernelChoice,
  ) {
    super(roundUp(Math.ceil(dims / 8), 16), kernels);
    this.nibblesPerRow = 2 * Math.ceil(dims / 8);
    this.table = new Float64Array(this.nibblesPerRow * 16);
  }

  /** Writes the residual bits of `src[srcOff ..]` against row `row`'s int8 code (written first). */
  encode(row: number, src: Float32Array, srcOff: number): void {
    const { levelBase, levelStep } = this.encoding();
    const i8 = this.int8.mem.i8;
    const c0 = this.int8.rowPtr(row);
    const u8 = this.mem.u8;
    const b0 = this.rowPtr(row);
    const dims = this.dims;
    // A byte at a time, the comparison as a number: a branch per bit mispredicts half the time
    // (residual signs are coin flips); measured 4.8 -> 1.3 us per 512-d row.
    for (let j = 0, d = 0; j < this.stride; j++) {
      let byte = 0;
      for (let bit = 0; bit < 8 && d < dims; bit++, d++) {
        byte |= +(src[srcOff + d]! > levelBase[d]! + levelStep[d]! * i8[c0 + d]!) << bit;
      }
      u8[b0 + j] = byte;
    }
  }

  /** lo + 128 step and step as float64, cached per int8 params (the encode loop's constants). */
  private encoding(): { levelBase: Float64Array; levelStep: Float64Array } {
    const params = this.int8.trainedParams!;
    if (this.cached?.params !== params) {
      const levelBase = new Float64Array(this.dims);
      const levelStep = new Float64Array(this.dims);
      for (let d = 0; d < this.dims; d++) {
        levelBase[d] = params.lo[d]! + 128 * params.step[d]!;
        levelStep[d] = params.step[d]!;
      }
      this.cached = { params, levelBase, levelStep };
    }
    return this.cached;
  }

  /** @inheritdoc */
  rowWritten(row: number, _replaced: boolean, src: Float32Array, srcOff: number): void {
    // Attached after the int8 store, so the row's int8 code is already the new one.
    if (this.int8.trainedParams) this.encode(row, src, srcOff);
  }

  /** Reconstructs row `row` from its int8 code and residual bits into `out` from `outOff`. */
  read(row: number, out: Float32Array, outOff = 0): void {
    this.readWith(this.int8.trainedParams!, row, out, outOff);
  }

  /** `read` with the int8 ranges the row was encoded with (a retraining reads under the old ones). */
  readWith(params: Int8Params, row: number, out: Float32Array, outOff = 0): void {
    const { lo, step } = params;
    const i8 = this.int8.mem.i8;
    const c0 = this.int8.rowPtr(row);
    const u8 = this.mem.u8;
    const b0 = this.rowPtr(row);
    for (let d = 0; d < this.dims; d++) {
      const shift = (u8[b0 + (d >>> 3)]! >>> (d & 7)) & 1 ? HALF_SHIFT : -HALF_SHIFT;
      out[outOff + d] = lo[d]! + step[d]! * (i8[c0 + d]! + 128 + shift);
    }
  }

  /** @inheritdoc */
  prepare(query: Float32Array): void {
    const { step } = this.int8.trainedParams!;
    const { dims, table } = this;
    // score = int8 score (the kernel's, from the folded query) + sum_d q_d step_d (bit_d ? +1/4 : -1/4)
    //       = int8 score - 1/4 sum_d w_d + sum over set bits of 1/2 w_d,   with w_d = q_d step_d.
    this.int8.prepare(query);
    let shift = 0;
    // The set-bit sums by lookup, 4 dimensions (a nibble) at a time: table[j * 16 + nibble] is the
    // sum of 1/2 w over the set bits of nibble j (FAISS's PQ distance tables, for bits). Nibbles
    // rather than bytes: 16x smaller tables to fill per query, for twice the lookups per row.
    for (let j = 0; j < this.nibblesPerRow; j++) {
      const t = j * 16;
      table[t] = 0;
      for (let bit = 0; bit < 4; bit++) {
        const d = j * 4 + bit;
        const w = d < dims ? query[d]! * step[d]! : 0;
        shift -= HALF_SHIFT * w;
        const half = 1 << bit;
        for (let nibble = half; nibble < 2 * half; nibble++) table[t + nibble] = table[t + nibble - half]! + 2 * HALF_SHIFT * w;
      }
    }
    this.offset = shift;
  }

  /** @inheritdoc */
  score(rows: Int32Array | null, from: number, count: number, out: Float64Array): void {
    this.int8.score(rows, from, count, out);
    const { table, offset } = this;
    const bytes = this.nibblesPerRow >>> 1;
    const u8 = this.mem.u8;
    for (let i = 0; i < count; i++) {
      const row = rows === null ? from + i : rows[from + i]!;
      const b0 = this.rowPtr(row);
      let sum = offset;
      for (let j = 0, t = 0; j < bytes; j++, t += 32) {
        const byte = u8[b0 + j]!;
        sum += table[t + (byte & 15)]! + table[t + 16 + (byte >>> 4)]!;
      }
      out[i]! += sum;
    }
  }
}

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
 * In the browser bench (index-kernels): .990 at 100k for +6 MiB and +0.08 ms p50; .991 at 1M.
 *
 * Scores are computed in JavaScript in float64 for a short list of candidates only (the last
 * re-rank sees k x rerank rows: 40 x 512 multiply-adds plus 40 x 64 table lookups), so both
 * kernel paths give the same scores.
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
  /** Per query: q_d * step_d. */
  private weights: Float64Array;
  /** Per query: the constant part of every score. */
  private offset = 0;
  /** Per query: bit-term lookup, 256 entries per byte of bits (see prepare). */
  private readonly table: Float64Array;
  /** Bytes of bits that hold dimensions (the rest of the stride is padding). */
  private readonly bytesPerRow: number;

  constructor(
    readonly dims: number,
    private readonly int8: Int8Store,
    kernels: KernelChoice,
  ) {
    super(roundUp(Math.ceil(dims / 8), 16), kernels);
    this.weights = new Float64Array(dims);
    this.bytesPerRow = Math.ceil(dims / 8);
    this.table = new Float64Array(this.bytesPerRow * 256);
  }

  /** Writes the residual bits of `src[srcOff ..]` against row `row`'s int8 code (written first). */
  encode(row: number, src: Float32Array, srcOff: number): void {
    const { lo, step } = this.int8.trainedParams!;
    const i8 = this.int8.mem.i8;
    const c0 = this.int8.rowPtr(row);
    const u8 = this.mem.u8;
    const b0 = this.rowPtr(row);
    u8.fill(0, b0, b0 + this.stride);
    for (let d = 0; d < this.dims; d++) {
      const level = lo[d]! + step[d]! * (i8[c0 + d]! + 128);
      if (src[srcOff + d]! > level) u8[b0 + (d >>> 3)]! |= 1 << (d & 7);
    }
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
    const { lo, step } = this.int8.trainedParams!;
    const { dims, weights, table } = this;
    // score = sum_d q_d (lo_d + step_d (c_d + 128 -/+ 1/4)) = offset + sum_d w_d c_d + bit terms.
    let offset = 0;
    for (let d = 0; d < dims; d++) {
      const q = query[d]!;
      weights[d] = q * step[d]!;
      offset += q * (lo[d]! + (128 - HALF_SHIFT) * step[d]!);
    }
    this.offset = offset;
    // The bit terms by lookup, a byte (8 dimensions) at a time: table[j * 256 + byte] is the sum
    // of 2 x 1/4 x w over the set bits of byte j (FAISS's PQ distance tables, for bits).
    for (let j = 0; j < this.bytesPerRow; j++) {
      const t = j * 256;
      table[t] = 0;
      for (let bit = 0; bit < 8; bit++) {
        const d = j * 8 + bit;
        const w = d < dims ? 2 * HALF_SHIFT * weights[d]! : 0;
        const half = 1 << bit;
        for (let byte = half; byte < 2 * half; byte++) table[t + byte] = table[t + byte - half]! + w;
      }
    }
  }

  /** @inheritdoc */
  score(rows: Int32Array | null, from: number, count: number, out: Float64Array): void {
    const { dims, weights, table, bytesPerRow } = this;
    const i8 = this.int8.mem.i8;
    const u8 = this.mem.u8;
    for (let i = 0; i < count; i++) {
      const row = rows === null ? from + i : rows[from + i]!;
      const c0 = this.int8.rowPtr(row);
      const b0 = this.rowPtr(row);
      let sum = this.offset;
      for (let d = 0; d < dims; d++) sum += weights[d]! * i8[c0 + d]!;
      for (let j = 0; j < bytesPerRow; j++) sum += table[j * 256 + u8[b0 + j]!]!;
      out[i] = sum;
    }
  }
}

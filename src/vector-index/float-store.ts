/**
 * Float32 rows (FAISS `IndexFlatCodes` with float codes): the exact scores of flat search and of
 * an exact re-rank, and the staging copy an index keeps until its quantizers are trained.
 * Rows are zero-padded to a multiple of 8 floats for the kernel; 512 and 384 need no padding.
 */
import { CHUNK, CodeMatrix, roundUp } from './code-matrix.ts';
import type { KernelChoice } from './kernels/types.ts';
import type { RowScorer } from './scorer.ts';

/** Float32 rows in a kernel memory, scored exactly (f64 sums). */
export class FloatStore extends CodeMatrix implements RowScorer {
  readonly exact = true;
  /** dims rounded up to a multiple of 8. */
  readonly dimsPad: number;
  private queryPtr = 0;
  private rowsPtr = 0;
  private outPtr = 0;

  constructor(
    readonly dims: number,
    kernels: KernelChoice,
  ) {
    super(roundUp(dims, 8) * 4, kernels);
    this.dimsPad = roundUp(dims, 8);
  }

  /** @inheritdoc */
  rowWritten(row: number, _replaced: boolean, src: Float32Array, srcOff: number): void {
    this.mem.f32.set(src.subarray(srcOff, srcOff + this.dims), this.rowPtr(row) >>> 2);
  }

  /** Copies row `row` into `out` from `outOff`. */
  read(row: number, out: Float32Array, outOff = 0): void {
    const p = this.rowPtr(row) >>> 2;
    out.set(this.mem.f32.subarray(p, p + this.dims), outOff);
  }

  /** @inheritdoc */
  prepare(query: Float32Array): void {
    const qBytes = this.dimsPad * 8;
    const base = this.scratch(qBytes + CHUNK * 12);
    this.queryPtr = base;
    this.rowsPtr = base + qBytes;
    this.outPtr = this.rowsPtr + CHUNK * 4;
    const f64 = this.mem.f64;
    const q0 = base >>> 3;
    for (let d = 0; d < this.dims; d++) f64[q0 + d] = query[d]!;
    f64.fill(0, q0 + this.dims, q0 + this.dimsPad);
  }

  /** @inheritdoc */
  score(rows: Int32Array | null, from: number, count: number, out: Float64Array): void {
    let rowsPtr = 0;
    if (rows !== null) {
      this.putRows(this.rowsPtr, rows, from, count);
      rowsPtr = this.rowsPtr;
    }
    this.mem.kernels.dotF32(this.queryPtr, this.base, this.stride, this.dimsPad, rowsPtr, from, count, this.outPtr);
    const o = this.outPtr >>> 3;
    out.set(this.mem.f64.subarray(o, o + count));
  }
}

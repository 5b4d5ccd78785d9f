/**
 * What the stores of full rows share (float32 rows, float-store.ts; 16-bit rows, int16-store.ts):
 * the query held as f64 in scratch, and scoring by a kernel that sums in f64. Each store adds how
 * a row is written and read, and which kernel scores it.
 */
import { CHUNK, CodeMatrix, roundUp } from './code-matrix.ts';
import type { KernelChoice } from './kernels/types.ts';
import type { RowScorer } from './scorer.ts';

/** Full rows scored against an f64 query; `dims` padded to a multiple of 8 for the kernels. */
export abstract class F64QueryRows extends CodeMatrix implements RowScorer {
  /** Final scores: no later stage re-ranks them. */
  readonly exact = true;
  /** dims rounded up to a multiple of 8. */
  readonly dimsPad: number;
  private queryPtr = 0;
  private rowsPtr = 0;
  private outPtr = 0;

  /** `rowHeader` bytes before each row's `dims` values of `valueBytes` each. */
  constructor(
    readonly dims: number,
    valueBytes: number,
    rowHeader: number,
    kernels: KernelChoice,
  ) {
    super(rowHeader + roundUp(dims, 8) * valueBytes, kernels);
    this.dimsPad = roundUp(dims, 8);
  }

  /** Copies row `row` into `out` from `outOff`. */
  abstract read(row: number, out: Float32Array, outOff?: number): void;

  /** Runs this store's kernel: f64 scores of `count` rows (the list at `rowsPtr`, or from `from` when 0) into `out`. */
  protected abstract dot(query: number, rowsPtr: number, from: number, count: number, out: number): void;

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
    this.dot(this.queryPtr, rowsPtr, from, count, this.outPtr);
    const o = this.outPtr >>> 3;
    out.set(this.mem.f64.subarray(o, o + count));
  }
}

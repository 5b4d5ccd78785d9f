/**
 * Float32 rows (FAISS `IndexFlatCodes` with float codes): the exact scores of flat search and of
 * an exact re-rank, and the staging copy an index keeps until its quantizers are trained.
 * Rows are zero-padded to a multiple of 8 floats for the kernel; 512 and 384 need no padding.
 */
import { F64QueryRows } from './f64-query-rows.ts';
import type { KernelChoice } from './kernels/types.ts';

/** Float32 rows in a kernel memory, scored exactly (f64 sums). */
export class FloatStore extends F64QueryRows {
  constructor(dims: number, kernels: KernelChoice) {
    super(dims, 4, 0, kernels);
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
  protected dot(query: number, rowsPtr: number, from: number, count: number, out: number): void {
    this.mem.kernels.dotF32(query, this.base, this.stride, this.dimsPad, rowsPtr, from, count, out);
  }
}

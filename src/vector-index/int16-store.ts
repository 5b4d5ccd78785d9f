/**
 * Rows at 16 bits (an f32 scale per row, int16 codes): the re-rank rows of a binary or int8 scan
 * at half of float32's bytes. Why: a 100k catalog's float32 rows at 128 dimensions were 52.7 MB of
 * the worker's memory (docs/notes/first-visit-memory.md), while the vectors a page adopts are the
 * artifact's 10-bit codes: 16 bits hold them within 1/65,534 of each row's largest value, far below
 * the gap between neighbours that a re-rank has to see. Scores are the codes' exact dot product
 * with the query, times the scale.
 */
import { F64QueryRows } from './f64-query-rows.ts';
import type { KernelChoice } from './kernels/types.ts';

/** Bytes before a row's codes: its f32 scale, padded so codes and rows stay 16-byte aligned. */
const ROW_HEADER = 16;
/** The largest code: a row's largest magnitude maps to it. */
const MAX_CODE = 32767;

/** Int16 rows with a scale each, in a kernel memory, scored by `dotI16` (16-bit, not float32, precision). */
export class Int16Store extends F64QueryRows {
  constructor(dims: number, kernels: KernelChoice) {
    super(dims, 2, ROW_HEADER, kernels);
  }

  /** @inheritdoc */
  rowWritten(row: number, _replaced: boolean, src: Float32Array, srcOff: number): void {
    // In the kernels: a 100k adoption took 220 ms quantised in JavaScript, against 40 ms of float copies.
    const { kernels } = this.mem;
    const ptr = this.putFloats(src, srcOff, this.dims, this.dimsPad);
    const scale = Math.fround(kernels.maxAbsF32(ptr, this.dimsPad) / MAX_CODE);
    const at = this.rowPtr(row);
    this.mem.f32[at >>> 2] = scale;
    kernels.encodeI16(ptr, scale > 0 ? Math.fround(1 / scale) : 0, this.dimsPad, at + ROW_HEADER);
  }

  /** Copies row `row` (codes times scale) into `out` from `outOff`. */
  read(row: number, out: Float32Array, outOff = 0): void {
    const at = this.rowPtr(row);
    const scale = this.mem.f32[at >>> 2]!;
    const i16 = this.mem.i16;
    const c0 = (at + ROW_HEADER) >>> 1;
    for (let d = 0; d < this.dims; d++) out[outOff + d] = i16[c0 + d]! * scale;
  }

  /** @inheritdoc */
  protected dot(query: number, rowsPtr: number, from: number, count: number, out: number): void {
    this.mem.kernels.dotI16(query, this.base, this.stride, this.dimsPad, rowsPtr, from, count, out);
  }
}

/**
 * 8-bit scalar quantizer (FAISS `ScalarQuantizer` QT_8bit): each dimension d gets its own range
 * [lo_d, hi_d] learnt from the data, split into 256 levels; a value is stored as an int8 code.
 *
 * Why per-dimension min/max rather than one symmetric scale per vector: sentence-encoder outputs
 * are anisotropic (a few dimensions carry much larger magnitudes than the rest). A per-vector
 * scale is set by the vector's largest component, so one outlier dimension would squeeze all the
 * others into a handful of levels; per-dimension ranges spend the 256 levels on each dimension's
 * own spread. It also makes scoring a pure integer dot product: the per-dimension affine terms
 * fold into the query (see `encodeQuery`), so the scan needs no per-row float multiply.
 */
import { createError, ErrorCodes } from '../errors.ts';
import { checkInt } from './args.ts';
import { MAX_DIMS } from './dot.ts';

/** A query folded into code space: approx(q . x) = offset + scale * dotI8(code, codes(x)). */
export interface QueryCode {
  code: Int8Array;
  scale: number;
  offset: number;
}

/** Per-dimension min/max int8 scalar quantizer. Train, then encode rows and queries. */
export class Int8Quantizer {
  private readonly lo: Float32Array;
  private readonly step: Float32Array;
  private isTrained = false;

  constructor(readonly dims: number) {
    checkInt('dims', dims, 1, MAX_DIMS);
    this.lo = new Float32Array(dims);
    this.step = new Float32Array(dims);
  }

  /** True once `train` has run; codes from an untrained quantizer are meaningless. */
  get trained(): boolean {
    return this.isTrained;
  }

  /** Learns each dimension's range from the first `rows` rows of `data`; can be called again to re-fit. */
  train(data: Float32Array, rows: number): void {
    const dims = this.dims;
    if (rows < 1 || data.length < rows * dims)
      throw createError(ErrorCodes.INVALID_OPTION, 'Int8Quantizer.train needs at least one full row');
    const lo = this.lo.fill(Infinity);
    const hi = new Float32Array(dims).fill(-Infinity);
    for (let r = 0, off = 0; r < rows; r++, off += dims) {
      for (let d = 0; d < dims; d++) {
        const v = data[off + d]!;
        if (v < lo[d]!) lo[d] = v;
        if (v > hi[d]!) hi[d] = v;
      }
    }
    for (let d = 0; d < dims; d++) this.step[d] = (hi[d]! - lo[d]!) / 255;
    this.isTrained = true;
  }

  /**
   * Writes the code of `dims` floats of `src` (from `srcOff`) into `dst` (from `dstOff`).
   * Values outside the trained range are clamped; returns how many were, so callers can tell
   * when the data has drifted enough to retrain.
   */
  encode(src: Float32Array, srcOff: number, dst: Int8Array, dstOff: number): number {
    const { lo, step, dims } = this;
    let clamped = 0;
    for (let d = 0; d < dims; d++) {
      const s = step[d]!;
      // A constant dimension (s = 0) carries no ranking information; code it as the bottom level.
      let level = s > 0 ? Math.round((src[srcOff + d]! - lo[d]!) / s) : 0;
      if (level < 0) {
        level = 0;
        clamped++;
      } else if (level > 255) {
        level = 255;
        clamped++;
      }
      dst[dstOff + d] = level - 128;
    }
    return clamped;
  }

  /** Reconstructs the approximate floats of a code (for tests and diagnostics). */
  decode(code: Int8Array, codeOff: number, out: Float32Array): Float32Array {
    for (let d = 0; d < this.dims; d++) out[d] = this.lo[d]! + this.step[d]! * (code[codeOff + d]! + 128);
    return out;
  }

  /**
   * Folds the quantizer into a query so scoring against codes is an integer dot product.
   * With x_d ~ lo_d + step_d * (c_d + 128):
   *   q . x ~ sum q_d (lo_d + 128 step_d)  +  sum (q_d step_d) c_d  =  offset + sum w_d c_d,
   * and w is itself quantized symmetrically to int8 with one scale. offset and scale are the same
   * for every row, so ranking by the integer dot alone is ranking by the approximate score.
   */
  encodeQuery(query: Float32Array): QueryCode {
    const { lo, step, dims } = this;
    const w = new Float64Array(dims);
    let offset = 0;
    let maxAbs = 0;
    for (let d = 0; d < dims; d++) {
      const q = query[d]!;
      offset += q * (lo[d]! + 128 * step[d]!);
      const wd = q * step[d]!;
      w[d] = wd;
      if (Math.abs(wd) > maxAbs) maxAbs = Math.abs(wd);
    }
    const scale = maxAbs / 127;
    const code = new Int8Array(dims);
    if (scale > 0) for (let d = 0; d < dims; d++) code[d] = Math.round(w[d]! / scale);
    return { code, scale, offset };
  }

  /** Bytes of the trained parameters. */
  memoryBytes(): number {
    return this.lo.byteLength + this.step.byteLength;
  }
}

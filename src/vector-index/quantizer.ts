/**
 * 8-bit scalar quantizer (FAISS `ScalarQuantizer` QT_8bit): each dimension d gets its own range
 * [lo_d, lo_d + 255 step_d] learnt from the data; a value is stored as an int8 code.
 *
 * Why per-dimension ranges rather than one symmetric scale per vector: sentence-encoder outputs
 * are anisotropic (a few dimensions carry much larger magnitudes than the rest). A per-vector
 * scale is set by the vector's largest component, so one outlier dimension would squeeze all the
 * others into a handful of levels; per-dimension ranges spend the 256 levels on each dimension's
 * own spread. Scoring stays a pure integer dot product: the affine terms fold into the query.
 *
 * Queries are NOT quantized to 8 bits (that costs recall: the issue measured .977 recall@10 for
 * int8 x int8 at 100k): the folded query keeps 15 bits (int16), which the SIMD kernel multiplies
 * at the same speed, so scores carry only the codes' own rounding error.
 */
import { createError, ErrorCodes } from '../errors.ts';

/** The learnt ranges. Plain typed arrays: part of an index's exportable TrainingState. */
export interface Int8Params {
  /** Per-dimension bottom of the range. */
  lo: Float32Array;
  /** Per-dimension level width; 0 for a constant dimension. */
  step: Float32Array;
}

/**
 * Each range runs from the CLIP quantile to the 1 - CLIP quantile of the training sample, with no
 * margin: a rare extreme value is clamped rather than allowed to widen every level of its
 * dimension. Chosen on validation queries (200 catalog rows as queries, not the bench's held-out
 * ones; 100k Steam rows, int8 top 200 re-scored with the residual bit, see residual-store.ts):
 *   min/max + 1/32 margin (before) .9895, min/max .9920, quantile 1e-4 .9950, 2e-4 .9945, 5e-4 .9920.
 * 1e-4 clamps ~2e-4 of values, well under the 1e-3 at which a retraining refits the ranges
 * (training.ts); on the default 16k-row sample it drops the single most extreme value per tail.
 */
const CLIP = 1e-4;

/**
 * A sample too small to clip (under 10k rows) uses its min and max, widened by this fraction of
 * the width on each side: new rows from the same data fall outside the min/max of n rows with
 * probability ~2/n (2e-3 at 1000 rows), which would read as drift; 1/32 costs 6% of resolution.
 */
const SMALL_SAMPLE_MARGIN = 1 / 32;

/** Learns each dimension's range from `rows` rows of `sample` (row-major, `dims` wide). */
export function fitInt8(sample: Float32Array, rows: number, dims: number): Int8Params {
  if (rows < 1 || sample.length < rows * dims) throw createError(ErrorCodes.INVALID_OPTION, 'int8 training needs at least one row');
  // The rank-th smallest and largest value of each dimension; rank is 0 (min/max) below 10k rows.
  const rank = Math.floor(CLIP * (rows - 1));
  const low = new Float64Array(dims * (rank + 1)).fill(Infinity);
  const high = new Float64Array(dims * (rank + 1)).fill(-Infinity);
  for (let r = 0, off = 0; r < rows; r++, off += dims) {
    for (let d = 0; d < dims; d++) {
      const v = sample[off + d]!;
      keepExtreme(low, d * (rank + 1), rank + 1, v, 1);
      keepExtreme(high, d * (rank + 1), rank + 1, v, -1);
    }
  }
  const lo = new Float32Array(dims);
  const step = new Float32Array(dims);
  const margin = rank === 0 ? SMALL_SAMPLE_MARGIN : 0;
  for (let d = 0; d < dims; d++) {
    const bottom = low[d * (rank + 1) + rank]!;
    const width = high[d * (rank + 1) + rank]! - bottom;
    lo[d] = bottom - margin * width;
    step[d] = (width * (1 + 2 * margin)) / 255;
  }
  return { lo, step };
}

/**
 * Keeps buf[at .. at + n) sorted as the n most extreme values seen (sign 1: smallest first,
 * -1: largest first), inserting `v` if it belongs. n is 1 or 2 in practice.
 */
function keepExtreme(buf: Float64Array, at: number, n: number, v: number, sign: number): void {
  if (sign * v >= sign * buf[at + n - 1]!) return;
  let i = at + n - 1;
  while (i > at && sign * v < sign * buf[i - 1]!) {
    buf[i] = buf[i - 1]!;
    i--;
  }
  buf[i] = v;
}

/**
 * Writes the code of `dims` floats of `src` (from `srcOff`) into `dst` (from `dstOff`).
 * Values outside the trained range are clamped; returns how many were, so the index can tell
 * when the data has drifted enough to retrain.
 */
export function encodeInt8(p: Int8Params, src: Float32Array, srcOff: number, dst: Int8Array, dstOff: number): number {
  const { lo, step } = p;
  const dims = lo.length;
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

/** Reconstructs the approximate floats of a code into `out` from `outOff`. */
export function decodeInt8(p: Int8Params, code: Int8Array, codeOff: number, out: Float32Array, outOff: number): void {
  const { lo, step } = p;
  for (let d = 0; d < lo.length; d++) out[outOff + d] = lo[d]! + step[d]! * (code[codeOff + d]! + 128);
}

/** How a folded query's integer dot turns back into a score: score = offset + scale * dot. */
export interface QueryFold {
  offset: number;
  scale: number;
}

/** Largest int32 the kernel's sum may reach. */
const I32_MAX = 2 ** 31 - 1;

/**
 * Folds the quantizer into a query so scoring against codes is an integer dot product.
 * With x_d ~ lo_d + step_d * (c_d + 128):
 *   q . x ~ sum q_d (lo_d + 128 step_d)  +  sum (q_d step_d) c_d  =  offset + sum w_d c_d,
 * and w is quantized to int16 with one scale, chosen so |w| <= 32767 and the sum over all
 * dimensions cannot overflow int32 (|c| <= 128), which keeps the kernel's wrapping sums exact.
 * Writes w into `out` from `outOff` (dims values; the caller zeroes any padding).
 */
export function foldQuery(p: Int8Params, query: Float32Array, out: Int16Array, outOff: number): QueryFold {
  const { lo, step } = p;
  const dims = lo.length;
  let offset = 0;
  let maxAbs = 0;
  let sumAbs = 0;
  for (let d = 0; d < dims; d++) {
    const q = query[d]!;
    offset += q * (lo[d]! + 128 * step[d]!);
    const w = Math.abs(q * step[d]!);
    if (w > maxAbs) maxAbs = w;
    sumAbs += w;
  }
  // Rounding adds at most 0.5 per dimension to sum |w|, hence the dims * 64 of headroom.
  const scale = Math.max(maxAbs / 32767, (128 * sumAbs) / (I32_MAX - 64 * dims - 128));
  for (let d = 0; d < dims; d++) out[outOff + d] = scale > 0 ? Math.round((query[d]! * step[d]!) / scale) : 0;
  return { offset, scale };
}

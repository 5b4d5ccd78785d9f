/**
 * The shop's learned recommendation space: a linear map f from the encoder's text vectors to a
 * smaller space trained on the site's interactions (src/learn/train.ts), as AlphaRec maps
 * language representations. The map is what the page applies to an item added after the build:
 * it embeds the item's text as usual and projects it, with no retraining, so the item ranks at once.
 *
 * Small on purpose: the projection ships to every visitor; the trainer does not.
 */
import { dotF32, dotF32x4 } from '../vector-index/dot.ts';

/** A trained map: `outDims` x `inDims` weights, row-major (row k is output coordinate k). */
export interface LearnedMap {
  readonly inDims: number;
  readonly outDims: number;
  readonly weights: Float32Array;
}

/** Scratch for four dot products (one thread per module instance, so one buffer serves every call). */
const FOUR = new Float64Array(4);

/**
 * Projects the vector at `vectors[offset .. offset + inDims)` into `out[outOffset ..)`, L2-normalised
 * (cosine is what every index ranks by). A zero result stays zero. Returns the norm before
 * normalising, which the trainer's gradient needs.
 */
export function projectInto(map: LearnedMap, vectors: Float32Array, offset: number, out: Float32Array, outOffset = 0): number {
  const { inDims, outDims, weights } = map;
  const four = FOUR;
  let k = 0;
  // Four weight rows per pass over the input: one load of each input float feeds four products.
  for (; k + 4 <= outDims; k += 4) {
    dotF32x4(vectors, offset, weights, k * inDims, inDims, four);
    out.set(four, outOffset + k);
  }
  for (; k < outDims; k++) out[outOffset + k] = dotF32(vectors, offset, weights, k * inDims, inDims);
  let norm2 = 0;
  for (let j = 0; j < outDims; j++) norm2 += out[outOffset + j]! * out[outOffset + j]!;
  const norm = Math.sqrt(norm2);
  if (norm > 0) for (let j = 0; j < outDims; j++) out[outOffset + j]! /= norm;
  return norm;
}

/**
 * Every row of `vectors` (`inDims` floats each) projected and normalised: `outDims` floats per row.
 * With `offsets` (`outDims` floats per row, from training), row i is normalise(f(x_i) + offset_i).
 */
export function projectAll(map: LearnedMap, vectors: Float32Array, offsets?: Float32Array): Float32Array {
  const { inDims, outDims } = map;
  if (vectors.length % inDims !== 0) throw new RangeError(`vectors hold ${vectors.length} floats, not a multiple of ${inDims}`);
  const n = vectors.length / inDims;
  if (offsets && offsets.length !== n * outDims) throw new RangeError(`offsets hold ${offsets.length} floats, not ${n} x ${outDims}`);
  const out = new Float32Array(n * outDims);
  const z = new Float32Array(outDims);
  for (let i = 0; i < n; i++) {
    if (!offsets) {
      projectInto(map, vectors, i * inDims, out, i * outDims);
      continue;
    }
    const norm = projectInto(map, vectors, i * inDims, z);
    let norm2 = 0;
    for (let k = 0; k < outDims; k++) {
      const v = z[k]! * norm + offsets[i * outDims + k]!;
      out[i * outDims + k] = v;
      norm2 += v * v;
    }
    const scale = norm2 > 0 ? 1 / Math.sqrt(norm2) : 0;
    for (let k = 0; k < outDims; k++) out[i * outDims + k]! *= scale;
  }
  return out;
}

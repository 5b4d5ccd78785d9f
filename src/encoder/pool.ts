/** Pooling of a model's token vectors into one vector per text: the same in the page and the build CLI. */
import type { ModelSpec } from './registry.ts';

/** A tensor as the pooling reads it: flat data and its shape. */
export type TensorLike = { data: ArrayLike<number | bigint>; dims: number[] };

/** Pools `[batch, tokens, dims]` to `[batch, dims]` and L2-normalises when the spec says so. */
export function pool(
  hidden: TensorLike,
  mask: TensorLike,
  spec: Pick<ModelSpec, 'pooling' | 'normalize'>,
): { data: Float32Array; dims: number } {
  const [batch, tokens, dims] = hidden.dims as [number, number, number];
  const h = hidden.data as Float32Array;
  const out = new Float32Array(batch * dims);
  for (let b = 0; b < batch; b++) {
    const row = out.subarray(b * dims, (b + 1) * dims);
    if (spec.pooling === 'cls') {
      row.set(h.subarray(b * tokens * dims, b * tokens * dims + dims));
    } else {
      let count = 0;
      for (let t = 0; t < tokens; t++) {
        if (Number(mask.data[b * tokens + t]) === 0) continue;
        count++;
        const off = (b * tokens + t) * dims;
        for (let d = 0; d < dims; d++) row[d]! += h[off + d]!;
      }
      if (count > 0) for (let d = 0; d < dims; d++) row[d]! /= count;
    }
    if (spec.normalize) {
      let norm = 0;
      for (let d = 0; d < dims; d++) norm += row[d]! * row[d]!;
      norm = Math.sqrt(norm);
      if (norm > 0) for (let d = 0; d < dims; d++) row[d]! /= norm;
    }
  }
  return { data: out, dims };
}

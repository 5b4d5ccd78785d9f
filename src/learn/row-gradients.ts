/**
 * The learned space's rows and their gradients (train.ts): a row is normalise(f(x) + offset), and
 * a gradient on the unit row flows back through the normalisation into the map's weights and the
 * item's offset.
 */

/**
 * Writes row `r` of `u`: normalise(norm * base + offsets[r]) (`base` is f(x) normalised, `norm` its
 * length; no offsets: `base` itself). Returns the length before normalising.
 */
export function compose(
  u: Float32Array,
  r: number,
  base: Float32Array,
  norm: number,
  offsets: Float32Array | undefined,
  d: number,
): number {
  const o = r * d;
  if (!offsets) {
    u.set(base, o);
    return norm;
  }
  let norm2 = 0;
  for (let k = 0; k < d; k++) {
    const z = base[k]! * norm + offsets[o + k]!;
    u[o + k] = z;
    norm2 += z * z;
  }
  const next = Math.sqrt(norm2);
  if (next > 0) for (let k = 0; k < d; k++) u[o + k]! /= next;
  return next;
}

/** Back-propagates row `r`'s gradient (item `item`'s text) through the normalisation into the weights' (and offsets') gradient. */
export function backToWeights(
  r: number,
  item: number,
  u: Float32Array,
  norms: Float32Array,
  grad: Float32Array,
  vectors: Float32Array,
  inDims: number,
  d: number,
  dW: Float32Array,
  dOffsets: Float32Array | undefined,
): void {
  const norm = norms[r]!;
  if (norm === 0) return;
  const o = r * d;
  let radial = 0;
  for (let k = 0; k < d; k++) radial += u[o + k]! * grad[o + k]!;
  const x = item * inDims;
  const dz = new Float64Array(d);
  for (let k = 0; k < d; k++) {
    dz[k] = (grad[o + k]! - u[o + k]! * radial) / norm;
    if (dOffsets) dOffsets[o + k] = dz[k]!;
  }
  // Four weight rows per pass over the input, as the projection reads them.
  let k = 0;
  for (; k + 4 <= d; k += 4) {
    const [g0, g1, g2, g3] = [dz[k]!, dz[k + 1]!, dz[k + 2]!, dz[k + 3]!];
    const w0 = k * inDims;
    const w1 = w0 + inDims;
    const w2 = w1 + inDims;
    const w3 = w2 + inDims;
    for (let t = 0; t < inDims; t++) {
      const v = vectors[x + t]!;
      dW[w0 + t]! += g0 * v;
      dW[w1 + t]! += g1 * v;
      dW[w2 + t]! += g2 * v;
      dW[w3 + t]! += g3 * v;
    }
  }
  for (; k < d; k++) {
    const g = dz[k]!;
    const w = k * inDims;
    for (let t = 0; t < inDims; t++) dW[w + t]! += g * vectors[x + t]!;
  }
}

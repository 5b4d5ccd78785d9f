/**
 * The learned space's rows and their gradients (train.ts): a row is normalise(f(x) + offset), and
 * a gradient on the unit row flows back through the normalisation into the map's weights and the
 * item's offset.
 */
import type { Workspace } from './workspace.ts';

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

/**
 * Back-propagates the gradients of item `item`'s rows (`sides` of them: row side * n + item) through
 * their normalisation into the offsets' gradient (per row) and the weights' gradient `ws.dW`. Both
 * sides are f(x) of the same text x, so their gradients are summed first and the weights see one
 * pass over x (the workspace's `outer` kernel: d x inDims multiply-adds, 48 x 512 per item at the
 * build's recipe).
 */
export function backToWeights(
  ws: Workspace,
  item: number,
  sides: number,
  n: number,
  norms: Float32Array,
  dOffsets: Float32Array | undefined,
): void {
  const { u, grad, dz, d } = ws;
  dz.fill(0);
  let any = false;
  for (let side = 0; side < sides; side++) {
    const r = side * n + item;
    const norm = norms[r]!;
    if (norm === 0) continue;
    any = true;
    const o = r * d;
    let radial = 0;
    for (let k = 0; k < d; k++) radial += u[o + k]! * grad[o + k]!;
    for (let k = 0; k < d; k++) {
      const g = (grad[o + k]! - u[o + k]! * radial) / norm;
      if (dOffsets) dOffsets[o + k] = g;
      dz[k]! += g;
    }
  }
  if (any) ws.addToWeights(item);
}

/**
 * The trainer's hot loop (train.ts): each anchor's softmax over the step's candidates and its
 * gradient. Per step, (anchors) x (candidates) x 3 x d multiply-adds: 1,024 x 8,192 x 144 = 1.2 G
 * for MovieLens at the build's recipe, about two thirds of training in JavaScript.
 *
 * Anchors go four at a time through two WASM SIMD kernels (kernels.wat): one pass over the
 * candidates gives four anchors' logits, one more adds the gradients, so each candidate row is
 * read once per four anchors; each logit's exponential is taken once (the loss and the
 * probabilities share it), four at a time. MovieLens at the build's recipe: 16.3 s per epoch in
 * plain JavaScript, 1.2 s with these kernels and the projection's (workspace.ts).
 */
import type { Neighbourhoods } from './neighbourhoods.ts';
import { BLOCK, type Workspace } from './workspace.ts';

/**
 * Adds d(loss)/d(u) for the batch into `ws.grad` and returns the batch's summed loss. Loss per
 * anchor: -sum_b count(a, b) log softmax_b, the anchor itself left out of the softmax. Anchors
 * read their row a, candidates row `targetBase` + c (the target side when directional).
 */
export function softmaxGradients(
  ws: Workspace,
  h: Neighbourhoods,
  batch: Int32Array,
  candidates: Int32Array,
  temperature: number,
  targetBase: number,
): number {
  const { d, kernels } = ws;
  const m = candidates.length;
  if (m > ws.candidateOffsets.length) throw new RangeError(`${m} candidates, the workspace holds ${ws.candidateOffsets.length}`);
  const slotOf = new Map<number, number>();
  for (let slot = 0; slot < m; slot++) {
    slotOf.set(candidates[slot]!, slot);
    ws.candidateOffsets[slot] = (targetBase + candidates[slot]!) * d * 4;
  }
  const scale = 1 / (temperature * h.totalPairs);
  const [u, grad, coef, at, acc] = [
    ws.address(ws.u),
    ws.address(ws.grad),
    ws.address(ws.coef),
    ws.address(ws.candidateOffsets),
    ws.address(ws.acc),
  ];
  const anchors = [0, 0, 0, 0];
  let loss = 0;
  for (let first = 0; first < batch.length; first += BLOCK) {
    const count = Math.min(BLOCK, batch.length - first);
    for (let b = 0; b < BLOCK; b++) anchors[b] = h.anchors[batch[first + Math.min(b, count - 1)]!]!;
    const [a0, a1, a2, a3] = anchors.map((a) => ws.address(ws.u, a * d)) as [number, number, number, number];
    kernels.logits4(u, a0, a1, a2, a3, at, m, d, 1 / temperature, coef);
    for (let b = 0; b < BLOCK; b++) {
      const row = ws.coef.subarray(b * m, (b + 1) * m);
      // A block short of four anchors repeats its last one; the repeat adds nothing.
      if (b >= count) {
        row.fill(0);
        continue;
      }
      const self = slotOf.get(anchors[b]!);
      if (self !== undefined) row[self] = Number.NEGATIVE_INFINITY;
      loss += anchorCoefficients(ws, h, batch[first + b]!, b, m, slotOf);
    }
    ws.acc.fill(0);
    kernels.grads4(u, grad, a0, a1, a2, a3, at, m, d, coef, scale, acc);
    for (let b = 0; b < count; b++) {
      const o = anchors[b]! * d;
      for (let k = 0; k < d; k++) ws.grad[o + k]! += ws.acc[b * d + k]!;
    }
  }
  return loss;
}

/**
 * Turns one anchor's logits (row `b` of the workspace's `coef`, the anchor's own slot at
 * -Infinity) into the gradient coefficients N_a * p_c - count(a, c), and returns its loss. The
 * maximum, the exponentials (a float32 polynomial, relative error under 3e-7) and the scaling run
 * in the kernels: one exponential per logit, 8 M of them per MovieLens step.
 */
function anchorCoefficients(
  ws: Workspace,
  h: Neighbourhoods,
  i: number,
  b: number,
  m: number,
  slotOf: ReadonlyMap<number, number>,
): number {
  const { kernels } = ws;
  const row = ws.coef.subarray(b * m, (b + 1) * m);
  const at = ws.address(ws.coef, b * m);
  const max = kernels.max(at, m);
  let weight = 0;
  // The positives' logits, before they are overwritten: the loss needs them.
  let positives = 0;
  for (let j = h.start[i]!; j < h.start[i + 1]!; j++) {
    weight += h.counts[j]!;
    positives -= h.counts[j]! * row[slotOf.get(h.items[j]!)!]!;
  }
  const z = kernels.exp_sum(at, m, max);
  kernels.scale(at, m, weight / z);
  for (let j = h.start[i]!; j < h.start[i + 1]!; j++) row[slotOf.get(h.items[j]!)!]! -= h.counts[j]!;
  return positives + weight * (max + Math.log(z));
}

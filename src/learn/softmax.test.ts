import { describe, expect, it } from 'vitest';
import { Prng } from '../vector-index/prng.ts';
import { groupPairs } from './neighbourhoods.ts';
import { softmaxGradients } from './softmax.ts';
import { Workspace } from './workspace.ts';

/** The loss and gradients of softmaxGradients, computed the plain way in float64, one anchor at a time. */
function reference(
  rows: Float32Array,
  d: number,
  h: ReturnType<typeof groupPairs>,
  batch: Int32Array,
  candidates: Int32Array,
  temperature: number,
  targetBase: number,
) {
  const grad = new Float64Array(rows.length);
  const scale = 1 / (temperature * h.totalPairs);
  let loss = 0;
  for (const i of batch) {
    const a = h.anchors[i]!;
    const logits = Array.from(candidates, (c) => {
      if (c === a) return Number.NEGATIVE_INFINITY;
      let s = 0;
      for (let k = 0; k < d; k++) s += rows[a * d + k]! * rows[(targetBase + c) * d + k]!;
      return s / temperature;
    });
    const max = Math.max(...logits);
    const z = logits.reduce((t, l) => t + Math.exp(l - max), 0);
    const logZ = max + Math.log(z);
    let weight = 0;
    for (let j = h.start[i]!; j < h.start[i + 1]!; j++) weight += h.counts[j]!;
    const coef = logits.map((l) => weight * Math.exp(l - logZ));
    for (let j = h.start[i]!; j < h.start[i + 1]!; j++) {
      const slot = candidates.indexOf(h.items[j]!);
      coef[slot]! -= h.counts[j]!;
      loss -= h.counts[j]! * (logits[slot]! - logZ);
    }
    candidates.forEach((c, slot) => {
      const g = coef[slot]! * scale;
      for (let k = 0; k < d; k++) {
        grad[a * d + k]! += g * rows[(targetBase + c) * d + k]!;
        grad[(targetBase + c) * d + k]! += g * rows[a * d + k]!;
      }
    });
  }
  return { loss, grad };
}

describe('the softmax kernels (WASM SIMD, four anchors a pass)', () => {
  for (const [directional, batchSize] of [
    [false, 7],
    [true, 9],
  ] as const) {
    it(`give the plain float64 loss and gradients (${directional ? 'directional' : 'one side'}, a batch of ${batchSize})`, () => {
      const rng = new Prng(3);
      const n = 40;
      const d = 12;
      const sides = directional ? 2 : 1;
      const from: number[] = [];
      const to: number[] = [];
      for (let p = 0; p < 120; p++) {
        const a = rng.int(n);
        from.push(a);
        to.push((a + 1 + rng.int(n - 1)) % n);
      }
      const h = groupPairs({ from: Int32Array.from(from), to: Int32Array.from(to) }, n);
      const ws = new Workspace({ items: 1, inDims: 4, rows: sides * n, d, maxCandidates: n });
      for (let r = 0; r < sides * n; r++) {
        let norm = 0;
        for (let k = 0; k < d; k++) {
          ws.u[r * d + k] = rng.gaussian();
          norm += ws.u[r * d + k]! ** 2;
        }
        for (let k = 0; k < d; k++) ws.u[r * d + k]! /= Math.sqrt(norm);
      }
      const batch = Int32Array.from({ length: batchSize }, (_, i) => (i * 5) % h.anchors.length);
      // A sample of the catalog that holds every positive of the batch, as candidateRows gives.
      const picked = new Set<number>();
      for (const i of batch) for (let j = h.start[i]!; j < h.start[i + 1]!; j++) picked.add(h.items[j]!);
      for (let c = 0; picked.size < 30; c += 3) picked.add(c % n);
      const candidates = Int32Array.from([...picked].sort((x, y) => x - y));
      const targetBase = directional ? n : 0;
      const want = reference(ws.u, d, h, batch, candidates, 0.1, targetBase);
      const loss = softmaxGradients(ws, h, batch, candidates, 0.1, targetBase);
      expect(loss).toBeCloseTo(want.loss, 3);
      expect(Math.abs(loss - want.loss) / Math.abs(want.loss)).toBeLessThan(1e-5);
      let worst = 0;
      let largest = 0;
      for (let i = 0; i < want.grad.length; i++) {
        worst = Math.max(worst, Math.abs(ws.grad[i]! - want.grad[i]!));
        largest = Math.max(largest, Math.abs(want.grad[i]!));
      }
      expect(largest).toBeGreaterThan(0);
      expect(worst / largest).toBeLessThan(1e-4);
    });
  }

  it('refuses learned dimensions that are not a multiple of 4', () => {
    expect(() => new Workspace({ items: 1, inDims: 4, rows: 10, d: 6, maxCandidates: 10 })).toThrow(/multiple of 4/);
  });

  it('projects and back-propagates through padded rows as the plain loops do', () => {
    const rng = new Prng(5);
    const [items, inDims, d] = [3, 7, 8];
    const vectors = Float32Array.from({ length: items * inDims }, () => rng.gaussian());
    const weights = Float32Array.from({ length: d * inDims }, () => rng.gaussian());
    const ws = new Workspace({ items, inDims, rows: items, d, maxCandidates: items });
    ws.load(vectors, weights, inDims);
    expect(ws.stride).toBe(8);
    expect(ws.unpaddedWeights(inDims)).toEqual(weights);
    for (let i = 0; i < items; i++) {
      ws.project(i);
      for (let k = 0; k < d; k++) {
        let want = 0;
        for (let t = 0; t < inDims; t++) want += weights[k * inDims + t]! * vectors[i * inDims + t]!;
        expect(ws.z[k]).toBeCloseTo(want, 4);
      }
    }
    ws.dz.set(Float32Array.from({ length: d }, (_, k) => k - 3));
    ws.addToWeights(1);
    for (let k = 0; k < d; k++)
      for (let t = 0; t < ws.stride; t++) expect(ws.dW[k * ws.stride + t]).toBeCloseTo(t < inDims ? (k - 3) * vectors[inDims + t]! : 0, 5);
  });
});

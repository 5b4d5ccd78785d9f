/**
 * Trains the learned map (learned-map.ts) on the site's session pairs with InfoNCE, as AlphaRec
 * does: for a pair (a, b), b should be the most likely item given a under a softmax of the mapped
 * cosines over the whole catalog, at temperature `temperature`.
 *
 * The pairs are grouped by their first item: the sum of the per-pair losses equals, for each
 * anchor a with N_a pairs, N_a times the cross-entropy between the anchor's neighbour distribution
 * q_a and its softmax. So one step costs (anchors in the batch) x (catalog) dot products, however
 * many interaction rows the logs have, and a full softmax stays affordable at catalog sizes a page
 * holds. Above `maxCandidates` items the softmax runs over a seeded sample of the catalog plus
 * every positive of the batch.
 *
 * Deterministic: the same inputs and seed give the same bytes (one thread, fixed summation order).
 */
import { Prng } from '../vector-index/prng.ts';
import { Adam } from './adam.ts';
import { type LearnedMap, projectInto } from './learned-map.ts';
import { groupPairs, type Neighbourhoods } from './neighbourhoods.ts';
import type { Pairs } from './pairs.ts';

/** Training options. Defaults are chosen on the validation split by eval/learned-space.ts. */
export interface TrainOptions {
  /** Dimensions of the learned space. */
  outDims: number;
  /** Softmax temperature on cosines. */
  temperature: number;
  /** Passes over every anchor. */
  epochs: number;
  /** Anchors per gradient step. */
  batchAnchors: number;
  /** Adam's step size. */
  learningRate: number;
  /** Above this many catalog items, each step's softmax runs over a sample of this size (plus the batch's positives). */
  maxCandidates: number;
  seed: number;
  /**
   * Weight of the L2 penalty on each item's own offset (see `TrainResult.offsets`); Infinity trains
   * no offsets (every item is f(text) alone).
   */
  offsetPenalty: number;
}

/** Defaults: chosen on the validation split by eval/learned-space.ts. */
export const DEFAULT_TRAIN_OPTIONS: Readonly<TrainOptions> = Object.freeze({
  outDims: 64,
  temperature: 0.1,
  epochs: 20,
  batchAnchors: 256,
  learningRate: 0.005,
  maxCandidates: 8192,
  seed: 1,
  offsetPenalty: Number.POSITIVE_INFINITY,
});

/** What training produced. */
export interface TrainResult {
  map: LearnedMap;
  /**
   * Per item, `outDims` floats added to f(text) before normalising (zeros when offsets are off, and
   * for items the logs never name): what the logs teach about one item beyond its text, as an id
   * embedding would. An item added after the build has none, so it ranks by f(text) alone.
   */
  offsets: Float32Array;
  /** The mean loss per pair of each epoch (as measured during it). */
  epochLoss: number[];
  steps: number;
  anchors: number;
}

/** A seeded random map: Gaussian weights scaled so a unit input maps to about unit length. */
function initialMap(inDims: number, outDims: number, rng: Prng): LearnedMap {
  const weights = new Float32Array(outDims * inDims);
  const scale = 1 / Math.sqrt(outDims);
  for (let i = 0; i < weights.length; i++) weights[i] = rng.gaussian() * scale;
  return { inDims, outDims, weights };
}

/**
 * Trains a map from `vectors` (row i = item i, `inDims` floats each, L2-normalised) on `pairs`.
 * `onProgress(done, total)` hears each step.
 */
export function trainMap(
  vectors: Float32Array,
  inDims: number,
  pairs: Pairs,
  options: Partial<TrainOptions> = {},
  onProgress?: (done: number, total: number) => void,
): TrainResult {
  const o = { ...DEFAULT_TRAIN_OPTIONS, ...options };
  const n = vectors.length / inDims;
  if (!Number.isInteger(n)) throw new RangeError(`vectors hold ${vectors.length} floats, not a multiple of ${inDims}`);
  const d = o.outDims;
  const rng = new Prng(o.seed);
  const map = initialMap(inDims, d, rng);
  const hoods = groupPairs(pairs, n);
  const adam = new Adam(map.weights.length, o.learningRate);
  const u = new Float32Array(n * d);
  const norms = new Float32Array(n);
  const grad = new Float32Array(n * d);
  const dW = new Float32Array(map.weights.length);
  const offsets = new Float32Array(n * d);
  const useOffsets = Number.isFinite(o.offsetPenalty);
  const offsetAdam = new Adam(useOffsets ? offsets.length : 0, o.learningRate);
  const dOffsets = new Float32Array(useOffsets ? offsets.length : 0);
  const order = Int32Array.from(hoods.anchors.keys());
  const stepsPerEpoch = Math.ceil(order.length / o.batchAnchors);
  const total = stepsPerEpoch * o.epochs;
  const epochLoss: number[] = [];
  let steps = 0;
  for (let epoch = 0; epoch < o.epochs; epoch++) {
    shuffle(order, rng);
    let lossSum = 0;
    for (let s = 0; s < stepsPerEpoch; s++) {
      const batch = order.subarray(s * o.batchAnchors, (s + 1) * o.batchAnchors);
      const candidates = candidateRows(hoods, batch, n, o.maxCandidates, rng);
      const touched = touchedRows(hoods, batch, candidates, n);
      for (const row of touched) {
        norms[row] = projectInto(map, vectors, row * inDims, u, row * d);
        if (useOffsets) norms[row] = addOffset(u, norms[row]!, offsets, row, d);
      }
      grad.fill(0);
      lossSum += softmaxGradients(hoods, batch, candidates, u, grad, d, o.temperature);
      dW.fill(0);
      if (useOffsets) dOffsets.fill(0);
      for (const row of touched) backToWeights(row, u, norms, grad, vectors, inDims, d, dW, useOffsets ? dOffsets : undefined);
      adam.step(map.weights, dW);
      if (useOffsets) {
        for (let i = 0; i < offsets.length; i++) dOffsets[i]! += o.offsetPenalty * offsets[i]!;
        offsetAdam.step(offsets, dOffsets);
      }
      steps++;
      onProgress?.(steps, total);
    }
    epochLoss.push(lossSum / hoods.totalPairs);
  }
  return { map, offsets, epochLoss, steps, anchors: hoods.anchors.length };
}

/** The rows the softmax of one step runs over: every item, or a sample plus the batch's positives. */
function candidateRows(h: Neighbourhoods, batch: Int32Array, n: number, max: number, rng: Prng): Int32Array {
  if (n <= max) return Int32Array.from({ length: n }, (_, i) => i);
  const picked = new Set<number>();
  for (const i of batch) for (let j = h.start[i]!; j < h.start[i + 1]!; j++) picked.add(h.items[j]!);
  while (picked.size < max) picked.add(rng.int(n));
  return Int32Array.from([...picked].sort((x, y) => x - y));
}

/** Candidates and the batch's anchors: the rows projected (and back-propagated) this step. */
function touchedRows(h: Neighbourhoods, batch: Int32Array, candidates: Int32Array, n: number): Int32Array {
  if (candidates.length === n) return candidates;
  const rows = new Set(candidates);
  for (const i of batch) rows.add(h.anchors[i]!);
  return Int32Array.from([...rows].sort((x, y) => x - y));
}

/**
 * Adds d(loss)/d(u) for the batch into `grad` (per row, `d` floats) and returns the batch's summed
 * loss. Loss per anchor: -sum_b count(a, b) log softmax_b, the anchor itself left out of the softmax.
 */
function softmaxGradients(
  h: Neighbourhoods,
  batch: Int32Array,
  candidates: Int32Array,
  u: Float32Array,
  grad: Float32Array,
  d: number,
  temperature: number,
): number {
  const m = candidates.length;
  const logits = new Float64Array(m);
  const coef = new Float64Array(m);
  const slotOf = new Map<number, number>();
  for (let slot = 0; slot < m; slot++) slotOf.set(candidates[slot]!, slot);
  const scale = 1 / (temperature * h.totalPairs);
  let loss = 0;
  for (const i of batch) {
    const a = h.anchors[i]!;
    const ua = a * d;
    let max = Number.NEGATIVE_INFINITY;
    for (let c = 0; c < m; c++) {
      const row = candidates[c]!;
      if (row === a) {
        logits[c] = Number.NEGATIVE_INFINITY;
        continue;
      }
      let dot = 0;
      const uc = row * d;
      for (let k = 0; k < d; k++) dot += u[ua + k]! * u[uc + k]!;
      logits[c] = dot / temperature;
      if (logits[c]! > max) max = logits[c]!;
    }
    let z = 0;
    for (let c = 0; c < m; c++) z += Math.exp(logits[c]! - max);
    const logZ = max + Math.log(z);
    let weight = 0;
    for (let j = h.start[i]!; j < h.start[i + 1]!; j++) weight += h.counts[j]!;
    // coef[c] = N_a * p_c - count(a, c): the gradient of the loss in logit c.
    for (let c = 0; c < m; c++) coef[c] = weight * Math.exp(logits[c]! - logZ);
    for (let j = h.start[i]!; j < h.start[i + 1]!; j++) {
      const slot = slotOf.get(h.items[j]!)!;
      coef[slot]! -= h.counts[j]!;
      loss -= h.counts[j]! * (logits[slot]! - logZ);
    }
    for (let c = 0; c < m; c++) {
      const g = coef[c]! * scale;
      if (g === 0) continue;
      const uc = candidates[c]! * d;
      for (let k = 0; k < d; k++) {
        grad[ua + k]! += g * u[uc + k]!;
        grad[uc + k]! += g * u[ua + k]!;
      }
    }
  }
  return loss;
}

/**
 * Turns row's normalised f(text) in `u` (norm `norm` before normalising) into the normalised
 * f(text) + offset; returns the new norm.
 */
function addOffset(u: Float32Array, norm: number, offsets: Float32Array, row: number, d: number): number {
  const o = row * d;
  let norm2 = 0;
  for (let k = 0; k < d; k++) {
    const z = u[o + k]! * norm + offsets[o + k]!;
    u[o + k] = z;
    norm2 += z * z;
  }
  const next = Math.sqrt(norm2);
  if (next > 0) for (let k = 0; k < d; k++) u[o + k]! /= next;
  return next;
}

/** Back-propagates one row's gradient through the normalisation into the weights' (and offsets') gradient. */
function backToWeights(
  row: number,
  u: Float32Array,
  norms: Float32Array,
  grad: Float32Array,
  vectors: Float32Array,
  inDims: number,
  d: number,
  dW: Float32Array,
  dOffsets: Float32Array | undefined,
): void {
  const norm = norms[row]!;
  if (norm === 0) return;
  const o = row * d;
  let radial = 0;
  for (let k = 0; k < d; k++) radial += u[o + k]! * grad[o + k]!;
  const x = row * inDims;
  for (let k = 0; k < d; k++) {
    const dz = (grad[o + k]! - u[o + k]! * radial) / norm;
    if (dOffsets) dOffsets[o + k] = dz;
    if (dz === 0) continue;
    const w = k * inDims;
    for (let t = 0; t < inDims; t++) dW[w + t]! += dz * vectors[x + t]!;
  }
}

/** Fisher-Yates with the seeded generator. */
function shuffle(a: Int32Array, rng: Prng): void {
  for (let i = a.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const t = a[i]!;
    a[i] = a[j]!;
    a[j] = t;
  }
}

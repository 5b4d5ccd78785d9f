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
import type { LearnedMap } from './learned-map.ts';
import { candidateRows, groupPairs, touchedRows } from './neighbourhoods.ts';
import type { Pairs } from './pairs.ts';
import { backToWeights, compose } from './row-gradients.ts';
import { softmaxGradients } from './softmax.ts';
import { Workspace } from './workspace.ts';

/** Training options. */
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
  /**
   * Two offsets per item, a query side and a target side: a pair (a, b) scores query(a) . target(b),
   * so "b follows a" need not mean "a follows b" (train on forward pairs). Needs offsets.
   */
  directional: boolean;
  /**
   * Which items may have an offset (1) and which rank by f(text) alone (0); default every item.
   * The build gives offsets only to items seen in enough sessions (the site signals' minimum
   * support), so no item's vector is learned from one shopper's visits.
   */
  offsetItems?: Uint8Array | undefined;
}

/**
 * Starting values, not yet chosen on validation: the recipe that scores best so far (directional,
 * window 3, 1,024 anchors per step, offsets 1e-3) is a variant in eval/learned-space-train.ts until
 * the defaults are chosen on both validation sets (docs/notes/learned-space.md).
 */
export const DEFAULT_TRAIN_OPTIONS: Readonly<TrainOptions> = Object.freeze({
  outDims: 64,
  temperature: 0.1,
  epochs: 20,
  batchAnchors: 256,
  learningRate: 0.005,
  maxCandidates: 8192,
  seed: 1,
  offsetPenalty: Number.POSITIVE_INFINITY,
  directional: false,
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
  const initial = initialMap(inDims, d, rng);
  const hoods = groupPairs(pairs, n);
  const sides = o.directional ? 2 : 1;
  // Row s * n + i holds item i's side s (0: query, 1: target): its normalised vector, norm and
  // gradient. The vectors, weights, rows and gradients live in the kernels' memory (workspace.ts).
  const ws = new Workspace({ items: n, inDims, rows: sides * n, d, maxCandidates: n });
  ws.load(vectors, initial.weights, inDims);
  const { u, grad } = ws;
  const adam = new Adam(ws.weights.length, o.learningRate);
  const norms = new Float32Array(sides * n);
  const base = new Float32Array(d);
  const useOffsets = Number.isFinite(o.offsetPenalty);
  const offsets = new Float32Array(sides * n * d);
  const offsetAdam = new Adam(useOffsets ? offsets.length : 0, o.learningRate);
  const dOffsets = useOffsets ? new Float32Array(offsets.length) : undefined;
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
        const norm = unitProjection(ws, row, base);
        for (let side = 0; side < sides; side++) {
          const r = side * n + row;
          norms[r] = compose(u, r, base, norm, useOffsets ? offsets : undefined, d);
        }
      }
      grad.fill(0);
      lossSum += softmaxGradients(ws, hoods, batch, candidates, o.temperature, (sides - 1) * n);
      ws.dW.fill(0);
      dOffsets?.fill(0);
      for (const row of touched) backToWeights(ws, row, sides, n, norms, dOffsets);
      adam.step(ws.weights, ws.dW);
      if (dOffsets) {
        if (o.offsetItems) freezeOffsets(dOffsets, o.offsetItems, n, d);
        for (let i = 0; i < offsets.length; i++) dOffsets[i]! += o.offsetPenalty * offsets[i]!;
        offsetAdam.step(offsets, dOffsets);
      }
      steps++;
      onProgress?.(steps, total);
    }
    epochLoss.push(lossSum / hoods.totalPairs);
  }
  const map: LearnedMap = { inDims, outDims: d, weights: ws.unpaddedWeights(inDims) };
  return { map, offsets, epochLoss, steps, anchors: hoods.anchors.length };
}

/** f(x) of item `row` (the workspace's `z`) normalised into `base`; returns its length. */
function unitProjection(ws: Workspace, row: number, base: Float32Array): number {
  ws.project(row);
  const { z } = ws;
  let norm2 = 0;
  for (let k = 0; k < z.length; k++) norm2 += z[k]! * z[k]!;
  const norm = Math.sqrt(norm2);
  for (let k = 0; k < z.length; k++) base[k] = norm > 0 ? z[k]! / norm : 0;
  return norm;
}

/** Zeroes the offset gradient of items `allowed` leaves out (every side): their offsets stay 0 under Adam. */
function freezeOffsets(dOffsets: Float32Array, allowed: Uint8Array, n: number, d: number): void {
  if (allowed.length !== n) throw new RangeError(`offsetItems holds ${allowed.length} flags, not one per item (${n})`);
  for (let side = 0; side * n * d < dOffsets.length; side++)
    for (let i = 0; i < n; i++) if (!allowed[i]) dOffsets.fill(0, (side * n + i) * d, (side * n + i + 1) * d);
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

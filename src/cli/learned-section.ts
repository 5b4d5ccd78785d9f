/**
 * The artifact's `learned` section: the shop's own recommendation space, trained at build time on
 * the `--interactions` sessions over the catalog's text vectors (src/learn, `BUILD_RECIPE`).
 *
 * Privacy, as for the signals section: only aggregates leave the build. The map f is shared by
 * every item; an item gets its own offset only when at least `minSupport` sessions hold it (the
 * signals' rule for publishing a pair), else it ranks by f(text) alone, like an item added after
 * the build. Pairs are capped per session (`PairOptions.maxPerSession`), bounding one shopper's share.
 */

import { projectAll } from '../learn/learned-map.ts';
import { sessionPairs, supportedItems } from '../learn/pairs.ts';
import { BUILD_RECIPE } from '../learn/recipe.ts';
import { encodeLearned } from '../learn/section.ts';
import { trainMap } from '../learn/train.ts';
import type { FlatSessions } from '../signals/build.ts';

/** What the section holds and what training cost, for the build summary. */
export interface LearnedSummary {
  bytes: number;
  /** Bytes per item beyond the map's weights (the budget: <= 96). */
  bytesPerItem: number;
  outDims: number;
  sides: number;
  pairs: number;
  anchors: number;
  /** Items with their own offset (seen in enough sessions). */
  itemsWithOffset: number;
  epochs: number;
  /** Mean loss per pair, first and last epoch. */
  loss: [number, number];
  seconds: number;
}

/**
 * Trains the space on `sessions` (rows numbered as `vectors`, the artifact's sorted order) over
 * `vectors` (`dims` floats per item) and returns the section's bytes. Deterministic: the same
 * inputs give the same bytes. `onStep(done, total)` hears every training step.
 */
export function learnedSection(
  vectors: Float32Array,
  dims: number,
  sessions: FlatSessions,
  onStep?: (done: number, total: number) => void,
): { bytes: Uint8Array; summary: LearnedSummary } {
  const t0 = performance.now();
  const n = vectors.length / dims;
  const offsetItems = supportedItems(sessions, n, BUILD_RECIPE.offsetSupport);
  const pairs = sessionPairs(sessions, BUILD_RECIPE.pairs);
  // A map never widens its input (the page refuses one that does): with --dims below the recipe's
  // output, the learned space keeps the projected dimensions.
  // The trainer's kernels take four floats at a time: a multiple of 4 (--dims 30 trains 28).
  const outDims = Math.min(BUILD_RECIPE.train.outDims ?? dims, dims - (dims % 4));
  const trained = trainMap(vectors, dims, pairs, { ...BUILD_RECIPE.train, outDims, offsetItems }, onStep);
  const d = trained.map.outDims;
  const sides = trained.offsets.length / (n * d) === 2 ? 2 : 1;
  const side = (s: number) => projectAll(trained.map, vectors, trained.offsets.subarray(s * n * d, (s + 1) * n * d));
  const bytes = encodeLearned({ map: trained.map, sides, count: n, vectors: sides === 2 ? [side(0), side(1)] : [side(0)] });
  const epochs = trained.epochLoss.length;
  return {
    bytes,
    summary: {
      bytes: bytes.byteLength,
      bytesPerItem: sides * d,
      outDims: d,
      sides,
      pairs: pairs.from.length,
      anchors: trained.anchors,
      itemsWithOffset: offsetItems.reduce((a, b) => a + b, 0),
      epochs,
      loss: [trained.epochLoss[0] ?? Number.NaN, trained.epochLoss[epochs - 1] ?? Number.NaN],
      seconds: (performance.now() - t0) / 1000,
    },
  };
}

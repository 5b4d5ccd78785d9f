/**
 * The artifact's `learned` section: the shop's own recommendation space, trained at build time on
 * the `--interactions` sessions over the catalog's text vectors (src/learn, `BUILD_RECIPE`).
 *
 * Privacy, as for the signals section: only aggregates leave the build. The map f is shared by
 * every item; an item gets its own offset only when at least `minSupport` sessions hold it (the
 * signals' rule for publishing a pair), else it ranks by f(text) alone, like an item added after
 * the build. Pairs are capped per session (`PairOptions.maxPerSession`), bounding one shopper's share.
 */

import { type PropagationChoice, type SpaceSides, trainChoosingPropagation } from '../learn/choose-propagation.ts';
import { projectAll } from '../learn/learned-map.ts';
import { sessionPairs, supportedItems } from '../learn/pairs.ts';
import { BUILD_RECIPE, type LearnRecipe } from '../learn/recipe.ts';
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
  /** The graph propagation chosen on the held-out items, and what each setting scored there. */
  propagation: PropagationChoice;
  seconds: number;
}

/** A training's phase, for the build's progress display: choosing propagation, then the space. */
export type LearnPhase = 'choice' | 'space';

/** What the build's progress display calls each phase. */
export const LEARN_PHASES: Readonly<Record<LearnPhase, string>> = Object.freeze({
  choice: 'choosing propagation on held-out sessions',
  space: 'training the recommendation space',
});

/**
 * Trains the space on `sessions` (rows numbered as `vectors`, the artifact's sorted order) over
 * `vectors` (`dims` floats per item) and returns the section's bytes. A training without some
 * sessions' last items chooses the graph propagation (src/learn/choose-propagation.ts); then the
 * space is trained on every session (logs up to `recipe.choose.retrainUpToRows` rows; bigger
 * logs keep the first space) and propagated as chosen. Deterministic: the same inputs give the same
 * bytes. `onStep(done, total, phase)` hears every training step. `recipe`: the build's, or a test's.
 */
export function learnedSection(
  vectors: Float32Array,
  dims: number,
  sessions: FlatSessions,
  onStep?: (done: number, total: number, phase: LearnPhase) => void,
  recipe: Readonly<LearnRecipe> = BUILD_RECIPE,
): { bytes: Uint8Array; summary: LearnedSummary } {
  const t0 = performance.now();
  const n = vectors.length / dims;
  // A map never widens its input (the page refuses one that does): with --dims below the recipe's
  // output, the learned space keeps the projected dimensions.
  // The trainer's kernels take four floats at a time: a multiple of 4 (--dims 30 trains 28).
  const outDims = Math.min(recipe.train.outDims ?? dims, dims - (dims % 4));
  const train = (logs: readonly (readonly number[])[] | FlatSessions, phase: LearnPhase) => {
    const offsetItems = supportedItems(logs, n, recipe.offsetSupport);
    const pairs = sessionPairs(logs, recipe.pairs);
    const options = { ...recipe.train, outDims, offsetItems };
    const trained = trainMap(vectors, dims, pairs, options, (done, total) => onStep?.(done, total, phase));
    const d = trained.map.outDims;
    const directional = trained.offsets.length / (n * d) === 2;
    const side = (s: number) => projectAll(trained.map, vectors, trained.offsets.subarray(s * n * d, (s + 1) * n * d));
    const target = side(directional ? 1 : 0);
    const space: SpaceSides = { query: directional ? side(0) : target, target, dims: d };
    return { trained, space, pairs, offsetItems };
  };
  const { shipped, choice, final, pairs } = trainChoosingPropagation(sessions, n, recipe, train);
  const { trained } = shipped;
  const d = final.dims;
  const sides = final.query === final.target ? 1 : 2;
  const bytes = encodeLearned({ map: trained.map, sides, count: n, vectors: sides === 2 ? [final.query, final.target] : [final.target] });
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
      // The items the shipped space's training gave an offset.
      itemsWithOffset: shipped.offsetItems.reduce((a, b) => a + b, 0),
      epochs,
      loss: [trained.epochLoss[0] ?? Number.NaN, trained.epochLoss[epochs - 1] ?? Number.NaN],
      propagation: choice,
      seconds: (performance.now() - t0) / 1000,
    },
  };
}

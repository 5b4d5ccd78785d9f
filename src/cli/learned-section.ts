/**
 * The artifact's `learned` section: the shop's own recommendation space, trained at build time on
 * the `--interactions` sessions over the catalog's text vectors (src/learn, `BUILD_RECIPE`).
 *
 * Privacy, as for the signals section: only aggregates leave the build. The map f is shared by
 * every item; an item gets its own offset only when at least `minSupport` sessions hold it (the
 * signals' rule for publishing a pair), else it ranks by f(text) alone, like an item added after
 * the build. Pairs are capped per session (`PairOptions.maxPerSession`), bounding one shopper's share.
 */

import { type PropagationChoice, trainChoosingPropagation, trainsTwice } from '../learn/choose-propagation.ts';
import { BUILD_RECIPE, type LearnRecipe } from '../learn/recipe.ts';
import { encodeLearned } from '../learn/section.ts';
import { trainSpace } from '../learn/train-space.ts';
import { type FlatSessions, flattenSessions } from '../signals/build.ts';
import { trainInThread } from './train-in-thread.ts';

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
  /** Trainings run (at once, a thread each): 2, or 1 for logs above the recipe's retraining bound. */
  trainings: 1 | 2;
  seconds: number;
}

/** What the build's progress display calls the learned space's training(s). */
export function learnLabel(trainings: 1 | 2): string {
  return trainings === 2 ? 'training the recommendation space and choosing its propagation' : 'training the recommendation space';
}

/**
 * Trains the space on `sessions` (rows numbered as `vectors`, the artifact's sorted order) over
 * `vectors` (`dims` floats per item) and returns the section's bytes. A training without some
 * sessions' last items chooses the graph propagation (src/learn/choose-propagation.ts); the space
 * is trained on every session (logs up to `recipe.choose.retrainUpToRows` rows; bigger logs keep
 * the first space) at the same time, each training in a thread of its own (train-in-thread.ts),
 * and propagated as chosen (one training runs in this thread). Deterministic: the same inputs give
 * the same bytes. `onStep(done, total, trainings)` hears the steps of all trainings together, once
 * each has taken its first (so `total` is known). `recipe`: the build's, or a test's.
 */
export async function learnedSection(
  vectors: Float32Array,
  dims: number,
  sessions: FlatSessions,
  onStep?: (done: number, total: number, trainings: 1 | 2) => void,
  recipe: Readonly<LearnRecipe> = BUILD_RECIPE,
): Promise<{ bytes: Uint8Array; summary: LearnedSummary }> {
  const t0 = performance.now();
  const n = vectors.length / dims;
  // A map never widens its input (the page refuses one that does): with --dims below the recipe's
  // output, the learned space keeps the projected dimensions.
  // The trainer's kernels take four floats at a time: a multiple of 4 (--dims 30 trains 28).
  const outDims = Math.min(recipe.train.outDims ?? dims, dims - (dims % 4));
  const trainings = trainsTwice(sessions, recipe) ? 2 : 1;
  const { pairs: pairOptions, train: trainOptions, offsetSupport } = recipe;
  const spaceRecipe = { pairs: pairOptions, train: trainOptions, offsetSupport };
  // One training (logs above the retraining bound) runs here: a thread would gain no time and
  // cost the 5M-row build ~380 MB of peak memory (its copies of the vectors and logs, its heap).
  const here = (logs: readonly (readonly number[])[] | FlatSessions) =>
    trainSpace(vectors, dims, logs, spaceRecipe, outDims, (done, total) => onStep?.(done, total, 1));
  // Two run at once, a thread each, the vectors shared rather than copied into each, and the
  // held-out split's arrays of sessions sent flat (cloning a million small arrays costs far more
  // than two typed arrays of the same rows).
  const shared = trainings === 2 ? new Float32Array(new SharedArrayBuffer(vectors.byteLength)) : vectors;
  if (shared !== vectors) shared.set(vectors);
  const heard = new Map<string, [number, number]>();
  const inThread = (logs: readonly (readonly number[])[] | FlatSessions, phase: string) =>
    trainInThread(
      { vectors: shared, dims, recipe: spaceRecipe, outDims, logs: 'rows' in logs ? logs : flattenSessions(logs) },
      (done, total) => {
        heard.set(phase, [done, total]);
        if (heard.size < trainings) return;
        const sum = (k: 0 | 1) => [...heard.values()].reduce((a, h) => a + h[k], 0);
        onStep?.(sum(0), sum(1), trainings);
      },
    );
  const train = trainings === 2 ? inThread : here;
  const { shipped, choice, final, pairs } = await trainChoosingPropagation(sessions, n, recipe, train);
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
      trainings,
      seconds: (performance.now() - t0) / 1000,
    },
  };
}

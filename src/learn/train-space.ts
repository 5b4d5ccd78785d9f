/**
 * One training of the shop's space, as the build runs it (src/cli/learned-section.ts): pairs and
 * offset items from the logs, the map trained on them, and both sides of every item projected.
 * Pure and deterministic, so a build thread (src/cli/train-thread.ts) gives the same bytes as
 * the main thread would.
 */
import type { FlatSessions } from '../signals/build.ts';
import type { SpaceSides } from './choose-propagation.ts';
import { projectAll } from './learned-map.ts';
import { type Pairs, sessionPairs, supportedItems } from './pairs.ts';
import type { LearnRecipe } from './recipe.ts';
import { type TrainResult, trainMap } from './train.ts';

/** A trained space with the pairs and offset items of its training. */
export interface SpaceTraining {
  trained: TrainResult;
  space: SpaceSides;
  pairs: Pairs;
  offsetItems: Uint8Array;
}

/**
 * Trains `recipe` on `logs` over `vectors` (`dims` floats per item) at `outDims` (the recipe's,
 * capped by the build's `--dims`). `onStep(done, total)` hears every training step.
 */
export function trainSpace(
  vectors: Float32Array,
  dims: number,
  logs: readonly (readonly number[])[] | FlatSessions,
  recipe: Pick<LearnRecipe, 'pairs' | 'train' | 'offsetSupport'>,
  outDims: number,
  onStep?: (done: number, total: number) => void,
): SpaceTraining {
  const n = vectors.length / dims;
  const offsetItems = supportedItems(logs, n, recipe.offsetSupport);
  const pairs = sessionPairs(logs, recipe.pairs);
  const trained = trainMap(vectors, dims, pairs, { ...recipe.train, outDims, offsetItems }, onStep);
  const d = trained.map.outDims;
  const directional = trained.offsets.length / (n * d) === 2;
  const side = (s: number) => projectAll(trained.map, vectors, trained.offsets.subarray(s * n * d, (s + 1) * n * d));
  const target = side(directional ? 1 : 0);
  return { trained, space: { query: directional ? side(0) : target, target, dims: d }, pairs, offsetItems };
}

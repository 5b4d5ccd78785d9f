/**
 * The learned-space variants the eval scripts compare (eval/learned-space.ts through the shipped
 * rankers, eval/learned-space-blend.ts on candidate tables), and one helper that trains a variant
 * on a split's logs and returns the item vectors of both sides.
 */
import { projectAll } from '../src/learn/learned-map.ts';
import { type PairOptions, sessionPairs } from '../src/learn/pairs.ts';
import { BUILD_RECIPE } from '../src/learn/recipe.ts';
import { type TrainOptions, trainMap } from '../src/learn/train.ts';
import { ItemVectors } from './methods.ts';

/** One training recipe. */
export interface Variant {
  name: string;
  train: Partial<TrainOptions>;
  pairs: Partial<PairOptions>;
}

/** Bigger catalogs (MovieLens) train on sampled candidates in bigger batches, for time. */
export const LARGE_TRAIN: Partial<TrainOptions> = { batchAnchors: 1024, maxCandidates: 2048, epochs: 10 };

/** Every recipe tried (docs/notes/learned-space.md has their validation numbers). */
export const VARIANTS: readonly Variant[] = [
  { name: 'default', train: {}, pairs: {} },
  { name: 'offsets 1e-4', train: { offsetPenalty: 1e-4 }, pairs: {} },
  { name: 'offsets 1e-3', train: { offsetPenalty: 1e-3 }, pairs: {} },
  { name: 'offsets 1e-2', train: { offsetPenalty: 1e-2 }, pairs: {} },
  { name: 'offsets 1e-1', train: { offsetPenalty: 1e-1 }, pairs: {} },
  { name: 'large', train: { offsetPenalty: 1e-3, ...LARGE_TRAIN }, pairs: {} },
  { name: 'directional', train: { offsetPenalty: 1e-3, directional: true }, pairs: { window: 1, directions: 'forward' } },
  { name: 'directional w3', train: { offsetPenalty: 1e-3, directional: true }, pairs: { window: 3, directions: 'forward' } },
  {
    name: 'directional w3 b1024',
    train: { offsetPenalty: 1e-3, directional: true, batchAnchors: 1024 },
    pairs: { window: 3, directions: 'forward' },
  },
  { name: 'tau .05', train: { temperature: 0.05 }, pairs: {} },
  { name: 'tau .2', train: { temperature: 0.2 }, pairs: {} },
  { name: 'window 1', train: {}, pairs: { window: 1 } },
  { name: 'd 32', train: { outDims: 32 }, pairs: {} },
  { name: 'd 96', train: { outDims: 96 }, pairs: {} },
  // What `inpage-rec build --interactions` trains (src/learn/recipe.ts), and the same at 64 dimensions.
  { name: 'build', train: BUILD_RECIPE.train, pairs: BUILD_RECIPE.pairs },
  { name: 'build d64', train: { ...BUILD_RECIPE.train, outDims: 64 }, pairs: BUILD_RECIPE.pairs },
];

/** A trained space: the query side and the target side (the same vectors unless directional). */
export interface TrainedSpace {
  query: ItemVectors;
  target: ItemVectors;
  pairs: number;
  seconds: number;
  loss: number[];
}

/** Trains `variant` on `logs` (item rows per session) over `raw`'s vectors. */
export function trainSpace(
  raw: ItemVectors,
  texts: readonly string[],
  logs: readonly (readonly number[])[],
  variant: Variant,
): TrainedSpace {
  const pairs = sessionPairs(logs, variant.pairs);
  const t0 = performance.now();
  const trained = trainMap(raw.vectors, raw.dims, pairs, variant.train);
  const seconds = (performance.now() - t0) / 1000;
  const d = trained.map.outDims;
  const half = raw.ids.length * d;
  const side = (s: number) => projectAll(trained.map, raw.vectors, trained.offsets.subarray(s * half, (s + 1) * half));
  const target = new ItemVectors(raw.ids, side(variant.train.directional ? 1 : 0), d, 'flat', texts);
  const query = variant.train.directional ? new ItemVectors(raw.ids, side(0), d, 'flat', texts) : target;
  return { query, target, pairs: pairs.from.length, seconds, loss: trained.epochLoss };
}

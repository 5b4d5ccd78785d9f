/**
 * The learned-space variants the eval scripts compare (eval/learned-space.ts through the shipped
 * rankers, eval/learned-space-blend.ts on candidate tables), and one helper that trains a variant
 * on a split's logs and returns the item vectors of both sides.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { propagateSides, type SpaceSides, trainChoosingPropagation } from '../src/learn/choose-propagation.ts';
import { projectAll } from '../src/learn/learned-map.ts';
import { type PairOptions, sessionPairs, supportedItems } from '../src/learn/pairs.ts';
import { type PropagateOptions, propagationGraph } from '../src/learn/propagate.ts';
import { BUILD_RECIPE } from '../src/learn/recipe.ts';
import { DEFAULT_TRAIN_OPTIONS, type TrainOptions, trainMap } from '../src/learn/train.ts';
import { ROOT } from '../test/paths.ts';
import { ItemVectors } from './methods.ts';

/** One training recipe. */
export interface Variant {
  name: string;
  train: Partial<TrainOptions>;
  pairs: Partial<PairOptions>;
  /** Offsets only for items in this many distinct sessions (`supportedItems`); default every item. */
  offsetSupport?: number;
  /**
   * Graph propagation after training (src/learn/propagate.ts), each side on its own.
   */
  propagate?: PropagateOptions;
  /** Propagation chosen on a held-out slice of the logs, as the build does (src/learn/recipe.ts `choose`; needs `offsetSupport`). */
  choose?: { retrainUpToRows: number } | undefined;
}

/** Bigger catalogs (MovieLens) train on sampled candidates in bigger batches, for time. */
export const LARGE_TRAIN: Partial<TrainOptions> = { batchAnchors: 1024, maxCandidates: 2048, epochs: 10 };

/** The build's recipe with no propagation, or a fixed one, instead of its per-site choice. */
const FIXED: Variant = { name: 'fixed', ...BUILD_RECIPE, choose: undefined };

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
  { name: 'build', ...BUILD_RECIPE },
  { ...FIXED, name: 'build without propagation' },
  { name: 'build d64', ...BUILD_RECIPE, train: { ...BUILD_RECIPE.train, outDims: 64 } },
  { name: 'build cap 1000', ...BUILD_RECIPE, pairs: { ...BUILD_RECIPE.pairs, maxPerSession: 1000 } },
  { name: 'build window 1', ...BUILD_RECIPE, pairs: { ...BUILD_RECIPE.pairs, window: 1, maxPerSession: 1000 } },
  { ...FIXED, name: 'build prop 1 .3', propagate: { layers: 1, alpha: 0.3 } },
  { ...FIXED, name: 'build prop 2 .5', propagate: { layers: 2, alpha: 0.5 } },
  { ...FIXED, name: 'build prop 1 .7', propagate: { layers: 1, alpha: 0.7 } },
  { ...FIXED, name: 'build prop 2 .7', propagate: { layers: 2, alpha: 0.7 } },
  { ...FIXED, name: 'build prop 3 .5', propagate: { layers: 3, alpha: 0.5 } },
  { ...FIXED, name: 'build prop 3 .8', propagate: { layers: 3, alpha: 0.8 } },
  { ...FIXED, name: 'build prop 2 .9', propagate: { layers: 2, alpha: 0.9 } },
  // The choice's space shipped whatever the logs' size (the build does so above 1M rows).
  { name: 'build choose held-in', ...BUILD_RECIPE, choose: { retrainUpToRows: 0 } },
];

/** A trained space: the query side and the target side (the same vectors unless directional). */
export interface TrainedSpace {
  query: ItemVectors;
  target: ItemVectors;
  pairs: number;
  seconds: number;
  loss: number[];
}

/**
 * Trains `variant` on `logs` (item rows per session) over `raw`'s vectors. Cached under
 * .cache/learned-space/ by a digest of the trainer's source, the variant, the vectors and the logs,
 * so an eval script can be re-run over other blend grids without training again. Propagation (fixed,
 * or chosen on a held-out slice of `logs` as the build chooses) runs after, on the cached space.
 */
export async function trainSpace(
  raw: ItemVectors,
  texts: readonly string[],
  logs: readonly (readonly number[])[],
  variant: Variant,
): Promise<TrainedSpace> {
  const n = raw.ids.length;
  const plain: Variant = { name: variant.name, train: variant.train, pairs: variant.pairs, offsetSupport: variant.offsetSupport };
  const supported = (l: readonly (readonly number[])[]) =>
    variant.offsetSupport === undefined ? new Uint8Array(n).fill(1) : supportedItems(l, n, variant.offsetSupport);
  const train = (l: readonly (readonly number[])[]) => {
    const trained = trainedSides(raw, l, plain);
    return { ...trained, space: trained.sides, pairs: sessionPairs(l, variant.pairs), offsetItems: supported(l) };
  };
  let result: { trained: ReturnType<typeof train>; sides: SpaceSides };
  if (variant.choose && variant.offsetSupport !== undefined) {
    // As the build chooses (src/cli/learned-section.ts), around the cached trainer.
    const recipe = { pairs: variant.pairs, offsetSupport: variant.offsetSupport, choose: variant.choose };
    // The eval's logs are arrays, and so is the held-out split the choice trains on.
    const chosen = await trainChoosingPropagation(logs, n, recipe, (l) => train(l as readonly (readonly number[])[]));
    const { choice } = chosen;
    const rates = choice.hitRates.map((h) => `${h.setting ? `${h.setting.layers}/${h.setting.alpha}` : 'none'} ${h.hitRate.toFixed(4)}`);
    console.log(`  choice on ${choice.queries} held-out items: ${rates.join(', ')} -> ${choice.chosen ? choice.chosen.alpha : 'none'}`);
    result = { trained: chosen.shipped, sides: chosen.final };
  } else {
    const trained = train(logs);
    const graph = propagationGraph(trained.pairs, trained.offsetItems, n);
    result = { trained, sides: propagateSides(trained.space, graph, variant.propagate ?? null) };
  }
  const { trained, sides: s } = result;
  const d = s.dims;
  const target = new ItemVectors(raw.ids, s.target, d, 'flat', texts, raw.names, raw.facets);
  const query = s.query === s.target ? target : new ItemVectors(raw.ids, s.query, d, 'flat', texts, raw.names, raw.facets);
  return { query, target, pairs: trained.pairs.from.length, seconds: trained.seconds, loss: trained.loss };
}

/** A space as trained (no propagation), cached. */
function trainedSides(
  raw: ItemVectors,
  logs: readonly (readonly number[])[],
  variant: Variant,
): { sides: SpaceSides; seconds: number; loss: number[] } {
  const file = join(CACHE, `${cacheKey(raw, logs, variant)}.bin`);
  const d = variant.train.outDims ?? DEFAULT_TRAIN_OPTIONS.outDims;
  const n = raw.ids.length;
  const directional = variant.train.directional ?? false;
  const wrap = (q: Float32Array, t: Float32Array, seconds: number, loss: number[]) => ({
    sides: { query: directional ? q : t, target: t, dims: d },
    seconds,
    loss,
  });
  if (existsSync(file)) {
    const all = new Float32Array(new Uint8Array(readFileSync(file)).buffer);
    return wrap(all.subarray(0, n * d), all.subarray(n * d, 2 * n * d), all[2 * n * d]!, [...all.subarray(2 * n * d + 1)]);
  }
  const pairs = sessionPairs(logs, variant.pairs);
  const offsetItems = variant.offsetSupport === undefined ? undefined : supportedItems(logs, n, variant.offsetSupport);
  const t0 = performance.now();
  const trained = trainMap(raw.vectors, raw.dims, pairs, { ...variant.train, offsetItems });
  const seconds = (performance.now() - t0) / 1000;
  const half = n * d;
  const side = (s: number) => projectAll(trained.map, raw.vectors, trained.offsets.subarray(s * half, (s + 1) * half));
  const t = side(directional ? 1 : 0);
  const q = directional ? side(0) : t;
  mkdirSync(CACHE, { recursive: true });
  writeFileSync(file, new Uint8Array(Float32Array.from([...q, ...t, seconds, ...trained.epochLoss]).buffer));
  return wrap(q, t, seconds, trained.epochLoss);
}

const CACHE = join(ROOT, '.cache', 'learned-space');

/** The trainer's sources: what a trained space depends on besides its inputs. */
const TRAINER = [
  'adam.ts',
  'learned-map.ts',
  'neighbourhoods.ts',
  'pairs.ts',
  'row-gradients.ts',
  'softmax.ts',
  'train.ts',
  'workspace.ts',
  'kernels.wat',
];

/** SHA-256 (first 24 hex) over the trainer's sources, the variant, the vectors and the logs. */
function cacheKey(raw: ItemVectors, logs: readonly (readonly number[])[], variant: Variant): string {
  const h = createHash('sha256');
  for (const f of TRAINER) h.update(readFileSync(join(ROOT, 'src', 'learn', f)));
  h.update(JSON.stringify({ train: variant.train, pairs: variant.pairs, offsetSupport: variant.offsetSupport }));
  h.update(new Uint8Array(raw.vectors.buffer, raw.vectors.byteOffset, raw.vectors.byteLength));
  h.update(JSON.stringify(logs));
  return h.digest('hex').slice(0, 24);
}

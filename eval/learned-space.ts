/**
 * `npx tsx eval/learned-space.ts [--split validation|test] [--dataset name] [--grid]`
 *
 * The learned recommendation space (src/learn) against the raw text vectors: the map is trained on
 * the split's logs only (validation: every sequence without its last two items; test: without its
 * last), then "for you" ranks next items through the shipped rankers over the mapped vectors, with
 * and without the site's signals. `--grid` tries the training options chosen among on validation.
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { projectAll } from '../src/learn/learned-map.ts';
import { DEFAULT_PAIR_OPTIONS, type PairOptions, sessionPairs } from '../src/learn/pairs.ts';
import { DEFAULT_TRAIN_OPTIONS, type TrainOptions, trainMap } from '../src/learn/train.ts';
import { forYou } from '../src/modes/for-you.ts';
import { rankerFor } from '../src/modes/ranker.ts';
import { RANKERS } from '../src/modes/rankers.ts';
import { type BlendWeights, DEFAULT_BLEND, DEFAULT_DIVERSITY, forYouBlended } from '../src/recommend/index.ts';
import { DATASETS_DIR } from '../test/paths.ts';
import { loadDataset } from './dataset.ts';
import { embeddedItems } from './embedded-items.ts';
import { ItemVectors } from './methods.ts';
import { evaluateModes } from './mode-truth/evaluate.ts';
import { nextItemSplit } from './split.ts';
import { datasetTexts } from './texts.ts';

const { values } = parseArgs({
  options: {
    split: { type: 'string', default: 'validation' },
    dataset: { type: 'string', multiple: true },
    grid: { type: 'boolean', default: false },
    rounds: { type: 'string', default: '200' },
    blends: { type: 'boolean', default: false },
    variant: { type: 'string', multiple: true },
    'no-raw': { type: 'boolean', default: false },
  },
});
const split = values.split as 'validation' | 'test';
const names = values.dataset ?? ['amazon-office-2014', 'movielens-latest-small'];
const rounds = Number(values.rounds);

interface Variant {
  name: string;
  train: Partial<TrainOptions>;
  pairs: Partial<PairOptions>;
}

const only = values.variant;
const ALL: Variant[] = values.grid
  ? [
      { name: 'default', train: {}, pairs: {} },
      { name: 'offsets 1e-4', train: { offsetPenalty: 1e-4 }, pairs: {} },
      { name: 'large', train: { offsetPenalty: 1e-3, batchAnchors: 1024, maxCandidates: 2048, epochs: 10 }, pairs: {} },
      { name: 'offsets 1e-3', train: { offsetPenalty: 1e-3 }, pairs: {} },
      { name: 'offsets 1e-2', train: { offsetPenalty: 1e-2 }, pairs: {} },
      { name: 'offsets 1e-1', train: { offsetPenalty: 1e-1 }, pairs: {} },
      { name: 'tau .05', train: { temperature: 0.05 }, pairs: {} },
      { name: 'tau .2', train: { temperature: 0.2 }, pairs: {} },
      { name: 'window 1', train: {}, pairs: { window: 1 } },
      { name: 'd 32', train: { outDims: 32 }, pairs: {} },
      { name: 'd 96', train: { outDims: 96 }, pairs: {} },
    ]
  : [{ name: 'default', train: {}, pairs: {} }];
const VARIANTS = only ? ALL.filter((v) => only.includes(v.name)) : ALL;

function forYouCells(result: Awaited<ReturnType<typeof evaluateModes>>): string {
  const task = result.modes.find((m) => m.mode === 'for-you')?.tasks.find((t) => t.task.startsWith('for-you: next item'));
  if (!task) return 'no for-you task';
  return task.methods
    .filter((m) => m.kind === 'shipped')
    .map((m) => `${m.name}: HR@10 ${m.values.hr10?.toFixed(4)} [${m.ci95.hr10?.map((x) => x.toFixed(4)).join(', ')}]`)
    .join(' | ');
}

/** "For you" with site signals ranked with `weights` (as the shipped ranker, other weights). */
function forYouWith(weights: Readonly<BlendWeights>) {
  return rankerFor(forYou, (ctx, input, o) => {
    if (!ctx.profile.anchors.length) return RANKERS['for-you'].rank(ctx, input, o);
    const index = ctx.catalog.index!;
    const options = { signals: ctx.signals, weights, calibration: ctx.scale.calibrate(), diversity: DEFAULT_DIVERSITY, known: ctx.known };
    return { items: forYouBlended(index, ctx.profile, o.k, o.filter, options), warming: false };
  });
}

const BLENDS: Record<string, BlendWeights> = {};
if (values.blends)
  for (const content of [1, 2, 4, 8])
    for (const together of [0, 4, 16])
      for (const next of [16, 64])
        BLENDS[`content ${content} together ${together} next ${next}`] = { ...DEFAULT_BLEND, content, together, next };

for (const name of names) {
  const data = loadDataset(join(DATASETS_DIR, name));
  const { texts } = datasetTexts(data, undefined);
  const { vectors: raw } = await embeddedItems(data, texts);
  if (!values['no-raw']) {
    const base = await evaluateModes({ data, vectors: raw, texts }, { split, modes: ['for-you'], rounds });
    console.log(`${name} | raw ${raw.dims}-d | ${forYouCells(base)}`);
  }
  const logs = nextItemSplit(data, split === 'test' ? 'test' : 'validation').train;
  for (const v of VARIANTS) {
    const pairs = sessionPairs(logs, { ...DEFAULT_PAIR_OPTIONS, ...v.pairs });
    const t0 = performance.now();
    const trained = trainMap(raw.vectors, raw.dims, pairs, { ...DEFAULT_TRAIN_OPTIONS, ...v.train });
    const seconds = (performance.now() - t0) / 1000;
    const mapped = new ItemVectors(raw.ids, projectAll(trained.map, raw.vectors, trained.offsets), trained.map.outDims, 'flat', texts);
    const result = await evaluateModes({ data, vectors: mapped, texts }, { split, modes: ['for-you'], rounds });
    const loss = trained.epochLoss.map((l) => l.toFixed(3));
    for (const [blend, weights] of Object.entries(BLENDS)) {
      const r = await evaluateModes(
        { data, vectors: mapped, texts },
        { split, modes: ['for-you'], rounds, rankers: { 'for-you': forYouWith(weights) } },
      );
      console.log(`${name} | ${v.name} | ${blend} | ${forYouCells(r)}`);
    }
    console.log(
      `${name} | ${v.name} | ${pairs.from.length} pairs, ${seconds.toFixed(1)} s, loss ${loss[0]} -> ${loss.at(-1)} | ${forYouCells(result)}`,
    );
  }
}

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
import { forYou } from '../src/modes/for-you.ts';
import { rankerFor } from '../src/modes/ranker.ts';
import { RANKERS } from '../src/modes/rankers.ts';
import { type BlendWeights, DEFAULT_BLEND, DEFAULT_DIVERSITY, forYouBlended } from '../src/recommend/index.ts';
import { DATASETS_DIR } from '../test/paths.ts';
import { loadDataset } from './dataset.ts';
import { embeddedItems } from './embedded-items.ts';
import { trainSpace, VARIANTS as VARIANTS_TRIED, type Variant } from './learned-space-train.ts';
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

const only = values.variant;
const ALL: readonly Variant[] = values.grid ? VARIANTS_TRIED : VARIANTS_TRIED.slice(0, 1);
const VARIANTS = only ? VARIANTS_TRIED.filter((v) => only.includes(v.name)) : ALL;

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
    if (v.train.directional) continue; // the shipped rankers score one space: see learned-space-blend.ts
    const space = trainSpace(raw, texts, logs, v);
    const mapped = space.target;
    const result = await evaluateModes({ data, vectors: mapped, texts }, { split, modes: ['for-you'], rounds });
    const loss = space.loss.map((l) => l.toFixed(3));
    for (const [blend, weights] of Object.entries(BLENDS)) {
      const r = await evaluateModes(
        { data, vectors: mapped, texts },
        { split, modes: ['for-you'], rounds, rankers: { 'for-you': forYouWith(weights) } },
      );
      console.log(`${name} | ${v.name} | ${blend} | ${forYouCells(r)}`);
    }
    console.log(
      `${name} | ${v.name} | ${space.pairs} pairs, ${space.seconds.toFixed(1)} s, loss ${loss[0]} -> ${loss.at(-1)} | ${forYouCells(result)}`,
    );
  }
}

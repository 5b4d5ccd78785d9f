/**
 * `npx tsx eval/learned-space.ts [--split validation|test] [--dataset name] [--grid]`
 *
 * The learned recommendation space (src/learn) against the raw text vectors: the map is trained on
 * the split's logs only (validation: every sequence without its last two items; test: without its
 * last), then "for you" ranks next items through the shipped rankers over the mapped vectors, with
 * and without the site's signals, exactly as a page with the artifact's `learned` section ranks
 * (src/modes/for-you.ts: query(anchor) . target(candidate), LEARNED_BLEND, diversity as shipped).
 * `--grid` tries every recipe of eval/learned-space-train.ts; blend-weight grids are
 * eval/learned-space-blend.ts's job. MovieLens-size catalogs train with LARGE_TRAIN unless
 * `--full-softmax`.
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { LearnedLookup } from '../src/learn/lookup.ts';
import { DATASETS_DIR } from '../test/paths.ts';
import { loadDataset } from './dataset.ts';
import { embeddedItems } from './embedded-items.ts';
import { LARGE_TRAIN, type TrainedSpace, trainSpace, VARIANTS as VARIANTS_TRIED, type Variant } from './learned-space-train.ts';
import { evaluateModes } from './mode-truth/evaluate.ts';
import { nextItemSplit } from './split.ts';
import { datasetTexts } from './texts.ts';

const { values } = parseArgs({
  options: {
    split: { type: 'string', default: 'validation' },
    dataset: { type: 'string', multiple: true },
    grid: { type: 'boolean', default: false },
    rounds: { type: 'string', default: '200' },
    variant: { type: 'string', multiple: true },
    'no-raw': { type: 'boolean', default: false },
    'full-softmax': { type: 'boolean', default: false },
  },
});
const split = values.split as 'validation' | 'test';
const names = values.dataset ?? ['amazon-office-2014', 'movielens-latest-small'];
const rounds = Number(values.rounds);

/** `--variant` names, else every variant with `--grid`, else the first. */
const VARIANTS: readonly Variant[] = values.variant
  ? VARIANTS_TRIED.filter((v) => values.variant!.includes(v.name))
  : VARIANTS_TRIED.slice(0, values.grid ? undefined : 1);

/**
 * The page's lookup of a trained space. Every item is in it, so the map (which only places items
 * the build never saw) is left zero.
 */
function lookupOf(space: TrainedSpace, ids: readonly string[], inDims: number): LearnedLookup {
  const d = space.target.dims;
  const sides = space.query === space.target ? 1 : 2;
  const vectors = sides === 2 ? [space.query.vectors, space.target.vectors] : [space.target.vectors];
  const map = { inDims, outDims: d, weights: new Float32Array(inDims * d) };
  return new LearnedLookup({ map, sides, count: ids.length, vectors }, ids);
}

function forYouCells(result: Awaited<ReturnType<typeof evaluateModes>>): string {
  const task = result.modes.find((m) => m.mode === 'for-you')?.tasks.find((t) => t.task.startsWith('for-you: next item'));
  if (!task) return 'no for-you task';
  return task.methods
    .filter((m) => m.kind === 'shipped')
    .map((m) => `${m.name}: HR@10 ${m.values.hr10?.toFixed(4)} [${m.ci95.hr10?.map((x) => x.toFixed(4)).join(', ')}]`)
    .join(' | ');
}

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
    const recipe = data.items.length > 5000 && !values['full-softmax'] ? { ...v, train: { ...v.train, ...LARGE_TRAIN } } : v;
    const space = trainSpace(raw, texts, logs, recipe);
    // As a page with the artifact's `learned` section ranks: "for you" in the space, the rest raw.
    const learned = lookupOf(space, raw.ids, raw.dims);
    const result = await evaluateModes({ data, vectors: raw, texts }, { split, modes: ['for-you'], rounds, learned });
    const loss = space.loss.map((l) => l.toFixed(3));
    console.log(
      `${name} | ${v.name} | ${space.pairs} pairs, ${space.seconds.toFixed(1)} s, loss ${loss[0]} -> ${loss.at(-1)} | ${forYouCells(result)}`,
    );
  }
}

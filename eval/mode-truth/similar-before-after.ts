/**
 * `npx tsx eval/mode-truth/similar-before-after.ts [--split validation|test] [--before described|labels]`
 *
 * "Similar items" as shipped against a similar of before, paired 95% bootstrap intervals of shipped
 * minus before, on each catalog's substitute truth (and also_viewed on both Offices): the numbers in
 * docs/quality.md. Before (`--before`):
 * - `described` (default): before issue 27's described view, the content blend with word overlap
 *   weighed 4 over every word of an item's text, the list as ranked (no cap on an item's own family
 *   or product lines);
 * - `labels`: the shipped ranker over word overlap built without the items' labels (`itemFacets`).
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { CONTENT_BLEND } from '../../src/recommend/index.ts';
import { DATASETS_DIR } from '../../test/paths.ts';
import { type Dataset, loadDataset } from '../dataset.ts';
import { embeddedItems } from '../embedded-items.ts';
import { ItemVectors } from '../methods.ts';
import { EvalCatalog } from '../mode-context.ts';
import { datasetTexts } from '../texts.ts';
import { expectedMetrics } from './expected-metrics.ts';
import { modeTruths } from './mode-truths.ts';
import { fieldedOffice } from './office-fielded.ts';
import { ModeRunner, SHIPPED_RANKERS, similarWith } from './rankers.ts';
import { inSplit, type ModeSplit } from './split.ts';
import { runModeTask } from './task.ts';

const { values } = parseArgs({
  options: {
    split: { type: 'string', default: 'validation' },
    rounds: { type: 'string', default: '1000' },
    before: { type: 'string', default: 'described' },
  },
});
const split = values.split as ModeSplit;

/** The similar ranker before: full view, `CONTENT_BLEND` (word overlap 4), no line caps. */
const before = similarWith(CONTENT_BLEND, 1);

const office = loadDataset(join(DATASETS_DIR, 'amazon-office-2014'));
const catalogs: { data: Dataset; texts: string[] }[] = [
  { data: office, texts: datasetTexts(office, undefined).texts },
  fieldedOffice(office),
  ...['movielens-latest-small', 'steam-games-catalog'].map((name) => {
    const data = loadDataset(join(DATASETS_DIR, name));
    return { data, texts: datasetTexts(data, undefined).texts };
  }),
];

console.log(`| catalog | truth (${split} queries) | metric | before | shipped | shipped - before [95%] |`);
console.log('|---|---|---|---|---|---|');
for (const { data, texts } of catalogs) {
  const { vectors, embedded } = await embeddedItems(data, texts);
  const catalog = new EvalCatalog(data, vectors, texts);
  const shipped = new ModeRunner(catalog);
  const old =
    values.before === 'labels'
      ? new ModeRunner(
          new EvalCatalog(data, new ItemVectors(vectors.ids, embedded.vectors, embedded.dims, 'flat', texts, vectors.names), texts),
        )
      : new ModeRunner(catalog, { ...SHIPPED_RANKERS, similar: before });
  const truths = modeTruths(data);
  for (const truth of [truths.substitutes, truths.alsoViewed]) {
    if (!truth) continue;
    const queries = inSplit(truth.queries, (row) => data.items[row]!.id, split);
    const result = await runModeTask(
      [
        {
          name: 'before',
          kind: 'baseline',
          description: values.before === 'labels' ? 'shipped, word overlap without labels' : 'full view, word overlap 4, no caps',
          scorer: old.itemScorer('similar', undefined),
        },
        { name: 'shipped', kind: 'shipped', description: 'RANKERS.similar', scorer: shipped.itemScorer('similar', undefined) },
      ],
      queries,
      {
        task: truth.name,
        metrics: ['p8', 'ndcg10'],
        measure: (scores, row) => ({ ...expectedMetrics(scores, truth.grades(row), new Set([row])) }),
        rounds: Number(values.rounds),
      },
    );
    if (!result) continue;
    const [b, s] = result.methods;
    for (const metric of ['p8', 'ndcg10'] as const) {
      const d = s!.vsReference![metric]!;
      const f = (x: number) => x.toFixed(4);
      console.log(
        `| ${data.name} | ${truth.name} (${queries.length}) | ${metric} | ${f(b!.values[metric]!)} | ${f(s!.values[metric]!)} | ${d.delta >= 0 ? '+' : ''}${f(d.delta)} [${f(d.ci95[0])}, ${f(d.ci95[1])}] |`,
      );
    }
  }
}

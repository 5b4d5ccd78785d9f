/**
 * `npx tsx eval/mode-truth/tune-similar.ts [--split validation|test] [--names 0.1,0.25] [--shares 0,0.2,0.35,0.5,1] [--overlaps 8,12]`
 *
 * Chooses "similar"'s word overlap on the VALIDATION half of the substitute truth (eval/mode-truth):
 * how much an item's own name counts in the described view (`NAME_WEIGHT`, overlap-terms.ts), the
 * share of the full text's cosine in what similar reads (`SIMILAR_FULL_SHARE`: 1 is the full text
 * alone, as before) and the blend's word-overlap weight (`SIMILAR_BLEND`), ranked through the same
 * blend code the similar ranker runs, on Office, Office with its fields (office-fielded.ts), MovieLens and Steam. Prints
 * substitute P@8 and NDCG@10 (and also_viewed's on Office) per setting, and the objective: the
 * geometric mean of substitute P@8 on the four catalogs and also_viewed NDCG@10 on both Offices.
 * (Popularity as a tie-breaker with signals was measured here too, and lowered every catalog.)
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { SIMILAR_BLEND, WordOverlapIndexBuilder } from '../../src/recommend/index.ts';
import { DATASETS_DIR } from '../../test/paths.ts';
import { type Dataset, loadDataset } from '../dataset.ts';
import { embeddedItems } from '../embedded-items.ts';
import { datasetFacets, datasetNames, datasetTexts } from '../texts.ts';
import { evaluateModes } from './evaluate.ts';
import { fieldedOffice } from './office-fielded.ts';
import { similarWith } from './rankers.ts';

const { values } = parseArgs({
  options: {
    split: { type: 'string', default: 'validation' },
    names: { type: 'string', default: '0.1,0.25' },
    shares: { type: 'string', default: '0,0.2,0.35,0.5,1' },
    overlaps: { type: 'string', default: '8,12' },
  },
});
const split = values.split as 'validation' | 'test';
const nameWeights = values.names.split(',').map(Number);
const overlaps = values.overlaps.split(',').map(Number);
const shares = values.shares.split(',').map(Number);

const office = loadDataset(join(DATASETS_DIR, 'amazon-office-2014'));
const catalogs: { data: Dataset; texts: string[] }[] = [
  fieldedOffice(office),
  { data: office, texts: datasetTexts(office, undefined).texts },
  ...['movielens-latest-small', 'steam-games-catalog'].map((name) => {
    const data = loadDataset(join(DATASETS_DIR, name));
    return { data, texts: datasetTexts(data, undefined).texts };
  }),
];

/** Metric by setting, then by "catalog task metric". */
const results = new Map<string, Map<string, number>>();
for (const { data, texts } of catalogs) {
  const { vectors } = await embeddedItems(data, texts);
  const names = datasetNames(data);
  const facets = datasetFacets(data, undefined);
  for (const nameWeight of nameWeights) {
    vectors.wordOverlap = WordOverlapIndexBuilder.build(
      data.items.map((it, row) => [it.id, texts[row]!, names[row], facets[row]] as const),
      nameWeight,
    );
    for (const share of shares)
      for (const overlap of overlaps) {
        const setting = `name ${nameWeight}, full share ${share}, overlap ${overlap}`;
        const result = await evaluateModes(
          { data, vectors, texts },
          {
            split,
            rankers: { similar: similarWith({ ...SIMILAR_BLEND, wordOverlap: overlap, wordOverlapUnlisted: overlap }, share) },
            modes: ['similar'],
            rounds: 20,
          },
        );
        const cells = results.get(setting) ?? new Map<string, number>();
        results.set(setting, cells);
        for (const t of result.modes[0]!.tasks)
          for (const m of t.methods.filter((x) => x.name === 'similar, content only')) {
            cells.set(`${data.name} ${t.task} p8`, m.values.p8!);
            cells.set(`${data.name} ${t.task} ndcg10`, m.values.ndcg10!);
          }
        console.log(
          `${data.name} | ${setting} | ${[...cells]
            .filter(([k]) => k.startsWith(data.name))
            .map(([k, v]) => `${k.slice(data.name.length + 1)} ${v.toFixed(4)}`)
            .join(' | ')}`,
        );
      }
  }
}

const objective = (cells: Map<string, number>) => {
  const terms = [...cells].filter(([k]) => / substitutes p8$/.test(k) || / also_viewed ndcg10$/.test(k)).map(([, v]) => v);
  return Math.exp(terms.reduce((s, v) => s + Math.log(v), 0) / terms.length);
};
console.log('\nsetting | objective (geometric mean of substitute P@8 on every catalog and also_viewed NDCG@10 on both Offices)');
for (const [setting, cells] of [...results].sort((a, b) => objective(b[1]) - objective(a[1])))
  console.log(`${setting} | ${objective(cells).toFixed(4)}`);

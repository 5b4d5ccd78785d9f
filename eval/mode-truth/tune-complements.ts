/**
 * `npx tsx eval/mode-truth/tune-complements.ts [--split validation|test]`
 *
 * Chooses the blend of "bought together"'s content fill-ins on the VALIDATION half of Office's
 * complement truth (also_bought minus substitutes) and the raw also_bought lists, with the site's
 * signals as published: the fill-ins ranked with the for-you content blend (word overlap 4) or with
 * similar's (8), reading the full text or the described view (word-overlap.ts; on Office, whose
 * items have no title field, both are the same). Everything else as the complements ranker runs it: the
 * item's similar list is left out.
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { complements } from '../../src/modes/complements.ts';
import { rankerFor } from '../../src/modes/ranker.ts';
import { similarRanker } from '../../src/modes/similar.ts';
import {
  type BlendWeights,
  CONTENT_BLEND,
  complementItems,
  type FullShare,
  SIMILAR_BLEND,
  SIMILAR_FULL_SHARE,
} from '../../src/recommend/index.ts';
import { DEFAULT_K } from '../../src/types/ranking.ts';
import { DATASETS_DIR } from '../../test/paths.ts';
import { loadDataset } from '../dataset.ts';
import { embeddedItems } from '../embedded-items.ts';
import { datasetTexts } from '../texts.ts';
import { evaluateModes } from './evaluate.ts';

const { values } = parseArgs({ options: { split: { type: 'string', default: 'validation' } } });
const split = values.split as 'validation' | 'test';

/** The complements ranker with its fill-ins ranked by `weights`, word overlap read with `fullShare`. */
function complementsWith(weights: Readonly<BlendWeights>, fullShare: FullShare) {
  return rankerFor(complements, async (ctx, key, given) => {
    const shown = await similarRanker.rank(ctx, key, { ...given, k: DEFAULT_K, diversity: undefined, minScore: 0 });
    const similarKeys = new Set(shown.items.map((r) => r.key));
    const filter = (x: string) => !similarKeys.has(x) && (!given.filter || given.filter(x));
    const content = {
      weights,
      calibration: ctx.scale.calibrate(),
      wordOverlap: ctx.wordOverlapFor(undefined, fullShare),
      known: ctx.known,
    };
    const c = complementItems(ctx.catalog.index!, key, given.k, filter, ctx.profile.dismissed, ctx.signals, content);
    return { items: c.items, warming: false };
  });
}

const data = loadDataset(join(DATASETS_DIR, 'amazon-office-2014'));
const { texts } = datasetTexts(data, undefined);
const { vectors } = await embeddedItems(data, texts);
const variants: [string, Readonly<BlendWeights>, FullShare][] = [
  ['for-you content blend (word overlap 4), full view', CONTENT_BLEND, 1],
  ["similar's blend (word overlap 8), full view", SIMILAR_BLEND, 1],
  ["similar's blend (word overlap 8), described view", SIMILAR_BLEND, 0],
  ["similar's blend and word overlap (shipped)", SIMILAR_BLEND, SIMILAR_FULL_SHARE],
];
for (const [name, weights, view] of variants) {
  const result = await evaluateModes(
    { data, vectors, texts },
    { split, rounds: 20, modes: ['complements'], rankers: { complements: complementsWith(weights, view) } },
  );
  for (const t of result.modes[0]!.tasks)
    for (const m of t.methods.filter((x) => x.kind === 'shipped'))
      console.log(`${name} | ${t.task} | HR@10 ${m.values.hr10!.toFixed(4)} NDCG@10 ${m.values.ndcg10!.toFixed(4)}`);
}

/**
 * `npx tsx eval/mode-truth/tune-similar.ts [--split validation|test]`
 *
 * Chooses "similar"'s blend on the VALIDATION half of the substitute truth (eval/mode-truth):
 * content-blend variants (word overlap weight; popularity as a tie-breaker when the site has
 * signals) ranked through the same blend code the similar ranker runs, on every catalog with a
 * substitute truth. Prints P@8 and NDCG@10 per catalog and task.
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { rankerFor } from '../../src/modes/ranker.ts';
import { similar } from '../../src/modes/similar.ts';
import { type BlendWeights, CONTENT_BLEND, similarBlended, weighsWordOverlap } from '../../src/recommend/index.ts';
import { DATASETS_DIR } from '../../test/paths.ts';
import { loadDataset } from '../dataset.ts';
import { embeddedItems } from '../embedded-items.ts';
import { datasetTexts } from '../texts.ts';
import { evaluateModes } from './evaluate.ts';

const { values } = parseArgs({ options: { split: { type: 'string', default: 'validation' } } });
const split = values.split as 'validation' | 'test';

/** A similar ranker with `weights` (signals only reweigh the content neighbours, as shipped). */
function similarWith(weights: Readonly<BlendWeights>) {
  return rankerFor(similar, (ctx, key, o) => {
    const index = ctx.catalog.index!;
    const wordOverlap = weighsWordOverlap(weights) ? ctx.wordOverlapFor(undefined) : undefined;
    const options = {
      signals: ctx.signals,
      weights,
      calibration: ctx.scale.calibrate(),
      wordOverlap,
      known: ctx.known,
      signalCandidates: false,
    };
    return { items: similarBlended(index, key, o.k, o.filter, ctx.profile.dismissed, options), warming: false };
  });
}

const VARIANTS: Record<string, BlendWeights> = {};
for (const wordOverlap of [0, 1, 2, 4, 8])
  for (const popularity of [0, 0.25, 1]) VARIANTS[`words ${wordOverlap} pop ${popularity}`] = { ...CONTENT_BLEND, wordOverlap, popularity };

for (const name of ['amazon-office-2014', 'movielens-latest-small', 'steam-games-catalog']) {
  const data = loadDataset(join(DATASETS_DIR, name));
  const { texts } = datasetTexts(data, undefined);
  const { vectors } = await embeddedItems(data, texts);
  for (const [variant, weights] of Object.entries(VARIANTS)) {
    const result = await evaluateModes(
      { data, vectors, texts },
      { split, rankers: { similar: similarWith(weights) }, modes: ['similar'], rounds: 50 },
    );
    const cells = result.modes[0]!.tasks.flatMap((t) =>
      t.methods
        .filter((m) => m.kind === 'shipped')
        .map((m) => `${t.task.slice(0, 28)} / ${m.name}: P@8 ${m.values.p8?.toFixed(4)} NDCG@10 ${m.values.ndcg10?.toFixed(4)}`),
    );
    console.log(`${name} | ${variant} | ${cells.join(' | ')}`);
  }
}

/**
 * `npx tsx eval/ideas.ts [--data <folder>]... [--skip signals,expansion,centring,search]`
 *
 * Ideas tried for the goals of issue 13 that the shipped defaults do not meet, each scored on the
 * VALIDATION split (each user's second-to-last item; search: the validation queries), never on test
 * targets: other normalisations of the signals' pair counts (blend re-tuned for each), PRF query
 * expansion for similar() and for-you, mean-centred vectors, and search fusions. Writes
 * `eval/results/ideas.md` and prints it. docs/notes/quality-ideas.md quotes its numbers.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_BLEND } from '../src/recommend/index.ts';
import { DEFAULT_SIGNALS_OPTIONS } from '../src/signals/index.ts';
import { DEFAULT_WEIGHTING, type PairWeighting } from '../src/signals/weighting.ts';
import { DATASETS_DIR, ROOT } from '../test/paths.ts';
import { datasetDirs } from './dataset.ts';
import { centringTables, expansionTables } from './ideas-content.ts';
import { searchFusionTable } from './search-fusions.ts';
import { FREE_WEIGHTS, geoMean, type SplitInput, signalTuneSets, validationInput } from './signal-choice.ts';
import { tuneWeights } from './tune.ts';

const { values: args } = parseArgs({
  options: {
    data: { type: 'string', multiple: true },
    skip: { type: 'string', default: '' },
    out: { type: 'string', default: join(ROOT, 'eval', 'results') },
  },
});
const skip = new Set(args.skip!.split(','));
const log = (m: string) => console.error(m);
const f = (x: number) => x.toFixed(4).replace(/^0\./, '.');

/** Pair-count normalisations tried for "together" and "next" (the shipped: cosine, P(j follows i)). */
const WEIGHTINGS: [string, PairWeighting][] = [
  ['shipped: together c/sqrt(ni nj), next c/ni', DEFAULT_WEIGHTING],
  [
    'together c/(ni^0.3 nj^0.7) (damps popular neighbours more)',
    { ...DEFAULT_WEIGHTING, together: (c, i, j) => c / (i ** 0.3 * j ** 0.7) },
  ],
  ['together c/(ni^0.7 nj^0.3)', { ...DEFAULT_WEIGHTING, together: (c, i, j) => c / (i ** 0.7 * j ** 0.3) }],
  ['together c/ni (P(j given i))', { ...DEFAULT_WEIGHTING, together: (c, i) => c / i }],
  ['next c/(ni nj^0.25) (IDF-like damping)', { ...DEFAULT_WEIGHTING, next: (c, i, j) => c / (i * j ** 0.25) }],
  ['next c/(ni nj^0.5)', { ...DEFAULT_WEIGHTING, next: (c, i, j) => c / (i * j ** 0.5) }],
];

const splits: SplitInput[] = [];
const sections: string[] = [];
for (const dir of datasetDirs(args.data ?? [DATASETS_DIR])) {
  const input = await validationInput(dir);
  if (!input) continue;
  splits.push(input);
  if (!skip.has('search')) sections.push(await searchFusionTable(input.data, input.vectors));
}
const names = splits.map((s) => s.data.name);
if (!skip.has('signals')) {
  const o = DEFAULT_SIGNALS_OPTIONS;
  const rows = [
    `**Signal weightings** (validation HR@10; signals with the shipped options: window ${o.window}, maxNeighbours ${o.maxNeighbours}, minSupport ${o.minSupport}; blend re-tuned for each)`,
    '',
    `| weighting | ${names.join(' | ')} | geometric mean | blend (together, next, popularity, signalDecay, contentDecay) |`,
    `|---|${names.map(() => '---|').join('')}---|---|`,
  ];
  for (const [label, weighting] of WEIGHTINGS) {
    log(`ideas: signals weighting ${label}`);
    const r = tuneWeights(signalTuneSets(splits, o, weighting), DEFAULT_BLEND, FREE_WEIGHTS);
    const w = r.weights;
    rows.push(
      `| ${label} | ${names.map((n) => f(r.hr10[n]!)).join(' | ')} | ${f(geoMean(r.hr10))} | ${w.together}, ${w.next}, ${w.popularity}, ${w.signalDecay}, ${w.contentDecay} |`,
    );
  }
  sections.push(rows.join('\n'));
}
if (!skip.has('expansion')) sections.push(expansionTables(splits, log));
if (!skip.has('centring')) sections.push(centringTables(splits, log));
const md = ['## Ideas tried for issue 13 (validation split)', ...sections].join('\n\n');
mkdirSync(args.out!, { recursive: true });
writeFileSync(join(args.out!, 'ideas.md'), md);
console.log(md);

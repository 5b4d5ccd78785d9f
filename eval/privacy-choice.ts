/**
 * `npx tsx eval/privacy-choice.ts [--data <folder>]...`
 *
 * Chooses the private release's defaults (src/signals/private.ts: items counted per session,
 * shares of epsilon, minimum count) on the VALIDATION split at the default epsilon, the blend
 * re-tuned for each, and prints the grid. The noise is seeded here (a build's is not).
 */
import { parseArgs } from 'node:util';
import { type BlendWeights, CONTENT_BLEND, DEFAULT_BLEND } from '../src/recommend/index.ts';
import { DEFAULT_SIGNALS_OPTIONS } from '../src/signals/index.ts';
import { seededRandom } from '../src/signals/noise.ts';
import { DEFAULT_EPSILON, type PrivacyOptions, type PrivacyShares } from '../src/signals/private.ts';
import { DATASETS_DIR } from '../test/paths.ts';
import { EVAL_NOISE_SEED, userTables } from './blend-eval.ts';
import { datasetDirs } from './dataset.ts';
import { FREE_WEIGHTS, geoMean, type SplitInput, signalTuneSets, validationInput } from './signal-choice.ts';
import { tuneWeights } from './tune.ts';

const { values: args } = parseArgs({
  options: {
    data: { type: 'string', multiple: true },
    epsilon: { type: 'string', default: String(DEFAULT_EPSILON) },
    items: { type: 'string', default: '2,3,4' },
    minCount: { type: 'string', default: '1,5' },
    shares: { type: 'string', default: '0,1,2,3' },
    untuned: { type: 'boolean', default: false },
    'no-tune': { type: 'boolean', default: false },
  },
});
const log = (m: string) => console.error(m);
const f = (x: number) => x.toFixed(4).replace(/^0\./, '.');

const SHARES: PrivacyShares[] = [
  { popularity: 0.2, together: 0.6, next: 0.2 },
  { popularity: 0.5, together: 0.5, next: 0 },
  { popularity: 1 / 3, together: 1 / 3, next: 1 / 3 },
  { popularity: 1, together: 0, next: 0 },
];

/** The shipped blend and the variants a private release might prefer, scored on both without tuning. */
const CANDIDATE_BLENDS: [string, BlendWeights][] = [
  ['shipped blend', DEFAULT_BLEND],
  ['wordOverlapUnlisted 4', { ...DEFAULT_BLEND, wordOverlapUnlisted: 4 }],
  ['popularity 0', { ...DEFAULT_BLEND, popularity: 0 }],
  ['wordOverlapUnlisted 4, popularity 0', { ...DEFAULT_BLEND, wordOverlapUnlisted: 4, popularity: 0 }],
];

const splits: SplitInput[] = [];
for (const dir of datasetDirs(args.data ?? [DATASETS_DIR])) {
  const input = await validationInput(dir);
  if (input) splits.push(input);
}
const names = splits.map((s) => s.data.name);
const FREE: (keyof BlendWeights)[] = [...FREE_WEIGHTS, 'wordOverlapUnlisted'];
const rows = [
  `| setting | ${names.join(' | ')} | geometric mean | the same blend on exact counts (geometric mean) | blend (together, next, popularity, signalDecay, contentDecay, wordOverlap, wordOverlapUnlisted) |`,
  `|---|${names.map(() => '---|').join('')}---|---|---|`,
];
const exactSets = signalTuneSets(splits, DEFAULT_SIGNALS_OPTIONS);
const row = (label: string, hr: Record<string, number>, w?: BlendWeights) => {
  const onExact = w ? f(geoMean(tuneWeights(exactSets, w, []).hr10)) : '';
  const blend = w ? [w.together, w.next, w.popularity, w.signalDecay, w.contentDecay, w.wordOverlap, w.wordOverlapUnlisted].join(', ') : '';
  rows.push(`| ${label} | ${names.map((n) => f(hr[n]!)).join(' | ')} | ${f(geoMean(hr))} | ${onExact} | ${blend} |`);
  log(rows.at(-1)!);
};
const none = tuneWeights(
  splits.map((s) => ({ name: s.data.name, calibration: s.calibration, tables: userTables(s.vectors, s.split, undefined) })),
  CONTENT_BLEND,
  ['contentDecay', 'wordOverlap'],
);
row('no signals (content blend)', none.hr10);
for (const [name, w] of CANDIDATE_BLENDS) row(`exact counts (minSupport 2), ${name}`, tuneWeights(exactSets, w, []).hr10, w);
if (!args['no-tune']) {
  const exact = tuneWeights(exactSets, DEFAULT_BLEND, FREE);
  row('exact counts (minSupport 2), blend re-tuned', exact.hr10, exact.weights);
}
for (const epsilon of args.epsilon!.split(',').map(Number))
  for (const m of args.items!.split(',').map(Number))
    for (const minCount of args.minCount!.split(',').map(Number))
      for (const shares of args.shares!.split(',').map((k) => SHARES[Number(k)]!)) {
        const privacy: PrivacyOptions = { epsilon, maxItemsPerSession: m, minCount, shares, random: seededRandom(EVAL_NOISE_SEED) };
        const sets = signalTuneSets(splits, DEFAULT_SIGNALS_OPTIONS, undefined, privacy);
        const label = `eps ${epsilon}, M ${m}, minCount ${minCount}, shares ${shares.popularity.toFixed(2)}/${shares.together.toFixed(2)}/${shares.next.toFixed(2)}`;
        if (args.untuned) for (const [name, w] of CANDIDATE_BLENDS) row(`${label}, ${name}`, tuneWeights(sets, w, []).hr10, w);
        if (args['no-tune']) continue;
        const r = tuneWeights(sets, DEFAULT_BLEND, FREE);
        row(label, r.hr10, r.weights);
      }
console.log(rows.join('\n'));

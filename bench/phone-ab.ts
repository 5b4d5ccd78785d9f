/**
 * `npx tsx bench/phone-ab.ts --a <dist> --b <dist> [--pairs 4] [--condition phone|unthrottled] [--items 32135]`:
 * two builds of the library on the same first visit (bench/phone-visit-run.ts), in one browser:
 * one visit of each build first, not counted, then pairs whose order alternates (A B, then B A,
 * ...). Without either, a comparison was biased by ~10 MB on this machine, as much as the changes
 * it judged (docs/notes/first-visit-memory.md, stop 54): separate processes in a fixed order
 * settled higher on the first run of a pair, and in one browser the fresh browser's first visit,
 * always A's, ran heavier (an A/A run: B lower in 5 of 6 pairs, mean -8.5 MB; with the discarded
 * visits, 3 of 6, +0.3 MB). Prints every visit, then per measure B - A for each pair, their mean,
 * and in how many pairs B was lower. Writes bench/results/phone-ab.json.
 */
import { parseArgs } from 'node:util';
import { launchChromium } from '../tools/browser.ts';
import { serve } from '../tools/serve.ts';
import { type PhoneVisitRow, preparePhoneVisit, visit, visitConditions } from './phone-visit-run.ts';
import { writeResult } from './results.ts';
import { benchDims, WARM_START_WORK } from './warm-start-data.ts';

const { values } = parseArgs({
  options: {
    a: { type: 'string' },
    b: { type: 'string' },
    pairs: { type: 'string', default: '4' },
    condition: { type: 'string', default: 'phone' },
    items: { type: 'string', default: '32135' },
    'real-texts': { type: 'string', default: '3000' },
  },
});
if (!values.a || !values.b) throw new Error('give both builds: --a <dist folder> --b <dist folder>');
if (values.condition !== 'phone' && values.condition !== 'unthrottled') throw new Error('--condition is phone or unthrottled');
const phone = values.condition === 'phone';
const log = (line: string) => console.log(`[phone-ab] ${line}`);

/** The measures compared, from each visit's row. */
const MEASURES = {
  peakAtCardsMB: (r: PhoneVisitRow) => r.rendererPeakMB,
  peakSettledMB: (r: PhoneVisitRow) => r.rendererPeakSettledMB,
  firstRankedCardsMs: (r: PhoneVisitRow) => r.firstRankedCardsMs,
  firstVectorCardsMs: (r: PhoneVisitRow) => r.firstVectorCardsMs,
} as const;

const items = Number(values.items);
const data = await preparePhoneVisit(items, Number(values['real-texts']), benchDims(undefined, items), log);
const servers = {
  a: await serve({ root: values.a, mounts: { '/ws/': WARM_START_WORK } }),
  b: await serve({ root: values.b, mounts: { '/ws/': WARM_START_WORK } }),
};
const browser = await launchChromium();
const pairs: { first: 'a' | 'b'; a: PhoneVisitRow; b: PhoneVisitRow }[] = [];
try {
  // One visit of each build first, not counted: a fresh browser's first visits ran heavier.
  for (const build of ['a', 'b'] as const) await visit(browser, servers[build], data, phone);
  for (let p = 0; p < Number(values.pairs); p++) {
    const order = p % 2 === 0 ? (['a', 'b'] as const) : (['b', 'a'] as const);
    const got: Partial<Record<'a' | 'b', PhoneVisitRow>> = {};
    for (const build of order) {
      got[build] = await visit(browser, servers[build], data, phone);
      const r = got[build]!;
      log(
        `pair ${p + 1} ${build}: peak at the cards ${r.rendererPeakMB} MB, settled ${r.rendererPeakSettledMB} MB, ranked ${r.firstRankedCardsMs} ms, final ${r.firstVectorCardsMs} ms`,
      );
    }
    pairs.push({ first: order[0], a: got.a!, b: got.b! });
  }
} finally {
  await browser.close();
  await servers.a.close();
  await servers.b.close();
}

const summary = Object.fromEntries(
  Object.entries(MEASURES).map(([name, pick]) => {
    const diffs = pairs.flatMap(({ a, b }) => {
      const x = pick(a);
      const y = pick(b);
      return x === null || y === null ? [] : [y - x];
    });
    const mean = diffs.length ? Math.round((diffs.reduce((s, d) => s + d, 0) / diffs.length) * 10) / 10 : null;
    return [name, { bMinusA: diffs, mean, bLowerIn: `${diffs.filter((d) => d < 0).length} of ${diffs.length}` }];
  }),
);
for (const [name, s] of Object.entries(summary))
  log(`${name}: B - A ${JSON.stringify(s.bMinusA)}, mean ${s.mean}, B lower in ${s.bLowerIn}`);
writeResult('phone-ab', {
  benchmark: 'phone-ab',
  conditions: {
    ...visitConditions(browser, phone),
    builds: { a: values.a, b: values.b },
    order: 'one uncounted visit of each build, then pairs alternating: A B, B A, A B, ...',
  },
  summary,
  pairs,
});
log('wrote bench/results/phone-ab.json');

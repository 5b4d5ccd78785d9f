/**
 * `npx tsx bench/search-labels.ts [--rounds 5]`: what reading query words as the catalog's labels
 * (src/recommend/label-words.ts) costs a search in the browser, on the e2e's Steam slice (2,700
 * games with prebuilt vectors, e2e/steam-catalog.ts) through the public API, one thread (no
 * cross-origin isolation, as a third-party embed runs). Per round, a fresh recommender, then:
 *
 * - `prepare`: `prepareSearch()` (the search box's focus): the keyword index, the model and, since
 *   label words, the catalog's labels embedded (before them, the first search after it embedded them);
 * - `first`: "coop shooter", the first search: its 2 words embedded;
 * - `newWords`: "roguelike dungeon game": 2 words not embedded yet;
 * - `cachedWords`: "coop shooter" again: every word's vector kept, the labels' too;
 * - `cachedNewWords`: "roguelike dungeon game" again.
 *
 * The baseline is the same query in the same page once its words are kept (`cachedWords`,
 * `cachedNewWords`): the ratios say what the first search and a query's new words add. Writes
 * bench/results/search-labels.json. Needs `npm run build` (dist/) and ../shared's Steam catalog.
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { hasSteam, writeSteamCatalog } from '../e2e/steam-catalog.ts';
import { BENCH_BUILD_DIR, E2E_BUILD_DIR, ROOT } from '../test/paths.ts';
import { launchChromium } from '../tools/browser.ts';
import { serve } from '../tools/serve.ts';
import { conditions } from './conditions.ts';
import { writeResult } from './results.ts';
import { percentile, round } from './stats.ts';

const { values } = parseArgs({ options: { rounds: { type: 'string', default: '5' } } });
const ROUNDS = Number(values.rounds);
const STEPS = ['prepare', 'first', 'newWords', 'cachedWords', 'cachedNewWords'] as const;
const QUERIES: Record<Exclude<(typeof STEPS)[number], 'prepare'>, string> = {
  first: 'coop shooter',
  newWords: 'roguelike dungeon game',
  cachedWords: 'coop shooter',
  cachedNewWords: 'roguelike dungeon game',
};

if (!hasSteam) throw new Error('needs ../shared/datasets/steam-games-catalog beside the checkout');
const games = await writeSteamCatalog();
const server = await serve({
  root: join(ROOT, 'dist'),
  isolated: false,
  mounts: { '/e2e/': join(ROOT, 'e2e', 'pages'), '/e2e-app/': E2E_BUILD_DIR, '/bench/': BENCH_BUILD_DIR },
});
const browser = await launchChromium();
const times: Record<string, number[]> = Object.fromEntries(STEPS.map((s) => [s, []]));
try {
  for (let r = 0; r < ROUNDS; r++) {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${server.url}/e2e/api.html`);
    await page.waitForFunction(() => (window as unknown as { libReady?: boolean }).libReady === true);
    const round = await page.evaluate(
      async ({ queries, steps, namespace }) => {
        type Rec = { ready: Promise<unknown>; prepareSearch(): Promise<void>; search(q: string, o: { k: number }): Promise<unknown[]> };
        const lib = (window as unknown as { lib: { createRecommender(o: unknown): Rec } }).lib;
        const rec = lib.createRecommender({ catalog: '/e2e-app/steam/catalog.json', vectors: '/e2e-app/steam/manifest.json', namespace });
        await rec.ready;
        const t0 = performance.now();
        await rec.prepareSearch();
        const out: Record<string, number> = { prepare: performance.now() - t0 };
        for (const step of steps) {
          const t = performance.now();
          await rec.search(queries[step], { k: 8 });
          out[step] = performance.now() - t;
        }
        return out;
      },
      { queries: QUERIES, steps: Object.keys(QUERIES) as (keyof typeof QUERIES)[], namespace: `search-labels-${r}` },
    );
    for (const s of STEPS) times[s]!.push(round[s]!);
    await page.context().close();
  }
} finally {
  await browser.close();
  await server.close();
}

const p50 = (s: string) => round(percentile(times[s]!, 50), 1);
const result = {
  conditions: conditions({
    browser: 'chromium (Debian), headless, one thread (not cross-origin isolated)',
    catalog: `Steam slice, ${games.length} games`,
  }),
  rounds: ROUNDS,
  queries: QUERIES,
  ms: Object.fromEntries(STEPS.map((s) => [s, times[s]!.map((x) => round(x, 1))])),
  p50Ms: Object.fromEntries(STEPS.map((s) => [s, p50(s)])),
  ratios: {
    firstSearchVsCached: round(p50('first') / p50('cachedWords'), 2),
    newWordsVsCached: round(p50('newWords') / p50('cachedNewWords'), 2),
  },
};
writeResult('search-labels', result);
console.log(JSON.stringify(result, null, 2));

/**
 * `npx tsx bench/learned-cost.ts [--sizes 32135,100000] [--runs 2] [--calls 30] [--real-texts 3000] [--dist dir]`:
 * what the shop's learned space (the artifact's `learned` section, `--learned-space`) costs a
 * page. Issue 28 asks similar() p50 <= 1.15x without it at 32k and 100k items, and a first visit
 * no slower.
 *
 * Per size, one catalog (bench/warm-start-data.ts) and two artifacts of it: without a learned
 * section, and with one of the build's shapes (48 dimensions, two sides, random values: the page's
 * costs do not depend on them). Each run visits both in fresh profiles, alternating which goes
 * first: the first vector-ranked answer and `ready` from navigation start, then (once the learned
 * space and the word-overlap index are in, and one item viewed) `calls` timed calls each of
 * similar(), forYou() and complements() after 3 untimed ones, timed in the page. Writes
 * bench/results/learned-cost.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Browser } from '@playwright/test';
import { ROOT } from '../test/paths.ts';
import { launchChromium } from '../tools/browser.ts';
import { serve } from '../tools/serve.ts';
import { RendererPeakWatch } from './chromium-memory.ts';
import { writeResult } from './results.ts';
import { median, percentile, round } from './stats.ts';
import { benchDims, prepareWarmStart, WARM_START_WORK } from './warm-start-data.ts';

const MODES = ['similar', 'forYou', 'complements'] as const;
type Mode = (typeof MODES)[number];

const PAGE = `<!doctype html><meta charset="utf-8"><title>learned cost</title>
<script type="module">
  import { createRecommender } from '/index.js';
  const p = new URLSearchParams(location.search);
  const first = p.get('first');
  const out = (window.__lc = { firstVectorMs: null, readyMs: null, calls: null, learned: null, error: null });
  // The artifact's rows past the real texts are perturbed copies (bench/warm-start-data.ts), which the
  // check at idle would rightly refuse: it is off here (its cost: bench/idle-check.ts).
  const rec = createRecommender({ catalog: p.get('catalog'), namespace: 'lc', vectors: p.get('vectors'), checkVectorsAtIdle: false });
  const fail = (e) => { out.error = String(e && e.message || e); };
  const poll = async () => {
    const r = await rec.similar(first, { k: 8 });
    if (r.length > 0 && !r[0].warming) { out.firstVectorMs = performance.now(); return; }
    setTimeout(() => poll().catch(fail), 5);
  };
  poll().catch(fail);
  const settled = async () => {
    for (;;) {
      const s = await rec.status();
      if (s.wordIndex && (p.get('learned') !== '1' || s.learned)) return s;
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  const time = async (fn) => {
    for (let i = 0; i < 3; i++) await fn();
    const ms = [];
    for (let i = 0; i < Number(p.get('calls')); i++) {
      const t = performance.now();
      await fn();
      ms.push(performance.now() - t);
    }
    return ms;
  };
  rec.ready.then(async () => {
    out.readyMs = performance.now();
    const s = await settled();
    await rec.track({ type: 'view', itemId: first });
    const calls = {};
    calls.similar = await time(() => rec.similar(first, { k: 8 }));
    calls.forYou = await time(() => rec.forYou({ k: 8 }));
    calls.complements = await time(() => rec.complements(first, { k: 8 }));
    out.learned = s.learned ?? null;
    out.calls = calls;
  }).catch(fail);
</script>`;

interface Probe {
  firstVectorMs: number | null;
  readyMs: number | null;
  calls: Record<Mode, number[]> | null;
  learned: { dims: number; items: number; placed: number } | null;
  error: string | null;
}

/** One first visit in a fresh profile. */
async function visit(browser: Browser, url: string) {
  const memory = new RendererPeakWatch();
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(url);
  const t0 = Date.now();
  let probe: Probe;
  for (;;) {
    probe = await page.evaluate(() => (window as unknown as { __lc: Probe }).__lc);
    if (probe.error) throw new Error(probe.error);
    if (probe.calls && probe.firstVectorMs !== null) break;
    if (Date.now() - t0 > 600_000) throw new Error(`no answers within 10 minutes: ${JSON.stringify(probe)}`);
    await page.waitForTimeout(100);
  }
  const peak = memory.stop();
  await context.close();
  const calls = probe.calls;
  return {
    firstVectorMs: Math.round(probe.firstVectorMs!),
    readyMs: Math.round(probe.readyMs!),
    learned: probe.learned,
    rendererPeakMB: peak ? Math.round(peak / 1048576) : null,
    p50Ms: Object.fromEntries(MODES.map((m) => [m, round(percentile(calls[m], 50))])) as Record<Mode, number>,
    p95Ms: Object.fromEntries(MODES.map((m) => [m, round(percentile(calls[m], 95))])) as Record<Mode, number>,
  };
}

type Visit = Awaited<ReturnType<typeof visit>>;

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '32135,100000' },
    runs: { type: 'string', default: '2' },
    calls: { type: 'string', default: '30' },
    'real-texts': { type: 'string', default: '3000' },
    dist: { type: 'string', default: join(ROOT, 'dist') },
  },
});
const log = (line: string) => console.log(`[learned-cost] ${line}`);
mkdirSync(WARM_START_WORK, { recursive: true });
writeFileSync(join(WARM_START_WORK, 'learned-cost.html'), PAGE);
const server = await serve({ root: values.dist, mounts: { '/ws/': WARM_START_WORK } });
const browser = await launchChromium();
const rows = [];
try {
  for (const n of values.sizes.split(',').map(Number)) {
    const prepare = (learned: boolean) =>
      prepareWarmStart(WARM_START_WORK, n, Number(values['real-texts']), log, benchDims(undefined, n), learned);
    const variants = { without: await prepare(false), learned: await prepare(true) };
    const visits: Record<keyof typeof variants, Visit[]> = { without: [], learned: [] };
    for (let r = 0; r < Number(values.runs); r++) {
      const order = r % 2 === 0 ? (['without', 'learned'] as const) : (['learned', 'without'] as const);
      for (const v of order) {
        const data = variants[v];
        const q = new URLSearchParams({
          catalog: `/ws/${data.catalog}`,
          vectors: `/ws/${data.manifest}`,
          first: data.first,
          calls: values.calls,
          learned: v === 'learned' ? '1' : '0',
        });
        const result = await visit(browser, `${server.url}/ws/learned-cost.html?${q}`);
        if (v === 'learned' && !result.learned?.items) throw new Error(`the learned space did not load: ${JSON.stringify(result)}`);
        visits[v].push(result);
        log(`${n} ${v}, run ${r + 1}: ${JSON.stringify(result)}`);
      }
    }
    const summary = (vs: Visit[]) => ({
      firstVectorMs: median(vs.map((v) => v.firstVectorMs)),
      readyMs: median(vs.map((v) => v.readyMs)),
      rendererPeakMB: median(vs.flatMap((v) => (v.rendererPeakMB === null ? [] : [v.rendererPeakMB]))),
      p50Ms: Object.fromEntries(MODES.map((m) => [m, median(vs.map((v) => v.p50Ms[m]))])) as Record<Mode, number>,
    });
    const without = summary(visits.without);
    const learned = summary(visits.learned);
    const ratio = (a: number, b: number) => round(a / b);
    const ratios = {
      ...Object.fromEntries(MODES.map((m) => [`${m}P50`, ratio(learned.p50Ms[m], without.p50Ms[m])])),
      firstVector: ratio(learned.firstVectorMs, without.firstVectorMs),
      ready: ratio(learned.readyMs, without.readyMs),
    };
    rows.push({ items: n, without, learned, learnedOverWithout: ratios, visits });
    log(`${n}: learned / without ${JSON.stringify(ratios)}`);
  }
} finally {
  await browser.close();
  await server.close();
}
writeResult('learned-cost', {
  benchmark: 'learned-cost',
  conditions: {
    runtime: `Chromium ${browser.version()} headless, a fresh profile per visit, not cross-origin isolated`,
    machine: `${cpus().length} cores (${cpus()[0]?.model ?? '?'})`,
    data: 'Steam catalog + numbered copies, real + seeded perturbed vectors; the learned section of the build shapes with random values (bench/warm-start-data.ts)',
    measured: `first visit from navigation start; then ${values.calls} timed calls per mode after 3 untimed, in the page, k 8, one item viewed`,
  },
  rows,
});
log('wrote bench/results/learned-cost.json');

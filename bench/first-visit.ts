/**
 * Section "first visit": a fresh browser profile's first visit with and without prebuilt vectors
 * (`inpage-rec build`), for the demo catalog (659 items) and the Steam catalog from ../shared
 * (32,135 records, read at run time; 1,500 in --quick). Per case: navigation start -> the first
 * vector-ranked recommendations (a `similar()` answer not marked `warming`), -> `ready`, the bytes
 * the server sent (precompressed siblings where the browser accepts them, as a site should serve
 * them; worker requests included), and the CPU time of the Chromium
 * processes during the visit (/proc utime + stime of each, so the worker's embedding counts).
 *
 * Without an artifact, the Steam catalog would embed for 10-20 minutes in a page: that case runs
 * for a fixed budget and reports the measured embedding rate and the time it projects to half the
 * catalog (when vector ranking takes over), marked `projected`.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from '@playwright/test';
import { DATASETS_DIR, ROOT } from '../test/paths.ts';
import { launchChromium } from '../tools/browser.ts';
import { type StaticServer, serve } from '../tools/serve.ts';
import { chromiumCpu, cpuSince } from './chromium-cpu.ts';

/** One measured (or projected) first visit. */
export interface FirstVisitRow {
  catalog: string;
  items: number;
  artifact: boolean;
  /** Navigation start -> first vector-ranked similar() answer, ms (projected: from the embedding rate). */
  firstVectorMs: number | null;
  readyMs: number | null;
  bytes: number;
  cpuMs: number;
  fromArtifact: number;
  embedded: number;
  projected?: { budgetMs: number; embeddedInBudget: number; itemsPerSecond: number };
  /** The worker's own clock: when each phase began, and when it could first rank by vectors. */
  phases?: Record<string, number>;
  workerFirstResultsMs?: number;
}

/** The CLI build of the Steam artifact: what `inpage-rec build` reported. */
export interface CliBuild {
  items: number;
  embedded: number;
  ms: number;
  itemsPerSecond: number | null;
}

const WORK = join(ROOT, '.cache', 'bench-first-visit');

/** The page each visit loads: one recommender, polled until similar() ranks by vectors. */
const PAGE = `<!doctype html><meta charset="utf-8"><title>first visit</title>
<script type="module">
  import { createRecommender } from '/index.js';
  const p = new URLSearchParams(location.search);
  const out = (window.__fv = { firstVectorMs: null, readyMs: null, error: null });
  const options = { catalog: p.get('catalog'), namespace: p.get('ns') };
  if (p.get('vectors')) options.vectors = p.get('vectors');
  const rec = createRecommender(options);
  window.rec = rec;
  rec.ready.then((s) => { out.readyMs = performance.now(); out.status = s; }, (e) => { out.error = e.message; });
  rec.on('progress', (e) => {
    if (e.unit === 'bytes') return;
    out.firstProgress ??= { t: performance.now(), done: e.done };
    out.lastProgress = { t: performance.now(), done: e.done };
  });
  const first = p.get('first');
  const poll = async () => {
    try {
      const r = await rec.similar(first, { k: 10 });
      if (r.length > 0 && !r[0].warming) { out.firstVectorMs = performance.now(); return; }
    } catch (e) { out.error = e.message; return; }
    setTimeout(poll, 10);
  };
  poll();
</script>`;

/** Writes the Steam catalog (first `count` records) as JSON and builds its artifact with the CLI. */
function prepareSteam(count: number, log: (l: string) => void): { catalog: string; items: number; build: CliBuild } {
  mkdirSync(WORK, { recursive: true });
  const lines = readFileSync(join(DATASETS_DIR, 'steam-games-catalog', 'derived', 'items.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean);
  const items = lines.slice(0, count).map((l) => JSON.parse(l) as Record<string, unknown>);
  const catalog = join(WORK, `steam-${items.length}.json`);
  writeFileSync(catalog, JSON.stringify(items));
  const out = join(WORK, `steam-${items.length}-vectors`);
  log(`  inpage-rec build: ${items.length} Steam records -> ${out} (incremental: reuses an earlier build)`);
  const t0 = performance.now();
  execFileSync(
    process.execPath,
    [join(ROOT, 'dist', 'cli.js'), 'build', catalog, '--out', out, '--no-progress', '--report-file', `${out}.json`],
    {
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  const ms = performance.now() - t0;
  const summary = JSON.parse(readFileSync(`${out}.json`, 'utf8')) as { count: number; embedded: number; timings?: { embed?: number } };
  const embedMs = summary.timings?.embed ?? 0;
  return {
    catalog: `steam-${items.length}.json`,
    items: items.length,
    build: {
      items: summary.count,
      embedded: summary.embedded,
      ms: Math.round(ms),
      itemsPerSecond: summary.embedded > 0 && embedMs > 0 ? Math.round((summary.embedded / embedMs) * 1000) : null,
    },
  };
}

interface Case {
  catalog: string;
  label: string;
  items: number;
  first: string;
  vectors?: string;
  /** Stop after this long and project (cases that would embed for many minutes). */
  budgetMs?: number;
}

/** Bytes the server has written so far, over every path (worker requests included). */
const sentSoFar = (server: StaticServer): number => [...server.bytesSent.values()].reduce((a, b) => a + b, 0);

async function visit(browser: Browser, server: StaticServer, c: Case, ns: string): Promise<FirstVisitRow> {
  const base = server.url;
  const context = await browser.newContext();
  const sent0 = sentSoFar(server);
  const page = await context.newPage();
  const cpu0 = chromiumCpu();
  const q = new URLSearchParams({ catalog: c.catalog, ns, first: c.first, ...(c.vectors ? { vectors: c.vectors } : {}) });
  await page.goto(`${base}/bench-fv/page.html?${q}`);
  const limit = c.budgetMs ?? 600_000;
  const t0 = Date.now();
  type Progress = { t: number; done: number };
  type Probe = {
    firstVectorMs: number | null;
    readyMs: number | null;
    error: string | null;
    firstProgress?: Progress;
    lastProgress?: Progress;
  };
  let probe: Probe;
  for (;;) {
    probe = await page.evaluate(() => (window as unknown as { __fv: Probe }).__fv);
    if (probe.error) throw new Error(`${c.label}: ${probe.error}`);
    if ((probe.readyMs !== null && probe.firstVectorMs !== null) || Date.now() - t0 > limit) break;
    await page.waitForTimeout(50);
  }
  const status = (await page.evaluate(() => (window as unknown as { rec: { status(): Promise<unknown> } }).rec.status())) as {
    fromArtifact?: number;
    embedded: number;
    timings: { phases?: Record<string, number>; firstResultsMs?: number };
  };
  const cpuMs = cpuSince(cpu0);
  await context.close();
  const bytes = sentSoFar(server) - sent0;
  const row: FirstVisitRow = {
    catalog: c.label,
    items: c.items,
    artifact: Boolean(c.vectors),
    firstVectorMs: probe.firstVectorMs === null ? null : Math.round(probe.firstVectorMs),
    readyMs: probe.readyMs === null ? null : Math.round(probe.readyMs),
    bytes,
    cpuMs,
    fromArtifact: status.fromArtifact ?? 0,
    embedded: status.embedded,
    ...(status.timings.phases ? { phases: status.timings.phases } : {}),
    ...(status.timings.firstResultsMs === undefined ? {} : { workerFirstResultsMs: Math.round(status.timings.firstResultsMs) }),
  };
  const { firstProgress: a, lastProgress: b } = probe;
  if (probe.firstVectorMs === null && c.budgetMs && a && b && b.t > a.t) {
    // Vector ranking takes over at half the catalog (src/worker/ranking/router.ts MIN_COVERAGE): from
    // the first embedding progress on, at the rate measured since.
    const rate = (b.done - a.done) / ((b.t - a.t) / 1000);
    row.projected = { budgetMs: c.budgetMs, embeddedInBudget: status.embedded, itemsPerSecond: Math.round(rate * 10) / 10 };
    row.firstVectorMs = rate > 0 ? Math.round(a.t + ((c.items / 2 - a.done) / rate) * 1000) : null;
  }
  return row;
}

/** Runs every case; `dist/` must be built (the runner builds it first). */
export async function runFirstVisit(opts: {
  quick: boolean;
  log: (line: string) => void;
  /** Only the cases with prebuilt vectors (the ones without take minutes). */
  prebuiltOnly?: boolean;
  /** Visits per case (each in a fresh profile); every one is reported. */
  runs?: number;
}): Promise<{ rows: FirstVisitRow[]; cliBuild?: CliBuild; chromium: string }> {
  const rows: FirstVisitRow[] = [];
  mkdirSync(WORK, { recursive: true });
  writeFileSync(join(WORK, 'page.html'), PAGE);
  const steamFile = join(DATASETS_DIR, 'steam-games-catalog', 'derived', 'items.jsonl');
  const steam = existsSync(steamFile) ? prepareSteam(opts.quick ? 1_500 : Number.POSITIVE_INFINITY, opts.log) : undefined;
  const server = await serve({ root: join(ROOT, 'dist'), isolated: false, mounts: { '/bench-fv/': WORK } });
  const browser = await launchChromium();
  try {
    const cases: Case[] = [
      { catalog: '/demo/catalog.json', label: 'demo', items: 659, first: 'nw-0317', vectors: '/demo/vectors/manifest.json' },
    ];
    // --quick (CI) leaves out the demo embedded in the page (45 s); the Steam case without vectors
    // still shows the in-page path, against a budget.
    if (!opts.quick) cases.push({ catalog: '/demo/catalog.json', label: 'demo', items: 659, first: 'nw-0317' });
    if (steam) {
      const first = String((JSON.parse(readFileSync(join(WORK, steam.catalog), 'utf8')) as { id: unknown }[])[0]!.id);
      const url = `/bench-fv/${steam.catalog}`;
      const vectors = `/bench-fv/${steam.catalog.replace('.json', '-vectors')}/manifest.json`;
      cases.push({ catalog: url, label: 'steam', items: steam.build.items, first, vectors });
      cases.push({ catalog: url, label: 'steam', items: steam.build.items, first, budgetMs: opts.quick ? 20_000 : 60_000 });
    }
    const runs = Array.from({ length: opts.runs ?? 1 }, (_, r) => r);
    for (const [i, c] of cases.entries()) {
      if (opts.prebuiltOnly && !c.vectors) continue;
      for (const r of runs) {
        const row = await visit(browser, server, c, `fv-${i}-${r}`);
        opts.log(
          `  ${c.label} worker phases (ms): ${JSON.stringify(row.phases ?? {})}, first results ${row.workerFirstResultsMs ?? '-'} ms`,
        );
        opts.log(
          `  ${c.label} (${row.items} items) ${row.artifact ? 'with' : 'without'} prebuilt vectors: first vector-ranked ${row.firstVectorMs ?? '-'} ms${row.projected ? ' (projected)' : ''}, ready ${row.readyMs ?? '-'} ms, ${(row.bytes / 1048576).toFixed(2)} MiB, CPU ${row.cpuMs} ms`,
        );
        rows.push(row);
      }
    }
    return { rows, ...(steam ? { cliBuild: steam.build } : {}), chromium: browser.version() };
  } finally {
    await browser.close();
    await server.close();
  }
}

// `npx tsx bench/first-visit.ts [--quick] [--prebuilt-only] [--runs N]`: this section alone (build dist/ first).
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const arg = (name: string) => process.argv.indexOf(name);
  const at = arg('--runs');
  const out = await runFirstVisit({
    quick: arg('--quick') >= 0,
    prebuiltOnly: arg('--prebuilt-only') >= 0,
    runs: at >= 0 ? Number(process.argv[at + 1]) : 1,
    log: (line) => console.log(line),
  });
  console.log(JSON.stringify(out.rows));
}

/**
 * `npm run bench [-- --quick]`: every benchmark in one run. Writes bench/results/bench.json (one
 * object: conditions + sections), bench/results/bench.svg (charts) and bench/results/bench.md
 * (the summary table, also printed). A benchmark, not a test: no number fails it; a section that
 * crashes is recorded in `errors`, the other sections still run, and the exit code is then 1.
 *
 * --quick (CI): 3,000 real vectors, sizes 10k and 50k, 50 queries, smaller encoder runs.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../test/paths.ts';
import { buildAll } from '../tools/build.ts';
import { buildBench } from './build.ts';
import { runBundleSizes } from './bundle.ts';
import { conditions, MODEL, type SectionConditions } from './conditions.ts';
import { runDemoVisit } from './demo-visit.ts';
import { runEncoderBench } from './encoder.ts';
import { runFirstVisit } from './first-visit.ts';
import { runIdb } from './idb.ts';
import { openIndexSession } from './index-session.ts';
import { runKeywordSearchBench } from './keyword-search.ts';
import { memorySection, runLatency } from './latency.ts';
import type { BenchReport, DemoRun } from './report.ts';
import { markdownSummary } from './report-md.ts';
import { svgReport } from './report-svg.ts';
import { steamVectors } from './steam-vectors.ts';
import { runTransfer } from './transfer.ts';
import { runWidgets } from './widgets.ts';
import { runWordOverlapBench } from './word-overlap.ts';

const quick = process.argv.includes('--quick');
const MODE = quick
  ? { realTexts: 3_000, queries: 50, sizes: [10_000, 50_000], warmup: 5, reloads: 3 }
  : { realTexts: Infinity, queries: 200, sizes: [10_000, 50_000, 100_000, 200_000], warmup: 10, reloads: 5 };
/** Noise norm 0.45 before renormalising: cos(copy, its real source) ~ 0.91. */
const NOISE = 0.45;

const started = performance.now();
const log = (line: string) => console.log(`[bench ${((performance.now() - started) / 1000).toFixed(0).padStart(4)} s] ${line}`);
const report: BenchReport = {
  benchmark: 'inpage-rec',
  quick,
  conditions: conditions({ model: MODEL, quick }),
  durationsS: {},
  loadAverage1m: {},
  errors: [],
  sections: {},
};

/** Runs one step, timing it; an exception becomes an entry in `errors` instead of ending the run. */
async function step<T>(name: string, fn: () => Promise<T>): Promise<T | undefined> {
  const t0 = performance.now();
  const load0 = loadavg()[0]!;
  log(`${name}... (load average ${load0.toFixed(2)})`);
  try {
    return await fn();
  } catch (err) {
    report.errors.push(`${name}: ${String((err as Error)?.stack ?? err)}`);
    log(`${name} FAILED: ${(err as Error)?.message ?? err}`);
    return undefined;
  } finally {
    report.durationsS[name] = Math.round((performance.now() - t0) / 100) / 10;
    report.loadAverage1m[name] = [Number(load0.toFixed(2)), Number(loadavg()[0]!.toFixed(2))];
  }
}

/** Runs a bench script in its own process (its own browser, server and memory) and reads its JSON result. */
async function childBench<T>(args: string[], result: string): Promise<T> {
  const code = await new Promise<number | null>((done) => {
    const child = spawn('npx', ['tsx', ...args], { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
    child.on('exit', done);
  });
  if (code !== 0) throw new Error(`${args[0]} exited with ${code}`);
  return JSON.parse(readFileSync(join(ROOT, 'bench', 'results', `${result}.json`), 'utf8')) as T;
}

await step('build', async () => {
  await buildAll();
  await buildBench();
});

await step('bundle', async () => {
  report.sections.bundle = {
    conditions: { runtime: 'vite build (tools/build.ts), minified, es2022', backend: 'node:zlib gzip level 9', threads: 'n/a' },
    ...runBundleSizes(),
  };
});

let chromium = 'unknown';
await step('encoder', async () => {
  const enc = await runEncoderBench({ quick, build: false });
  chromium = String(enc.conditions.chromium);
  report.sections.encoder = {
    conditions: {
      runtime: `Node ${process.version} and Chromium ${chromium} headless (worker)`,
      backend: 'onnxruntime-node CPU / onnxruntime-web WASM (per row)',
      threads: 'per row (backend.threads; 0 = ORT default pool)',
      model: 'use-lite-en (512-d), fp32 and q8',
    },
    results: enc.results,
  };
});

const vectors = await step('steam vectors', () => steamVectors(MODE.realTexts, log));

if (vectors) {
  const session = await step('browser session', () => openIndexSession(vectors.file));
  if (session) {
    chromium = session.browser.version();
    const total = Math.max(...MODE.sizes);
    const load = await step('prepare vectors', () =>
      session.call('load', {
        url: session.vectorsUrl,
        rows: vectors.rows,
        dims: vectors.dims,
        queries: MODE.queries,
        total,
        noise: NOISE,
        seed: 7,
      }),
    );
    if (load) {
      const worker: SectionConditions = {
        runtime: `Chromium ${chromium} headless, dedicated worker`,
        backend: 'src/vector-index (WASM SIMD kernels where the browser has them, else the JS twin)',
        threads: 1,
        crossOriginIsolated: load.crossOriginIsolated,
        model: `use-lite-en q8 vectors (${vectors.dims}-d)`,
        hardwareConcurrency: load.hardwareConcurrency,
        userAgent: load.userAgent,
      };
      log(
        `  ${load.realInIndex} real vectors in the index, ${load.queries} held-out real queries, ${load.perturbedCopies} perturbed copies (fetch ${Math.round(load.fetchMs)} ms, generate ${Math.round(load.generateMs)} ms)`,
      );
      await step('query latency + memory', async () => {
        const out = await runLatency(session, { sizes: MODE.sizes, warmup: MODE.warmup, load, log });
        report.errors.push(...out.errors.map((e) => `query latency: ${e}`));
        report.sections.queryLatency = {
          conditions: worker,
          data: {
            source: 'steam-games-catalog derived/items.jsonl `text`, embedded in Node (q8) via tools/embed-cache.ts',
            realVectorsEmbedded: vectors.rows,
            heldOutQueries: load.queries,
            realVectorsInIndex: load.realInIndex,
            perturbedCopies: load.perturbedCopies,
            perturbation: `copy i = normalize(real[i mod ${load.realInIndex}] + gaussian noise of norm ~${NOISE}), seeded; cos(copy, source) ~ 0.91`,
            embeddedFromCache: vectors.fromCache,
            embedMs: vectors.embedMs,
          },
          k: 10,
          sizes: MODE.sizes,
          rows: out.rows,
        };
        if (out.rows.length > 0) report.sections.memory = { conditions: worker, ...memorySection(out.baseline, out.rows) };
      });
      await step('indexeddb', async () => {
        const out = await runIdb(session, { sizes: MODE.sizes, dims: vectors.dims, log });
        report.errors.push(...out.errors.map((e) => `indexeddb: ${e}`));
        report.sections.indexedDB = {
          conditions: { ...worker, backend: 'IndexedDB via src/store (idb), 1,024 vectors per record, relaxed durability' },
          data: "the same prepared vectors as the latency section; hashes are 32 hex characters like the product's",
          rows: out.rows,
        };
      });
    }
    await session.close();
  }
}

await step('index kernels vs hnswlib-wasm and EdgeVec', async () => {
  // Its own page, workers and server (bench/index-kernels/README.md): a child process keeps its
  // memory measurements apart from this run's browser session.
  const args = ['bench/index-kernels/run.ts', ...(quick ? ['--quick'] : ['--sizes', '10000,100000,1000000'])];
  const result = await childBench<NonNullable<BenchReport['sections']['indexKernels']>>(args, 'index-kernels');
  report.sections.indexKernels = { conditions: result.conditions, rows: result.rows };
});

await step('word overlap (term index)', async () => {
  const result = runWordOverlapBench(quick, log);
  report.sections.wordOverlap = { conditions: result.conditions, rows: result.rows };
});

await step('keyword search', async () => {
  const result = runKeywordSearchBench(quick, log);
  report.sections.keywordSearch = { conditions: result.conditions, rows: result.rows };
});

await step('returning visit: IndexedDB to the first answer', async () => {
  // Its own browser and server, like the index bench; 100k is the size issue 14 sets the goal at.
  const args = ['bench/warm-start.ts', '--sizes', quick ? '10000' : '32135,100000', '--visits', quick ? '2' : '5'];
  if (quick) args.push('--real-texts', String(MODE.realTexts));
  const result = await childBench<NonNullable<BenchReport['sections']['warmStart']>>(args, 'warm-start');
  report.sections.warmStart = { conditions: result.conditions, rows: result.rows };
});

await step('first visit with and without prebuilt vectors', async () => {
  const out = await runFirstVisit({ quick, log });
  report.sections.firstVisit = {
    conditions: {
      runtime: `Chromium ${out.chromium} headless, fresh profile per visit, not cross-origin isolated (1 WASM thread)`,
      backend: 'prebuilt vectors from `inpage-rec build` (dist/cli.js) vs in-browser embedding',
      threads: 1,
      model: MODEL,
    },
    rows: out.rows,
    ...(out.cliBuild ? { cliBuild: out.cliBuild } : {}),
  };
});

await step('first visit on a phone', async () => {
  // Its own browser and server, like the warm-start bench. --quick: a 3,000-item slice, one visit each.
  const args = ['bench/phone-visit.ts', '--items', quick ? '3000' : '32135', '--runs', quick ? '1' : '3', '--real-texts', '3000'];
  const result = await childBench<NonNullable<BenchReport['sections']['phoneVisit']>>(args, 'phone-visit');
  report.sections.phoneVisit = { conditions: result.conditions, rows: result.rows };
});

await step('artifact size', async () => {
  // Node only: the Steam catalog's vectors (cached after the first run), written as the build writes
  // them; --quick: its first 3,000 items (a clean clone embeds them in ~40 s, 32k would take ~7 min).
  const args = ['bench/artifact-size.ts', '--dims', '128', ...(quick ? ['--items', '3000', '--queries', '200'] : [])];
  const result = await childBench<NonNullable<BenchReport['sections']['artifactSize']>>(args, 'artifact-size');
  report.sections.artifactSize = { conditions: result.conditions, rows: result.rows };
});

await step('inpage-rec build, cold', async () => {
  // Two cold builds (int8 and float activations); --quick: the first 2,000 Steam records.
  const args = ['bench/cli-build.ts', '--items', quick ? '2000' : '32135'];
  const result = await childBench<NonNullable<BenchReport['sections']['cliBuild']>>(args, 'cli-build');
  report.sections.cliBuild = { conditions: result.conditions, rows: result.rows };
});

await step('returning visit after a 1% edit', async () => {
  // Its own browser, server and `inpage-rec build` run; --quick: a 3,000-item slice.
  const args = ['bench/catalog-edit-visit.ts', '--items', quick ? '3000' : '32135', '--real-texts', '3000'];
  const result = await childBench<NonNullable<BenchReport['sections']['catalogEditVisit']>>(args, 'catalog-edit-visit');
  report.sections.catalogEditVisit = { conditions: result.conditions, rows: result.rows };
});

const runs: DemoRun[] = [];
for (const isolated of [true, false]) {
  const run = await step(`demo visit (${isolated ? 'isolated' : 'not isolated'})`, () =>
    runDemoVisit({ isolated, reloads: MODE.reloads, log }),
  );
  if (run) runs.push(run);
}
if (runs.length > 0) {
  report.sections.demoVisit = {
    conditions: {
      runtime: `Chromium ${runs[0]!.chromium} headless, dist/demo/ (659 items)`,
      backend: 'encoder per run (backend field); warm visits load no model',
      threads: 'per run',
      model: MODEL,
    },
    runs,
  };
}

await step('20 widgets: main-thread tasks', async () => {
  const w = await runWidgets({ rounds: quick ? 2 : 5, log });
  report.sections.widgets = {
    conditions: {
      runtime: `Chromium ${w.chromium} headless, e2e/pages/widget.html with the demo catalog and its prebuilt vectors`,
      backend: 'PerformanceObserver longtask (main thread), fresh context per round',
      threads: 'n/a',
    },
    ...w,
  };
});

await step('transfer', async () => {
  const t = await runTransfer({ log });
  report.sections.transfer = {
    conditions: {
      runtime: `Chromium ${t.chromium} headless, dist/demo/ first visit`,
      backend: 'tools/serve.ts (sirv), HTTP/1.1 on 127.0.0.1',
      threads: 'n/a',
    },
    ...t,
  };
});

report.conditions.chromium = chromium;
report.durationsS.total = Math.round((performance.now() - started) / 100) / 10;
const out = join(ROOT, 'bench', 'results');
mkdirSync(out, { recursive: true });
writeFileSync(join(out, 'bench.json'), JSON.stringify(report, null, 2));
writeFileSync(join(out, 'bench.svg'), svgReport(report));
const md = markdownSummary(report);
writeFileSync(join(out, 'bench.md'), md);
console.log(`\n${md}`);
log(`wrote bench/results/bench.json, bench.svg, bench.md in ${report.durationsS.total} s`);
if (report.errors.length > 0) {
  console.error(`${report.errors.length} error(s):\n${report.errors.join('\n')}`);
  process.exitCode = 1;
}

/**
 * Index kernels benchmark: our index kinds (WASM SIMD and JavaScript kernels) against
 * hnswlib-wasm and EdgeVec, in one headless Chromium page, one module worker per system, on the
 * same vectors: real Steam embeddings (the project's embedding cache) plus seeded perturbed
 * copies. Queries of the systems are interleaved round by round, so machine noise hits all alike;
 * speed is also reported as a ratio to our JavaScript path measured in the same run.
 *
 *   tsx bench/index-kernels/run.ts [--quick] [--sizes 10000,100000] [--peer-max 100000] [--rounds 2]
 *
 * Writes bench/results/index-kernels.json and prints a markdown table.
 */
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { build } from 'vite';
import { ROOT } from '../../test/paths.ts';
import { launchChromium } from '../../tools/browser.ts';
import { serve } from '../../tools/serve.ts';
import { writeResult } from '../results.ts';
import { steamVectors } from '../steam-vectors.ts';
import { indexKernelsChart } from './chart.ts';
import { attachHeaps, type Heaps } from './heap.ts';
import type { BuildResult, QueryResult, System } from './protocol.ts';
import { type Row, summarize, table } from './report.ts';

const argv = process.argv.slice(2);
const flag = (name: string, fallback: string) => (argv.includes(name) ? argv[argv.indexOf(name) + 1]! : fallback);
const QUICK = argv.includes('--quick');
const SIZES = flag('--sizes', QUICK ? '10000' : '10000,100000')
  .split(',')
  .map(Number);
const PEER_MAX = Number(flag('--peer-max', '100000'));
const ROUNDS = Number(flag('--rounds', QUICK ? '1' : '2'));
const QUERIES = QUICK ? 50 : 200;
const OUR_CONFIGS = ['flat', 'flat-js', 'binary', 'binary-js', 'binary-int8', 'binary-f32', 'int8-only', 'ivf-binary', 'ivf-binary-fast'];
/** At 1M: the kinds that fit the 700 MiB budget (float32 rows alone would be 2 GB). */
const LARGE_CONFIGS = ['binary', 'ivf-binary', 'ivf-binary-fast'];
const PEERS: Array<[System, string, number | undefined]> = [
  ['hnswlib', 'hnsw ef64', 64],
  ['hnswlib', 'hnsw ef128', 128],
  ['edgevec', 'edgevec', undefined],
];
const log = (line: string) => console.log(line);

const outDir = join(ROOT, '.cache', 'bench-index-kernels');
mkdirSync(outDir, { recursive: true });
await build({
  root: ROOT,
  configFile: false,
  logLevel: 'warn',
  publicDir: false,
  build: {
    outDir,
    emptyOutDir: false,
    minify: true,
    target: 'es2022',
    lib: { entry: join(ROOT, 'bench/index-kernels/worker.ts'), formats: ['es'], fileName: () => 'worker.js' },
    rollupOptions: { output: { codeSplitting: false } },
  },
});
copyFileSync(join(ROOT, 'bench/index-kernels/page.html'), join(outDir, 'index.html'));

const vectors = await steamVectors(QUICK ? 3000 : Infinity, log);
const server = await serve({ root: outDir, isolated: true, mounts: { '/bench-data/': dirname(vectors.file) } });
const browser = await launchChromium();
const page = await browser.newPage();
await page.goto(`${server.url}/index.html`);
const systems: System[] = ['ours', ...(SIZES.some((n) => n <= PEER_MAX) ? (['hnswlib', 'edgevec'] as const) : [])];
for (const s of systems) await page.evaluate((name) => (window as unknown as { benchSpawn: (s: string) => void }).benchSpawn(name), s);
const call = async <T>(system: System, command: string, args: unknown): Promise<T> => {
  const reply = (await page.evaluate(
    ([s, c, a]) => (window as unknown as { benchCall: (s: string, c: string, a: unknown) => Promise<unknown> }).benchCall(s, c, a),
    [system, command, args] as const,
  )) as { ok: boolean; result?: T; error?: string };
  if (!reply.ok) throw new Error(`${system} ${command}: ${reply.error}`);
  return reply.result as T;
};
for (const s of systems) await call(s, 'drop', {});
const heaps: Heaps = await attachHeaps(browser, systems);

const total = Math.max(...SIZES);
const loadArgs = {
  url: `${server.url}/bench-data/${basename(vectors.file)}`,
  rows: vectors.rows,
  dims: vectors.dims,
  queries: QUERIES,
  total,
  noise: 0.45,
  seed: 7,
};
let env: unknown;
for (const s of systems) env = await call(s, 'load', { ...loadArgs, total: s === 'ours' ? total : Math.min(total, PEER_MAX) });
log(`loaded ${total} rows in each worker (${JSON.stringify(env)})`);

const rows: Row[] = [];
const query = (system: System, ef?: number, filterEvery = 0) =>
  call<QueryResult>(system, 'query', { k: 10, warmup: 10, filterEvery, ...(ef ? { ef } : {}) });
for (const n of SIZES) {
  const peers = n <= PEER_MAX;
  const exact = await call<number[][]>('ours', 'exact', { n, k: 10, filterEvery: 0 });
  const exactFiltered = await call<number[][]>('ours', 'exact', { n, k: 10, filterEvery: 100 });
  const peerBuilds = new Map<System, BuildResult & { heapBytes: number }>();
  if (peers) {
    for (const system of ['hnswlib', 'edgevec'] as const) {
      await call(system, 'drop', {});
      const before = await heaps.measure(system);
      log(`  building ${system} at ${n}...`);
      const built = await call<BuildResult>(system, 'build', { config: system === 'hnswlib' ? 'hnsw' : 'edgevec', n });
      peerBuilds.set(system, { ...built, heapBytes: (await heaps.measure(system)) - before + built.wasmBytes });
      log(`  ${system} built in ${(built.addMs / 1000).toFixed(1)} s`);
    }
  }
  const peerTimes = new Map<string, QueryResult[]>();
  for (const config of n > 200_000 ? LARGE_CONFIGS : OUR_CONFIGS) {
    await call('ours', 'drop', {});
    const before = await heaps.measure('ours');
    const built = await call<BuildResult>('ours', 'build', { config, n });
    const heapBytes = (await heaps.measure('ours')) - before + built.wasmBytes;
    const runs: QueryResult[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      runs.push(await query('ours'));
      if (peers) for (const [system, name, ef] of PEERS) peerTimes.set(name, [...(peerTimes.get(name) ?? []), await query(system, ef)]);
    }
    const filtered = config === 'binary' || config === 'flat' ? await query('ours', undefined, 100) : undefined;
    rows.push(summarize({ system: 'ours', config, n, built, heapBytes, runs, exact, filtered, exactFiltered }));
    log(
      `  ${table([rows.at(-1)!])
        .split('\n')
        .at(-1)}`,
    );
  }
  for (const [system, name] of PEERS) {
    const runs = peerTimes.get(name);
    if (runs)
      rows.push(
        summarize({ system, config: name, n, built: peerBuilds.get(system)!, heapBytes: peerBuilds.get(system)!.heapBytes, runs, exact }),
      );
  }
}

const report = {
  date: new Date().toISOString(),
  conditions: {
    machine: 'shared 2-core machine (other jobs running: compare ratios, not absolute times)',
    browser: 'headless Debian Chromium, cross-origin isolated page, one module worker per system',
    vectors: `${vectors.rows - QUERIES} real Steam vectors (use-lite-en q8, 512-d) + seeded perturbed copies (noise 0.45, cos ~0.91); ${QUERIES} held-out real queries; k = 10`,
    recall: 'recall@10 against our exact float32 flat scan (f64 sums)',
    memory:
      "worker heap delta over CDP (JS heap + ArrayBuffers) after GC, index built minus before, plus the growth of the system's WASM memories (CDP does not count them)",
    rounds: ROUNDS,
  },
  env,
  rows,
};
writeResult('index-kernels', report);
writeFileSync(
  join(ROOT, 'bench', 'results', 'index-kernels.svg'),
  indexKernelsChart(rows, [report.conditions.machine, report.conditions.vectors]),
);
console.log(`\n${table(rows)}\n\nwrote bench/results/index-kernels.json and index-kernels.svg`);
await heaps.detach();
await browser.close();
await server.close();

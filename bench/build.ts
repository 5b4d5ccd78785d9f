/**
 * Builds the browser benchmark pages and workers into .cache/build/bench/, served at /bench/ beside
 * dist/ (whose model and ORT files the workers load). `npm run bench` calls it; so does the e2e
 * setup, for the WebGPU test that drives the encoder bench page.
 */
import { cpSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { BENCH_BUILD_DIR, ROOT } from '../test/paths.ts';
import { buildEntries } from '../tools/build.ts';

/** Rebuilds the bench workers, their page scripts and pages (a few seconds). */
export async function buildBench(): Promise<void> {
  rmSync(BENCH_BUILD_DIR, { recursive: true, force: true });
  mkdirSync(BENCH_BUILD_DIR, { recursive: true });
  await buildEntries(
    {
      'encoder-bench.worker': 'bench/browser/encoder-bench.worker.ts',
      'encoder-bench.page': 'bench/browser/encoder-bench.page.ts',
      'index-bench.worker': 'bench/browser/index-bench.worker.ts',
      'index-bench.page': 'bench/browser/index-bench.page.ts',
    },
    'es',
    { outDir: BENCH_BUILD_DIR },
  );
  cpSync(join(ROOT, 'bench', 'browser', 'pages'), BENCH_BUILD_DIR, { recursive: true });
}

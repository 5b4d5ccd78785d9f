/**
 * Encoder items/second for fp32 and int8 at batch sizes 1, 32 and 128, in Node (onnxruntime-node)
 * and in headless Chromium (onnxruntime-web WASM) with and without cross-origin isolation, on
 * Steam catalog texts. A benchmark, not a test: it never fails on a number.
 *
 *   npm run bench:encoder [-- --quick]   prints JSON and writes bench/results/encoder.json
 *   `runEncoderBench` is also the encoder section of `npm run bench`.
 */
import { cpus } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createEncoder } from '../src/encoder/index.ts';
import { BENCH_BUILD_DIR, MODELS_DIR, ROOT } from '../test/paths.ts';
import { launchChromium } from '../tools/browser.ts';
import { copyAssets } from '../tools/build.ts';
import { serve } from '../tools/serve.ts';
import { buildBench } from './build.ts';
import { conditions } from './conditions.ts';
import { writeResult } from './results.ts';
import { steamTexts } from './steam.ts';
import { timeEmbed } from './time-embed.ts';

const BATCHES = [1, 32, 128];
const DTYPES = ['fp32', 'q8'] as const;

/** Texts timed per batch size (batch 1 gets fewer: it is slow and its rate stabilises fast). */
function countsFor(quick: boolean): Record<number, number> {
  return quick ? { 1: 8, 32: 64, 128: 128 } : { 1: 64, 32: 512, 128: 1024 };
}

async function nodeRuns(texts: string[], counts: Record<number, number>) {
  const results = [];
  for (const dtype of DTYPES) {
    const encoder = await createEncoder({ modelBase: MODELS_DIR, dtype });
    await encoder.embed(texts.slice(0, 32), { batchSize: 32 });
    for (const batchSize of BATCHES) {
      const subset = texts.slice(0, counts[batchSize]);
      results.push({
        runtime: 'node',
        dtype,
        ...(await timeEmbed(encoder, subset, batchSize)),
        backend: encoder.backend,
      });
    }
    await encoder.dispose();
  }
  return results;
}

async function browserRuns(texts: string[], counts: Record<number, number>, isolated: boolean) {
  const server = await serve({ root: join(ROOT, 'dist'), isolated, mounts: { '/bench/': BENCH_BUILD_DIR } });
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    await page.goto(`${server.url}/bench/encoder.html`);
    const answer = (await page.evaluate(
      (req) => (window as unknown as { runEncoderBench: (r: unknown) => Promise<unknown> }).runEncoderBench(req),
      // Isolated: every core (what the `threads` option unlocks), not the default that leaves one to the page.
      { texts, dtypes: [...DTYPES], batchSizes: BATCHES, counts, ...(isolated ? { threads: cpus().length } : {}) },
    )) as { ok: boolean; error?: string; results?: Record<string, unknown>[]; crossOriginIsolated?: boolean; userAgent?: string };
    if (!answer.ok) throw new Error(`browser benchmark failed: ${answer.error}`);
    return {
      chromium: browser.version(),
      crossOriginIsolated: answer.crossOriginIsolated,
      results: answer.results!.map((r) => ({ runtime: isolated ? 'chromium-wasm-isolated' : 'chromium-wasm-not-isolated', ...r })),
    };
  } finally {
    await browser.close();
    await server.close();
  }
}

/** One encoder timing row: runtime, dtype, batch size, items/s and the backend that ran it. */
export interface EncoderResult extends Record<string, unknown> {
  runtime: string;
  dtype: string;
  batchSize: number;
  itemsPerSecond: number;
  backend: { device: string; threads: number; reason: string };
}

/** The encoder report: conditions plus one row per runtime x dtype x batch size. */
export interface EncoderReport {
  benchmark: 'encoder';
  conditions: Record<string, unknown>;
  results: EncoderResult[];
}

/**
 * Runs the encoder benchmark. `build: false` skips building the browser bench worker and copying
 * the model and ORT files into dist/ (the caller already did).
 */
export async function runEncoderBench(options: { quick: boolean; build?: boolean }): Promise<EncoderReport> {
  const counts = countsFor(options.quick);
  const texts = steamTexts(Math.max(...Object.values(counts)));
  if (options.build !== false) {
    await buildBench();
    copyAssets();
  }
  const node = await nodeRuns(texts, counts);
  const isolated = await browserRuns(texts, counts, true);
  const plain = await browserRuns(texts, counts, false);
  return {
    benchmark: 'encoder',
    conditions: conditions({
      model: 'use-lite-en (512-d)',
      texts: 'steam-games-catalog derived/items.jsonl `text` (mean ~254 chars)',
      quick: options.quick,
      chromium: isolated.chromium,
    }),
    results: [...node, ...isolated.results, ...plain.results] as EncoderResult[],
  };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const report = await runEncoderBench({ quick: process.argv.includes('--quick') });
  writeResult('encoder', report);
  console.log(JSON.stringify(report, null, 2));
}

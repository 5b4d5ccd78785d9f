/**
 * `npm run bench:encoder [-- --quick]`: encoder items/second for fp32 and int8 at batch sizes 1, 32
 * and 128, in Node (onnxruntime-node) and in headless Chromium (onnxruntime-web WASM) with and
 * without cross-origin isolation, on Steam catalog texts. Prints JSON and writes it to
 * bench/results/encoder.json. A benchmark, not a test: it never fails on a number.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createEncoder } from '../src/encoder/index.ts';
import { MODELS_DIR, ROOT } from '../test/paths.ts';
import { buildBench } from '../tools/build.ts';
import { launchChromium } from '../tools/browser.ts';
import { serve } from '../tools/serve.ts';
import { conditions } from './conditions.ts';
import { timeEmbed } from './time-embed.ts';
import { steamTexts } from './steam.ts';

const quick = process.argv.includes('--quick');
const BATCHES = [1, 32, 128];
const COUNTS: Record<number, number> = quick ? { 1: 16, 32: 128, 128: 256 } : { 1: 64, 32: 512, 128: 1024 };
const DTYPES = ['fp32', 'q8'] as const;

async function nodeRuns(texts: string[]) {
  const results = [];
  for (const dtype of DTYPES) {
    const encoder = await createEncoder({ modelBase: MODELS_DIR, dtype });
    await encoder.embed(texts.slice(0, 32), { batchSize: 32 });
    for (const batchSize of BATCHES) {
      const subset = texts.slice(0, COUNTS[batchSize]);
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

async function browserRuns(texts: string[], isolated: boolean) {
  const server = await serve({ root: join(ROOT, 'dist'), isolated });
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    await page.goto(`${server.url}/bench/encoder.html`);
    const answer = (await page.evaluate(
      (req) => (window as unknown as { runEncoderBench: (r: unknown) => Promise<unknown> }).runEncoderBench(req),
      { texts, dtypes: [...DTYPES], batchSizes: BATCHES, counts: COUNTS },
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

const texts = steamTexts(Math.max(...Object.values(COUNTS)));
await buildBench();
const node = await nodeRuns(texts);
const isolated = await browserRuns(texts, true);
const plain = await browserRuns(texts, false);
const report = {
  benchmark: 'encoder',
  conditions: conditions({ model: 'use-lite-en (512-d)', texts: 'steam-games-catalog derived/items.jsonl `text` (mean ~254 chars)', quick, chromium: isolated.chromium }),
  results: [...node, ...isolated.results, ...plain.results],
};
mkdirSync(join(ROOT, 'bench', 'results'), { recursive: true });
writeFileSync(join(ROOT, 'bench', 'results', 'encoder.json'), JSON.stringify(report, null, 2));
console.log(JSON.stringify(report, null, 2));

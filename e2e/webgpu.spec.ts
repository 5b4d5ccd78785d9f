/**
 * The WebGPU code path, for correctness only: here WebGPU exists only with --enable-unsafe-webgpu
 * and is SwiftShader on the CPU (a fallback adapter, ~100x slower than WASM for the model). The
 * library's worker imports the encoder module of the backend it chose (src/encoder/runtime-flavours.ts).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { launchChromium } from '../tools/browser.ts';
import { expect, test } from './fixtures.ts';

const REFERENCE = join(import.meta.dirname, '..', '..', 'shared', 'models', 'use-lite-en.reference.json');

type Answer = { ok: boolean; error?: string; results: { backend: { device: string; reason: string }; vectors: number[] }[] };

test.skip(!existsSync(REFERENCE), `reference embeddings absent (${REFERENCE})`);

test('auto avoids the fallback adapter; forced WebGPU matches the original model', async ({ server, guard }) => {
  const ref = (JSON.parse(readFileSync(REFERENCE, 'utf8')) as { items: { text: string; embedding: number[] }[] }).items.slice(0, 3);
  const browser = await launchChromium({ webgpu: true });
  try {
    const context = await browser.newContext();
    await guard(context);
    const page = await context.newPage();
    await page.goto(`${server.url}/bench/encoder.html`);
    expect(
      await page.evaluate(async () =>
        Boolean(await (navigator as unknown as { gpu?: { requestAdapter(): Promise<unknown> } }).gpu?.requestAdapter()),
      ),
    ).toBe(true);
    const run = (device: string) =>
      page.evaluate((req) => (window as unknown as { runEncoderBench: (r: unknown) => Promise<Answer> }).runEncoderBench(req), {
        texts: [],
        dtypes: ['fp32'],
        batchSizes: [],
        counts: {},
        device,
        embedTexts: ref.map((r) => r.text),
      });
    const auto = await run('auto');
    expect(auto.ok, auto.error).toBe(true);
    expect(auto.results[0]!.backend).toMatchObject({ device: 'wasm', reason: expect.stringContaining('fallback') });
    const gpu = await run('webgpu');
    expect(gpu.ok, gpu.error).toBe(true);
    expect(gpu.results[0]!.backend.device).toBe('webgpu');
    const v = gpu.results[0]!.vectors;
    ref.forEach((r, i) => {
      let dot = 0;
      for (let d = 0; d < 512; d++) dot += v[i * 512 + d]! * r.embedding[d]!;
      expect(dot, r.text).toBeGreaterThan(0.999);
    });
  } finally {
    await browser.close();
  }
});

test('the library on WebGPU imports the WebGPU-capable runtime; on WASM, the WASM-only one', async ({ server, guard }) => {
  test.setTimeout(240_000);
  const browser = await launchChromium({ webgpu: true });
  try {
    const visit = async (device: string) => {
      const context = await browser.newContext();
      await guard(context);
      const page = await context.newPage();
      const fetched: string[] = [];
      page.on('request', (r) => fetched.push(new URL(r.url()).pathname));
      await page.goto(`${server.url}/e2e/model-page.html?ns=runtime-${device}&items=3&device=${device}`);
      await page.waitForFunction(() => 'inpageRec' in window, null, { timeout: 60_000 });
      const status = await page.evaluate(async () => {
        const rec = (window as unknown as { inpageRec: { ready: Promise<unknown>; status(): Promise<unknown> } }).inpageRec;
        await rec.ready;
        return rec.status() as Promise<{ embedded: number; backend?: { device: string } }>;
      });
      await context.close();
      const runtime = fetched.filter((p) => p.startsWith('/ort/') || p.startsWith('/inpage-rec.encoder'));
      return { status, runtime: [...new Set(runtime)].sort() };
    };
    const gpu = await visit('webgpu');
    expect(gpu.status).toMatchObject({ embedded: 3, backend: { device: 'webgpu' } });
    expect(gpu.runtime).toEqual([
      '/inpage-rec.encoder-webgpu.js',
      '/ort/ort-wasm-simd-threaded.asyncify.mjs',
      '/ort/ort-wasm-simd-threaded.asyncify.wasm',
    ]);
    // auto: this machine's adapter is a CPU fallback, so the model runs on WASM.
    const wasm = await visit('auto');
    expect(wasm.status).toMatchObject({ embedded: 3, backend: { device: 'wasm' } });
    expect(wasm.runtime).toEqual(['/inpage-rec.encoder.js', '/ort/ort-wasm-simd-threaded.mjs', '/ort/ort-wasm-simd-threaded.wasm']);
  } finally {
    await browser.close();
  }
});

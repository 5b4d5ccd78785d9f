/**
 * The index runs on WASM SIMD kernels where the browser has them and on the JavaScript twin where
 * it does not: same catalog, same queries, identical rankings and scores either way. The int8 index
 * runs both kernels the browser path uses here (int8 code scan, float32 re-rank); the binary
 * Hamming kernel is checked against its JavaScript twin in Node (src/vector-index tests).
 */
import type { BrowserContext } from '@playwright/test';
import { expect, gotoApiPage, test } from './fixtures.ts';

async function rankings(context: BrowserContext, base: string, namespace: string) {
  const page = await context.newPage();
  await gotoApiPage(page, base);
  return page.evaluate(async (namespace) => {
    const lib = (window as unknown as { lib: { createRecommender(o: unknown): never } }).lib;
    const rec = lib.createRecommender({ catalog: '/e2e/catalog-small.json', namespace, index: 'int8' }) as {
      ready: Promise<{ indexKernels?: string }>;
      status(): Promise<{ indexKernels?: string; indexTrained?: boolean }>;
      similar(id: string, o: unknown): Promise<{ id: string; score: number }[]>;
    };
    await rec.ready;
    for (let i = 0; i < 100 && !(await rec.status()).indexTrained; i++) await new Promise((ok) => setTimeout(ok, 50));
    const status = await rec.status();
    const lists: string[] = [];
    for (const id of ['nw-0001', 'nw-0007', 'nw-0020', 'nw-0042']) {
      lists.push(JSON.stringify((await rec.similar(id, { k: 8 })).map((r) => [r.id, r.score])));
    }
    return { kernels: status.indexKernels, trained: status.indexTrained, lists };
  }, namespace);
}

test('WASM SIMD kernels and the JavaScript fallback rank identically in the browser', async ({ context, plainServer }) => {
  const wasm = await rankings(context, plainServer.url, 'kernels');
  expect(wasm).toMatchObject({ kernels: 'wasm-simd', trained: true });
  // A browser without WASM SIMD: the kernel module fails validation, the worker falls back to JS.
  await context.route('**/inpage-rec.worker.js', async (route) => {
    const response = await route.fetch();
    await route.fulfill({ response, body: `WebAssembly.validate = () => false;\n${await response.text()}` });
  });
  // Same namespace: the vectors (and the learnt index state) come from IndexedDB, so the model,
  // whose runtime needs WASM SIMD itself, is not loaded again.
  const js = await rankings(context, plainServer.url, 'kernels');
  expect(js).toMatchObject({ kernels: 'js', trained: true });
  expect(js.lists).toEqual(wasm.lists);
});

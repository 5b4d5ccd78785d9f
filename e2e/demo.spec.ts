/**
 * The demo shop end to end, in one browser context so IndexedDB carries over between steps:
 * first visit (progress, every mode, no long main-thread task), reload from IndexedDB, update.
 * `?embed`: the demo without its prebuilt vectors, so the browser embeds the catalog itself
 * (e2e/prebuilt.spec.ts covers the prebuilt path).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page } from '@playwright/test';
import { decodeArtifact, parseArtifactManifest } from '../src/artifact/index.ts';
import { expect, renderedTitles, status, test, waitReady } from './fixtures.ts';

test.describe.configure({ mode: 'serial' });

let context: BrowserContext;
let page: Page;

test.beforeAll(async ({ browser }) => {
  context = await browser.newContext();
});
test.afterAll(async () => {
  await context.close();
});

test('first visit embeds the catalog with visible progress, then every mode recommends', async ({ server, guard }) => {
  await guard(context);
  page = await context.newPage();
  // Record main-thread long tasks from the very start.
  await page.addInitScript(() => {
    const w = window as unknown as { __longTasks: { start: number; duration: number }[] };
    w.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.__longTasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  });
  await page.goto(`${server.url}/demo/?embed`);
  await page.waitForFunction(() => 'inpageRec' in window);
  const embedStart = await page.evaluate(
    () =>
      new Promise<number>((resolve) => {
        const rec = (window as unknown as { inpageRec: { on(t: string, l: (e: { done: number; total: number }) => void): void } })
          .inpageRec;
        rec.on('progress', (e) => e.done > 0 && e.done < e.total && resolve(performance.now()));
      }),
  );
  await expect(page.locator('#for-you .status')).toContainText(/Warming up: learning the catalog \(\d+ of 659\)/);
  await expect(page.locator('#for-you progress')).toBeVisible();
  const s = await waitReady(page);
  const readyAt = await page.evaluate(() => performance.now());
  expect(s).toMatchObject({ phase: 'ready', items: 659, indexed: 659, embedded: 659, fromCache: 0 });
  const longTasks = await page.evaluate(() => (window as unknown as { __longTasks: { start: number; duration: number }[] }).__longTasks);
  const during = longTasks.filter((t) => t.start >= embedStart && t.start <= readyAt);
  expect(during, `main-thread tasks over 50 ms while embedding (${readyAt - embedStart} ms)`).toEqual([]);

  // "For you" with no history: the catalog's own order, never empty.
  await expect(page.locator('#for-you li.item')).toHaveCount(8);
  // Search.
  await page.locator('#search-widget input[type=search]').fill('warm sleeping bag for winter camping');
  await page.locator('#search-widget button[type=submit]').click();
  await expect(page.locator('#search-widget li.item')).toHaveCount(8);
  const found = await renderedTitles(page, '#search-widget');
  expect(found.filter((t) => /bag|quilt|blanket/i.test(t)).length).toBeGreaterThanOrEqual(5);
  // Similar items on a product page, and "for you" reacting to the visit.
  await page.goto(`${server.url}/demo/product.html?id=nw-0317&embed`);
  await expect(page.locator('#similar li.item')).toHaveCount(8);
  const similar = await renderedTitles(page, '#similar');
  expect(similar.filter((t) => /headlamp|light/i.test(t)).length).toBeGreaterThanOrEqual(6);
  await expect(page.locator('#for-you .because').first()).toContainText('Because you viewed');
});

test('reload: ready from IndexedDB with zero encoder runs and no model download', async ({ server }) => {
  const modelHitsBefore = server.hits.get('/models/use-lite-en/onnx/model_quantized.onnx') ?? 0;
  await page.goto(`${server.url}/demo/?embed`);
  const s = await waitReady(page);
  expect(s).toMatchObject({ phase: 'ready', items: 659, indexed: 659, embedded: 0, fromCache: 659, encoderRuns: 0 });
  expect(server.hits.get('/models/use-lite-en/onnx/model_quantized.onnx') ?? 0).toBe(modelHitsBefore);
  await expect(page.locator('#for-you li.item')).toHaveCount(8);
});

test('update: 3 changed and 2 removed items re-embed exactly 3', async () => {
  const result = await page.evaluate(async () => {
    const rec = (window as unknown as { inpageRec: { update(c: unknown[]): Promise<unknown>; status(): Promise<{ embedded: number }> } })
      .inpageRec;
    const items = (await (await fetch('/demo/catalog.json')).json()) as { id: string; description: string }[];
    items[10]!.description += ' Now with a lifetime warranty.';
    items[20]!.description += ' Now in a recycled fabric.';
    items[30]!.description = 'A completely rewritten description of this product.';
    items.splice(40, 2);
    const before = (await rec.status()).embedded;
    const update = await rec.update(items);
    return { update, embeddedDelta: (await rec.status()).embedded - before };
  });
  expect(result.update).toMatchObject({ added: 0, changed: 3, removed: 2, unchanged: 654 });
  expect(result.embeddedDelta).toBe(3);
  expect(await status(page)).toMatchObject({ items: 657, indexed: 657 });
});

test('the browser (WASM, q8) and the build CLI embed the same texts to cosine >= 0.999, item by item', async () => {
  // What this browser embedded on the first visit, by content hash, read back from IndexedDB.
  const stored = await page.evaluate(
    () =>
      new Promise<{ hashes: string[]; vectors: number[] }>((ok, no) => {
        const req = indexedDB.open('inpage-rec:demo-embed');
        req.onerror = () => no(req.error);
        req.onsuccess = () => {
          const all = req.result.transaction('vectors').objectStore('vectors').getAll();
          all.onsuccess = () => {
            const chunks = all.result as { hashes: string[]; vectors: ArrayBuffer }[];
            req.result.close();
            ok({ hashes: chunks.flatMap((c) => c.hashes), vectors: chunks.flatMap((c) => [...new Float32Array(c.vectors)]) });
          };
        };
      }),
  );
  // What `inpage-rec build` (Node, onnxruntime-node, the same q8 weights run with int8 activations:
  // src/cli/int8-activations.ts) wrote for the demo.
  const dir = join(import.meta.dirname, '..', 'dist', 'demo', 'vectors');
  const manifest = parseArtifactManifest(JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')), 'manifest.json');
  const artifact = await decodeArtifact(
    manifest,
    new Map(manifest.files.map((f) => [f.name, new Uint8Array(readFileSync(join(dir, f.name)))])),
  );
  const position = new Map(artifact.hashes.map((h, i) => [h, i]));
  const cosines: number[] = [];
  stored.hashes.forEach((hash, row) => {
    const i = position.get(hash);
    if (i === undefined) return; // a text changed by the update test above
    const cli = artifact.vector(i);
    let dot = 0;
    for (let d = 0; d < 512; d++) dot += cli[d]! * stored.vectors[row * 512 + d]!;
    cosines.push(dot);
  });
  expect(cosines.length).toBeGreaterThanOrEqual(654);
  const worst = Math.min(...cosines);
  console.info(`CLI vs browser: ${cosines.length} items, worst cosine ${worst.toFixed(5)}`);
  expect(worst).toBeGreaterThanOrEqual(0.999);
});

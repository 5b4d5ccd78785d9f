/**
 * A big catalog's first search in the real browser: each page view's worker builds the keyword
 * index on its first search (~6-9 s at 100k items), so a search that can rank by vectors waits
 * `KEYWORD_WAIT_MS` at most, answers from vectors alone (marked `warming`; the real model, loaded
 * to embed the one item the artifact lacks, embeds the query), and the page hears `refresh` (`keywords`) once the index is built; the next search
 * is hybrid. The catalog is 40 numbered copies of the demo's 659 items (26,360), with vectors from
 * the demo's artifact (copies slightly tilted): its keyword index takes well over the wait to build.
 */
import { KEYWORD_WAIT_MS } from '../src/worker/ranking/keyword-wait.ts';
import { writeCopiesCatalog } from './copies-catalog.ts';
import { expect, gotoApiPage, test } from './fixtures.ts';

test("a big catalog's first search answers from vectors while the keyword index builds, then refresh makes it hybrid", async ({
  page,
  server,
  external,
}) => {
  test.setTimeout(180_000);
  // One item is left out of the artifact: the page embeds it, so the model is loaded by `ready`
  // and the first search does not wait for it (with it loading, the index may land first).
  const n = await writeCopiesCatalog('keyword-wait', 40, true);
  await gotoApiPage(page, server.url);
  const got = await page.evaluate(async () => {
    type Hit = { id: string; warming: boolean; item: { category: string } };
    type Rec = {
      ready: Promise<unknown>;
      on(type: string, listener: (e: { reason: string }) => void): void;
      search(q: string, o: { k: number }): Promise<Hit[]>;
    };
    const lib = (window as unknown as { lib: { createRecommender(o: unknown): Rec } }).lib;
    const rec = lib.createRecommender({
      catalog: '/e2e-app/keyword-wait/catalog.json',
      namespace: 'keyword-wait',
      vectors: '/e2e-app/keyword-wait/manifest.json',
    });
    const reasons: string[] = [];
    rec.on('refresh', (e) => reasons.push(e.reason));
    const { items, embedded } = (await rec.ready) as { items: number; embedded: number };
    const started = performance.now();
    const first = await rec.search('bicycle', { k: 5 });
    const firstMs = performance.now() - started;
    const heardBefore = reasons.includes('keywords');
    for (let i = 0; i < 1200 && !reasons.includes('keywords'); i++) await new Promise((ok) => setTimeout(ok, 50));
    const keywordsMs = performance.now() - started;
    const next = await rec.search('bicycle', { k: 5 });
    const after = await rec.search('sleeping bag', { k: 5 });
    return { items, embedded, first, firstMs, heardBefore, keywordsMs, reasons, next, after };
  });
  console.info(
    `${n} items: first search ${Math.round(got.firstMs)} ms (vectors alone), keyword index in at ${Math.round(got.keywordsMs)} ms`,
  );
  expect(got).toMatchObject({ items: n, embedded: 1 });
  // "bicycle" is no word of the catalog (it says "bike"): only the vectors find cycling gear.
  expect(got.first).toHaveLength(5);
  expect(got.first.every((h) => h.warming)).toBe(true);
  expect(got.first.filter((h) => h.item.category.startsWith('Cycling')).length).toBeGreaterThanOrEqual(3);
  expect(got.heardBefore).toBe(false);
  expect(got.reasons.filter((r) => r === 'keywords')).toHaveLength(1);
  expect(got.keywordsMs).toBeGreaterThan(KEYWORD_WAIT_MS);
  // Hybrid from then on.
  expect(got.next.every((h) => !h.warming)).toBe(true);
  expect(got.next.filter((h) => h.item.category.startsWith('Cycling')).length).toBeGreaterThanOrEqual(3);
  expect(got.after.every((h) => !h.warming)).toBe(true);
  expect(got.after[0]!.item.category).toMatch(/Sleeping Bags/);
  expect(external).toEqual([]);
});

/**
 * Hybrid search in the browser (src/recommend/hybrid.ts), on the demo's 659 items with the real
 * model: where some item has every word of the query, those items lead and the query's cosine
 * orders them (keyword weight .8: a sleeping bag that does not say "sleeping" may rise above the
 * kids' one that does); where none has ("bicycle" is nowhere in the catalog, which says "bike" and
 * "cycling"), the cosine weighs more: bikepacking bags rise above sleeping bags (measured here: 2
 * of keyword's top 5, 4 of hybrid's).
 */
import type { Page } from '@playwright/test';
import { expect, test, waitReady } from './fixtures.ts';

interface Hit {
  id: string;
  warming: boolean;
  item: { category: string; title: string };
}

/** Runs the page recommender's search for every query at once (one round trip). */
function searchAll(page: Page, queries: string[]): Promise<Hit[][]> {
  return page.evaluate(
    (qs) =>
      Promise.all(
        qs.map((q) =>
          (window as unknown as { inpageRec: { search(q: string, o: unknown): Promise<Hit[]> } }).inpageRec.search(q, { k: 10 }),
        ),
      ),
    queries,
  );
}

const ids = (hits: readonly Hit[]) => hits.map((h) => h.id);
const bikeBags = (hits: readonly Hit[]) => hits.filter((h) => h.item.category === 'Cycling > Bikepacking Bags').length;

test('hybrid search: full matches lead where an item has every query word, vectors decide where none has', async ({ page, server }) => {
  await page.goto(`${server.url}/demo/product.html?id=nw-0317`);
  await waitReady(page);
  // Before the model is loaded, search answers by keywords alone (marked warming): the reference lists.
  const [keywordFull, keywordPartial] = await searchAll(page, ['sleeping bag', 'bicycle bag']);
  expect([...keywordFull!, ...keywordPartial!].every((h) => h.warming)).toBe(true);
  await expect.poll(async () => (await searchAll(page, ['sleeping bag']))[0]!.every((h) => !h.warming), { timeout: 60_000 }).toBe(true);
  const [hybridFull, hybridPartial] = await searchAll(page, ['sleeping bag', 'bicycle bag']);
  expect(hybridFull!.every((h) => !h.warming)).toBe(true);
  // The full matches still lead: hybrid's first three are among keyword's first five, and its first
  // ten hold at least as many of the catalog's sleeping bags.
  const sleepingBags = (hits: readonly Hit[]) => hits.filter((h) => h.item.category === 'Sleeping > Sleeping Bags').length;
  expect(ids(keywordFull!.slice(0, 5))).toEqual(expect.arrayContaining(ids(hybridFull!.slice(0, 3))));
  expect(sleepingBags(hybridFull!)).toBeGreaterThanOrEqual(sleepingBags(keywordFull!));
  expect(ids(hybridPartial!)).not.toEqual(ids(keywordPartial!));
  expect(bikeBags(hybridPartial!.slice(0, 5))).toBeGreaterThan(bikeBags(keywordPartial!.slice(0, 5)));
});

/**
 * The search box prepares search: when the visitor focuses the search input of the element or the
 * React component, the worker builds the keyword index and loads the model (`prepareSearch()`),
 * so the query typed meanwhile is answered hybrid at once. A page whose search box is never
 * focused builds and loads nothing for it.
 */
import type { Page } from '@playwright/test';
import { writeCopiesCatalog } from './copies-catalog.ts';
import { expect, status, test, waitReady } from './fixtures.ts';
import { addWidget } from './widget-helpers.ts';

type Status = Awaited<ReturnType<typeof status>> & { keywordIndex?: { readyMs: number }; backend?: string };

const statusOf = (page: Page) => status(page) as Promise<Status>;

/** Waits (up to `ms`) until the page's recommender reports a keyword index; returns its status then. */
async function untilKeywordIndex(page: Page, ms: number): Promise<Status> {
  await expect.poll(async () => (await statusOf(page)).keywordIndex, { timeout: ms, intervals: [50] }).toBeDefined();
  return statusOf(page);
}

test('the element: focusing its search input builds the keyword index; an unfocused search box builds nothing', async ({
  page,
  server,
  external,
}) => {
  await page.goto(`${server.url}/e2e/widget.html`);
  await addWidget(page, { id: 's', mode: 'search', k: '4' });
  await waitReady(page);
  await page.waitForTimeout(500);
  expect((await statusOf(page)).keywordIndex).toBeUndefined();
  await page.locator('#s .search-input').focus();
  const prepared = await untilKeywordIndex(page, 10_000);
  expect(prepared.keywordIndex!.readyMs).toBeGreaterThan(0);
  await page.locator('#s .search-input').fill('tent');
  await page.locator('#s .search-input').press('Enter');
  await expect(page.locator('#s .title').first()).toBeVisible();
  expect(external).toEqual([]);
});

test('the React component: focusing its search input builds the keyword index', async ({ page, server, external }) => {
  await page.goto(`${server.url}/e2e/react.html?scenario=search`);
  await waitReady(page);
  await page.waitForTimeout(500);
  expect((await statusOf(page)).keywordIndex).toBeUndefined();
  await page.locator('.inpage-rec-search-input').focus();
  await untilKeywordIndex(page, 10_000);
  expect(external).toEqual([]);
});

test('a big catalog with prebuilt vectors: focus loads the model and builds the index, and the first query is hybrid at once', async ({
  page,
  server,
  external,
}) => {
  test.setTimeout(180_000);
  // The artifact covers every item: nothing loads the model until search needs it.
  const n = await writeCopiesCatalog('search-prepare', 40, false);
  const base = '/e2e-app/search-prepare';
  await page.goto(`${server.url}/e2e/widget.html?catalog=${base}/catalog.json&vectors=${base}/manifest.json`);
  await page.evaluate(() => {
    const w = window as unknown as { inpageRec: { on(t: string, l: (e: { reason: string }) => void): void }; __refresh: string[] };
    w.__refresh = [];
    w.inpageRec.on('refresh', (e) => w.__refresh.push(e.reason));
  });
  await addWidget(page, { id: 's', mode: 'search', k: '5' });
  const ready = (await waitReady(page)) as Status;
  expect(ready).toMatchObject({ items: n, embedded: 0, encoderRuns: 0 });
  expect(ready.backend).toBeUndefined(); // the model is not loaded
  expect(ready.keywordIndex).toBeUndefined();

  const focusedAt = await page.evaluate(() => performance.now());
  await page.locator('#s .search-input').focus();
  const prepared = await untilKeywordIndex(page, 60_000);
  await expect.poll(async () => (await statusOf(page)).backend, { timeout: 60_000 }).toBeDefined();
  const preparedAt = await page.evaluate(() => performance.now());

  await page.locator('#s .search-input').fill('bicycle');
  const askedAt = await page.evaluate(() => performance.now());
  await page.locator('#s .search-input').press('Enter');
  // The element renders `items` once the answer is in: five, none warming.
  await page.waitForFunction(() => (document.querySelector('#s') as unknown as { items: unknown[] }).items.length === 5);
  const answeredAt = await page.evaluate(() => performance.now());
  const got = await page.evaluate(() => ({
    items: (document.querySelector('#s') as unknown as { items: { warming: boolean; item: { category: string } }[] }).items,
    refresh: (window as unknown as { __refresh: string[] }).__refresh,
  }));
  console.info(
    `${n} items: focus to prepared ${Math.round(preparedAt - focusedAt)} ms (keyword index at ${prepared.keywordIndex!.readyMs} ms of the worker), ` +
      `then the first query answered in ${Math.round(answeredAt - askedAt)} ms`,
  );
  expect(got.items.every((h) => !h.warming)).toBe(true);
  // "bicycle" is no word of the catalog (it says "bike"): the vectors find cycling gear.
  expect(got.items.filter((h) => h.item.category.startsWith('Cycling')).length).toBeGreaterThanOrEqual(3);
  // Nothing answered before the index: no list had to be refreshed for keywords.
  expect(got.refresh).not.toContain('keywords');
  expect(external).toEqual([]);
});

/**
 * Layout on a phone (390 px wide) and without images: eight cards are two columns, not one tall
 * stack; the carousel is one row that scrolls sideways; the dismiss button never covers a title.
 */
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures.ts';
import { addWidget, textUnderDismiss } from './widget-helpers.ts';

const PHONE = { width: 390, height: 844 };

/** Box of the widget's list and the distinct card columns and rows. */
function grid(page: Page, widget: string) {
  return page.locator(`${widget} ul.list`).evaluate((ul) => {
    const cards = [...ul.children].map((li) => li.getBoundingClientRect());
    return {
      height: ul.getBoundingClientRect().height,
      width: ul.clientWidth,
      scrollWidth: ul.scrollWidth,
      columns: new Set(cards.map((r) => Math.round(r.left))).size,
      rows: new Set(cards.map((r) => Math.round(r.top))).size,
    };
  });
}

test('at 390 px eight cards take two columns (default) or one sideways row (carousel)', async ({ page, server }) => {
  await page.setViewportSize(PHONE);
  await page.goto(`${server.url}/e2e/widget.html`);
  await addWidget(page, { id: 'g', mode: 'for-you', k: '8' });
  await addWidget(page, { id: 'c', mode: 'for-you', k: '8', layout: 'carousel' });
  await expect(page.locator('#g li.item')).toHaveCount(8, { timeout: 60_000 });
  await expect(page.locator('#c li.item')).toHaveCount(8);
  const g = await grid(page, '#g');
  expect(g.columns).toBe(2);
  expect(g.rows).toBe(4);
  expect(g.height, 'eight cards at 390 px were ~1,300 px tall in one column').toBeLessThan(950);
  const c = await grid(page, '#c');
  expect(c.rows).toBe(1);
  expect(c.height).toBeLessThan(320);
  expect(c.scrollWidth).toBeGreaterThan(c.width * 2);
  // The page itself never scrolls sideways: only the carousel does.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
  // Keyboard: focusing the last card scrolls it into view inside the carousel.
  await page.locator('#c li.item').last().locator('a').focus();
  const last = await page
    .locator('#c li.item')
    .last()
    .evaluate((li) => {
      const r = li.getBoundingClientRect();
      const u = li.parentElement!.getBoundingClientRect();
      return r.left >= u.left - 1 && r.right <= u.right + 1;
    });
  expect(last).toBe(true);
});

test('the demo on a phone: no sideways page scroll; similar items in two columns', async ({ page, server }) => {
  await page.setViewportSize(PHONE);
  await page.goto(`${server.url}/demo/product.html?id=nw-0317`);
  await expect(page.locator('#similar li.item')).toHaveCount(8, { timeout: 60_000 });
  expect(await grid(page, '#similar')).toMatchObject({ columns: 2, rows: 4 });
  expect((await grid(page, '#for-you')).rows).toBe(1);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
});

for (const width of [390, 1200]) {
  test(`cards without images: the dismiss button sits beside the title, not on it (${width} px)`, async ({ page, server }) => {
    await page.setViewportSize({ width, height: 900 });
    await page.goto(`${server.url}/e2e/widget.html?catalog=noimage`);
    await addWidget(page, { id: 'n', mode: 'for-you', k: '6' });
    await expect(page.locator('#n li.item')).toHaveCount(6, { timeout: 60_000 });
    await expect(page.locator('#n img')).toHaveCount(0);
    expect(await textUnderDismiss(page.locator('#n li.item'), '.title, .price, .because')).toEqual([]);
  });
}

for (const width of [390, 1200]) {
  test(`custom cards (renderItem): the dismiss button never covers their content (${width} px)`, async ({ page, server }) => {
    await page.setViewportSize({ width, height: 900 });
    await page.goto(`${server.url}/e2e/widget.html`);
    await addWidget(page, { id: 'r', mode: 'for-you', k: '6' });
    // The README's React card, as the element's renderItem: the title alone, bold.
    await page.locator('#r').evaluate((widget) => {
      (widget as HTMLElement & { renderItem: (rec: { item: Record<string, unknown> }) => Node }).renderItem = (rec) =>
        Object.assign(document.createElement('strong'), { textContent: String(rec.item.title) });
    });
    await expect(page.locator('#r li.item strong')).toHaveCount(6, { timeout: 60_000 });
    expect(await textUnderDismiss(page.locator('#r li.item'), 'strong')).toEqual([]);
  });
}

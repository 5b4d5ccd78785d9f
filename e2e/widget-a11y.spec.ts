/**
 * axe-core (from node_modules, injected by the test: no CDN) finds no violation on the demo's home
 * and product pages and the React page, with the widgets showing results, a search done, and the
 * carousel layout in use.
 */
import { createRequire } from 'node:module';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures.ts';

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

interface AxeResult {
  violations: { id: string; impact: string; help: string; nodes: { target: unknown; failureSummary: string }[] }[];
}

async function axe(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: AXE });
  const result = await page.evaluate(() => (window as unknown as { axe: { run(): Promise<AxeResult> } }).axe.run());
  return result.violations.map(
    (v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => `${JSON.stringify(n.target)} ${n.failureSummary}`).join('; ')}`,
  );
}

test('axe: no violation on the demo home page, the product page and the React page', async ({ page, server }) => {
  await page.goto(`${server.url}/demo/`);
  await expect(page.locator('#for-you li.item')).toHaveCount(8, { timeout: 60_000 });
  await page.locator('#search-widget input[type=search]').fill('warm sleeping bag');
  await page.locator('#search-widget button[type=submit]').click();
  await expect(page.locator('#search-widget li.item')).toHaveCount(8);
  expect(await axe(page)).toEqual([]);

  await page.goto(`${server.url}/demo/product.html?id=nw-0317`);
  await expect(page.locator('#similar li.item')).toHaveCount(8, { timeout: 60_000 });
  await expect(page.locator('#for-you li.item')).toHaveCount(8);
  expect(await axe(page)).toEqual([]);

  await page.goto(`${server.url}/e2e/react.html?scenario=full`);
  await expect(page.locator('#react-similar li.inpage-rec-item')).toHaveCount(4, { timeout: 60_000 });
  await expect(page.locator('#react-for-you li.inpage-rec-item')).toHaveCount(4);
  expect(await axe(page)).toEqual([]);
});

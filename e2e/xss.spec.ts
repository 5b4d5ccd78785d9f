/** Hostile catalog data renders as text; no script runs; unsafe links are never rendered. */
import { expect, status, test, waitReady } from './fixtures.ts';

test('an HTML title renders as text and a javascript: URL is not a link', async ({ page, server }) => {
  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await page.goto(`${server.url}/e2e/xss.html`);
  await waitReady(page);
  const items = page.locator('#hostile li.item');
  await expect(items).toHaveCount(2);
  await expect(page.locator('#hostile li[data-id="nw-9005"] .title')).toHaveText('<img src=x onerror=alert(1)>');
  // No element was created from the title: the only images are the http(s) catalog images.
  const imgSources = await page.locator('#hostile img').evaluateAll((imgs) => imgs.map((i) => (i as HTMLImageElement).getAttribute('src')));
  expect(imgSources.every((s) => s !== null && /^http:\/\/127\.0\.0\.1:\d+\/demo\/img\//.test(s))).toBe(true);
  await expect(page.locator('#hostile li[data-id="nw-9006"] a')).toHaveCount(0);
  const hrefs = await page.locator('#hostile a').evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).href));
  expect(hrefs.every((h) => h.startsWith('http://127.0.0.1'))).toBe(true);
  expect(dialogs).toEqual([]);
  // The three unusable entries are skipped and the item with a string price is kept without it,
  // each reported by name and field; the 103 usable ones are all kept.
  const s = await status(page);
  const report = s.report as { valid: number; skipped: number; problems: { code: string; message: string }[] };
  expect(report.valid).toBe(103);
  expect(report.skipped).toBe(3);
  expect(report.problems.map((p) => p.code).sort()).toEqual(['ITEM_FIELD_TYPE', 'ITEM_ID_DUPLICATE', 'ITEM_ID_INVALID', 'ITEM_NOT_OBJECT']);
  expect(report.problems.find((p) => p.code === 'ITEM_FIELD_TYPE')!.message).toMatch(/nw-9004.*price/);
});

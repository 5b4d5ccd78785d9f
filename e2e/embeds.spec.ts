/** The script-tag embed and the React component each render recommendations on a plain page. */
import { expect, test, waitReady } from './fixtures.ts';

test('script-tag embed works without cross-origin isolation (single-threaded WASM)', async ({ page, plainServer }) => {
  await page.goto(`${plainServer.url}/e2e/script-embed.html`);
  const s = await waitReady(page);
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(false);
  expect(s).toMatchObject({ phase: 'ready', items: 60, indexed: 60 });
  expect((s.backend as { device: string; threads: number }).threads).toBe(1);
  await expect(page.locator('#similar li.item')).toHaveCount(4);
  await expect(page.locator('#similar li[data-id="nw-0001"]')).toHaveCount(0);
});

test('React component renders recommendations', async ({ page, server }) => {
  await page.goto(`${server.url}/e2e/react.html`);
  await waitReady(page);
  await expect(page.locator('section[data-inpage-rec="ready"] li')).toHaveCount(4);
  await expect(page.locator('section[data-inpage-rec="ready"] h2')).toHaveText('You may also like');
});

/**
 * Keyboard focus on the widget: every interactive part shows an unclipped focus outline (grid and
 * carousel, element and React), and a dismissal moves focus to the next card (else the previous,
 * else the heading), where it stays when the list refetches.
 */
import { expect, test, waitReady } from './fixtures.ts';
import { addWidget, focused, focusOutline, tabTo } from './widget-helpers.ts';

const KINDS = ['inpage-rec-card', 'inpage-rec-dismiss', 'inpage-rec-search-input', 'inpage-rec-search-button'];

/** Tabs through the page and returns the outline of the first control of each kind. */
async function outlines(page: import('@playwright/test').Page, kinds: string[]) {
  const seen = new Map<string, Awaited<ReturnType<typeof focusOutline>>>();
  for (let i = 0; i < 80 && seen.size < kinds.length; i++) {
    await page.keyboard.press('Tab');
    const o = await focusOutline(page);
    const kind = kinds.find((k) => o.cls.split(' ').includes(k));
    if (kind && !seen.has(kind)) seen.set(kind, o);
  }
  return seen;
}

function expectVisibleOutline(o: Awaited<ReturnType<typeof focusOutline>> | undefined, what: string): void {
  expect(o, `${what} was never focused`).toBeDefined();
  expect(o!.style, what).toBe('solid');
  expect(o!.width, what).toBeGreaterThanOrEqual(2);
  expect(o!.color, what).not.toMatch(/rgba\(0, 0, 0, 0\)|transparent/);
  expect(o!.clippedBy, `${what}: outline clipped`).toBeNull();
}

test('every interactive part shows an unclipped focus outline (grid, carousel, React)', async ({ page, server }) => {
  await page.goto(`${server.url}/demo/`);
  await expect(page.locator('#for-you li.item')).toHaveCount(8);
  await page.locator('#search-widget input[type=search]').fill('tent');
  await page.locator('#search-widget button[type=submit]').click();
  await expect(page.locator('#search-widget li.item')).toHaveCount(8);
  await page.locator('h1').click(); // start tabbing from the top; a click makes later focus keyboard focus
  const grid = await outlines(page, KINDS);
  for (const k of KINDS) expectVisibleOutline(grid.get(k), `grid ${k}`);

  // The carousel scrolls sideways: its outlines must fit inside the scroller.
  await page.goto(`${server.url}/demo/product.html?id=nw-0317`);
  await expect(page.locator('#for-you li.item')).toHaveCount(8);
  await page.locator('h1').click();
  await tabTo(page, (f) => f.widget === 'for-you');
  const carousel = await outlines(page, KINDS.slice(0, 2));
  expectVisibleOutline(await focusOutline(page), 'carousel card after scrolling');
  for (const k of KINDS.slice(0, 2)) expectVisibleOutline(carousel.get(k), `carousel ${k}`);

  await page.goto(`${server.url}/e2e/react.html`);
  await expect(page.locator('section[data-inpage-rec="ready"] li')).toHaveCount(4);
  const react = await outlines(page, KINDS.slice(0, 2));
  for (const k of KINDS.slice(0, 2)) expectVisibleOutline(react.get(k), `React ${k}`);
});

test('a dismissal moves focus to the next card and it stays there through the refetch', async ({ page, server }) => {
  await page.goto(`${server.url}/e2e/widget.html`);
  await waitReady(page);
  await addWidget(page, { id: 'fy', mode: 'for-you', k: '4' });
  await expect(page.locator('#fy li.item')).toHaveCount(4);
  const before = await page.locator('#fy li.item').evaluateAll((lis) => lis.map((li) => li.getAttribute('data-id')));
  await tabTo(page, (f) => f.cls.includes('inpage-rec-dismiss') && f.id === before[1]);
  await page.evaluate(() => {
    (window as unknown as { __renders: number }).__renders = 0;
    document.querySelector('#fy')!.addEventListener('inpage-rec:render', () => (window as unknown as { __renders: number }).__renders++);
  });
  await page.keyboard.press('Enter');
  // Focus is on the next card's link at once ...
  expect(await focused(page)).toMatchObject({ cls: expect.stringContaining('inpage-rec-card'), id: before[2] });
  const node = await page.evaluateHandle(() => document.querySelector('#fy')!.shadowRoot!.activeElement);
  // ... and after the refetch that the dismissal triggers (a new fourth card arrives), on the same node.
  await page.waitForFunction(() => (window as unknown as { __renders: number }).__renders > 0);
  await expect(page.locator('#fy li.item')).toHaveCount(4);
  const after = await page.locator('#fy li.item').evaluateAll((lis) => lis.map((li) => li.getAttribute('data-id')));
  expect(after).not.toContain(before[1]);
  expect(after.slice(0, 3)).toEqual([before[0], before[2], before[3]]);
  expect(await page.evaluate((n) => document.querySelector('#fy')!.shadowRoot!.activeElement === n, node)).toBe(true);

  // The last card: focus goes to the one before it.
  await tabTo(page, (f) => f.cls.includes('inpage-rec-dismiss') && f.id === after[3]);
  await page.keyboard.press('Enter');
  expect(await focused(page)).toMatchObject({ cls: expect.stringContaining('inpage-rec-card'), id: after[2] });

  // A list that runs out: focus goes to its heading.
  await addWidget(page, { id: 'pair', mode: 'for-you', k: '2', filter: JSON.stringify({ id: { in: ['nw-0030', 'nw-0031'] } }) });
  await expect(page.locator('#pair li.item')).toHaveCount(2);
  for (const id of ['nw-0030', 'nw-0031']) {
    await page.locator(`#pair li[data-id="${id}"] .dismiss`).focus();
    await page.keyboard.press('Enter');
  }
  await expect(page.locator('#pair li.item')).toHaveCount(0);
  expect(await focused(page)).toMatchObject({ tag: 'h2', widget: 'pair' });
  await expect(page.locator('#pair .empty')).toHaveText('Nothing to recommend yet.');
});

test('React: a dismissal moves focus to the next card and it stays there through the refetch', async ({ page, server }) => {
  await page.goto(`${server.url}/e2e/react.html?scenario=full`);
  await waitReady(page);
  const list = page.locator('#react-for-you li.inpage-rec-item');
  await expect(list).toHaveCount(4);
  // The page settles first: the similar list above records a view (trackView) and publishes what it
  // shows, and each makes "for you" refetch and reorder. A dismissal is judged against the list a
  // shopper would see, so wait until the similar list is there and "for you" stops changing.
  await expect(page.locator('#react-similar li.inpage-rec-item')).toHaveCount(4);
  const ids = () => list.evaluateAll((lis) => lis.map((li) => li.getAttribute('data-id')).join(' '));
  let seen = '';
  await expect
    .poll(
      async () => {
        const now = await ids();
        const same = now === seen;
        seen = now;
        return same;
      },
      { intervals: [750], timeout: 20_000 },
    )
    .toBe(true);
  await expect(list).toHaveCount(4);
  const before = await list.evaluateAll((lis) => lis.map((li) => li.getAttribute('data-id')));
  await page.locator(`#react-for-you li[data-id="${before[1]}"] .inpage-rec-dismiss`).focus();
  await page.keyboard.press('Enter');
  await expect(list).toHaveCount(4); // refilled by the refetch
  const after = await list.evaluateAll((lis) => lis.map((li) => li.getAttribute('data-id')));
  expect(after).not.toContain(before[1]);
  expect(await focused(page)).toMatchObject({ cls: 'inpage-rec-card', id: before[2] });
});

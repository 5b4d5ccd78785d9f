/**
 * What a page can do with the widget: analytics events (impression once per visible card, click,
 * dismiss), excluded ids, "for you" that does not repeat the page's similar items, translations,
 * currency and locale; and the React component's callbacks, strings and look (same as the element).
 */
import type { Page } from '@playwright/test';
import { expect, test, waitReady } from './fixtures.ts';
import { addWidget } from './widget-helpers.ts';

type Ev = { type: string; target?: string; list?: string; detail: { id: string; position: number; href?: string; mode: string } };
const events = (page: Page) => page.evaluate(() => (window as unknown as { __events: Ev[] }).__events);
const ids = (page: Page, widget: string, item = 'li.item') =>
  page.locator(`${widget} ${item}`).evaluateAll((lis) => lis.map((li) => li.getAttribute('data-id')!));

test('element: for-you leaves out the similar items, exclude-ids, impressions once, click and dismiss events', async ({ page, server }) => {
  await page.goto(`${server.url}/e2e/widget.html`);
  await waitReady(page);
  await addWidget(page, { id: 'sim', mode: 'similar', 'item-id': 'nw-0001', k: '4', 'track-view': '' });
  await addWidget(page, { id: 'fy', mode: 'for-you', k: '4' });
  await addWidget(page, { id: 'fy2', mode: 'for-you', k: '4', 'allow-repeats': '' });
  await expect(page.locator('#sim li.item')).toHaveCount(4);
  await expect(page.locator('#fy .because').first()).toContainText('Because you viewed');
  const similar = await ids(page, '#sim');
  await expect.poll(async () => (await ids(page, '#fy')).filter((id) => similar.includes(id))).toEqual([]);
  await expect(page.locator('#fy li.item')).toHaveCount(4);
  // Without the exclusion "for you" would repeat them: with one viewed item it ranks the same neighbours.
  await expect.poll(async () => (await ids(page, '#fy2')).filter((id) => similar.includes(id)).length).toBeGreaterThan(0);

  // allow-repeats: this list is about exclude-ids alone (by default a page never repeats an item
  // another widget shows, and #sim shows all four).
  await addWidget(page, {
    id: 'ex',
    mode: 'similar',
    'item-id': 'nw-0001',
    k: '4',
    'exclude-ids': JSON.stringify(similar.slice(0, 2)),
    'allow-repeats': '',
  });
  await expect(page.locator('#ex li.item')).toHaveCount(4);
  const excluded = await ids(page, '#ex');
  expect(excluded).not.toContain(similar[0]);
  expect(excluded).not.toContain(similar[1]);
  expect(excluded.slice(0, 2)).toEqual(similar.slice(2, 4));

  // Impressions: a list below the fold reports none until it is scrolled into view, then one per card.
  await page.evaluate(() => {
    const spacer = document.createElement('div');
    spacer.style.height = '3000px';
    document.querySelector('#slot')!.append(spacer);
  });
  await addWidget(page, { id: 'imp', mode: 'similar', 'item-id': 'nw-0010', k: '4' });
  await expect(page.locator('#imp li.item')).toHaveCount(4);
  await page.waitForTimeout(300);
  expect((await events(page)).filter((e) => e.type === 'impression' && e.target === 'imp')).toEqual([]);
  await page.locator('#imp').scrollIntoViewIfNeeded();
  const shown = await ids(page, '#imp');
  await expect
    .poll(async () =>
      (await events(page)).filter((e) => e.type === 'impression' && e.target === 'imp').map((e) => [e.detail.id, e.detail.position]),
    )
    .toEqual(shown.map((id, i) => [id, i]));
  await page.locator('#imp').evaluate((el) => (el as unknown as { refresh(): Promise<void> }).refresh());
  await page.mouse.wheel(0, -3000);
  await page.locator('#imp').scrollIntoViewIfNeeded();
  await page.waitForTimeout(300);
  expect((await events(page)).filter((e) => e.type === 'impression' && e.target === 'imp')).toHaveLength(4);

  // Click: a page that routes itself cancels the event; the click is still recorded, nothing navigates.
  const history = page.evaluate(
    () =>
      new Promise((ok) =>
        (window as unknown as { inpageRec: { on(t: string, l: (e: unknown) => void): void } }).inpageRec.on('history', (e) => ok(e)),
      ),
  );
  await page.evaluate(() =>
    document.querySelector('#imp')!.addEventListener('inpage-rec:click', (e) => e.preventDefault(), { once: true }),
  );
  const before = page.url();
  await page.locator('#imp li.item').nth(1).locator('a').click();
  expect(await history).toEqual({ type: 'click', itemId: shown[1] });
  expect(page.url()).toBe(before);
  const click = (await events(page)).find((e) => e.type === 'click')!;
  expect(click.detail).toMatchObject({
    id: shown[1],
    position: 1,
    mode: 'similar',
    href: `${server.url}/demo/product.html?id=${shown[1]}`,
  });

  // Dismiss: an event with the card, then the card is gone.
  await page.locator('#imp li.item').nth(2).locator('.dismiss').click();
  expect((await events(page)).find((e) => e.type === 'dismiss')!.detail).toMatchObject({ id: shown[2], position: 2 });
  expect(await ids(page, '#imp')).not.toContain(shown[2]);

  // An uncancelled click follows the link.
  await page.locator('#imp li.item').first().locator('a').click();
  await page.waitForURL(`**/demo/product.html?id=${shown[0]}`);
});

test('element: translations (attribute and property), currency and locale', async ({ page, server }) => {
  await page.goto(`${server.url}/e2e/widget.html`);
  const german = {
    'heading.similar': 'Ähnliche Artikel',
    'card.dismiss': '{title} ausblenden',
    'card.dismiss-tooltip': 'Ausblenden',
    'status.loading': 'Lädt…',
  };
  await addWidget(page, {
    id: 'de',
    mode: 'similar',
    'item-id': 'nw-0001',
    k: '2',
    currency: 'EUR',
    locale: 'de-DE',
    translations: JSON.stringify(german),
  });
  await addWidget(page, {
    id: 'search',
    mode: 'search',
    translations: JSON.stringify({
      'search.button': 'Suchen',
      'search.placeholder': 'Suche…',
      'search.label': 'Katalog durchsuchen',
      'empty.type-to-search': 'Bitte tippen.',
    }),
  });
  await expect(page.locator('#de li.item')).toHaveCount(2, { timeout: 60_000 });
  await expect(page.locator('#de h2')).toHaveText('Ähnliche Artikel');
  const title = await page.locator('#de li.item .title').first().textContent();
  await expect(page.locator('#de li.item .dismiss').first()).toHaveAttribute('aria-label', `${title} ausblenden`);
  await expect(page.locator('#de li.item .dismiss').first()).toHaveAttribute('title', 'Ausblenden');
  await expect(page.locator('#de li.item .price').first()).toHaveText(/^\d+,\d\d\s€$/);
  await expect(page.locator('#search button[type=submit]')).toHaveText('Suchen');
  await expect(page.locator('#search input[type=search]')).toHaveAttribute('placeholder', 'Suche…');
  await expect(page.locator('#search input[type=search]')).toHaveAttribute('aria-label', 'Katalog durchsuchen');
  await expect(page.locator('#search .empty')).toHaveText('Bitte tippen.');
  // The property merges over the attribute.
  await page.locator('#de').evaluate((el) => {
    (el as unknown as { translations: Record<string, string> }).translations = { 'heading.similar': 'Pareil' };
  });
  await expect(page.locator('#de h2')).toHaveText('Pareil');
  await expect(page.locator('#de li.item .dismiss').first()).toHaveAttribute('title', 'Ausblenden');
});

/** Computed styles that make the card's look. */
function look(page: Page, li: string) {
  return page
    .locator(li)
    .first()
    .evaluate((el) => {
      const pick = (n: Element | null, props: string[]) => {
        const s = n ? getComputedStyle(n) : undefined;
        return Object.fromEntries(props.map((p) => [p, s?.getPropertyValue(p)]));
      };
      return {
        card: pick(el, ['border-top-width', 'border-top-color', 'border-top-left-radius', 'background-color', 'display']),
        title: pick(el.querySelector('.inpage-rec-title'), ['font-weight', 'padding-left', 'font-size']),
        price: pick(el.querySelector('.inpage-rec-price'), ['color', 'font-weight']),
        image: pick(el.querySelector('.inpage-rec-image'), ['height', 'object-fit']),
        dismiss: pick(el.querySelector('.inpage-rec-dismiss'), ['width', 'height', 'border-top-left-radius', 'position']),
        list: pick(el.parentElement, ['display', 'column-gap']),
      };
    });
}

test('React: the element look, currency, translations, callbacks, and for-you without the similar items', async ({ page, server }) => {
  await page.goto(`${server.url}/e2e/widget.html`);
  await addWidget(page, { id: 'sim', mode: 'similar', 'item-id': 'nw-0001', k: '4' });
  await expect(page.locator('#sim li.item')).toHaveCount(4, { timeout: 60_000 });
  const elementLook = await look(page, '#sim li.item');

  await page.goto(`${server.url}/e2e/react.html?scenario=full`);
  await waitReady(page);
  const similar = page.locator('#react-similar li.inpage-rec-item');
  await expect(similar).toHaveCount(4);
  expect(await look(page, '#react-similar li.inpage-rec-item')).toEqual(elementLook);
  await expect(page.locator('#react-similar h2')).toHaveText('Ähnliche Artikel');
  await expect(similar.first().locator('.inpage-rec-price')).toHaveText(/^\d+,\d\d\s€$/);
  const title = await similar.first().locator('.inpage-rec-title').textContent();
  await expect(similar.first().locator('.inpage-rec-dismiss')).toHaveAttribute('aria-label', `${title} ausblenden`);

  const simIds = await ids(page, '#react-similar', 'li.inpage-rec-item');
  await expect(page.locator('#react-for-you li.inpage-rec-item')).toHaveCount(4);
  await expect.poll(async () => (await ids(page, '#react-for-you', 'li.inpage-rec-item')).filter((id) => simIds.includes(id))).toEqual([]);

  // Every card shown gets one impression (earlier warming-up cards had theirs), none twice.
  const impressed = async () => (await events(page)).filter((e) => e.type === 'impression' && e.list === 'similar').map((e) => e.detail.id);
  await expect
    .poll(async () => {
      const seen = await impressed();
      return simIds.filter((id) => !seen.includes(id));
    })
    .toEqual([]);
  expect(new Set(await impressed()).size).toBe((await impressed()).length);
  const before = page.url();
  await similar.nth(1).locator('a').click();
  expect(page.url()).toBe(before);
  expect((await events(page)).find((e) => e.type === 'click')!.detail).toMatchObject({ id: simIds[1], position: 1, mode: 'similar' });
  const forYou = await ids(page, '#react-for-you', 'li.inpage-rec-item');
  await page.locator(`#react-for-you li[data-id="${forYou[0]}"] .inpage-rec-dismiss`).click();
  expect((await events(page)).find((e) => e.type === 'dismiss')!.detail).toMatchObject({ id: forYou[0], position: 0, mode: 'for-you' });
  await expect(page.locator(`#react-for-you li[data-id="${forYou[0]}"]`)).toHaveCount(0);
});

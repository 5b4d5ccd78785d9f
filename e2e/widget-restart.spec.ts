/**
 * The widget through a worker's death (issue 29, point 1): "widgets say what happened". The engine's
 * worker closes itself while a widget shows its list; the widget tells the page (an
 * `inpage-rec:error` event with WORKER_FAILED) rather than waiting forever, and lists again, the
 * replacement worker's answer, once that worker is ready (from IndexedDB: nothing re-embedded).
 */
import { expect, test } from './fixtures.ts';
import { addWidget } from './widget-helpers.ts';

test('a widget whose worker dies says so, then lists again from the replacement worker', async ({ page, server }) => {
  test.setTimeout(120_000);
  await page.goto(`${server.url}/e2e/widget.html`);
  await page.waitForFunction(() => 'inpageRec' in window);
  await addWidget(page, { id: 'similar', mode: 'similar', 'item-id': 'nw-0001', k: '4' });
  const items = page.locator('#similar li.item');
  await expect(items).toHaveCount(4, { timeout: 60_000 });
  // Every vector stored first, so the replacement has all it needs in IndexedDB.
  await page.evaluate(() => (window as unknown as { inpageRec: { ready: Promise<unknown> } }).inpageRec.ready);

  const worker = page.workers().find((w) => w.url().endsWith('/inpage-rec.worker.js'))!;
  const closed = new Promise<void>((ok) => worker.once('close', () => ok()));
  void worker.evaluate('setTimeout(() => close(), 0)').catch(() => undefined);
  await closed;
  // The page hears it: an error event names the death, and the widget shows the list again once
  // the new worker answers (from this visit's IndexedDB, nothing re-embedded).
  await expect
    .poll(
      () =>
        page.evaluate(() =>
          (window as unknown as { __events: { type: string; target: string; detail: { code?: string } }[] }).__events.some(
            (e) => e.type === 'error' && e.target === 'similar' && e.detail.code === 'WORKER_FAILED',
          ),
        ),
      { timeout: 10_000 },
    )
    .toBe(true);
  await expect(items).toHaveCount(4, { timeout: 60_000 });
  await expect
    .poll(
      () =>
        page.evaluate(() =>
          (window as unknown as { inpageRec: { status(): Promise<{ phase: string; embedded: number }> } }).inpageRec.status(),
        ),
      {
        timeout: 60_000,
      },
    )
    .toMatchObject({ phase: 'ready', embedded: 0 });
  // The widget's list is the replacement worker's answer.
  const answer = await page.evaluate(async () =>
    (
      await (window as unknown as { inpageRec: { similar(id: string, o: { k: number }): Promise<{ id: string }[]> } }).inpageRec.similar(
        'nw-0001',
        { k: 4 },
      )
    ).map((r) => r.id),
  );
  expect(await items.evaluateAll((li) => li.map((l) => l.getAttribute('data-id')))).toEqual(answer);
});

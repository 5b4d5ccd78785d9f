/**
 * Prebuilt vectors in the browser: the demo's build runs `inpage-rec build` (tools/build.ts), so
 * dist/demo/vectors/ holds the artifact of the 659-item demo catalog.
 */
import { createHash } from 'node:crypto';
import type { BrowserContext, Page } from '@playwright/test';
import { loadsModel } from '../test/helpers/model-requests.ts';
import { expect, gotoApiPage, status, test, waitReady } from './fixtures.ts';
import { DEMO_MANIFEST as MANIFEST, serveVouchedCatalog } from './vouched-catalog.ts';

function apiPage(context: BrowserContext, base: string): Promise<Page> {
  return context.newPage().then((page) => gotoApiPage(page, base));
}

/** How many vectors the page's IndexedDB holds for `namespace` (every record's hashes). */
function storedVectorCount(page: Page, namespace: string): Promise<number> {
  return page.evaluate(
    (ns) =>
      new Promise<number>((ok, no) => {
        const req = indexedDB.open(`inpage-rec:${ns}`);
        req.onerror = () => no(req.error);
        req.onsuccess = () => {
          const all = req.result.transaction('vectors').objectStore('vectors').getAll();
          all.onsuccess = () => {
            ok((all.result as { hashes: string[] }[]).reduce((n, c) => n + c.hashes.length, 0));
            req.result.close();
          };
        };
      }),
    namespace,
  );
}

/**
 * Runs a recommender on `items` (the first `count` demo items, some edited) with the demo's
 * artifact; returns its ready status, error and warning events, and the vectors stored after ready.
 */
async function runWithArtifact(
  page: Page,
  namespace: string,
  edits: Record<number, string> = {},
  count = 60,
  extra: Record<string, unknown> = {},
) {
  const run = await page.evaluate(
    async ({ namespace, edits, count, manifest, extra }) => {
      const lib = (window as unknown as { lib: { createRecommender(o: unknown): never } }).lib;
      const items: { id: string; description: string }[] = ((await (await fetch('/demo/catalog.json')).json()) as never[]).slice(0, count);
      for (const [i, text] of Object.entries(edits)) items[Number(i)]!.description = text;
      const rec = lib.createRecommender({ catalog: items, namespace, vectors: manifest, ...extra }) as {
        ready: Promise<Record<string, unknown>>;
        on(t: string, l: (e: { code?: string; message?: string }) => void): void;
      };
      const events: { type: string; code?: string; message?: string }[] = [];
      for (const type of ['error', 'warning']) rec.on(type, (e) => events.push({ type, code: e.code, message: e.message }));
      const ready = await rec.ready;
      return { ready, events };
    },
    { namespace, edits, count, manifest: MANIFEST, extra },
  );
  return { ...run, stored: await storedVectorCount(page, namespace) };
}

test('first visit with prebuilt vectors: vector-ranked at first render, no model or runtime request until the first search', async ({
  page,
  server,
}) => {
  // Requests for the model, the runtime and the encoder module so far (the server is shared by every test of the run).
  const modelOrRuntime = () => [...server.hits].reduce((n, [p, hits]) => n + (loadsModel(p) ? hits : 0), 0);
  const before = modelOrRuntime();
  await page.goto(`${server.url}/demo/product.html?id=nw-0317`);
  await expect(page.locator('#similar li.item')).toHaveCount(8);
  const s = await waitReady(page);
  expect(s).toMatchObject({ phase: 'ready', items: 659, indexed: 659, fromArtifact: 659, embedded: 0, encoderRuns: 0 });
  // What the widget rendered first was already vector-ranked: nothing was ever marked warming.
  const similar = await page.locator('#similar').evaluate((el) => (el as unknown as { items: { warming: boolean }[] }).items);
  expect(similar.length).toBe(8);
  expect(similar.every((r) => !r.warming)).toBe(true);
  expect(modelOrRuntime()).toBe(before);
  // The first search answers lexically (marked) and loads the model; then searches are semantic.
  const first = await page.evaluate(() =>
    (window as unknown as { inpageRec: { search(q: string): Promise<{ warming: boolean }[]> } }).inpageRec.search('warm sleeping bag'),
  );
  expect(first.length).toBeGreaterThan(0);
  expect(first.every((r) => r.warming)).toBe(true);
  await expect
    .poll(() =>
      page.evaluate(() =>
        (window as unknown as { inpageRec: { search(q: string): Promise<{ warming: boolean }[]> } }).inpageRec
          .search('warm sleeping bag')
          .then((r) => r.length > 0 && r.every((x) => !x.warming)),
      ),
    )
    .toBe(true);
  expect(modelOrRuntime()).toBeGreaterThan(before);
  expect((await status(page)).encoderRuns).toBeGreaterThan(0);
});

test('"frequently bought together" on a product page comes from the site signals in the prebuilt vectors', async ({ page, server }) => {
  await page.goto(`${server.url}/demo/product.html?id=nw-0317`);
  await expect(page.locator('#complements li.item')).toHaveCount(4);
  await expect(page.locator('#complements h2')).toHaveText('Frequently bought together');
  const recs = await page
    .locator('#complements')
    .evaluate((el) => (el as unknown as { items: { basis?: string; item: { category: string } }[] }).items);
  // The demo's invented orders buy items of one department together, from other subcategories.
  const own = await page.evaluate(() =>
    (window as unknown as { inpageRec: { similar(id: string, o: unknown): Promise<unknown> } }).inpageRec
      .similar('nw-0317', { k: 1 })
      .then(() => fetch('/demo/catalog.json'))
      .then((r) => r.json())
      .then((items: { id: string; category: string }[]) => items.find((i) => i.id === 'nw-0317')!.category),
  );
  expect(recs.filter((r) => r.basis === 'signals').length).toBeGreaterThanOrEqual(2);
  for (const r of recs.filter((x) => x.basis === 'signals')) {
    expect(r.item.category.split(' > ')[0]).toBe(own.split(' > ')[0]);
    expect(r.item.category).not.toBe(own);
  }
});

test('a catalog with 3 items changed after the build embeds exactly those 3 in the browser', async ({ context, plainServer }) => {
  const page = await apiPage(context, plainServer.url);
  const r = await runWithArtifact(page, 'prebuilt-changed', {
    3: 'Rewritten after the build.',
    17: 'Also rewritten.',
    42: 'A third rewrite.',
  });
  expect(r.ready).toMatchObject({ phase: 'ready', items: 60, indexed: 60, fromArtifact: 57, embedded: 3 });
  expect(r.events).toEqual([]);
  expect(r.stored).toBe(60);
});

test('an artifact from another model: a warning, and the catalog is embedded as without one', async ({ context, plainServer }) => {
  await context.route(`**${MANIFEST}`, async (route) => {
    const response = await route.fetch();
    const manifest = await response.json();
    manifest.model.id = 'another-model';
    manifest.model.key = `another-model:${manifest.model.dims}:${manifest.model.dtype}`;
    await route.fulfill({ response, body: JSON.stringify(manifest) });
  });
  const page = await apiPage(context, plainServer.url);
  const r = await runWithArtifact(page, 'prebuilt-other-model', {}, 24);
  expect(r.ready).toMatchObject({ phase: 'ready', indexed: 24, fromArtifact: 0, embedded: 24 });
  expect(r.events).toEqual([
    expect.objectContaining({ type: 'warning', code: 'ARTIFACT_MISMATCH', message: expect.stringContaining('another-model') }),
  ]);
});

test('a pinned build (vectorsIntegrity): used when the manifest matches, refused with an error when it does not', async ({
  context,
  plainServer,
}) => {
  const manifestText = await (await fetch(`${plainServer.url}${MANIFEST}`)).text();
  const pin = `sha256-${createHash('sha256').update(manifestText).digest('base64')}`;
  const page = await apiPage(context, plainServer.url);
  const right = await runWithArtifact(page, 'prebuilt-pinned', {}, 24, { vectorsIntegrity: pin });
  expect(right.ready).toMatchObject({ phase: 'ready', fromArtifact: 24, embedded: 0 });
  expect(right.events).toEqual([]);
  // The same files under a pin of another build: nothing of them is used or stored.
  const other = `sha256-${createHash('sha256').update('another build').digest('base64')}`;
  const wrong = await runWithArtifact(page, 'prebuilt-pinned-other', {}, 24, { vectorsIntegrity: other });
  expect(wrong.ready).toMatchObject({ phase: 'ready', fromArtifact: 0, embedded: 24 });
  expect(wrong.events).toEqual([
    expect.objectContaining({ type: 'error', code: 'ARTIFACT_INVALID', message: expect.stringContaining(`the page pins ${other}`) }),
  ]);
  expect(wrong.stored).toBe(24);
});

for (const fault of ['truncated', 'corrupt'] as const) {
  test(`a ${fault} artifact file: an error event, the fallback, and nothing of it in IndexedDB`, async ({ context, plainServer }) => {
    await context.route('**/demo/vectors/vectors-*.bin', async (route) => {
      const response = await route.fetch();
      const body = Buffer.from(await response.body());
      if (fault === 'truncated') return route.fulfill({ response, body: body.subarray(0, body.length >> 1) });
      body[body.length - 100] = (body[body.length - 100] ?? 0) ^ 0xff;
      return route.fulfill({ response, body });
    });
    const page = await apiPage(context, plainServer.url);
    const r = await runWithArtifact(page, `prebuilt-${fault}`, {}, 24);
    expect(r.ready).toMatchObject({ phase: 'ready', indexed: 24, fromArtifact: 0, embedded: 24 });
    expect(r.events).toEqual([expect.objectContaining({ type: 'error', code: 'ARTIFACT_INVALID', message: expect.stringMatching(fault) })]);
    // Only the 24 vectors embedded in the browser are stored: none came from the bad artifact.
    expect(r.stored).toBe(24);
  });
}

test('catalog bytes the manifest vouches for: vector-ranked before the hashes are checked, and the check re-embeds exactly the 3 stale items', async ({
  context,
  plainServer,
}) => {
  // The page's catalog has 3 descriptions the artifact was not built from, yet the manifest records
  // its digest: what a builder whose text rule differed from this page's library would produce.
  // Trusted at first, the 3 stale vectors must be gone once the check has run.
  await serveVouchedCatalog(context, plainServer.url, (items) => {
    for (const i of [3, 17, 42]) items[i]!.description = `Rewritten after the build (${i}).`;
  });
  const page = await apiPage(context, plainServer.url);
  const r = await page.evaluate(async (manifest) => {
    const lib = (window as unknown as { lib: { createRecommender(o: unknown): never } }).lib;
    const rec = lib.createRecommender({ catalog: '/demo/catalog.json', namespace: 'prebuilt-trusted', vectors: manifest }) as {
      ready: Promise<Record<string, unknown>>;
      similar(id: string, o: unknown): Promise<{ warming: boolean }[]>;
      on(t: string, l: (e: unknown) => void): void;
    };
    const order: string[] = [];
    rec.on('report', () => order.push('report'));
    const first = await rec.similar('nw-0317', { k: 5 });
    order.push('first answer');
    const ready = await rec.ready;
    return { ready, order, firstWarming: first.some((x) => x.warming) };
  }, MANIFEST);
  const stored = await storedVectorCount(page, 'prebuilt-trusted');
  expect(r.firstWarming).toBe(false);
  expect(r.order).toEqual(['first answer', 'report']);
  // 659 adopted on trust; the 3 whose real hash differs were dropped and embedded in the browser.
  expect(r.ready).toMatchObject({ phase: 'ready', items: 659, indexed: 659, fromArtifact: 659, embedded: 3 });
  // The 3 stale vectors were stored under the artifact's hashes, then pruned: 659 remain, not 662.
  expect(stored).toBe(659);
});

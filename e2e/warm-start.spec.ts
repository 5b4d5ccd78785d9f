/**
 * A returning visit loads its index from the codes the previous visit saved (IndexedDB schema 2),
 * in the real browser, worker and IndexedDB: the first visit adopts prebuilt vectors, trains a
 * binary index after `ready` and saves its codes; the next visit ranks by vectors at once, with
 * no download and no training, exactly as before. The catalog is the demo's 659 items plus a
 * numbered copy of each (1,318: above the binary index's minimum training size of 1,000), with
 * vectors from the demo's artifact (copies slightly perturbed), written here by the library's own
 * artifact writer: no model runs.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { validateCatalog } from '../src/catalog/validate.ts';
import { E2E_BUILD_DIR, ROOT } from '../test/paths.ts';
import { demoArtifact } from './demo-artifact.ts';
import { expect, gotoApiPage, test } from './fixtures.ts';

type Item = { id: string; title: string } & Record<string, unknown>;

/** The 1,318-item catalog and its artifact under /e2e-app/warm-start/. */
async function prepare(): Promise<Item[]> {
  const demo = JSON.parse(readFileSync(join(ROOT, 'dist', 'demo', 'catalog.json'), 'utf8')) as Item[];
  const items = [...demo, ...demo.map((it) => ({ ...it, id: `${it.id}~2`, title: `${it.title} (second edition)` }))];
  const artifact = await demoArtifact();
  const { entries } = await validateCatalog(items, { modelKey: artifact.model.key });
  const coded = entries.map((e) => {
    const [base, copy] = e.key.split('~');
    // A copy's vector: its original's with a small deterministic tilt.
    return { key: e.key, hash: e.hash, ...artifact.vectorOf(base!, copy ? 0 : undefined) };
  });
  await artifact.write('warm-start', coded);
  return items;
}

interface Visit {
  status: Record<string, unknown> & { timings: { indexSavedMs?: number } };
  similar: string[];
  firstAnswerWarming: boolean;
}

/** One visit on the API page: a recommender on `items`, its first similar() answer, its status once the codes are saved (first visit). */
async function visit(page: Page, base: string, items: Item[], waitSaved: boolean): Promise<Visit> {
  await gotoApiPage(page, base);
  return page.evaluate(
    async ({ items, waitSaved }) => {
      type Rec = {
        ready: Promise<unknown>;
        similar(id: string, o: { k: number }): Promise<{ item: { id: string }; warming: boolean }[]>;
        status(): Promise<Visit['status']>;
      };
      const lib = (window as unknown as { lib: { createRecommender(o: unknown): Rec } }).lib;
      const rec = lib.createRecommender({
        catalog: items,
        namespace: 'warm-codes',
        vectors: '/e2e-app/warm-start/manifest.json',
        index: 'binary',
      });
      const first = await rec.similar('nw-0317', { k: 10 });
      await rec.ready;
      let status = await rec.status();
      for (let i = 0; waitSaved && status.timings.indexSavedMs === undefined && i < 600; i++) {
        await new Promise((ok) => setTimeout(ok, 50));
        status = await rec.status();
      }
      const similar = (await rec.similar('nw-0317', { k: 10 })).map((r) => r.item.id);
      return { status, similar, firstAnswerWarming: first.length === 0 || first.some((r) => r.warming) };
    },
    { items, waitSaved },
  );
}

/** Records of the page's IndexedDB store `name` in namespace `warm-codes`; `clear` empties it first. */
function countRecords(page: Page, name: string, clear = false): Promise<number> {
  return page.evaluate(
    ({ store, clear }) =>
      new Promise<number>((ok, no) => {
        const req = indexedDB.open('inpage-rec:warm-codes');
        req.onerror = () => no(req.error);
        req.onsuccess = () => {
          const os = req.result.transaction(store, 'readwrite').objectStore(store);
          if (clear) os.clear();
          const count = os.count();
          count.onsuccess = () => {
            ok(count.result);
            req.result.close();
          };
        };
      }),
    { store: name, clear },
  );
}

test('a returning visit ranks from the saved index codes: no download, no training, same answers', async ({ context, server }) => {
  mkdirSync(E2E_BUILD_DIR, { recursive: true });
  const items = await prepare();
  const artifactHits = (suffix: string) =>
    [...server.hits].reduce((n, [p, hits]) => n + (p.startsWith('/e2e-app/warm-start/') && p.endsWith(suffix) ? hits : 0), 0);

  const page = await context.newPage();
  const first = await visit(page, server.url, items, true);
  expect(first.status).toMatchObject({
    items: 1318,
    indexed: 1318,
    fromArtifact: 1318,
    embedded: 0,
    indexKind: 'binary',
    indexTrained: true,
  });
  expect(first.status.timings.indexSavedMs).toBeGreaterThan(0);
  expect(await countRecords(page, 'codes')).toBe(1);
  // Erase the float vectors: what the next visit ranks with can only come from the codes.
  expect(await countRecords(page, 'vectors', true)).toBe(0);
  await page.close();

  const binBefore = artifactHits('.bin');
  const manifestBefore = artifactHits('manifest.json');
  const again = await context.newPage();
  const second = await visit(again, server.url, items, false);
  // Vector-ranked from the first answer on, every vector from the saved codes, nothing trained or saved.
  expect(second.firstAnswerWarming).toBe(false);
  expect(second.status).toMatchObject({ fromCache: 1318, fromArtifact: 0, embedded: 0, indexKind: 'binary', indexTrained: true });
  expect(second.status.timings).toMatchObject({ trainMs: 0 });
  expect(second.status.timings.indexSavedMs).toBeUndefined();
  expect(second.similar).toEqual(first.similar);
  expect(second.similar).toHaveLength(10);
  // No artifact download; one manifest request, the background check that the saved site signals
  // are still the published ones (src/worker/prebuilt/published-signals.ts).
  expect(artifactHits('.bin')).toBe(binBefore);
  await expect.poll(() => artifactHits('manifest.json')).toBe(manifestBefore + 1);
  await again.close();
});

/**
 * Prebuilt vectors projected to fewer dimensions (`inpage-rec build --dims`, issue 30) in the
 * browser: the page reads the projection before it opens its store, adopts the artifact's 64-d
 * vectors, and projects what it embeds itself, an item added after the build and a search query,
 * into the same space (e2e/projected-artifact.ts makes the artifacts from the demo's vectors).
 */
import type { Page } from '@playwright/test';
import { expect, gotoApiPage, test } from './fixtures.ts';
import { E2E_DIMS, writeProjectedArtifacts } from './projected-artifact.ts';

/** Added after the build: a headlamp, which the page embeds and projects. */
const NEW_ITEM = 'nw-0317';

test.beforeAll(async () => {
  await writeProjectedArtifacts(NEW_ITEM);
});

type Hit = { id: string; score: number };
interface Visit {
  status: { modelKey: string; fromArtifact?: number; embedded: number; fromCache: number };
  similar: Hit[];
  search: Hit[];
  gibberish: Hit[];
}

/** The demo catalog with `artifact`'s vectors: similar to the new item, and two searches. */
function visit(page: Page, namespace: string, artifact: string): Promise<Visit> {
  return page.evaluate(
    async ({ namespace, artifact, item }) => {
      const lib = (window as unknown as { lib: { createRecommender(o: unknown): never } }).lib;
      const rec = lib.createRecommender({ catalog: '/demo/catalog.json', namespace, vectors: artifact }) as {
        ready: Promise<unknown>;
        similar(id: string, o: { k: number }): Promise<Hit[]>;
        search(q: string, o: { k: number }): Promise<Hit[]>;
        status(): Promise<Visit['status']>;
        destroy(): Promise<void>;
      };
      await rec.ready;
      const similar = await rec.similar(item, { k: 8 });
      const search = await rec.search('halo kids headlamp for the tent', { k: 8 });
      const gibberish = await rec.search('qwxz vbnm', { k: 8 });
      const status = await rec.status();
      await rec.destroy();
      return { status, similar, search, gibberish };
    },
    { namespace, artifact: `/e2e-app/${artifact}/manifest.json`, item: NEW_ITEM },
  );
}

test('projected vectors: the page projects a new item and a query into the build space', async ({ page, server }) => {
  const requests: string[] = [];
  page.on('request', (r) => requests.push(new URL(r.url()).pathname));
  await gotoApiPage(page, server.url);
  const placed = await visit(page, 'projected-new', 'projected-new');
  expect(placed.status.modelKey).toMatch(new RegExp(`^use-lite-en\\+p[0-9a-f]{16}:${E2E_DIMS}:q8$`));
  // 658 items from the artifact; the new one embedded here and projected.
  expect(placed.status).toMatchObject({ fromArtifact: 658, embedded: 1 });
  const built = await visit(page, 'projected-all', 'projected-all');
  expect(built.status).toMatchObject({ fromArtifact: 659, embedded: 0, modelKey: placed.status.modelKey });

  const ids = (hits: Hit[]) => hits.map((h) => h.id);
  console.log(`similar, placed by the page: ${ids(placed.similar).join(' ')}\nplaced by the build: ${ids(built.similar).join(' ')}`);
  // The page's projection is the build's: the same neighbours, the same scores up to the int8 codes.
  expect(ids(placed.similar).slice(0, 5)).toEqual(ids(built.similar).slice(0, 5));
  for (const hit of placed.similar.slice(0, 5)) {
    expect(Math.abs(hit.score - built.similar.find((b) => b.id === hit.id)!.score)).toBeLessThan(0.02);
  }
  // The query is projected too: the same answer in both, the new item first, and gibberish still
  // answers nothing (a projected query keeps its length, so the cut-off holds).
  console.log(`search, placed by the page: ${ids(placed.search).join(' ')}\nplaced by the build: ${ids(built.search).join(' ')}`);
  expect(placed.search[0]?.id).toBe(NEW_ITEM);
  // (Near-ties may swap: the new item's vector is the page's float one in one, an int8 code in the other.)
  expect(ids(placed.search).slice(0, 5).sort()).toEqual(ids(built.search).slice(0, 5).sort());
  expect(placed.gibberish).toEqual([]);
  expect(requests.filter((p) => p.includes('/projection-'))).toHaveLength(2);

  // A returning visit: the vectors come from IndexedDB, nothing is embedded again.
  const again = await visit(page, 'projected-new', 'projected-new');
  expect(again.status).toMatchObject({ embedded: 0, fromCache: 659, modelKey: placed.status.modelKey });
  expect(ids(again.similar).slice(0, 5)).toEqual(ids(placed.similar).slice(0, 5));
});

/**
 * A big artifact on a slow link (issue 30): the page fetches the artifact by sections, as byte
 * ranges, its head (keys, hashes, the sign bits of every vector, the index state) beside the rest,
 * and answers from the head, marked warming, while the rest is still on its way; the rest then
 * replaces the sign vectors in place (a `refresh` event) and only real vectors reach IndexedDB.
 * Here the rest's requests are held by a front server until the test lets them through.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { E2E_BUILD_DIR } from '../test/paths.ts';
import { writeCopiesCatalog } from './copies-catalog.ts';
import { expect, gotoApiPage, test } from './fixtures.ts';
import { startFront } from './model-server.ts';

type Rec = { id: string; warming: boolean; score: number };

test('the head ranks first, marked warming; the whole file replaces it in place and only real vectors are stored', async ({
  page,
  plainServer,
}) => {
  // 8 copies of the demo: 5,272 items, a 2.9 MB binary, over the size at which the head is used.
  const items = await writeCopiesCatalog('head', 8, false);
  const manifest = JSON.parse(readFileSync(join(E2E_BUILD_DIR, 'head', 'manifest.json'), 'utf8')) as {
    files: { name: string; bytes: number }[];
    sections: { name: string; offset: number }[];
  };
  expect(manifest.files[0]!.bytes).toBeGreaterThan(2 * 1024 * 1024);
  expect(manifest.sections.map((s) => s.name)).toContain('coarse');
  const binary = `/e2e-app/head/${manifest.files[0]!.name}`;
  let release = () => {};
  const gate = new Promise<void>((ok) => {
    release = ok;
  });
  // The head's sections are answered at once; the rest's ranges (and a whole-file request, which
  // should not come) wait for the gate, as on a slow link.
  const head = ['keys', 'hashes', 'coarse', 'index'].filter((name) => manifest.sections.some((s) => s.name === name));
  const nameAt = new Map(manifest.sections.map((s) => [s.offset, s.name]));
  const requested: string[] = [];
  const front = await startFront({
    upstream: plainServer.url,
    fault: async (path, _n, range) => {
      if (path !== binary) return undefined;
      const name = range ? (nameAt.get(Number(/^bytes=(\d+)-/.exec(range)?.[1])) ?? range) : 'whole';
      requested.push(name);
      if (!head.includes(name)) await gate;
      return undefined;
    },
  });
  try {
    await gotoApiPage(page, front.url);
    const early = (await page.evaluate(async () => {
      const lib = (window as unknown as { lib: { createRecommender(o: unknown): never } }).lib;
      const rec = lib.createRecommender({
        catalog: '/e2e-app/head/catalog.json',
        vectors: '/e2e-app/head/manifest.json',
        namespace: 'head',
      }) as {
        similar(id: string, o: unknown): Promise<unknown[]>;
        on(type: string, f: (e: { reason: string }) => void): void;
      };
      const w = window as unknown as { rec: unknown; refreshes: string[] };
      w.rec = rec;
      w.refreshes = [];
      rec.on('refresh', (e) => w.refreshes.push(e.reason));
      return rec.similar('nw-0317', { k: 8 });
    })) as Rec[];
    // Answered while the whole file is held: from the head's sign vectors, so marked warming.
    expect(early).toHaveLength(8);
    expect(early.every((r) => r.warming)).toBe(true);
    // One range per head section: keys, hashes, coarse, and the index state when the build wrote one.
    expect(head.length).toBeGreaterThanOrEqual(3);
    expect(requested.filter((r) => head.includes(r))).toEqual(head);
    expect(requested).not.toContain('whole');

    release();
    const ready = await page.evaluate(() => (window as unknown as { rec: { ready: Promise<unknown> } }).rec.ready);
    expect(ready).toMatchObject({ phase: 'ready', items, indexed: items, fromArtifact: items, embedded: 0 });
    // The final answer blends in word overlap, whose index a big catalog builds after `ready`
    // (the returning visit reads it back): wait for it to be stored, as the next visit will find it.
    await expect
      .poll(
        () =>
          page.evaluate(
            async () =>
              (await (window as unknown as { rec: { status(): Promise<{ wordIndex?: { savedMs?: number } }> } }).rec.status()).wordIndex
                ?.savedMs,
          ),
        { timeout: 60_000 },
      )
      .toBeGreaterThan(0);
    const late = (await page.evaluate(() =>
      (window as unknown as { rec: { similar(id: string, o: unknown): Promise<unknown[]> } }).rec.similar('nw-0317', { k: 8 }),
    )) as Rec[];
    expect(late).toHaveLength(8);
    expect(late.every((r) => !r.warming)).toBe(true);
    expect(await page.evaluate(() => (window as unknown as { refreshes: string[] }).refreshes)).toContain('vectors');
    // The sign vectors found neighbours the real ones agree with (the item's own copies lead both).
    const shared = early.filter((r) => late.some((l) => l.id === r.id)).length;
    expect(shared).toBeGreaterThanOrEqual(4);
    // Every section once, as a byte range: no byte fetched twice.
    expect([...requested].sort()).toEqual(manifest.sections.map((s) => s.name).sort());

    // A returning visit answers from IndexedDB exactly as the first visit did once ready: no sign
    // vector (nor index codes made from them) was stored.
    await page.evaluate(() => (window as unknown as { rec: { destroy(): Promise<void> } }).rec.destroy());
    const again = await gotoApiPage(await page.context().newPage(), front.url);
    const returning = (await again.evaluate(async () => {
      const lib = (window as unknown as { lib: { createRecommender(o: unknown): never } }).lib;
      const rec = lib.createRecommender({
        catalog: '/e2e-app/head/catalog.json',
        vectors: '/e2e-app/head/manifest.json',
        namespace: 'head',
      }) as {
        similar(id: string, o: unknown): Promise<unknown[]>;
        ready: Promise<{ fromCache: number }>;
      };
      const { fromCache } = await rec.ready;
      // Its stored word index is read after the first answers: compare once it is in, as above.
      const status = () => (rec as unknown as { status(): Promise<{ wordIndex?: unknown }> }).status();
      while (!(await status()).wordIndex) await new Promise((ok) => setTimeout(ok, 50));
      return { first: await rec.similar('nw-0317', { k: 8 }), fromCache };
    })) as { first: Rec[]; fromCache: number };
    expect(returning.fromCache).toBe(items);
    // The same items and the same scores: the stored vectors are the artifact's real ones.
    expect(returning.first.map((r) => [r.id, r.score])).toEqual(late.map((r) => [r.id, r.score]));
    expect(requested).toHaveLength(manifest.sections.length);
  } finally {
    await front.close();
  }
});

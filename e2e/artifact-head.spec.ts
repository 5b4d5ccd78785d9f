/**
 * A big artifact on a slow link (issue 30): the page fetches the artifact by sections, as byte
 * ranges, its head (keys, hashes, the sign bits of every vector, the index state) beside the rest,
 * and answers from the head, marked warming, while the rest is still on its way; the rest then
 * replaces the sign vectors in place (a `refresh` event) and only real vectors reach IndexedDB.
 * Here the rest's requests are held by a front server until the test lets them through.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { E2E_BUILD_DIR } from '../test/paths.ts';
import { writeCopiesCatalog } from './copies-catalog.ts';
import { expect, gotoApiPage, test } from './fixtures.ts';
import { startFront } from './model-server.ts';

type Rec = { id: string; warming: boolean; score: number };
/** The recommender the API page holds as `window.rec`, as these tests use it. */
type PageRec = {
  similar(id: string, o: unknown): Promise<Rec[]>;
  ready: Promise<{ fromCache: number } & Record<string, unknown>>;
  status(): Promise<{ wordIndex?: { savedMs?: number } }>;
  destroy(): Promise<void>;
  on(type: string, f: (e: { reason: string }) => void): void;
};

/**
 * Opens the API page at `base` with a recommender on the head catalog as `window.rec` (its refresh
 * reasons in `window.refreshes`) and returns its first similar() answer for the demo's first item.
 */
async function openRecommender(page: Page, base: string): Promise<Rec[]> {
  await gotoApiPage(page, base);
  return page.evaluate(() => {
    const w = window as unknown as { lib: { createRecommender(o: unknown): PageRec }; rec: PageRec; refreshes: string[] };
    w.refreshes = [];
    w.rec = w.lib.createRecommender({ catalog: '/e2e-app/head/catalog.json', vectors: '/e2e-app/head/manifest.json', namespace: 'head' });
    w.rec.on('refresh', (e) => w.refreshes.push(e.reason));
    return w.rec.similar('nw-0317', { k: 8 });
  });
}

/** Runs `f` on the page's recommender. */
function onRec<T>(page: Page, f: (rec: PageRec) => Promise<T> | T): Promise<T> {
  return page.evaluate(`(${f.toString()})(window.rec)`) as Promise<T>;
}

test('the head ranks first, marked warming; the rest replaces it in place and only real vectors are stored', async ({
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
  const head = ['keys', 'hashes', 'coarse', 'high', 'index'].filter((name) => manifest.sections.some((s) => s.name === name));
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
    const early = await openRecommender(page, front.url);
    // Answered while the rest is held: from the head's sign vectors, so marked warming.
    expect(early).toHaveLength(8);
    expect(early.every((r) => r.warming)).toBe(true);
    // One range per head section: keys, hashes, coarse and high bits, and the index state when the build wrote one.
    expect(head.length).toBeGreaterThanOrEqual(3);
    // `keys` alone first (its answer says whether the server serves ranges), then the others at once, the hashes last.
    const ranges = requested.filter((r) => head.includes(r));
    expect([...ranges].sort()).toEqual([...head].sort());
    expect(ranges[0]).toBe('keys');
    expect(ranges.at(-1)).toBe('hashes');
    expect(requested).not.toContain('whole');

    release();
    const ready = await onRec(page, (rec) => rec.ready);
    expect(ready).toMatchObject({ phase: 'ready', items, indexed: items, fromArtifact: items, embedded: 0 });
    // The final answer blends in word overlap, whose index a big catalog builds after `ready`
    // (the returning visit reads it back): wait for it to be stored, as the next visit will find it.
    await expect.poll(() => onRec(page, async (rec) => (await rec.status()).wordIndex?.savedMs), { timeout: 60_000 }).toBeGreaterThan(0);
    const late = await onRec(page, (rec) => rec.similar('nw-0317', { k: 8 }));
    expect(late).toHaveLength(8);
    expect(late.every((r) => !r.warming)).toBe(true);
    expect(await page.evaluate(() => (window as unknown as { refreshes: string[] }).refreshes)).toContain('vectors');
    // The sign vectors found neighbours the real ones agree with (the item's own copies lead both).
    // A copy ("nw-0199~5") is the same item as its source: the final list shows at most two of one
    // item's copies (src/recommend/similar-lines.ts) and which of the identical copies is arbitrary.
    const item = (id: string) => id.replace(/~\d+$/, '');
    expect(item(early[0]!.id)).toBe('nw-0317');
    expect(item(late[0]!.id)).toBe('nw-0317');
    const shared = early.filter((r) => late.some((l) => item(l.id) === item(r.id))).length;
    expect(shared).toBeGreaterThanOrEqual(4);
    // Every section once, as a byte range: no byte fetched twice.
    expect([...requested].sort()).toEqual(manifest.sections.map((s) => s.name).sort());

    // A returning visit answers from IndexedDB exactly as the first visit did once ready: no sign
    // vector (nor index codes made from them) was stored.
    await onRec(page, (rec) => rec.destroy());
    const again = await page.context().newPage();
    await openRecommender(again, front.url);
    const returning = await onRec(again, async (rec) => {
      const { fromCache } = await rec.ready;
      // Its stored word index is read after the first answers: compare once it is in, as above.
      while (!(await rec.status()).wordIndex) await new Promise((ok) => setTimeout(ok, 50));
      return { first: await rec.similar('nw-0317', { k: 8 }), fromCache };
    });
    expect(returning.fromCache).toBe(items);
    // The same items and the same scores: the stored vectors are the artifact's real ones.
    expect(returning.first.map((r) => [r.id, r.score])).toEqual(late.map((r) => [r.id, r.score]));
    expect(requested).toHaveLength(manifest.sections.length);
  } finally {
    await front.close();
  }
});

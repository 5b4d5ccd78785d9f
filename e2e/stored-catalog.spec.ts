/**
 * A first visit with prebuilt vectors stores its catalog while the trust check runs, then reads
 * items from IndexedDB's stored parts and lets the fetched body go (storage/stored-elements.ts,
 * storage/snapshot-amendment.ts). Checked in Chromium: the body is gone from the worker's heap and
 * is not read back later (the items' names stay in memory: catalog/name-column.ts), items still read
 * whole (with a faulty field still left out), "similar items" answer the same at `ready` and once
 * the visit has settled, and the next visit keeps the check's findings: the real hashes of 3 stale
 * items (nothing embedded again) and the left-out field, and leaves its items on disk too.
 */
import type { Browser, BrowserContext, Page } from '@playwright/test';
import { summarise } from '../bench/heap-snapshot.ts';
import { attachWorkerHeap } from '../bench/worker-heap.ts';
import { expect, gotoApiPage, test } from './fixtures.ts';
import { DEMO_MANIFEST as MANIFEST, serveVouchedCatalog } from './vouched-catalog.ts';

const STALE = [3, 17, 42];
const FAULTY = 8;

interface Visit {
  ready: Record<string, unknown>;
  /** The faulty item as search answers it, and every field of the first answers to "lamp". */
  faulty: Record<string, unknown> | undefined;
  lamps: unknown[];
  /** similar() for the first lamps, as soon as ready (before the names are collected). */
  similar: unknown[][];
  events: { type: string; code?: string }[];
}

/** similar() of `ids` in the page's recommender (`window.rec`), each item whole. */
function similarOf(page: Page, ids: readonly string[]): Promise<unknown[][]> {
  return page.evaluate(async (ids) => {
    const rec = (window as unknown as { rec: { similar(id: string, o: unknown): Promise<{ item: unknown }[]> } }).rec;
    const lists = [];
    for (const id of ids) lists.push((await rec.similar(id, { k: 8 })).map((r) => r.item));
    return lists;
  }, ids);
}

/** One visit: a recommender over the served catalog; its ready status and what it answers after. */
function visit(page: Page, faultyTitle: string): Promise<Visit> {
  return page.evaluate(
    async ({ manifest, faultyTitle }) => {
      const lib = (window as unknown as { lib: { createRecommender(o: unknown): never } }).lib;
      const rec = lib.createRecommender({ catalog: '/demo/catalog.json', namespace: 'stored-catalog', vectors: manifest }) as {
        ready: Promise<Record<string, unknown>>;
        search(q: string, o: unknown): Promise<{ id: string; item: Record<string, unknown> }[]>;
        similar(id: string, o: unknown): Promise<{ item: unknown }[]>;
        on(t: string, l: (e: { code?: string }) => void): void;
      };
      (window as unknown as { rec: unknown }).rec = rec;
      const events: { type: string; code?: string }[] = [];
      for (const type of ['error', 'warning']) rec.on(type, (e) => events.push({ type, code: e.code }));
      const ready = await rec.ready;
      const found = await rec.search(faultyTitle, { k: 20 });
      const lamps = await rec.search('lamp', { k: 8 });
      const similar = [];
      for (const lamp of lamps.slice(0, 3)) similar.push((await rec.similar(lamp.id, { k: 8 })).map((r) => r.item));
      return { ready, faulty: found.find((r) => r.item.title === faultyTitle)?.item, lamps: lamps.map((r) => r.item), similar, events };
    },
    { manifest: MANIFEST, faultyTitle },
  );
}

/** Serves the demo catalog with 3 descriptions changed after the build and one faulty price, vouched for by the manifest. */
async function editedCatalog(context: BrowserContext, base: string): Promise<{ title: string; bytes: number }> {
  const { items, body } = await serveVouchedCatalog(context, base, (items) => {
    for (const i of STALE) items[i]!.description = `Rewritten after the build (${i}).`;
    items[FAULTY]!.price = 'call us';
  });
  return { title: String(items[FAULTY]!.title), bytes: Buffer.byteLength(body) };
}

test('a first visit reads its items from the stored catalog once written, and the next visit keeps what the check found', async ({
  browser,
  context,
  plainServer,
}) => {
  const catalog = await editedCatalog(context, plainServer.url);
  const first = await gotoApiPage(await context.newPage(), plainServer.url);
  const one = await visit(first, catalog.title);
  // The 3 stale items were trusted, then found stale and embedded: the check ran.
  expect(one.ready).toMatchObject({ phase: 'ready', items: 659, fromArtifact: 659, embedded: 3 });
  expect(one.events).toEqual([]);
  // Read from the stored parts: whole items, and the faulty price still left out.
  expect(one.faulty).toBeDefined();
  expect(one.faulty).not.toHaveProperty('price');
  expect(one.lamps.length).toBeGreaterThan(0);

  // The body is no longer held where the catalog keeps it (`ByteItems.bytes`; a heap snapshot
  // collects garbage first, and field names survive minification), nor read back into memory later
  // (until stop 73 the parts were, 2 s after ready, as `StoredElements.held`).
  await first.waitForTimeout(3000);
  const held = await catalogSizedBuffers(browser, catalog.bytes);
  expect(held.filter((h) => /(^| )bytes</.test(h))).toEqual([]);
  // What may hold it is the reads' own bound of 2 whole parts (`StoredElements.kept`: the demo's
  // 659 items are one part of 1,000), never the catalog read back for good (`held`).
  expect(held.filter((h) => !/(^| )kept</.test(h))).toEqual([]);
  // similar() answers as it did at ready, with every item whole (product lines read the names the
  // check kept; the items shown are read from storage).
  const ids = one.lamps.slice(0, 3).map((item) => String((item as { id: string }).id));
  expect(await similarOf(first, ids)).toEqual(one.similar);
  expect(one.similar.flat().length).toBe(24);
  await first.close();

  // The next visit: the snapshot with the check's amendment, the same answers, nothing embedded again.
  const second = await gotoApiPage(await context.newPage(), plainServer.url);
  const two = await visit(second, catalog.title);
  expect(two.ready).toMatchObject({ phase: 'ready', items: 659, fromCache: 659, embedded: 0 });
  expect(two.events).toEqual([]);
  expect(two.faulty).toEqual(one.faulty);
  // Items read back whole on both visits (the order may differ: the model is not loaded yet here).
  const byId = new Map(one.lamps.map((item) => [(item as { id: string }).id, item]));
  const common = two.lamps.filter((item) => byId.has((item as { id: string }).id));
  expect(common.length).toBeGreaterThan(0);
  for (const item of common) expect(item).toEqual(byId.get((item as { id: string }).id));
  // Its items stayed in the stored parts on disk (the first visit stored every name beside them:
  // storage/disk-snapshot.ts): the parts are not read into memory and held, as they were until stop
  // 74 (a part's bytes held as `JsonItems.json`); only the reads' bound of 2 parts may be.
  expect(await similarOf(second, ids)).toEqual(one.similar);
  const returning = await catalogSizedBuffers(browser, catalog.bytes);
  expect(returning.filter((h) => !/(^| )kept</.test(h))).toEqual([]);
});

/**
 * Each ArrayBuffer the worker holds whose size is the catalog's (`bytes`, to the 0.01 MB a heap
 * snapshot's summary rounds to), as its views and the path that holds it.
 */
async function catalogSizedBuffers(browser: Browser, bytes: number): Promise<string[]> {
  const heap = await attachWorkerHeap(browser, 'inpage-rec.worker');
  const summary = summarise(await heap.snapshot(), 0, 64 * 1024);
  await heap.detach();
  // (Other buffers held as `bytes` are the site signals' sections.)
  const sized = summary.buffers.filter((b) => Math.abs(b.mb - bytes / 1048576) <= 0.005);
  return sized.map((b) => [...b.views, ...b.path].join(' ; '));
}

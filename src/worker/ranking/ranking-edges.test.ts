/**
 * Edge cases of the ranking router found in review, on the real EngineWithModes (fake-indexeddb, fake
 * encoder): lists fill to k past the default candidate count, signal neighbours no longer in the
 * catalog take no slot, the cut-off and diversity work together, and odd inputs give defined lists.
 */
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { engineConfig, fakeEngine } from '../../../test/helpers/fake-engine.ts';
import { exactSignals, type Interaction, SignalLookup } from '../../signals/index.ts';
import type { CatalogItem } from '../../types/index.ts';
import type { CatalogState } from '../catalog/catalog-state.ts';
import type { EngineWithModes } from '../engine.ts';

const MODEL = 'fake-model';

function catalog(n: number): CatalogItem[] {
  const kinds = ['tent', 'stove', 'lamp', 'boot'];
  return Array.from({ length: n }, (_, i) => {
    const kind = kinds[i % kinds.length]!;
    return { id: `p${i}`, title: `${kind} model ${i}`, category: kind, description: `a ${kind} for camping number ${i}` };
  });
}

async function start(items: CatalogItem[], factory = new IDBFactory()): Promise<{ engine: EngineWithModes; state: CatalogState }> {
  const { engine } = await fakeEngine(factory, MODEL, 16);
  await engine.init(engineConfig(MODEL, { catalog: items }), () => {});
  return { engine, state: engine.context!.state };
}

/** Gives the engine site signals built from `orders` over `ids` (which may name items the catalog lacks). */
function useSignals(engine: EngineWithModes, orders: Interaction[], ids: string[]): void {
  const lookup = new SignalLookup(exactSignals(orders, ids, { minSupport: 1 }).signals, ids);
  const { prebuilt } = engine.context!;
  Object.defineProperty(prebuilt, 'signals', { get: () => lookup });
}

/**
 * `count` catalog items that "similar" does not show for `key` (its default list): complements
 * never repeat those, so signal partners chosen here stay complements (issue 27).
 */
async function outsideSimilar(engine: EngineWithModes, key: string, items: CatalogItem[], count: number): Promise<string[]> {
  const shown = new Set((await engine.similar(key)).map((r) => String(r.id)));
  return items
    .map((c) => String(c.id))
    .filter((id) => id !== key && !shown.has(id))
    .slice(0, count);
}

/** Two-item orders: `anchor` with each of `partners` (each in `times` orders). */
function orders(anchor: string, partners: string[], times = 2): Interaction[] {
  return partners.flatMap((p, j) =>
    Array.from({ length: times }, (_, t) => [
      { session: `${p}-${j}-${t}`, item: anchor, ts: 1 },
      { session: `${p}-${j}-${t}`, item: p, ts: 2 },
    ]).flat(),
  );
}

describe('ranking edge cases', () => {
  it('fills k beyond the default 50 content candidates per anchor', async () => {
    const { engine } = await start(catalog(120));
    expect(await engine.similar('p0', { k: 100 })).toHaveLength(100);
    expect(await engine.similar('p0', { k: 100, diversity: 0.5 })).toHaveLength(100);
    expect(await engine.complements('p0', { k: 100 })).toHaveLength(100);
    await engine.track({ type: 'view', itemId: 'p0' });
    expect(await engine.forYou({ k: 100 })).toHaveLength(100);
  });

  it('gives no slot to signal neighbours that left the catalog', async () => {
    const { engine } = await start(catalog(40));
    const ids = [...catalog(40).map((c) => String(c.id)), 'gone1', 'gone2', 'gone3'];
    const [partner] = await outsideSimilar(engine, 'p0', catalog(40), 1);
    const logs = orders('p0', ['gone1', 'gone2', 'gone3', partner!], 3);
    // The gone items are also the most popular, so the popularity prior would propose them too.
    for (let i = 0; i < 20; i++) logs.push(...['gone1', 'gone2', 'gone3'].map((item) => ({ session: `pop${i}`, item })));
    useSignals(engine, logs, ids);
    const complements = await engine.complements('p0', { k: 4 });
    expect(complements.map((r) => [r.id, r.basis])).toEqual([
      [partner, 'signals'],
      [complements[1]!.id, 'content'],
      [complements[2]!.id, 'content'],
      [complements[3]!.id, 'content'],
    ]);
    expect(await engine.similar('p0', { k: 4 })).toHaveLength(4);
    await engine.track({ type: 'view', itemId: 'p0' });
    const forYou = await engine.forYou({ k: 4 });
    expect(forYou).toHaveLength(4);
    expect(forYou.map((r) => r.id)).not.toContain('gone1');
  });

  it('puts an item\'s "bought together" list first even before the item has a vector', async () => {
    const { engine, state } = await start(catalog(40));
    const [partner] = await outsideSimilar(engine, 'p0', catalog(40), 1);
    useSignals(
      engine,
      orders('p0', [partner!]),
      catalog(40).map((c) => String(c.id)),
    );
    expect((await engine.complements('p0', { k: 3 }))[0]).toMatchObject({ id: partner, basis: 'signals', warming: false });
    state.remove(['p0']); // p0 has no vector now, as a new item not yet embedded
    const list = await engine.complements('p0', { k: 3 });
    expect(list.map((r) => r.basis)).toEqual(['signals', 'content', 'content']);
    expect(list[0]).toMatchObject({ id: partner, warming: true });
  });

  it('keeps signal items under a cut-off and labels each item by where it came from', async () => {
    const items = catalog(30);
    items.push({ id: 'dup', title: 'tent model 0', category: 'tent', description: 'a tent for camping number 0' });
    const { engine } = await start(items);
    const partners = await outsideSimilar(engine, 'p0', items, 3);
    useSignals(
      engine,
      orders('p0', partners),
      items.map((c) => String(c.id)),
    );
    for (const minScore of [0, 0.995, 1]) {
      const list = await engine.complements('p0', { k: 5, minScore });
      expect(list.slice(0, 3).map((r) => [r.id, r.basis])).toEqual(expect.arrayContaining(partners.map((id) => [id, 'signals'])));
      for (const r of list.slice(3)) expect(r.basis).toBe('content');
      if (minScore === 0) expect(list).toHaveLength(5); // the fill-ins this check labels
    }
  });

  it("applies diversity to complements' content fill-ins", async () => {
    const { engine } = await start(catalog(40));
    const plain = (await engine.complements('p0', { k: 6 })).map((r) => r.id);
    const diverse = (await engine.complements('p0', { k: 6, diversity: 1 })).map((r) => r.id);
    expect(diverse).not.toEqual(plain);
    expect(diverse[0]).toBe(plain[0]); // MMR starts from the most relevant item
  });

  it('returns nothing for a query with no letter or digit', async () => {
    const { engine } = await start(catalog(40));
    for (const q of ['\u200b', '\u00ad', '...', ' - ', '\u0007']) expect(await engine.search(q, { k: 4 })).toEqual([]);
    expect((await engine.search('tent', { k: 4 })).length).toBe(4);
  });

  it('does not cut a search result that holds every query word', async () => {
    const items = catalog(40);
    items.push({ id: 'x1', title: 'zephyr', description: 'unique zephyr thing' });
    const { engine } = await start(items);
    await engine.search('zephyr', { k: 5 }); // loads the encoder
    expect((await engine.search('zephyr', { k: 5, minScore: 0.999 }))[0]?.id).toBe('x1');
  });

  it('does not mark a list warming when the whole history has left the catalog', async () => {
    const { engine } = await start(catalog(10));
    await engine.track({ type: 'view', itemId: 'gone-item' });
    const list = await engine.forYou({ k: 3 });
    expect(list).toHaveLength(3);
    expect(list.every((r) => !r.warming)).toBe(true);
  });

  it('keeps scores finite and small on a catalog of identical texts', async () => {
    const items = Array.from({ length: 10 }, (_, i) => ({ id: `p${i}`, title: 'same thing' }));
    const { engine } = await start(items);
    const list = await engine.similar('p0', { k: 5 });
    expect(list).toHaveLength(5);
    for (const r of list) expect(Math.abs(r.score)).toBeLessThan(100);
  });
});

describe('hybrid search with diversity', () => {
  it('weighs BM25-ordered hits and cosine fill-ins by rank, not one min-max scale over both', async () => {
    const items = catalog(40);
    items.push({ id: 'x1', title: 'zephyr', description: 'unique zephyr thing' });
    const { engine } = await start(items);
    await engine.search('zephyr', { k: 6 }); // loads the encoder
    const plain = await engine.search('zephyr', { k: 6 });
    const slight = await engine.search('zephyr', { k: 6, diversity: 0.2 });
    // One scale would put every fill-in (cosine ~0.67) at relevance ~0 next to the keyword hit's
    // BM25 ~24, so even a slight diversity would pull in the least similar items of the pool.
    expect(slight.slice(0, 2).map((r) => r.id)).toEqual(plain.slice(0, 2).map((r) => r.id));
    // Scores are fused now (keyword and cosine blended: search.ts), so judge by rank: every item a
    // slight diversity keeps is among the 8 most relevant, none from the far end of the pool.
    const best8 = new Set((await engine.search('zephyr', { k: 12 })).slice(0, 8).map((r) => r.id));
    expect(slight.every((r) => best8.has(r.id))).toBe(true);
  });
});

describe('dismissals', () => {
  /** Dismisses p0's top similar item, then records `views` views; returns the item. */
  async function dismissThenView(engine: EngineWithModes, views: number): Promise<string | number> {
    const target = (await engine.similar('p0', { k: 3 }))[0]!.id;
    await engine.track({ type: 'dismiss', itemId: target });
    for (let i = 0; i < views; i++) await engine.track({ type: 'view', itemId: `p${10 + (i % 2)}` });
    return target;
  }

  // 250: past the 200 events anchors come from; 1,000: past what the device keeps (dismissals trimmed last).
  it.each([250, 1000])('keeps a dismissed item hidden in the same tab after %i newer events', async (views) => {
    const { engine } = await start(catalog(40));
    const target = await dismissThenView(engine, views);
    expect((await engine.similar('p0', { k: 3 })).map((r) => r.id)).not.toContain(target);
  });

  it('keeps it hidden on the next visit too (read from the stored history)', async () => {
    const factory = new IDBFactory();
    const target = await dismissThenView((await start(catalog(40), factory)).engine, 250);
    const again = await start(catalog(40), factory);
    expect((await again.engine.similar('p0', { k: 3 })).map((r) => r.id)).not.toContain(target);
  });
});

/**
 * The engine in Node with its parts real and its outside world faked (test/helpers/engine-visit.ts):
 * first and second visits, catalog updates, pruning, index training, and the refresh events they
 * send. Each test opens a fresh IndexedDB factory; a "second visit" reuses it with a new engine.
 * Queries are in engine-queries.test.ts, failures in engine-failures.test.ts.
 */
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { catalog, DIMS, embeddedTexts, MODEL, until, visit, visitConfig } from '../../test/helpers/engine-visit.ts';
import { createFakeEncoder } from '../../test/helpers/fake-encoder.ts';
import type { EncoderOptions } from '../encoder/index.ts';
import { ErrorCodes } from '../errors.ts';
import { openStore } from '../storage/index.ts';
import type { CatalogItem } from '../types/index.ts';
import { createEngine } from './engine.ts';

/** A fresh IndexedDB whose store already holds two vectors of another model key. */
async function withOldModelVectors(): Promise<IDBFactory> {
  const factory = new IDBFactory();
  const seed = await openStore('shop', { indexedDB: factory });
  await seed.putVectors('old-model:16:q8', DIMS, ['a', 'b'], new Float32Array(2 * DIMS));
  seed.close();
  return factory;
}

describe('Engine', () => {
  it('first visit: embeds every item in batches, with progress, then ranks by vectors', async () => {
    const v = visit(new IDBFactory(), catalog());
    const status = await v.ready;
    expect(status).toMatchObject({ phase: 'ready', items: 40, indexed: 40, embedded: 40, fromCache: 0, modelKey: `${MODEL}:${DIMS}:q8` });
    // 5 batches of 8 (the fake encoder knows its dims without a probe run).
    expect(status.encoderRuns).toBe(5);
    const progress = v.events.filter((e) => e.type === 'progress').map((e) => (e.type === 'progress' ? e.done : -1));
    expect(progress).toEqual([0, 8, 16, 24, 32, 40]);
    const phases = v.events.filter((e) => e.type === 'phase').map((e) => (e.type === 'phase' ? e.phase : ''));
    expect(phases).toContain('embedding');
    expect(phases.at(-1)).toBe('ready');
    const similar = await v.engine.similar('p0', { k: 5 });
    expect(similar).toHaveLength(5);
    expect(similar.every((r) => r.item.category === 'tent' && !r.warming)).toBe(true);
  });

  it('second visit: ready from IndexedDB with zero encoder runs; the encoder is never created', async () => {
    const factory = new IDBFactory();
    await visit(factory, catalog()).ready;
    const again = visit(factory, catalog());
    const status = await again.ready;
    expect(status).toMatchObject({ phase: 'ready', items: 40, indexed: 40, embedded: 0, fromCache: 40, encoderRuns: 0 });
    expect(again.encoders).toHaveLength(0);
    expect(again.events.some((e) => e.type === 'phase' && e.phase === 'cached')).toBe(true);
  });

  it('second visit: vectors stored over several records reach the index record by record, same answers', async () => {
    const factory = new IDBFactory();
    // 1,500 items: two stored records. p2 has p1's content, so one stored row serves both.
    const items = catalog(1500);
    items[2] = { ...items[1]!, id: 'p2' };
    const first = visit(factory, items);
    await first.ready;
    const before = await first.engine.similar('p7', { k: 10 });
    await first.engine.destroy();
    const batches: number[] = [];
    const counting = (namespace: string) =>
      openStore(namespace, { indexedDB: factory }).then((s) => {
        const each = s.eachVectors.bind(s);
        const eachVectors: typeof s.eachVectors = (m, sink) =>
          each(m, (b) => {
            batches.push(b.hashes.length);
            sink(b);
          });
        return Object.assign(s, { eachVectors });
      });
    const again = visit(factory, items, {}, { openStore: counting });
    expect(await again.ready).toMatchObject({ items: 1500, indexed: 1500, fromCache: 1500, embedded: 0, encoderRuns: 0 });
    expect(batches).toEqual([1024, 1500 - 1024]); // p1 and p2 were embedded, and stored, apart
    expect(await again.engine.similar('p7', { k: 10 })).toEqual(before);
    expect((await again.engine.similar('p1', { k: 1 }))[0]).toMatchObject({ item: { id: 'p2' } });
  });

  it('update: 3 changed and 2 removed items re-embed exactly the 3, and the diff is reported', async () => {
    const v = visit(new IDBFactory(), catalog());
    await v.ready;
    const next = catalog();
    next[3]!.description = 'rewritten';
    next[4]!.title = 'renamed lamp';
    next[5]!.description = 'also rewritten';
    next.splice(10, 2);
    const before = embeddedTexts(v).length;
    const result = await v.engine.update(next);
    expect(result).toMatchObject({ added: 0, changed: 3, removed: 2, unchanged: 35 });
    expect(embeddedTexts(v).length - before).toBe(3);
    expect((await v.engine.status()).indexed).toBe(38);
    await expect(v.engine.similar('p10')).rejects.toMatchObject({ code: ErrorCodes.UNKNOWN_ITEM });
  });

  it('a renamed item (new id, same text) reuses its vector instead of embedding again', async () => {
    const v = visit(new IDBFactory(), catalog());
    await v.ready;
    const next = catalog();
    next[7] = { ...next[7]!, id: 'p7-new' };
    const before = embeddedTexts(v).length;
    const result = await v.engine.update(next);
    expect(result).toMatchObject({ added: 1, removed: 1 });
    expect(embeddedTexts(v).length - before).toBe(0);
    expect(await v.engine.similar('p7-new', { k: 3 })).toHaveLength(3);
  });

  it('prunes stale vectors of this model and every vector of other model keys', async () => {
    const factory = await withOldModelVectors();
    const v = visit(factory, catalog());
    await v.ready;
    const next = catalog(30);
    await v.engine.update(next);
    await v.engine.destroy();
    const store = await openStore('shop', { indexedDB: factory });
    expect(await store.listModelKeys()).toEqual([`${MODEL}:${DIMS}:q8`]);
    expect((await store.loadVectors(`${MODEL}:${DIMS}:q8`)).hashes).toHaveLength(30);
    store.close();
  });

  it('prunes only when something went stale: an unchanged returning visit reads no vector back', async () => {
    const factory = new IDBFactory();
    const prunes: number[] = [];
    const counting = (namespace: string) =>
      openStore(namespace, { indexedDB: factory }).then((s) => {
        const prune = s.pruneVectors.bind(s);
        const pruneVectors = (m: string, keep: ReadonlySet<string>) => {
          prunes.push(keep.size);
          return prune(m, keep);
        };
        return Object.assign(s, { pruneVectors });
      });
    const run = async (items: CatalogItem[]) => {
      const engine = createEngine({ openStore: counting, createEncoder: async (o: EncoderOptions) => createFakeEncoder(DIMS, o) });
      await engine.init({ ...visitConfig, catalog: items }, () => {});
      await engine.destroy();
    };
    await run(catalog());
    expect(prunes).toEqual([]); // the first visit into an empty store: it holds only what it wrote
    await run(catalog());
    expect(prunes).toEqual([]); // unchanged: skipped
    const edited = catalog().map((it, i) => (i === 3 ? { ...it, title: 'a brand new title' } : it));
    await run(edited);
    expect(prunes).toEqual([40]); // an item changed: its old vector is stale
    const store = await openStore('shop', { indexedDB: factory });
    expect((await store.loadVectors(`${MODEL}:${DIMS}:q8`)).hashes).toHaveLength(40);
    store.close();
  });

  it('prunes on a first visit into a store that already holds vectors: another model key goes', async () => {
    const factory = await withOldModelVectors();
    const v = visit(factory, catalog());
    await v.ready;
    await v.engine.destroy();
    const store = await openStore('shop', { indexedDB: factory });
    expect(await store.listModelKeys()).toEqual([`${MODEL}:${DIMS}:q8`]);
    store.close();
  });

  it('trains the index off the query path, persists what it learnt, and a second visit imports it instead of training', async () => {
    const factory = new IDBFactory();
    const v = visit(factory, catalog(), { index: 'int8' });
    expect((await v.ready).indexKind).toBe('int8');
    await until(async () => (await v.engine.status()).indexTrained === true);
    const first = await v.engine.status();
    expect(first.indexTrained).toBe(true);
    expect(first.timings.trainMs).toBeGreaterThan(0);
    await v.engine.destroy();
    const store = await openStore('shop', { indexedDB: factory });
    expect(await store.getSetting(`index-training:${MODEL}:${DIMS}:q8`)).toMatchObject({ kind: 'int8', dims: DIMS });
    store.close();
    const again = visit(factory, catalog(), { index: 'int8' });
    const second = await again.ready;
    expect(second).toMatchObject({ indexTrained: true, fromCache: 40 });
    expect(second.timings.trainMs).toBe(0);
  });

  it('tells the page once when vector ranking takes over mid-embedding, and after an update', async () => {
    const v = visit(new IDBFactory(), catalog());
    await v.ready;
    const order = v.events
      .map((e) => (e.type === 'progress' ? `progress ${e.done}` : e.type === 'refresh' ? `refresh ${e.reason}` : ''))
      .filter(Boolean);
    // 40 items in batches of 8: 24 embedded is the first batch at >= 50% coverage.
    expect(order).toEqual(['progress 0', 'progress 8', 'progress 16', 'refresh vectors', 'progress 24', 'progress 32', 'progress 40']);
    await v.engine.update(catalog(39));
    expect(v.events.at(-1)).toEqual({ type: 'refresh', reason: 'catalog' });
  });
});

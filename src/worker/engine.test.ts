/**
 * The engine in Node with its parts real and its outside world faked: the real storage code on
 * fake-indexeddb and a small deterministic encoder. Each test opens a fresh IndexedDB factory;
 * a "second visit" reuses the factory with a new engine, as a reload does.
 */
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it, vi } from 'vitest';
import { createFakeEncoder, type FakeEncoder } from '../../test/helpers/fake-encoder.ts';
import { engineConfig } from '../../test/helpers/fake-engine.ts';
import type { EncoderOptions } from '../encoder/index.ts';
import { ErrorCodes } from '../errors.ts';
import { KeywordIndex } from '../recommend/index.ts';
import { openStore } from '../storage/index.ts';
import type { CatalogItem, EngineStatus } from '../types/index.ts';
import { CatalogState } from './catalog/catalog-state.ts';
import type { EngineDeps } from './context.ts';
import { createEngine, type EngineWithModes } from './engine.ts';
import type { EngineConfig, EngineEvent } from './protocol.ts';

const DIMS = 16;
const MODEL = 'fake-model';

/** 40 items in 4 categories whose titles share words within a category. */
function catalog(n = 40): CatalogItem[] {
  const kinds = ['tent', 'stove', 'lamp', 'boot'];
  return Array.from({ length: n }, (_, i) => {
    const kind = kinds[i % kinds.length]!;
    return { id: `p${i}`, title: `${kind} model ${i}`, category: kind, description: `a ${kind} for camping number ${i}` };
  });
}

/** The engine config of every visit here, but its catalog. */
const visitConfig = engineConfig(MODEL);

interface Visit {
  engine: EngineWithModes;
  events: EngineEvent[];
  encoders: FakeEncoder[];
  ready: Promise<EngineStatus>;
}

function visit(factory: IDBFactory, items: unknown[], overrides: Partial<EngineConfig> = {}, deps: Partial<EngineDeps> = {}): Visit {
  const encoders: FakeEncoder[] = [];
  const events: EngineEvent[] = [];
  const engine = createEngine({
    openStore: (namespace) => openStore(namespace, { indexedDB: factory }),
    createEncoder: async (o: EncoderOptions) => {
      const e = createFakeEncoder(DIMS, o);
      encoders.push(e);
      return e;
    },
    ...deps,
  });
  const config: EngineConfig = { ...visitConfig, catalog: items, ...overrides };
  const ready = engine.init(config, (e) => events.push(e));
  return { engine, events, encoders, ready };
}

const until = async (check: () => Promise<boolean>) => {
  for (let i = 0; i < 200 && !(await check()); i++) await new Promise((ok) => setTimeout(ok, 10));
};

const embeddedTexts = (v: Visit) => v.encoders.flatMap((e) => e.texts);

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
    const factory = new IDBFactory();
    const seed = await openStore('shop', { indexedDB: factory });
    await seed.putVectors('old-model:16:q8', DIMS, ['a', 'b'], new Float32Array(2 * DIMS));
    seed.close();
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
    expect(prunes).toEqual([40]); // the first visit: whatever IndexedDB held before is unknown
    await run(catalog());
    expect(prunes).toEqual([40]); // unchanged: skipped
    const edited = catalog().map((it, i) => (i === 3 ? { ...it, title: 'a brand new title' } : it));
    await run(edited);
    expect(prunes).toEqual([40, 40]); // an item changed: its old vector is stale
    const store = await openStore('shop', { indexedDB: factory });
    expect((await store.loadVectors(`${MODEL}:${DIMS}:q8`)).hashes).toHaveLength(40);
    store.close();
  });

  it('answers lexically (warming) before half the catalog has vectors, and validates options on every path', async () => {
    const items = catalog();
    const factory = new IDBFactory();
    let release!: () => void;
    const gate = new Promise<void>((ok) => {
      release = ok;
    });
    const engine = createEngine({
      openStore: (namespace) => openStore(namespace, { indexedDB: factory }),
      createEncoder: async (o) => {
        const e = createFakeEncoder(DIMS, o);
        const embed = e.embed.bind(e);
        // Hold the first batch until the test has queried the warming engine.
        return Object.assign(e, { embed: async (t: readonly string[]) => (t[0] === 'dims probe' ? embed(t) : gate.then(() => embed(t))) });
      },
    });
    const ready = engine.init({ ...visitConfig, catalog: items }, () => undefined);
    const early = await engine.similar('p0', { k: 3 });
    expect(early).toHaveLength(3);
    expect(early.every((r) => r.warming)).toBe(true);
    await expect(engine.similar('p0', { k: -1 })).rejects.toMatchObject({ code: ErrorCodes.INVALID_OPTION });
    await expect(engine.forYou({ k: 1e9 })).rejects.toMatchObject({ code: ErrorCodes.INVALID_OPTION });
    await expect(engine.search('tent', { k: 2.5 })).rejects.toMatchObject({ code: ErrorCodes.INVALID_OPTION });
    await expect(engine.forYou({ k: '5' } as never)).rejects.toMatchObject({ code: ErrorCodes.INVALID_OPTION });
    await expect(engine.forYou({ kk: 5 } as never)).rejects.toThrow(/unknown option "kk"/);
    expect((await engine.status()).phase).not.toBe('ready');
    release();
    await ready;
    const late = await engine.similar('p0', { k: 3 });
    expect(late.every((r) => !r.warming)).toBe(true);
    await expect(engine.similar('p0', { k: 0 })).rejects.toMatchObject({ code: ErrorCodes.INVALID_OPTION });
  });

  it('history: "for you" follows tracked views, never repeats them, and forget() erases it', async () => {
    const v = visit(new IDBFactory(), catalog());
    await v.ready;
    await v.engine.track({ type: 'view', itemId: 'p1' });
    const recs = await v.engine.forYou({ k: 4 });
    expect(recs.map((r) => r.id)).not.toContain('p1');
    expect(recs.every((r) => r.item.category === 'stove' && r.because?.id === 'p1')).toBe(true);
    await expect(v.engine.track({ type: 'like' as never, itemId: 'p1' })).rejects.toMatchObject({ code: ErrorCodes.INVALID_OPTION });
    await v.engine.forget();
    const after = await v.engine.forYou({ k: 4 });
    expect(after.some((r) => r.because)).toBe(false);
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

  it('a catalog that cannot be read fails init with its code and an error event; status still answers', async () => {
    const v = visit(new IDBFactory(), 'http://127.0.0.1:9/missing.json' as never);
    await expect(v.ready).rejects.toMatchObject({ code: ErrorCodes.CATALOG_UNREADABLE });
    expect(v.events.some((e) => e.type === 'error' && e.code === ErrorCodes.CATALOG_UNREADABLE)).toBe(true);
    expect((await v.engine.status()).phase).toBe('failed');
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

  it('excludeIds leaves items out on the vector and the lexical path, still returning k', async () => {
    const v = visit(new IDBFactory(), catalog());
    await v.ready;
    const first = await v.engine.similar('p0', { k: 4 });
    const excludeIds = first.slice(0, 2).map((r) => r.id);
    const next = await v.engine.similar('p0', { k: 4, excludeIds });
    expect(next).toHaveLength(4);
    expect(next.map((r) => r.id)).not.toContain(excludeIds[0]);
    expect(next.map((r) => r.id)).not.toContain(excludeIds[1]);
    const forYou = await v.engine.forYou({ k: 5, excludeIds: ['p0', 'p1'] });
    expect(forYou.map((r) => r.id)).toEqual(['p2', 'p3', 'p4', 'p5', 'p6']);
    await expect(v.engine.forYou({ excludeIds: 'p0' as never })).rejects.toMatchObject({ code: ErrorCodes.INVALID_OPTION });
  });

  it('forYou without history is the catalog order, and never builds the keyword index for it', async () => {
    const v = visit(new IDBFactory(), catalog());
    await v.ready;
    const keyword = vi.spyOn(CatalogState.prototype, 'keyword', 'get');
    try {
      const recs = await v.engine.forYou({ k: 3, excludeIds: ['p1'] });
      expect(recs.map((r) => r.id)).toEqual(['p0', 'p2', 'p3']);
      expect(keyword).not.toHaveBeenCalled();
      // With an anchor, the keyword fallback or the vectors answer as before.
      await v.engine.track({ type: 'view', itemId: 'p5' });
      expect((await v.engine.forYou({ k: 3 }))[0]?.because?.id).toBe('p5');
    } finally {
      keyword.mockRestore();
    }
  });

  it("a big catalog's first search builds the keyword index in slices: other queries are answered meanwhile", async () => {
    // No deadline: this search waits for the whole build (the next test covers answering without it).
    const v = visit(new IDBFactory(), catalog(3000), { batchSize: 256 }, { keywordWaitMs: Number.POSITIVE_INFINITY });
    await v.ready;
    // A similar() asked from inside the first step of the build is answered before its last step.
    let steps = 0;
    let stepsWhenAnswered = -1;
    let similar: Promise<unknown> | undefined;
    const add = KeywordIndex.prototype.add;
    const spy = vi.spyOn(KeywordIndex.prototype, 'add').mockImplementation(function (this: KeywordIndex, docs) {
      steps++;
      similar ??= v.engine.similar('p3', { k: 3 }).then((r) => {
        expect(r).toHaveLength(3);
        stepsWhenAnswered = steps;
      });
      return add.call(this, docs);
    });
    try {
      const found = await v.engine.search('stove model 1234');
      await similar;
      expect(found[0]?.id).toBe('p1234');
      expect(steps).toBe(9); // the empty index, then 3,000 items 400 per step
      expect(stepsWhenAnswered).toBeGreaterThan(0);
      expect(stepsWhenAnswered).toBeLessThan(steps);
    } finally {
      spy.mockRestore();
    }
  });

  it('a search past the keyword deadline answers from vectors alone (warming), then refresh says keywords joined', async () => {
    const v = visit(new IDBFactory(), catalog(3000), { batchSize: 256 }, { keywordWaitMs: 0 });
    await v.ready;
    // A slow build (~15 ms per slice of 400 items), as a big catalog's is: it spans many slices.
    const add = KeywordIndex.prototype.add;
    const spy = vi.spyOn(KeywordIndex.prototype, 'add').mockImplementation(function (this: KeywordIndex, docs) {
      const until = performance.now() + 15;
      while (performance.now() < until);
      return add.call(this, docs);
    });
    const first = await v.engine.search('stove model 1234', { k: 5 }).finally(() => spy.mockRestore());
    expect(first).toHaveLength(5);
    expect(first.every((r) => r.warming)).toBe(true);
    const refreshes = () => v.events.filter((e) => e.type === 'refresh' && e.reason === 'keywords').length;
    await vi.waitFor(() => expect(refreshes()).toBe(1), { timeout: 10_000, interval: 10 });
    // Built: hybrid, and the keyword hit with every word leads.
    const next = await v.engine.search('stove model 1234', { k: 5 });
    expect(next[0]?.id).toBe('p1234');
    expect(next.every((r) => !r.warming)).toBe(true);
    expect(refreshes()).toBe(1);
  });

  it('prepareSearch() builds the keyword index and loads the model before any search; the first search is then hybrid at once', async () => {
    const factory = new IDBFactory();
    await visit(factory, catalog(3000), { batchSize: 256 }).ready;
    // A returning visit: every vector from IndexedDB, so nothing has loaded the model or built the index.
    const v = visit(factory, catalog(3000), {}, { keywordWaitMs: 0 });
    const status = await v.ready;
    expect(status.keywordIndex).toBeUndefined();
    expect(v.encoders).toHaveLength(0);
    await v.engine.prepareSearch();
    const prepared = await v.engine.status();
    expect(prepared.keywordIndex?.readyMs).toBeGreaterThan(0);
    expect(v.encoders).toHaveLength(1);
    // With a deadline of 0, an unprepared first search would answer from vectors alone (previous test).
    const found = await v.engine.search('stove model 1234', { k: 5 });
    expect(found[0]?.id).toBe('p1234');
    expect(found.every((r) => !r.warming)).toBe(true);
    expect(v.events.some((e) => e.type === 'refresh' && e.reason === 'keywords')).toBe(false);
    // Once is enough: a second call builds nothing again.
    await v.engine.prepareSearch();
    expect((await v.engine.status()).keywordIndex).toEqual(prepared.keywordIndex);
    expect(v.encoders).toHaveLength(1);
  });

  it('runs in memory with one warning when IndexedDB is unavailable, and says so in status()', async () => {
    const events: EngineEvent[] = [];
    const engine = createEngine({
      openStore: async () => {
        throw new DOMException('The user denied permission to access the database.', 'UnknownError');
      },
      createEncoder: async (o) => createFakeEncoder(DIMS, o),
    });
    const status = await engine.init({ ...visitConfig, catalog: catalog() }, (e) => events.push(e));
    expect(status).toMatchObject({ phase: 'ready', items: 40, indexed: 40, storage: 'memory' });
    expect(events.filter((e) => e.type === 'warning')).toHaveLength(1);
    await engine.track({ type: 'view', itemId: 'p2' });
    expect((await engine.forYou({ k: 2 }))[0]?.because?.id).toBe('p2');
  });

  it('a quota hit mid-embedding keeps every vector in memory and persists what fit', async () => {
    const factory = new IDBFactory();
    let stored = 0;
    const events: EngineEvent[] = [];
    const engine = createEngine({
      openStore: async (ns) => {
        const real = await openStore(ns, { indexedDB: factory });
        return Object.assign(Object.create(real), {
          putVectors: async (m: string, d: number, hashes: string[], v: Float32Array) => {
            if (stored >= 16) throw new DOMException('quota', 'QuotaExceededError');
            stored += hashes.length;
            return real.putVectors(m, d, hashes, v);
          },
        });
      },
      createEncoder: async (o) => createFakeEncoder(DIMS, o),
    });
    const status = await engine.init({ ...visitConfig, catalog: catalog() }, (e) => events.push(e));
    expect(status).toMatchObject({ phase: 'ready', indexed: 40, embedded: 40, storage: 'partial' });
    expect(events.filter((e) => e.type === 'warning')).toHaveLength(1);
    await engine.destroy();
    // The next visit resumes from the 16 vectors that fit and embeds the other 24.
    const again = visit(factory, catalog());
    expect(await again.ready).toMatchObject({ fromCache: 16, embedded: 24, storage: 'indexeddb' });
  });
});

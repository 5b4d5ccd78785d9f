/**
 * The engine's answers in Node (test/helpers/engine-visit.ts): warming answers before the vectors,
 * option checks, history, excludeIds, and the keyword index a search builds or prepareSearch()
 * builds ahead. Visits and updates are in engine.test.ts.
 */
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it, vi } from 'vitest';
import { catalog, DIMS, visit, visitConfig } from '../../test/helpers/engine-visit.ts';
import { createFakeEncoder } from '../../test/helpers/fake-encoder.ts';
import { ErrorCodes } from '../errors.ts';
import { KeywordIndex } from '../recommend/index.ts';
import { openStore } from '../storage/index.ts';
import { CatalogState } from './catalog/catalog-state.ts';
import { createEngine } from './engine.ts';

describe('Engine', () => {
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

  it('excludeIds leaves items out on the vector and the lexical path, still returning k', async () => {
    const v = visit(new IDBFactory(), catalog());
    await v.ready;
    const first = await v.engine.similar('p0', { k: 4 });
    const excludeIds = first.slice(0, 2).map((r) => r.id);
    const next = await v.engine.similar('p0', { k: 4, excludeIds });
    expect(next).toHaveLength(4);
    expect(next.map((r) => r.id)).not.toContain(excludeIds[0]);
    expect(next.map((r) => r.id)).not.toContain(excludeIds[1]);
    // A visitor with no history gets the catalog spread (cold-start.ts), with the exclusions honoured.
    const forYou = await v.engine.forYou({ k: 5, excludeIds: ['p0', 'p1'] });
    expect(new Set(forYou.map((r) => r.id)).size).toBe(5);
    expect(forYou.map((r) => r.id)).not.toContain('p0');
    expect(forYou.map((r) => r.id)).not.toContain('p1');
    await expect(v.engine.forYou({ excludeIds: 'p0' as never })).rejects.toMatchObject({ code: ErrorCodes.INVALID_OPTION });
  });

  it('forYou without history is a spread over the catalog, never its file order, and never builds the keyword index for it', async () => {
    const v = visit(new IDBFactory(), catalog());
    await v.ready;
    const keyword = vi.spyOn(CatalogState.prototype, 'keyword', 'get');
    try {
      const recs = await v.engine.forYou({ k: 3, excludeIds: ['p1'] });
      expect(recs).toHaveLength(3);
      expect(recs.map((r) => r.id)).not.toContain('p1');
      expect(recs.map((r) => r.id)).not.toEqual(['p0', 'p2', 'p3']);
      // One item of each kind first: three different categories of the four.
      expect(new Set(recs.map((r) => r.item.category)).size).toBe(3);
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
});

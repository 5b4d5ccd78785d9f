// @vitest-environment happy-dom
/**
 * Modes are data: a test-only mode (test/fixtures/recently-viewed-mode.ts, one file) registered
 * beside the built-in ones shows up in the worker's engine, the page's recommender and the element,
 * with its type derived, while the built-in registry stays as it is.
 */
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { recentlyViewed, recentlyViewedRanker } from '../../test/fixtures/recently-viewed-mode.ts';
import { createFakeEncoder } from '../../test/helpers/fake-encoder.ts';
import { engineConfig } from '../../test/helpers/fake-engine.ts';
import { recommenderWith } from '../recommender-with.ts';
import { openStore } from '../storage/index.ts';
import type { CatalogItem, RankOptions, Recommendation, Recommender } from '../types/index.ts';
import { defineElement, InpageRecElement } from '../ui/element.ts';
import { widgetModes } from '../ui/modes.ts';
import { createEngine } from '../worker/engine.ts';
import type { WorkerConnection } from '../worker-connection.ts';
import { MODES } from './index.ts';
import { RANKERS } from './rankers.ts';

const MODEL = 'fake-model';
const catalog: CatalogItem[] = Array.from({ length: 12 }, (_, i) => ({ id: `p${i}`, title: `tent model ${i}` }));

/** A worker engine that also answers the fixture's mode, on fake IndexedDB and a fake encoder. */
async function engineWithFixture() {
  const factory = new IDBFactory();
  const seed = await openStore('shop', { indexedDB: factory });
  await seed.setSetting(`dims:${MODEL}`, 8);
  seed.close();
  return createEngine({ openStore: (ns) => openStore(ns, { indexedDB: factory }), createEncoder: async (o) => createFakeEncoder(8, o) }, [
    ...Object.values(RANKERS),
    recentlyViewedRanker,
  ]);
}

/** The page's end of a worker, in process: calls go straight to `engine` (no comlink, no Worker). */
function inProcess(engine: object): WorkerConnection {
  const remote = engine as WorkerConnection['engine'];
  return { engine: remote, call: (fn) => fn(remote), terminate: () => {} };
}

describe('a mode added in one file', () => {
  it('is answered by the worker engine, through its ranker', async () => {
    const engine = await engineWithFixture();
    await engine.init(engineConfig(MODEL, { catalog }), () => {});
    await engine.track({ type: 'view', itemId: 'p3' });
    await engine.track({ type: 'view', itemId: 'p7' });
    const recs = await engine.recentlyViewed({ k: 5 });
    expect(recs.map((r) => r.id)).toEqual(['p7', 'p3']);
    expectTypeOf(engine.recentlyViewed).toEqualTypeOf<(options?: RankOptions) => Promise<Recommendation[]>>();
    // The built-in modes are there too, checked and ranked as before.
    await expect(engine.similar('nope')).rejects.toMatchObject({ code: 'UNKNOWN_ITEM' });
  });

  it('is a method of the page recommender made from the registry, typed from the mode file', async () => {
    const engine = await engineWithFixture();
    const rec = recommenderWith([...MODES, recentlyViewed], { catalog, model: MODEL, assetsBase: 'http://127.0.0.1/' }, () =>
      inProcess(engine),
    );
    await rec.ready;
    await rec.track({ type: 'view', itemId: 'p5' });
    expect((await rec.recentlyViewed({ k: 3 })).map((r) => r.id)).toEqual(['p5']);
    expectTypeOf(rec.recentlyViewed).toEqualTypeOf<(options?: RankOptions) => Promise<Recommendation[]>>();
    expectTypeOf(rec.similar).toEqualTypeOf<Recommender['similar']>();
    // Options are checked by the worker's router, as for every mode.
    await expect(rec.recentlyViewed({ k: 0 })).rejects.toMatchObject({ code: 'INVALID_OPTION' });
  });

  it('is a mode of an element class carrying the registry, with its heading and fetch', async () => {
    class FixtureElement extends InpageRecElement {
      static override modes = widgetModes([...MODES, recentlyViewed]);
    }
    customElements.define('fixture-rec', FixtureElement);
    defineElement();
    const engine = await engineWithFixture();
    const rec = recommenderWith([...MODES, recentlyViewed], { catalog, model: MODEL, assetsBase: 'http://127.0.0.1/' }, () =>
      inProcess(engine),
    );
    await rec.ready;
    await rec.track({ type: 'view', itemId: 'p2' });
    const el = new FixtureElement();
    el.setAttribute('mode', 'recently-viewed');
    el.recommender = rec as unknown as Recommender;
    document.body.append(el);
    for (let i = 0; i < 50 && el.items.length === 0; i++) await new Promise((ok) => setTimeout(ok, 10));
    expect(el.mode).toBe('recently-viewed');
    expect(el.items.map((r) => r.id)).toEqual(['p2']);
    expect(el.shadowRoot!.querySelector('h2')?.textContent).toBe('Recently viewed');
    // The built-in element knows nothing of it: an unknown mode is `similar` there.
    const plain = new InpageRecElement();
    plain.setAttribute('mode', 'recently-viewed');
    expect(plain.mode).toBe('similar');
    el.remove();
  });
});

/**
 * Two tabs in one process: two engines on one fake-indexeddb factory, Node's real BroadcastChannel
 * and an in-process stand-in for Web Locks (Node 20 has no navigator.locks).
 */
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { createFakeEncoder, type FakeEncoder } from '../../../test/helpers/fake-encoder.ts';
import { openStore } from '../../storage/index.ts';
import type { CatalogItem } from '../../types/index.ts';
import { createEngine } from '../engine.ts';
import type { EngineConfig, EngineEvent } from '../protocol.ts';
import type { LockManagerLike } from './tab-sync.ts';

/** Web Locks semantics for one process: requests for a name run one after another. */
function inProcessLocks(): LockManagerLike {
  const tails = new Map<string, Promise<unknown>>();
  return {
    request<T>(name: string, fn: () => Promise<T>): Promise<T> {
      const run = (tails.get(name) ?? Promise.resolve()).then(fn, fn);
      tails.set(
        name,
        run.catch(() => undefined),
      );
      return run;
    },
  };
}

const items = (n: number): CatalogItem[] =>
  Array.from({ length: n }, (_, i) => ({ id: `p${i}`, title: `${['tent', 'stove'][i % 2]} ${i}`, category: ['tent', 'stove'][i % 2] }));

function tab(factory: IDBFactory, locks: LockManagerLike, namespace: string, catalog: CatalogItem[]) {
  const encoders: FakeEncoder[] = [];
  const events: EngineEvent[] = [];
  const engine = createEngine({
    openStore: (ns) => openStore(ns, { indexedDB: factory }),
    createEncoder: async (o) => {
      const e = createFakeEncoder(16, o);
      encoders.push(e);
      return e;
    },
    tabs: { locks, channel: (name) => new BroadcastChannel(name) as never },
  });
  const config: EngineConfig = {
    catalog,
    namespace,
    model: 'fake',
    dtype: 'q8',
    device: 'wasm',
    assetsBase: 'http://127.0.0.1/',
    index: 'auto',
    batchSize: 10,
    allowRemoteModels: false,
    stallTimeoutMs: 15_000,
  };
  const ready = engine.init(config, (e) => events.push(e));
  return { engine, events, ready, embedded: () => encoders.reduce((n, e) => n + e.texts.length, 0) };
}

const until = async (check: () => boolean | Promise<boolean>) => {
  for (let i = 0; i < 200 && !(await check()); i++) await new Promise((ok) => setTimeout(ok, 10));
};

describe('many tabs', () => {
  it('two tabs on a fresh profile embed 200 items once in total; the waiting tab shows the other tab progress', async () => {
    const factory = new IDBFactory();
    const locks = inProcessLocks();
    const a = tab(factory, locks, 'shop-a', items(200));
    const b = tab(factory, locks, 'shop-a', items(200));
    const [sa, sb] = await Promise.all([a.ready, b.ready]);
    expect(a.embedded() + b.embedded()).toBe(200);
    expect(sa.indexed).toBe(200);
    expect(sb.indexed).toBe(200);
    const waiter = a.embedded() === 0 ? a : b;
    expect(waiter.events.some((e) => e.type === 'progress' && e.done > 0 && e.done < 200)).toBe(true);
    await Promise.all([a.engine.destroy(), b.engine.destroy()]);
  });

  it('a dismissal and forget() in one tab reach the other at once', async () => {
    const factory = new IDBFactory();
    const locks = inProcessLocks();
    const a = tab(factory, locks, 'shop-b', items(40));
    await a.ready;
    const b = tab(factory, locks, 'shop-b', items(40));
    await b.ready;
    await a.engine.track({ type: 'view', itemId: 'p1' });
    await until(async () => (await b.engine.forYou({ k: 3 }))[0]?.because?.id === 'p1');
    expect((await b.engine.forYou({ k: 3 }))[0]?.because?.id).toBe('p1');
    const shown = (await b.engine.similar('p0', { k: 3 }))[0]!.id;
    await a.engine.track({ type: 'dismiss', itemId: shown });
    await until(async () => !(await b.engine.similar('p0', { k: 3 })).some((r) => r.id === shown));
    expect((await b.engine.similar('p0', { k: 3 })).map((r) => r.id)).not.toContain(shown);
    await a.engine.forget();
    await until(async () => !(await b.engine.forYou({ k: 3 })).some((r) => r.because));
    expect((await b.engine.forYou({ k: 3 })).some((r) => r.because)).toBe(false);
    expect(b.events.some((e) => e.type === 'history' && e.change.type === 'forget')).toBe(true);
    await Promise.all([a.engine.destroy(), b.engine.destroy()]);
  });

  it('a catalog update in one tab is adopted by the other without fetching or embedding', async () => {
    const factory = new IDBFactory();
    const locks = inProcessLocks();
    const a = tab(factory, locks, 'shop-c', items(40));
    await a.ready;
    const b = tab(factory, locks, 'shop-c', items(40));
    await b.ready;
    const next = items(40).slice(0, 30);
    next[0]!.title = 'a brand new tent';
    await a.engine.update(next);
    await until(async () => (await b.engine.status()).items === 30);
    expect(await b.engine.status()).toMatchObject({ items: 30, indexed: 30 });
    expect(b.embedded()).toBe(0);
    expect(b.events.some((e) => e.type === 'refresh' && e.reason === 'catalog')).toBe(true);
    await Promise.all([a.engine.destroy(), b.engine.destroy()]);
  });
});

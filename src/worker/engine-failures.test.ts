/**
 * The engine in Node when its outside world fails (test/helpers/engine-visit.ts): an unreadable
 * catalog, IndexedDB unavailable, and a storage quota hit mid-embedding.
 */
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { catalog, DIMS, visit, visitConfig } from '../../test/helpers/engine-visit.ts';
import { createFakeEncoder } from '../../test/helpers/fake-encoder.ts';
import { ErrorCodes } from '../errors.ts';
import { openStore } from '../storage/index.ts';
import { createEngine } from './engine.ts';
import type { EngineEvent } from './protocol.ts';

describe('Engine', () => {
  it('a catalog that cannot be read fails init with its code and an error event; status still answers', async () => {
    const v = visit(new IDBFactory(), 'http://127.0.0.1:9/missing.json' as never);
    await expect(v.ready).rejects.toMatchObject({ code: ErrorCodes.CATALOG_UNREADABLE });
    expect(v.events.some((e) => e.type === 'error' && e.code === ErrorCodes.CATALOG_UNREADABLE)).toBe(true);
    expect((await v.engine.status()).phase).toBe('failed');
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

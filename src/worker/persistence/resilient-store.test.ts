import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { createError, ErrorCodes } from '../../errors.ts';
import { openStore, type Store } from '../../storage/index.ts';
import { openResilientStore, type StorageWarning } from './resilient-store.ts';

const quota = () => createError(ErrorCodes.STORAGE_FAILED, 'IndexedDB putVectors failed: the storage quota is exceeded');

describe('openResilientStore', () => {
  it('runs in memory, with one warning, when IndexedDB cannot be opened', async () => {
    const warnings: StorageWarning[] = [];
    const r = await openResilientStore(
      'shop',
      async () => {
        throw createError(ErrorCodes.STORAGE_FAILED, 'IndexedDB open of "inpage-rec:shop" failed: IndexedDB is unavailable');
      },
      (w) => warnings.push(w),
    );
    expect(r.mode()).toBe('memory');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ code: ErrorCodes.STORAGE_FAILED, message: expect.stringContaining('runs in memory') });
    await r.store.putVectors('m:2:q8', 2, ['a'], new Float32Array([1, 0]));
    expect((await r.store.loadVectors('m:2:q8')).hashes).toEqual(['a']);
    await r.store.addEvent({ type: 'view', itemId: 'x', ts: 1 });
    expect(await r.store.recentEvents()).toHaveLength(1);
  });

  it('keeps what was stored, warns once and keeps trying when writes start failing', async () => {
    const real = await openStore('shop', { indexedDB: new IDBFactory() });
    let failing = false;
    let attempts = 0;
    const flaky: Store = Object.assign(Object.create(real) as Store, {
      putVectors: async (...a: Parameters<Store['putVectors']>) => {
        attempts++;
        if (failing) throw quota();
        return real.putVectors(...a);
      },
    });
    const warnings: StorageWarning[] = [];
    const r = await openResilientStore(
      'shop',
      async () => flaky,
      (w) => warnings.push(w),
    );
    await r.store.putVectors('m:2:q8', 2, ['a'], new Float32Array([1, 0]));
    failing = true;
    await r.store.putVectors('m:2:q8', 2, ['b'], new Float32Array([0, 1]));
    await r.store.putVectors('m:2:q8', 2, ['c'], new Float32Array([0, 1]));
    expect(attempts).toBe(3);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]!.message).toContain('quota');
    expect(r.mode()).toBe('partial');
    expect((await r.store.loadVectors('m:2:q8')).hashes).toEqual(['a']);
  });

  it('still rejects when erasing history fails: a visitor who asked to be forgotten must know', async () => {
    const real = await openStore('shop', { indexedDB: new IDBFactory() });
    const broken: Store = Object.assign(Object.create(real) as Store, {
      clearHistory: async () => {
        throw createError(ErrorCodes.STORAGE_FAILED, 'IndexedDB clearHistory failed: boom');
      },
    });
    const r = await openResilientStore(
      'shop',
      async () => broken,
      () => undefined,
    );
    await expect(r.store.clearHistory()).rejects.toMatchObject({ code: ErrorCodes.STORAGE_FAILED });
  });

  it('lets a bad argument through as the bug it is', async () => {
    const r = await openResilientStore(
      'shop',
      (ns) => openStore(ns, { indexedDB: new IDBFactory() }),
      () => undefined,
    );
    await expect(r.store.putVectors('', 2, [], new Float32Array(0))).rejects.toMatchObject({ code: ErrorCodes.INVALID_OPTION });
  });
});

import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { clusteredVectors, makeKeys } from '../../test/helpers/vectors.ts';
import { createIndex } from '../vector-index/index.ts';
import { CODES_PART_ROWS } from './codes.ts';
import { openDatabase } from './open.ts';
import { SCHEMA_VERSION } from './schema.ts';
import { openStore } from './store.ts';

const MODEL = 'use-lite-en:64';
const dims = 64;

/** A trained default-kind index of `n` rows and its exported codes. */
function trainedCodes(n: number, kind: 'binary' | 'ivf-binary' = 'binary') {
  const index = createIndex(kind, dims, { minTrainSize: 100, ...(kind === 'ivf-binary' ? { nlist: 8 } : {}) });
  index.add(makeKeys(n), clusteredVectors(n, dims, 8, 0.3, 3));
  index.train();
  const codes = index.exportCodes()!;
  return { index, codes, hashes: codes.keys.map((k) => `h-${k}`) };
}

describe('index codes in IndexedDB', () => {
  it('round-trips across several parts: same keys, hashes, codes, state and lists', async () => {
    const store = await openStore('codes', { indexedDB: new IDBFactory() });
    const n = 2 * CODES_PART_ROWS + 7;
    const { codes, hashes } = trainedCodes(n, 'ivf-binary');
    await store.saveIndexCodes(MODEL, codes, hashes);
    const loaded = (await store.loadIndexCodes(MODEL))!;
    expect(loaded.hashes).toEqual(hashes);
    expect(loaded.codes.keys).toEqual(codes.keys);
    expect(loaded.codes.state).toEqual(codes.state);
    expect(loaded.codes.lists).toEqual(codes.lists);
    for (const name of ['binary', 'int8', 'residual'] as const) {
      expect(Buffer.from(loaded.codes.codes[name]!).equals(Buffer.from(codes.codes[name]!))).toBe(true);
    }
    // What was loaded goes straight into a new index.
    const copy = createIndex('ivf-binary', dims, { nlist: 8 });
    copy.importCodes(loaded.codes);
    expect(copy.size).toBe(n);
    store.close();
  });

  it('a save replaces the previous one; other model keys are untouched; deleteModel drops them', async () => {
    const store = await openStore('codes', { indexedDB: new IDBFactory() });
    const big = trainedCodes(CODES_PART_ROWS + 10);
    const small = trainedCodes(300);
    await store.saveIndexCodes(MODEL, big.codes, big.hashes);
    await store.saveIndexCodes('other:64', small.codes, small.hashes);
    await store.saveIndexCodes(MODEL, small.codes, small.hashes);
    expect((await store.loadIndexCodes(MODEL))!.codes.keys).toHaveLength(300);
    expect((await store.loadIndexCodes('other:64'))!.codes.keys).toHaveLength(300);
    await store.deleteModel(MODEL);
    expect(await store.loadIndexCodes(MODEL)).toBeUndefined();
    expect(await store.loadIndexCodes('other:64')).toBeDefined();
    await store.deleteIndexCodes('other:64');
    expect(await store.loadIndexCodes('other:64')).toBeUndefined();
    store.close();
  });

  it('parts from two different saves read as nothing stored', async () => {
    const factory = new IDBFactory();
    const store = await openStore('codes', { indexedDB: factory });
    const { codes, hashes } = trainedCodes(CODES_PART_ROWS + 10);
    await store.saveIndexCodes(MODEL, codes, hashes);
    store.close();
    const db = await openDatabase('inpage-rec:codes', factory);
    const part1 = (await db.get('codes', [MODEL, 1]))!;
    await db.put('codes', { ...part1, savedAt: part1.savedAt + 1 });
    db.close();
    const again = await openStore('codes', { indexedDB: factory });
    expect(await again.loadIndexCodes(MODEL)).toBeUndefined();
    again.close();
  });

  it('refuses hashes that do not match the rows, naming the counts', async () => {
    const store = await openStore('codes', { indexedDB: new IDBFactory() });
    const { codes } = trainedCodes(200);
    await expect(store.saveIndexCodes(MODEL, codes, ['a'])).rejects.toThrow('200 rows but 1 hashes');
    store.close();
  });

  it('a version 1 database is upgraded in place: its data stays, the codes store appears', async () => {
    const factory = new IDBFactory();
    // Version 1's layout, as a visitor's browser holds it from an earlier release.
    await new Promise<void>((resolve, reject) => {
      const request = factory.open('inpage-rec:upgrade', 1);
      request.onupgradeneeded = () => {
        const db = request.result;
        db.createObjectStore('vectors', { keyPath: ['modelKey', 'chunk'] });
        db.createObjectStore('items', { keyPath: 'part' });
        db.createObjectStore('history', { autoIncrement: true });
        db.createObjectStore('settings').put('kept', 'probe');
      };
      request.onsuccess = () => {
        request.result.close();
        resolve();
      };
      request.onerror = () => reject(request.error);
    });
    expect(SCHEMA_VERSION).toBe(2);
    const store = await openStore('upgrade', { indexedDB: factory });
    expect(await store.getSetting('probe')).toBe('kept');
    expect(await store.loadIndexCodes(MODEL)).toBeUndefined();
    store.close();
  });
});

import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { InpageRecError } from '../errors.ts';
import { toStorageError } from './errors.ts';
import { dbName, deleteDatabase, openDatabase } from './open.ts';
import { SCHEMA_VERSION } from './schema.ts';
import { openStore } from './store.ts';

/** Opens `name` at `version` without inpage-rec, like an old or foreign tab would. */
function rawOpen(factory: IDBFactory, name: string, version: number): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = factory.open(name, version);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

const storageFailed = (fragment: string) => ({ code: 'STORAGE_FAILED', message: expect.stringContaining(fragment) });

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('schema', () => {
  it('creates every store from an empty database', async () => {
    const factory = new IDBFactory();
    const store = await openStore('shop', { indexedDB: factory });
    store.close();
    const raw = await rawOpen(factory, 'inpage-rec:shop', SCHEMA_VERSION);
    expect(raw.version).toBe(SCHEMA_VERSION);
    expect(Array.from(raw.objectStoreNames).sort()).toEqual(['codes', 'history', 'items', 'settings', 'vectors']);
    const tx = raw.transaction(['vectors', 'items', 'history', 'settings', 'codes']);
    expect(tx.objectStore('codes').keyPath).toEqual(['modelKey', 'part']);
    expect(tx.objectStore('vectors').keyPath).toEqual(['modelKey', 'chunk']);
    expect(tx.objectStore('items').keyPath).toBe('part');
    expect(tx.objectStore('history').autoIncrement).toBe(true);
    expect(tx.objectStore('settings').keyPath).toBeNull();
    raw.close();
  });

  it('keeps data when an up-to-date database is opened again', async () => {
    const factory = new IDBFactory();
    const first = await openStore('shop', { indexedDB: factory });
    await first.setSetting('k', 1);
    first.close();
    const second = await openStore('shop', { indexedDB: factory });
    expect(await second.getSetting('k')).toBe(1);
    second.close();
  });

  it('names the database after the namespace and keeps namespaces apart', async () => {
    const factory = new IDBFactory();
    const a = await openStore('shoes', { indexedDB: factory });
    const b = await openStore('books', { indexedDB: factory });
    expect(dbName('shoes')).toBe('inpage-rec:shoes');
    await a.putVectors('m:1', 1, ['x'], Float32Array.of(1));
    await a.addEvent({ type: 'view', itemId: 'x', ts: 1 });
    await a.setSetting('k', 'a');
    await a.saveSnapshot('m:1', [{ key: 'x', hash: 'x', item: { id: 'x' } }]);
    expect(await b.listModelKeys()).toEqual([]);
    expect(await b.recentEvents()).toEqual([]);
    expect(await b.getSetting('k')).toBeUndefined();
    expect(await b.loadSnapshot()).toBeUndefined();
    expect((await factory.databases()).map((d) => d.name).sort()).toEqual(['inpage-rec:books', 'inpage-rec:shoes']);
    a.close();
    b.close();
  });
});

describe('deleteDatabase', () => {
  it('erases one namespace, closing its open store', async () => {
    const factory = new IDBFactory();
    const a = await openStore('shoes', { indexedDB: factory });
    const b = await openStore('books', { indexedDB: factory });
    await a.setSetting('k', 'a');
    await b.setSetting('k', 'b');
    await deleteDatabase('shoes', { indexedDB: factory });
    await expect(a.getSetting('k')).rejects.toMatchObject(storageFailed('getSetting'));
    expect(await b.getSetting('k')).toBe('b');
    const fresh = await openStore('shoes', { indexedDB: factory });
    expect(await fresh.getSetting('k')).toBeUndefined();
    fresh.close();
    b.close();
  });

  it('rejects when a foreign connection will not close', async () => {
    const factory = new IDBFactory();
    const raw = await rawOpen(factory, 'inpage-rec:shoes', 1);
    await expect(deleteDatabase('shoes', { indexedDB: factory })).rejects.toMatchObject(storageFailed('blocked'));
    raw.close();
  });
});

describe('errors', () => {
  it('wraps a factory whose open throws', async () => {
    const factory = {
      open: () => {
        throw new DOMException('access denied', 'SecurityError');
      },
    } as unknown as IDBFactory;
    const err = await openStore('shop', { indexedDB: factory }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InpageRecError);
    expect(err).toMatchObject(storageFailed('open of "inpage-rec:shop" failed: SecurityError: access denied'));
    expect((err as Error).cause).toBeInstanceOf(DOMException);
  });

  it('wraps a database created by a newer version (VersionError)', async () => {
    const factory = new IDBFactory();
    (await rawOpen(factory, 'inpage-rec:shop', SCHEMA_VERSION + 1)).close();
    await expect(openStore('shop', { indexedDB: factory })).rejects.toMatchObject(storageFailed('VersionError'));
  });

  it('wraps a blocked upgrade', async () => {
    const factory = new IDBFactory();
    const raw = await rawOpen(factory, 'inpage-rec:shop', SCHEMA_VERSION);
    await expect(openDatabase('inpage-rec:shop', factory, SCHEMA_VERSION + 1)).rejects.toMatchObject(storageFailed('blocked'));
    raw.close();
  });

  it('closes itself when another tab upgrades, so it never blocks it', async () => {
    const factory = new IDBFactory();
    const store = await openStore('shop', { indexedDB: factory });
    const newer = await openDatabase('inpage-rec:shop', factory, SCHEMA_VERSION + 1);
    expect(newer.version).toBe(SCHEMA_VERSION + 1);
    await expect(store.loadSnapshot()).rejects.toMatchObject(storageFailed('upgraded or deleted elsewhere'));
    newer.close();
  });

  it('fails with STORAGE_FAILED when IndexedDB is unavailable', async () => {
    vi.stubGlobal('indexedDB', undefined);
    await expect(openStore('shop')).rejects.toMatchObject(storageFailed('IndexedDB is unavailable'));
    await expect(deleteDatabase('shop')).rejects.toMatchObject(storageFailed('IndexedDB is unavailable'));
  });

  it('rejects calls after close, naming the operation', async () => {
    const store = await openStore('shop', { indexedDB: new IDBFactory() });
    store.close();
    store.close();
    await expect(store.loadVectors('m:1')).rejects.toMatchObject(storageFailed('loadVectors failed: the store was closed'));
    await expect(store.addEvent({ type: 'view', itemId: 'a', ts: 1 })).rejects.toMatchObject(storageFailed('addEvent'));
  });

  it('rejects an empty namespace with INVALID_OPTION', async () => {
    await expect(openStore('', { indexedDB: new IDBFactory() })).rejects.toMatchObject({ code: 'INVALID_OPTION' });
    await expect(deleteDatabase('', { indexedDB: new IDBFactory() })).rejects.toMatchObject({ code: 'INVALID_OPTION' });
  });

  it('says so when the quota is exceeded', () => {
    const err = toStorageError('putVectors', new DOMException('too big', 'QuotaExceededError'));
    expect(err).toMatchObject(storageFailed('IndexedDB putVectors failed: the storage quota is exceeded'));
    const same = new InpageRecError('INVALID_OPTION', 'x');
    expect(toStorageError('putVectors', same)).toBe(same);
  });
});

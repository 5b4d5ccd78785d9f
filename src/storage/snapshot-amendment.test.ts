import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { ByteItems } from '../catalog/byte-items.ts';
import { jsonArrayElements } from '../catalog/json-elements.ts';
import { dbName, openDatabase } from './open.ts';
import { AMENDMENT_PART } from './snapshot-amendment.ts';
import { openStore } from './store.ts';

/** 2,500 entries over a fetched body (3 parts), none of whose field checks has run yet. */
function fetched() {
  const body = new TextEncoder().encode(
    JSON.stringify(Array.from({ length: 2500 }, (_, i) => ({ id: i, title: `Item ${i}`, price: i === 1700 ? 'call us' : i }))),
  );
  const items = new ByteItems(body, jsonArrayElements(body)!);
  const entries = Array.from({ length: 2500 }, (_, i) => ({
    key: String(i),
    hash: `trusted-${i}`,
    get item() {
      return items.item(i);
    },
    element: () => ({ items, index: i }),
  }));
  return { items, entries };
}

describe('a pending snapshot and its amendment', () => {
  it('counts only once completed, with the changed hashes, the left-out fields and the source', async () => {
    const factory = new IDBFactory();
    const store = await openStore('shop', { indexedDB: factory });
    const { items, entries } = fetched();
    await store.saveSnapshot('m:1', entries, { json: true, pending: 'token-1' });
    // Written, but not what a later visit may use: the check has not spoken.
    expect(await store.loadSnapshot()).toBeUndefined();
    // The check finds item 1700's price faulty and item 2 changed.
    items.omit(1700, ['price']);
    expect(await store.completeSnapshot('token-2', { hashes: [], omitted: [] })).toBe(false);
    expect(await store.loadSnapshot()).toBeUndefined();
    expect(await store.completeSnapshot('token-1', { source: 'digest', hashes: [[2, 'real-2']], omitted: [[1700, ['price']]] })).toBe(true);
    const snapshot = (await store.loadSnapshot())!;
    expect(snapshot.source).toBe('digest');
    expect(snapshot.entries.map((e) => e.hash)).toEqual(entries.map((e, i) => (i === 2 ? 'real-2' : e.hash)));
    expect(snapshot.entries[1700]!.item).toEqual({ id: 1700, title: 'Item 1700' });
    expect(snapshot.entries[1699]!.item).toEqual({ id: 1699, title: 'Item 1699', price: 1699 });
    store.close();
  });

  it('a whole snapshot saved later replaces it, amendment and all', async () => {
    const factory = new IDBFactory();
    const store = await openStore('shop', { indexedDB: factory });
    const { entries } = fetched();
    await store.saveSnapshot('m:1', entries, { json: true, pending: 't' });
    await store.completeSnapshot('t', { hashes: [[0, 'x']], omitted: [] });
    await store.saveSnapshot('m:1', entries.slice(0, 10), { json: true, source: 'later' });
    const snapshot = (await store.loadSnapshot())!;
    expect(snapshot.entries.map((e) => e.hash)).toEqual(entries.slice(0, 10).map((e) => e.hash));
    expect(snapshot.source).toBe('later');
    // The amendment went with the old parts; a pending token cannot complete the new snapshot.
    expect(await store.completeSnapshot('t', { hashes: [], omitted: [] })).toBe(false);
    const db = await openDatabase(dbName('shop'), factory);
    expect(await db.get('items', AMENDMENT_PART)).toBeUndefined();
    db.close();
    store.close();
  });

  it('an amendment that is malformed, or of another save, leaves no snapshot', async () => {
    const factory = new IDBFactory();
    const store = await openStore('shop', { indexedDB: factory });
    const { entries } = fetched();
    await store.saveSnapshot('m:1', entries.slice(0, 20), { json: true, pending: 't' });
    await store.completeSnapshot('t', { hashes: [], omitted: [] });
    expect(await store.loadSnapshot()).toBeDefined();
    const db = await openDatabase(dbName('shop'), factory);
    const amendment = (await db.get('items', AMENDMENT_PART))!;
    for (const bad of [
      { ...amendment, amendHashes: [[20, 'beyond the entries']] },
      { ...amendment, amendOmitted: [[-1, ['price']]] },
      { ...amendment, amendHashes: 'not a list' },
      { ...amendment, savedAt: amendment.savedAt + 1 },
    ]) {
      await db.put('items', bad as typeof amendment);
      expect(await store.loadSnapshot()).toBeUndefined();
    }
    db.close();
    store.close();
  });
});

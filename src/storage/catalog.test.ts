import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { ByteItems } from '../catalog/byte-items.ts';
import { jsonArrayElements } from '../catalog/json-elements.ts';
import { CATALOG_CHUNK_SIZE, partBlobs } from './catalog.ts';
import { dbName, openDatabase } from './open.ts';
import type { CatalogPart } from './schema.ts';
import { openStore } from './store.ts';

const entries = (count: number, tag = 'v1') =>
  Array.from({ length: count }, (_, i) => ({
    key: `item-${i}`,
    hash: `${tag}-${i.toString(16)}`,
    item: { id: i, title: `Item ${i}`, tags: ['a', 'b'], price: i / 100 },
  }));

/** A stored part's items as text: a Blob as written, or bytes as earlier versions wrote them. */
const partText = async (part: CatalogPart) =>
  part.itemsJson instanceof Blob ? part.itemsJson.text() : new TextDecoder().decode(part.itemsJson);

/** Rewrites stored part `n` of the snapshot in namespace 'shop' through `change`, as a damaged disk or another writer would. */
async function rewritePart(factory: IDBFactory, n: number, change: (part: CatalogPart) => CatalogPart): Promise<void> {
  const db = await openDatabase(dbName('shop'), factory);
  await db.put('items', change((await db.get('items', n))!));
  db.close();
}

describe('catalog snapshot', () => {
  it('is undefined before anything is saved', async () => {
    const store = await openStore('shop', { indexedDB: new IDBFactory() });
    expect(await store.loadSnapshot()).toBeUndefined();
    store.close();
  });

  it('reads the stored parts back in order, across reads of several records, without keys and hashes', async () => {
    for (const count of [0, 1, 10, 20, 25]) {
      const factory = new IDBFactory();
      const db = await openDatabase(dbName('shop'), factory);
      for (let part = count - 1; part >= 0; part--) {
        const itemsJson = new Blob([`[${part}]`]);
        await db.put('items', { part, parts: count, modelKey: 'm', savedAt: 7, keys: [`k${part}`], hashes: [`h${part}`], itemsJson });
      }
      const parts = await partBlobs(db);
      expect(parts.map((p) => p.part)).toEqual(Array.from({ length: count }, (_, i) => i));
      for (const p of parts) {
        expect(Object.keys(p).sort()).toEqual(['itemsJson', 'modelKey', 'part', 'parts', 'savedAt']);
        expect(await partText(p)).toBe(`[${p.part}]`);
      }
      db.close();
    }
  });

  it('round-trips 2,500 entries in ceil(n / CATALOG_CHUNK_SIZE) records, across a reopen', async () => {
    const factory = new IDBFactory();
    const store = await openStore('shop', { indexedDB: factory });
    const saved = entries(2500);
    await store.saveSnapshot('use-lite-en:512', saved);
    store.close();

    const again = await openStore('shop', { indexedDB: factory });
    const snapshot = await again.loadSnapshot();
    expect(snapshot?.modelKey).toBe('use-lite-en:512');
    expect(snapshot?.entries).toEqual(saved);
    expect(typeof snapshot?.savedAt).toBe('number');
    again.close();

    const db = await openDatabase(dbName('shop'), factory);
    expect(await db.count('items')).toBe(Math.ceil(2500 / CATALOG_CHUNK_SIZE));
    db.close();
  });

  it('replaces the previous snapshot entirely, also with a smaller one', async () => {
    const store = await openStore('shop', { indexedDB: new IDBFactory() });
    await store.saveSnapshot('m:1', entries(2500));
    await store.saveSnapshot('m:2', entries(10, 'v2'));
    expect(await store.loadSnapshot()).toMatchObject({ modelKey: 'm:2', entries: entries(10, 'v2') });
    await store.saveSnapshot('m:3', []);
    expect(await store.loadSnapshot()).toMatchObject({ modelKey: 'm:3', entries: [] });
    store.close();
  });

  it('stores only key, hash and item of each entry', async () => {
    const store = await openStore('shop', { indexedDB: new IDBFactory() });
    const extra = { key: 'k', hash: 'h', item: { id: 1 }, secret: 'x' };
    await store.saveSnapshot('m:1', [extra]);
    expect((await store.loadSnapshot())?.entries).toEqual([{ key: 'k', hash: 'h', item: { id: 1 } }]);
    store.close();
  });

  it('wraps an item that cannot be cloned in STORAGE_FAILED and keeps the old snapshot', async () => {
    const store = await openStore('shop', { indexedDB: new IDBFactory() });
    await store.saveSnapshot('m:1', entries(3));
    const bad = [{ key: 'k', hash: 'h', item: { id: 'k', run: () => 1 } }];
    await expect(store.saveSnapshot('m:1', bad)).rejects.toMatchObject({
      code: 'STORAGE_FAILED',
      message: expect.stringContaining('saveSnapshot'),
    });
    expect((await store.loadSnapshot())?.entries).toEqual(entries(3));
    store.close();
  });

  it('json: the same entries back, items parsed per part only when read', async () => {
    const factory = new IDBFactory();
    const store = await openStore('shop', { indexedDB: factory });
    const saved = entries(2500);
    await store.saveSnapshot('m:1', saved, { json: true });
    const db = await openDatabase(dbName('shop'), factory);
    const part = (await db.get('items', 0))!;
    expect(part.entries).toBeUndefined();
    // Written as a Blob, handed to the browser as it is (see CatalogPart.itemsJson).
    expect(part.itemsJson).toBeInstanceOf(Blob);
    expect(JSON.parse(await partText(part))).toEqual(saved.slice(0, CATALOG_CHUNK_SIZE).map((e) => e.item));
    db.close();
    const snapshot = (await store.loadSnapshot())!;
    expect(snapshot.entries.map((e) => [e.key, e.hash])).toEqual(saved.map((e) => [e.key, e.hash]));
    expect(snapshot.entries[2400]!.item).toEqual(saved[2400]!.item);
    expect(snapshot.entries.map((e) => ({ key: e.key, hash: e.hash, item: e.item }))).toEqual(saved);
    // Read twice in a row, an item is the same object: recent reads are kept parsed.
    expect(snapshot.entries[3]!.item).toBe(snapshot.entries[3]!.item);
    store.close();
  });

  it('json from fetched bytes: runs of neighbours copied as fetched, faulty fields named, others serialised', async () => {
    const factory = new IDBFactory();
    const store = await openStore('shop', { indexedDB: factory });
    // Bytes as fetched (spacing a serialiser would not write), with elements screening dropped
    // (every 10th), so the kept items come in runs.
    const given = entries(2600);
    const body = new TextEncoder().encode(
      `[ ${given.map((e) => `{ "id": ${e.item.id},  "title": "${e.item.title}", "tags": ["a","b"], "price": ${e.item.price} }`).join(' ,\n  ')} ]`,
    );
    const items = new ByteItems(body, jsonArrayElements(body)!);
    // Every 7th item read without its price (screening found it faulty).
    for (let i = 3; i < given.length; i += 7) items.omit(i, ['price']);
    const saved = given
      .map((e, i) => {
        const item = i % 7 === 3 ? { id: e.item.id, title: e.item.title, tags: e.item.tags } : e.item;
        // Every 13th entry holds its item without bytes: serialised alone.
        return { key: e.key, hash: e.hash, item, element: () => (i % 13 === 5 ? undefined : { items, index: i }) };
      })
      .filter((_, i) => i % 10 !== 9);
    await store.saveSnapshot('m:1', saved, { json: true });
    const db = await openDatabase(dbName('shop'), factory);
    const part = (await db.get('items', 0))!;
    db.close();
    expect(part.itemsJson).toBeInstanceOf(Blob);
    const text = await partText(part);
    // Neighbours as fetched, separators included; an item without bytes as serialised.
    expect(text).toContain('{ "id": 0,  "title": "Item 0", "tags": ["a","b"], "price": 0 } ,\n  { "id": 1,');
    expect(text).toContain(JSON.stringify(saved[5]!.item));
    // Item 3 keeps its price in the bytes; the part names it to be left out.
    expect(text).toContain('{ "id": 3,  "title": "Item 3", "tags": ["a","b"], "price": 0.03 }');
    expect(part.omitted?.slice(0, 2)).toEqual([
      [3, ['price']],
      [9, ['price']],
    ]);
    const snapshot = (await store.loadSnapshot())!;
    expect(snapshot.entries.map((e) => ({ key: e.key, hash: e.hash, item: e.item }))).toEqual(
      saved.map(({ key, hash, item }) => ({ key, hash, item })),
    );
    store.close();
  });

  it('json: a part whose omitted fields are malformed reads as no snapshot', async () => {
    const factory = new IDBFactory();
    const store = await openStore('shop', { indexedDB: factory });
    await store.saveSnapshot('m:1', entries(10), { json: true });
    for (const omitted of [[[10, ['price']]], [[0, 'price']], [[-1, []]], 'price']) {
      await rewritePart(factory, 0, (part) => ({ ...part, omitted: omitted as CatalogPart['omitted'] }));
      expect(await store.loadSnapshot()).toBeUndefined();
    }
    await rewritePart(factory, 0, (part) => ({ ...part, omitted: [[9, ['price']]] }));
    expect((await store.loadSnapshot())!.entries[9]!.item).toEqual({ id: 9, title: 'Item 9', tags: ['a', 'b'] });
    store.close();
  });

  it('json: a part an earlier version wrote as bytes reads as one written as a Blob', async () => {
    const factory = new IDBFactory();
    const store = await openStore('shop', { indexedDB: factory });
    const saved = entries(1500);
    await store.saveSnapshot('m:1', saved, { json: true });
    const db = await openDatabase(dbName('shop'), factory);
    const text = await partText((await db.get('items', 1))!);
    db.close();
    await rewritePart(factory, 1, (part) => ({ ...part, itemsJson: new TextEncoder().encode(text) }));
    expect((await store.loadSnapshot())!.entries.map((e) => ({ key: e.key, hash: e.hash, item: e.item }))).toEqual(saved);
    store.close();
  });

  it('json: a damaged part fails with STORAGE_FAILED when its items are read, not before', async () => {
    const factory = new IDBFactory();
    const store = await openStore('shop', { indexedDB: factory });
    await store.saveSnapshot('m:1', entries(1500), { json: true });
    await rewritePart(factory, 1, (part) => ({ ...part, itemsJson: new TextEncoder().encode('[{"id": 1}]') }));
    const snapshot = (await store.loadSnapshot())!;
    expect(snapshot.entries[0]!.item).toEqual(entries(1)[0]!.item);
    expect(() => snapshot.entries[1200]!.item).toThrow(/does not hold 500 items/);
    store.close();
  });

  it('json: a part that is not an array, or an item in it that is not JSON, fails with STORAGE_FAILED when read', async () => {
    const factory = new IDBFactory();
    const store = await openStore('shop', { indexedDB: factory });
    await store.saveSnapshot('m:1', entries(3), { json: true });
    await rewritePart(factory, 0, (part) => ({ ...part, itemsJson: new TextEncoder().encode('[{"id": 0}, {"id": nope}, {"id": 2}]') }));
    const snapshot = (await store.loadSnapshot())!;
    expect(snapshot.entries[0]!.item).toEqual({ id: 0 });
    expect(() => snapshot.entries[1]!.item).toThrow(
      expect.objectContaining({ code: 'STORAGE_FAILED', message: expect.stringMatching(/not JSON/) }),
    );
    await rewritePart(factory, 0, (part) => ({ ...part, itemsJson: new TextEncoder().encode('{"id": 0}') }));
    const again = (await store.loadSnapshot())!;
    expect(() => again.entries[0]!.item).toThrow(
      expect.objectContaining({ code: 'STORAGE_FAILED', message: expect.stringMatching(/not a JSON array/) }),
    );
    store.close();
  });

  it('json: a part without keys reads as no snapshot', async () => {
    const factory = new IDBFactory();
    const store = await openStore('shop', { indexedDB: factory });
    await store.saveSnapshot('m:1', entries(10), { json: true });
    await rewritePart(factory, 0, ({ keys: _dropped, ...part }) => part);
    expect(await store.loadSnapshot()).toBeUndefined();
    store.close();
  });
});

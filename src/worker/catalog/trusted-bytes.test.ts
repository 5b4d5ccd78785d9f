/**
 * A first visit's catalog kept as its bytes (catalog/byte-items.ts): the trusted path over the
 * bytes gives what it gives over the parsed array, keeps each item's fetched JSON for the snapshot,
 * and filters read attribute columns (catalog-attributes.ts), not every item.
 */
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { ByteItems } from '../../catalog/byte-items.ts';
import { type CatalogEntry, resolveTextRule, screenCatalog, validateCatalog } from '../../catalog/index.ts';
import { jsonArrayElements } from '../../catalog/json-elements.ts';
import { quickScreen } from '../../catalog/quick-screen.ts';
import { openStore } from '../../storage/index.ts';
import { dbName, openDatabase } from '../../storage/open.ts';
import type { CatalogPart } from '../../storage/schema.ts';
import type { CatalogItem } from '../../types/index.ts';
import { compileFilter } from '../../vector-index/index.ts';
import { AttributeColumns } from './catalog-attributes.ts';
import { trustedEntries } from './trusted-catalog.ts';

const KEY = 'fake-model:16:q8';
const plain = (entries: readonly CatalogEntry[]) => entries.map((e) => ({ key: e.key, item: e.item, text: e.text, hash: e.hash }));
const hashesOf = (entries: readonly CatalogEntry[]) => new Map(entries.map((e) => [e.key, e.hash]));
const bytesOf = (raw: unknown[]) => {
  const bytes = new TextEncoder().encode(JSON.stringify(raw, null, 1));
  return new ByteItems(bytes, jsonArrayElements(bytes)!);
};
const decode = (b: Uint8Array | undefined) => (b === undefined ? undefined : new TextDecoder().decode(b));
/** A stored part's items as text (written as a Blob: storage/schema.ts). */
const partText = async (part: CatalogPart | undefined) => (part?.itemsJson instanceof Blob ? part.itemsJson.text() : undefined);

// Bad records, a duplicate id, a field of the wrong type and an item without text.
const messy: unknown[] = [
  { id: 'a', title: 'Tent', tags: ['Ünïcödé', '🎮'] },
  'junk',
  { id: 'b', title: 7, tags: ['x'] },
  { id: 'a', title: 'dup' },
  { id: 'c', price: 3 },
  { title: 'no id' },
];

describe('trusted entries over the catalog bytes', () => {
  it('screen the bytes as the parsed array: the same kept items and problems', () => {
    const fromBytes = screenCatalog(bytesOf(messy));
    const fromArray = screenCatalog(messy);
    expect(fromBytes.problems).toEqual(fromArray.problems);
    expect(fromBytes.kept.map((s) => ({ index: s.index, key: s.key, item: s.item }))).toEqual(fromArray.kept);
  });

  it('give the entries, check and report validation gives, with a stale hash found', async () => {
    const validated = await validateCatalog(messy, { modelKey: KEY });
    const hashes = hashesOf(validated.entries);
    hashes.set('c', '0'.repeat(32));
    const trusted = await trustedEntries(bytesOf(messy), hashes, resolveTextRule(), KEY);
    expect(plain(trusted.entries)).toEqual(plain(validated.entries).map((e) => (e.key === 'c' ? { ...e, hash: '0'.repeat(32) } : e)));
    const verified = await trusted.verify();
    expect(plain(verified.entries)).toEqual(plain(validated.entries));
    expect(verified.stale.map((e) => e.key)).toEqual(['c']);
    expect(verified.report).toEqual(validated.report);
    // An entry whose hash held is the trusted object itself, hash string included (nothing the
    // check made to last: first-visit-memory.md); the stale one is new.
    for (const e of verified.entries) {
      const before = trusted.entries.find((t) => t.key === e.key)!;
      if (e.key === 'c') expect(e).not.toBe(before);
      else expect(e).toBe(before);
    }
  });

  it('read ids from the bytes when every element leads with one, and check fields as the check reads items', async () => {
    // Every element starts with its id (quick-screen.ts); one field of the wrong type, one item without text.
    const leading: unknown[] = [
      { id: 'a', title: 'Tent' },
      { id: 'b', title: 7, tags: ['x'] },
      { id: 'c', price: 3 },
      { id: 4, title: 'Lamp' },
    ];
    // Each id leads its element: screening drops nothing.
    const quick = quickScreen(bytesOf(leading));
    expect(quick.problems).toEqual([]);
    const validated = await validateCatalog(leading, { modelKey: KEY });
    const trusted = await trustedEntries(bytesOf(leading), hashesOf(validated.entries), resolveTextRule(), KEY);
    expect(plain(trusted.entries)).toEqual(plain(validated.entries));
    const verified = await trusted.verify();
    expect(plain(verified.entries)).toEqual(plain(validated.entries));
    expect(verified.stale).toEqual([]);
    expect(verified.report).toEqual(validated.report);
    expect(verified.report.problems.map((p) => p.code)).toEqual(['ITEM_FIELD_TYPE', 'ITEM_NO_TEXT']);
  });

  it('check each item from one parse, handing the words the item read, faulty fields left out', async () => {
    const leading: unknown[] = [
      { id: 'a', title: 'Tent', tags: ['Camping'] },
      { id: 'b', title: 'Stove', price: 'cheap', tags: ['Cooking'] },
      { id: 'c', title: 'Lamp' },
    ];
    const items = bytesOf(leading);
    const validated = await validateCatalog(leading, { modelKey: KEY });
    const trusted = await trustedEntries(items, hashesOf(validated.entries), resolveTextRule(), KEY);
    const parsed = new Map<number, number>();
    const parse = items.parse.bind(items);
    items.parse = (index: number) => {
      parsed.set(index, (parsed.get(index) ?? 0) + 1);
      return parse(index);
    };
    const sunk: [string, string, CatalogItem][] = [];
    const verified = await trusted.verify({ add: (key, text, item) => sunk.push([key, text, item]) });
    // One parse per item (field checks, text and words from it), none kept once the check is done.
    expect([...parsed.entries()].sort()).toEqual([
      [0, 1],
      [1, 1],
      [2, 1],
    ]);
    expect(sunk.map(([key]) => key)).toEqual(['a', 'b', 'c']);
    expect(sunk[1]![2]).toEqual({ id: 'b', title: 'Stove', tags: ['Cooking'] });
    expect(sunk.map(([, text]) => text)).toEqual(plain(validated.entries).map((e) => e.text));
    expect(verified.report).toEqual(validated.report);
  });

  it("point at each item's fetched JSON, and name the faulty fields an item is read without", async () => {
    const validated = await validateCatalog(messy, { modelKey: KEY });
    const trusted = await trustedEntries(bytesOf(messy), hashesOf(validated.entries), resolveTextRule(), KEY);
    const elements = (await trusted.verify()).entries.map((e) => e.element?.());
    expect(elements.map((at) => JSON.parse(decode(at?.items.raw(at.index))!))).toEqual([messy[0], messy[2], messy[4]]);
    expect(elements.map((at) => at?.items.omittedFields(at.index))).toEqual([undefined, ['title'], undefined]);
  });

  it('with faulty fields, are stored as fetched and read back without them, saved again or not', async () => {
    const validated = await validateCatalog(messy, { modelKey: KEY });
    const trusted = await trustedEntries(bytesOf(messy), hashesOf(validated.entries), resolveTextRule(), KEY);
    const { entries } = await trusted.verify();
    const factory = new IDBFactory();
    const store = await openStore('shop', { indexedDB: factory });
    const items = (list: readonly { key: string; hash: string; item: unknown }[]) =>
      list.map(({ key, hash, item }) => ({ key, hash, item }));
    await store.saveSnapshot(KEY, entries, { json: true });
    const db = await openDatabase(dbName('shop'), factory);
    const part = await db.get('items', 0);
    db.close();
    // Item "b" as fetched, with its faulty title, and the title named to be left out.
    expect(JSON.parse((await partText(part))!)).toEqual([messy[0], messy[2], messy[4]]);
    expect(part?.omitted).toEqual([[1, ['title']]]);
    const snapshot = (await store.loadSnapshot())!;
    expect(items(snapshot.entries)).toEqual(items(validated.entries));
    // A returning visit saves what it read: the omission goes with the bytes.
    await store.saveSnapshot(KEY, snapshot.entries, { json: true });
    expect(items((await store.loadSnapshot())!.entries)).toEqual(items(validated.entries));
    store.close();
  });

  it('throw the SyntaxError of an element that does not parse (the caller parses the whole body instead)', async () => {
    const bytes = new TextEncoder().encode('[{"id": "a"}, {"id": b}]');
    await expect(trustedEntries(new ByteItems(bytes, jsonArrayElements(bytes)!), new Map(), resolveTextRule(), KEY)).rejects.toThrow(
      SyntaxError,
    );
  });

  it('are stored in the snapshot from their bytes and read back as the same items', async () => {
    const raw = Array.from({ length: 2300 }, (_, i) => ({ id: `p${i}`, title: `Lamp ${i} "quoted" ✓`, price: i }));
    const validated = await validateCatalog(raw, { modelKey: KEY });
    const trusted = await trustedEntries(bytesOf(raw), hashesOf(validated.entries), resolveTextRule(), KEY);
    const factory = new IDBFactory();
    const store = await openStore('shop', { indexedDB: factory });
    await store.saveSnapshot(KEY, trusted.entries, { json: true });
    const snapshot = await store.loadSnapshot();
    expect(snapshot?.entries.map((e) => ({ key: e.key, hash: e.hash, item: e.item }))).toEqual(
      validated.entries.map((e) => ({ key: e.key, hash: e.hash, item: e.item })),
    );
    store.close();
    // Stored as fetched (indented by bytesOf, the separators' spacing too), not serialised again.
    const db = await openDatabase(dbName('shop'), factory);
    const part = await db.get('items', 2);
    expect(await partText(part)).toBe(
      `[${raw
        .slice(2000)
        .map((item) => JSON.stringify(item, null, 1).replaceAll('\n', '\n '))
        .join(',\n ')}]`,
    );
    db.close();
  });
});

describe('attribute columns for filters', () => {
  it('match what reading each item matches, build nothing until first read, and start over for new entries', () => {
    const columns = new AttributeColumns();
    let reads = 0;
    // Entries that count how often their item is read.
    const counted = (raw: CatalogItem[]) =>
      new Map(
        raw.map((item): [string, CatalogEntry] => [
          String(item.id),
          {
            key: String(item.id),
            text: '',
            hash: '',
            get item() {
              reads++;
              return item;
            },
          },
        ]),
      );
    const one = counted([
      { id: 1, category: 'tent', price: 20, tags: ['sale'] },
      { id: 2, category: 'lamp', price: 5 },
      { id: 3, category: 'tent', price: 60, tags: ['new'] },
    ]);
    const filter = { category: 'tent', price: { lt: 50 }, tags: { not: 'new' } };
    const lookup = columns.lookup(one, Object.keys(filter));
    expect(reads).toBe(0);
    const byColumns = compileFilter(filter, lookup);
    const byItems = compileFilter(filter, (key) => one.get(key)?.item);
    for (const key of ['1', '2', '3', 'missing']) expect(byColumns(key), key).toBe(byItems(key));
    expect(['1', '2', '3'].filter(byColumns)).toEqual(['1']);
    const before = reads;
    compileFilter({ category: 'lamp' }, columns.lookup(one, ['category']))('2');
    expect(reads).toBe(before);
    const two = counted([{ id: 1, category: 'lamp' }]);
    expect(compileFilter({ category: 'lamp' }, columns.lookup(two, ['category']))('1')).toBe(true);
  });
});

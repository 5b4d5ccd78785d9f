import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { HeldBlob } from '../../test/helpers/held-blob.ts';
import { ByteItems } from '../catalog/byte-items.ts';
import { jsonArrayElements } from '../catalog/json-elements.ts';
import { entryNames } from '../catalog/name.ts';
import { NameColumn } from '../catalog/name-column.ts';
import { ErrorCodes } from '../errors.ts';
import { diskEntries } from './disk-snapshot.ts';
import { dbName, openDatabase } from './open.ts';
import type { CatalogPart } from './schema.ts';
import { AMENDMENT_PART, applyAmendment } from './snapshot-amendment.ts';
import { openStore } from './store.ts';
import type { SyncBlobReader } from './stored-elements.ts';

const COUNT = 2500;

/** A reader of HeldBlobs that counts its reads. */
function reader() {
  const reads = { count: 0 };
  const read: SyncBlobReader = (blob) => {
    reads.count++;
    return (blob as HeldBlob).held;
  };
  return { read, reads };
}

/** 2,500 fetched items (3 parts), spacing as fetched, one with both a title and a name, one without either. */
function fetched() {
  const given = Array.from({ length: COUNT }, (_, i) =>
    i === 5 ? { id: i, title: 'Lamp', name: 'Desk Lamp' } : i === 6 ? { id: i, price: 6 } : { id: i, title: `Item ${i} – é`, price: i },
  );
  const body = new TextEncoder().encode(`[\n${given.map((g) => `  ${JSON.stringify(g)}`).join(' ,\n')}\n]`);
  const items = new ByteItems(body, jsonArrayElements(body)!);
  const entries = given.map((_, i) => ({
    key: String(i),
    hash: `h${i}`,
    get item() {
      return items.item(i);
    },
    element: () => ({ items, index: i }),
  }));
  return { given, items, entries };
}

/**
 * A pending snapshot of `fetched()` saved, the check run (every item read once, item 1700's price
 * left out), and completed with the check's names unless `withNames` is false; then its records
 * as IndexedDB gives them back, amended, each part's Blob held in memory.
 */
async function savedSnapshot(withNames = true) {
  const factory = new IDBFactory();
  const store = await openStore('shop', { indexedDB: factory });
  const { given, items, entries } = fetched();
  await store.saveSnapshot('m:1', entries, { json: true, pending: 't' });
  items.scan(() => {
    for (let i = 0; i < COUNT; i++) items.item(i);
  });
  items.omit(1700, ['price']);
  const names = new NameColumn(COUNT);
  for (let i = 0; i < COUNT; i++) names.copy(i, items.nameColumn()!, i);
  const amendmentOf = { hashes: [[2, 'real-2']] as [number, string][], omitted: [[1700, ['price']]] as [number, string[]][] };
  expect(await store.completeSnapshot('t', { ...amendmentOf, ...(withNames ? { names: names.toStored() } : {}) })).toBe(true);
  const inMemory = (await store.loadSnapshot())!;
  store.close();
  const db = await openDatabase(dbName('shop'), factory);
  const all = await db.getAll('items');
  db.close();
  const amendment = all.find((r) => r.part === AMENDMENT_PART)!;
  const records: CatalogPart[] = [];
  for (const r of all.filter((r) => r.part !== AMENDMENT_PART))
    records.push({ ...r, itemsJson: new HeldBlob(new Uint8Array(await (r.itemsJson as Blob).arrayBuffer())) });
  expect(applyAmendment(records, amendment, 1000)).toBe(true);
  return { given, records, amendment, inMemory };
}

describe('a stored snapshot read from its parts on disk', () => {
  it('gives the entries a read into memory gives, names without a read, and each item read from its part', async () => {
    const { given, records, amendment, inMemory } = await savedSnapshot();
    expect(records.map((r) => r.spans?.length)).toEqual([2000, 2000, 1000]);
    const { read, reads } = reader();
    const entries = diskEntries(records, amendment, read)!;
    // Loading reads each part's last byte (its file is there, and is an array's), nothing more.
    expect(reads.count).toBe(3);
    reads.count = 0;
    expect(entries.map((e) => [e.key, e.hash])).toEqual(inMemory.entries.map((e) => [e.key, e.hash]));
    expect(entries[2]!.hash).toBe('real-2');
    // Names from the stored column: nothing read from disk.
    expect(entries.map((e) => entryNames(e))).toEqual(
      given.map((g) => ('title' in g ? { title: g.title, ...('name' in g ? { name: g.name } : {}) } : {})),
    );
    expect(reads.count).toBe(0);
    // Items: the same as read into memory (1700's price left out), each read from its part.
    for (const i of [0, 999, 1000, 1700, 2499]) expect(entries[i]!.item).toEqual(inMemory.entries[i]!.item);
    expect(entries[1700]!.item).not.toHaveProperty('price');
    expect(reads.count).toBeGreaterThan(0);
    // A pass over every item reads each part whole once it reads twice there (stored-elements.ts).
    reads.count = 0;
    for (const [i, e] of entries.entries()) expect(e.item).toEqual(inMemory.entries[i]!.item);
    expect(reads.count).toBeLessThanOrEqual(6);
  });

  it('is not used without names, spans, a reader, or with records that do not add up', async () => {
    const unnamed = await savedSnapshot(false);
    expect(diskEntries(unnamed.records, unnamed.amendment, reader().read)).toBeUndefined();
    const { records, amendment } = await savedSnapshot();
    expect(diskEntries(records, amendment, undefined)).toBeUndefined();
    const without = (i: number, change: Partial<CatalogPart>) => records.map((r, k) => (k === i ? { ...r, ...change } : r));
    const { spans: _, ...unspanned } = records[1]!;
    expect(
      diskEntries(
        records.map((r, k) => (k === 1 ? unspanned : r)),
        amendment,
        reader().read,
      ),
    ).toBeUndefined();
    // A span past its part's end, a part held as bytes, names of another count, a damaged column.
    const spans = records[2]!.spans!.slice();
    spans[spans.length - 1] = 1e6;
    expect(diskEntries(without(2, { spans }), amendment, reader().read)).toBeUndefined();
    expect(diskEntries(without(0, { itemsJson: new Uint8Array(4) }), amendment, reader().read)).toBeUndefined();
    expect(diskEntries(records.slice(0, 2), amendment, reader().read)).toBeUndefined();
    const names = amendment.amendNames!;
    const damaged = { ...names, starts: names.starts.map((s, i) => (i === 7 ? names.bytes.length : s)) };
    expect(diskEntries(records, { ...amendment, amendNames: damaged }, reader().read)).toBeUndefined();
    expect(diskEntries(records, { ...amendment, amendNames: { ...names, tags: names.tags.slice(1) } }, reader().read)).toBeUndefined();
    // A part whose file cannot be read, or whose bytes are not a JSON array's.
    const gone: SyncBlobReader = (blob) => {
      if ((blob as HeldBlob).held.buffer === (records[1]!.itemsJson as HeldBlob).held.buffer)
        throw new DOMException('gone', 'NotReadableError');
      return (blob as HeldBlob).held;
    };
    expect(diskEntries(records, amendment, gone)).toBeUndefined();
    const cut = (records[2]!.itemsJson as HeldBlob).held;
    expect(diskEntries(without(2, { itemsJson: new HeldBlob(cut.subarray(0, cut.length - 1)) }), amendment, reader().read)).toBeUndefined();
  });

  it('an item whose stored bytes are not JSON fails with STORAGE_FAILED', async () => {
    const { records, amendment } = await savedSnapshot();
    const held = (records[0]!.itemsJson as HeldBlob).held.slice();
    const at = records[0]!.spans![2 * 3]!;
    held.set(new TextEncoder().encode('}}}'), at);
    const entries = diskEntries(
      records.map((r, k) => (k === 0 ? { ...r, itemsJson: new HeldBlob(held) } : r)),
      amendment,
      reader().read,
    )!;
    expect(entries[4]!.item).toMatchObject({ id: 4 });
    expect(() => entries[3]!.item).toThrow(expect.objectContaining({ code: ErrorCodes.STORAGE_FAILED }));
  });
});

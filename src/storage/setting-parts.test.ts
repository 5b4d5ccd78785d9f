import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { expect, test } from 'vitest';
import { getFromParts, removeParts, type Settings, setInParts } from './setting-parts.ts';
import { openStore } from './store.ts';

/** Settings in a Map, cloned as IndexedDB clones them, counting the records written. */
function mapSettings(): Settings & { records: Map<string, unknown> } {
  const records = new Map<string, unknown>();
  return {
    records,
    async getSetting<T>(key: string) {
      return (records.has(key) ? structuredClone(records.get(key)) : undefined) as T | undefined;
    },
    async setSetting(key: string, value: unknown) {
      if (value === undefined) records.delete(key);
      else records.set(key, structuredClone(value));
    },
  };
}

/** A value shaped like a stored word-overlap index: long arrays nested, short ones and scalars. */
function bigValue(n: number) {
  const rows = new Uint32Array(n * 3).map((_, i) => (i * 2654435761) >>> 0);
  return {
    format: 'words-v9',
    keys: Array.from({ length: n }, (_, i) => `item-${i}`),
    hashes: Array.from({ length: n }, (_, i) => `h${i.toString(16).padStart(63, '0')}`),
    arrays: { rowStart: new Uint32Array(n + 1).map((_, i) => i * 3), rowTerm: rows, df: new Uint32Array(5).fill(7) },
  };
}

test('a value with long arrays is written as parts of ~1 MB and read back equal', async () => {
  const s = mapSettings();
  const value = bigValue(100_000); // rowTerm: 300k values, keys and hashes: 100k strings each
  await setInParts(s, 'word-index', value);
  // rowTerm in 2 parts, keys and hashes in 7 each, then the head (rowStart, 100,001 values, in it).
  expect(s.records.size).toBe(2 + 7 + 7 + 1);
  const parts = [...s.records.values()].map((r) => (r as { data?: unknown }).data).filter((d) => d instanceof Uint32Array);
  expect(parts.map((d) => d.byteLength)).toEqual([1 << 20, 300_000 * 4 - (1 << 20)]);
  expect(await getFromParts(s, 'word-index')).toEqual(value);
});

test('a small value stays in one record, and a value written whole reads as it is', async () => {
  const s = mapSettings();
  await setInParts(s, 'k', { a: new Uint32Array([1, 2]), b: ['x'] });
  expect([...s.records.keys()]).toEqual(['k']);
  expect(await getFromParts(s, 'k')).toEqual({ a: new Uint32Array([1, 2]), b: ['x'] });
  await s.setSetting('old', { format: 'whole', arrays: { a: new Uint32Array(3) } });
  expect(await getFromParts(s, 'old')).toEqual({ format: 'whole', arrays: { a: new Uint32Array(3) } });
});

test('a torn write reads as nothing: a part of another write, or a part missing', async () => {
  const s = mapSettings();
  await setInParts(s, 'w', bigValue(40_000));
  const first = s.records.get('w#0');
  await setInParts(s, 'w', bigValue(40_000));
  s.records.set('w#0', first); // the same shape, the earlier write's id
  expect(await getFromParts(s, 'w')).toBeUndefined();
  await setInParts(s, 'w', bigValue(40_000));
  s.records.delete('w#2');
  expect(await getFromParts(s, 'w')).toBeUndefined();
});

test('a smaller value leaves no part of the larger one, and removing deletes every part', async () => {
  const s = mapSettings();
  await setInParts(s, 'w', bigValue(100_000));
  await setInParts(s, 'w', bigValue(20_000));
  // 20k keys and hashes: 2 parts each; the 60k values stay in the head.
  expect([...s.records.keys()].sort()).toEqual(['w', 'w#0', 'w#1', 'w#2', 'w#3']);
  expect(await getFromParts(s, 'w')).toEqual(bigValue(20_000));
  await removeParts(s, 'w');
  expect(s.records.size).toBe(0);
  expect(await getFromParts(s, 'w')).toBeUndefined();
});

test('through IndexedDB (the store the worker uses)', async () => {
  const store = await openStore('parts-test', { indexedDB: new IDBFactory() });
  const value = bigValue(50_000);
  await setInParts(store, 'word-index', value);
  expect(await getFromParts(store, 'word-index')).toEqual(value);
  await removeParts(store, 'word-index');
  expect(await store.getSetting('word-index#0')).toBeUndefined();
  store.close();
});

test('a long Uint16Array is cut into parts of 1 MiB too and read back as a Uint16Array', async () => {
  const s = mapSettings();
  const ids = new Uint16Array(1_200_000).map((_, i) => (i * 40503) & 0xffff);
  const value = { arrays: { rowTerm: ids, rowStart: new Uint32Array([0, 1]) } };
  await setInParts(s, 'w16', value);
  const parts = [...s.records.values()].map((r) => (r as { data?: unknown }).data).filter((d) => d instanceof Uint16Array);
  expect(parts.map((d) => d.byteLength)).toEqual([1 << 20, 1 << 20, 1_200_000 * 2 - (2 << 20)]);
  const back = (await getFromParts(s, 'w16')) as typeof value;
  expect(back.arrays.rowTerm).toBeInstanceOf(Uint16Array);
  expect(back).toEqual(value);
  // A part of the wrong kind (a Uint32Array where 16-bit values were cut) reads as nothing.
  s.records.set('w16#1', { ...(s.records.get('w16#1') as object), data: new Uint32Array(1 << 19) });
  expect(await getFromParts(s, 'w16')).toBeUndefined();
});

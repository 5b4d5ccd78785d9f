import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { dequantizeInto, quantize } from '../artifact/quantize.ts';
import { CHUNK_SIZE } from './chunks.ts';
import { createMemoryStore } from './memory-store.ts';
import { dbName, openDatabase } from './open.ts';
import { openStore } from './store.ts';

const MODEL = 'use-lite-en:512';
const DIMS = 512;

/** Deterministic pseudo-random bits, NaN payloads and all, so "equal" really means bit-for-bit. */
function randomVectors(count: number, dims: number, seed = 1): Float32Array<ArrayBuffer> {
  const bits = new Uint32Array(count * dims);
  let x = seed;
  for (let i = 0; i < bits.length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    bits[i] = x >>> 0;
  }
  return new Float32Array(bits.buffer);
}

const hashesOf = (from: number, count: number) => Array.from({ length: count }, (_, i) => (from + i).toString(16).padStart(8, '0'));
/** Whether two arrays hold the same bits; a byte compare, since deep-equal on millions of floats is slow. */
function sameBits(a: Float32Array, b: Float32Array): boolean {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
}

async function writeInBatches(
  store: { putVectors(m: string, d: number, h: string[], v: Float32Array): Promise<void> },
  hashes: string[],
  vectors: Float32Array,
  batch: number,
  dims = DIMS,
): Promise<void> {
  for (let start = 0; start < hashes.length; start += batch) {
    const end = Math.min(start + batch, hashes.length);
    await store.putVectors(MODEL, dims, hashes.slice(start, end), vectors.subarray(start * dims, end * dims));
  }
}

async function chunkSizes(factory: IDBFactory, namespace: string): Promise<number[]> {
  const db = await openDatabase(dbName(namespace), factory);
  const chunks = await db.getAll('vectors');
  db.close();
  return chunks.map((c) => c.hashes.length);
}

describe('vectors', () => {
  it('round-trips 5,000 x 512 vectors bit-for-bit', async () => {
    const store = await openStore('shop', { indexedDB: new IDBFactory() });
    const hashes = hashesOf(0, 5000);
    const vectors = randomVectors(5000, DIMS);
    await store.putVectors(MODEL, DIMS, hashes, vectors);
    const loaded = await store.loadVectors(MODEL);
    expect(loaded.dims).toBe(DIMS);
    expect(loaded.hashes).toEqual(hashes);
    expect(loaded.vectors.length).toBe(vectors.length);
    expect(sameBits(loaded.vectors, vectors)).toBe(true);
    store.close();
  });

  it('merges small batches into ceil(n / CHUNK_SIZE) chunks', async () => {
    const factory = new IDBFactory();
    const store = await openStore('shop', { indexedDB: factory });
    const hashes = hashesOf(0, 5000);
    const vectors = randomVectors(5000, DIMS, 7);
    await writeInBatches(store, hashes, vectors, 100);
    const loaded = await store.loadVectors(MODEL);
    expect(loaded.hashes).toEqual(hashes);
    expect(sameBits(loaded.vectors, vectors)).toBe(true);
    store.close();
    const sizes = await chunkSizes(factory, 'shop');
    expect(sizes.length).toBe(Math.ceil(5000 / CHUNK_SIZE));
    expect(sizes).toEqual([CHUNK_SIZE, CHUNK_SIZE, CHUNK_SIZE, CHUNK_SIZE, 5000 - 4 * CHUNK_SIZE]);
  });

  it('resumes after a reload with exactly the vectors written so far', async () => {
    const factory = new IDBFactory();
    const hashes = hashesOf(0, 1000);
    const vectors = randomVectors(1000, DIMS, 3);
    const first = await openStore('shop', { indexedDB: factory });
    await writeInBatches(first, hashes.slice(0, 300), vectors.subarray(0, 300 * DIMS), 64);
    first.close();

    const second = await openStore('shop', { indexedDB: factory });
    const partial = await second.loadVectors(MODEL);
    expect(partial.hashes).toEqual(hashes.slice(0, 300));
    expect(sameBits(partial.vectors, vectors.subarray(0, 300 * DIMS))).toBe(true);

    const done = new Set(partial.hashes);
    const todo = hashes.map((h, i) => [h, i] as const).filter(([h]) => !done.has(h));
    const rest = new Float32Array(todo.length * DIMS);
    todo.forEach(([, i], j) => {
      rest.set(vectors.subarray(i * DIMS, (i + 1) * DIMS), j * DIMS);
    });
    await writeInBatches(
      second,
      todo.map(([h]) => h),
      rest,
      256,
    );
    const full = await second.loadVectors(MODEL);
    expect(full.hashes).toEqual(hashes);
    expect(sameBits(full.vectors, vectors)).toBe(true);
    second.close();
  });

  it('de-duplicates by hash, last write wins', async () => {
    const store = await openStore('shop', { indexedDB: new IDBFactory() });
    await store.putVectors('m:2', 2, ['a', 'b'], Float32Array.of(1, 1, 2, 2));
    await store.putVectors('m:2', 2, ['a'], Float32Array.of(9, 9));
    const loaded = await store.loadVectors('m:2');
    expect(loaded.hashes).toEqual(['a', 'b']);
    expect(Array.from(loaded.vectors)).toEqual([9, 9, 2, 2]);
    store.close();
  });

  it('prunes, rewriting chunks compactly from the first one that changed', async () => {
    const factory = new IDBFactory();
    const store = await openStore('shop', { indexedDB: factory });
    const dims = 8;
    const hashes = hashesOf(0, 3000);
    const vectors = randomVectors(3000, dims, 5);
    await writeInBatches(store, hashes, vectors, 500, dims);
    // Drop every third item from 2,000 on, so chunk 0 stays as it was.
    const keep = new Set(hashes.filter((_, i) => i < 2000 || i % 3 !== 0));
    const removed = await store.pruneVectors(MODEL, keep);
    expect(removed).toBe(3000 - keep.size);

    const loaded = await store.loadVectors(MODEL);
    const kept = hashes.map((h, i) => [h, i] as const).filter(([h]) => keep.has(h));
    expect(loaded.hashes).toEqual(kept.map(([h]) => h));
    const expected = new Float32Array(kept.length * dims);
    kept.forEach(([, i], j) => {
      expected.set(vectors.subarray(i * dims, (i + 1) * dims), j * dims);
    });
    expect(sameBits(loaded.vectors, expected)).toBe(true);
    expect(await store.pruneVectors(MODEL, keep)).toBe(0);
    store.close();
    const sizes = await chunkSizes(factory, 'shop');
    expect(sizes.length).toBe(Math.ceil(keep.size / CHUNK_SIZE));
    expect(sizes.slice(0, -1).every((n) => n === CHUNK_SIZE)).toBe(true);
  });

  it('prune drops superseded duplicates without counting them', async () => {
    const store = await openStore('shop', { indexedDB: new IDBFactory() });
    await store.putVectors('m:1', 1, ['a', 'b', 'c'], Float32Array.of(1, 2, 3));
    await store.putVectors('m:1', 1, ['a'], Float32Array.of(4));
    expect(await store.pruneVectors('m:1', new Set(['a', 'c']))).toBe(1);
    const loaded = await store.loadVectors('m:1');
    expect(loaded.hashes).toEqual(['c', 'a']);
    expect(Array.from(loaded.vectors)).toEqual([3, 4]);
    expect(await store.pruneVectors('m:1', new Set())).toBe(2);
    expect((await store.loadVectors('m:1')).hashes).toEqual([]);
    store.close();
  });

  it('keeps models apart, lists them and deletes one', async () => {
    const store = await openStore('shop', { indexedDB: new IDBFactory() });
    expect(await store.listModelKeys()).toEqual([]);
    await store.putVectors('b:2', 2, hashesOf(0, 1500), randomVectors(1500, 2));
    await store.putVectors('a:3', 3, ['x'], Float32Array.of(1, 2, 3));
    await store.putVectors('a:30', 1, ['y'], Float32Array.of(4));
    expect(await store.listModelKeys()).toEqual(['a:3', 'a:30', 'b:2']);
    expect((await store.loadVectors('a:3')).hashes).toEqual(['x']);
    await store.deleteModel('b:2');
    expect(await store.listModelKeys()).toEqual(['a:3', 'a:30']);
    expect(await store.loadVectors('b:2')).toEqual({ dims: 0, hashes: [], vectors: new Float32Array(0) });
    store.close();
  });

  it('rejects bad arguments with INVALID_OPTION and writes nothing', async () => {
    const store = await openStore('shop', { indexedDB: new IDBFactory() });
    const invalid = expect.objectContaining({ code: 'INVALID_OPTION' });
    await expect(store.putVectors('m:2', 2, ['a'], Float32Array.of(1))).rejects.toEqual(invalid);
    await expect(store.putVectors('m:2', 0, [], new Float32Array(0))).rejects.toEqual(invalid);
    await expect(store.putVectors('', 2, ['a'], Float32Array.of(1, 2))).rejects.toEqual(invalid);
    await store.putVectors('m:2', 2, ['a'], Float32Array.of(1, 2));
    await expect(store.putVectors('m:2', 3, ['b'], Float32Array.of(1, 2, 3))).rejects.toEqual(invalid);
    expect((await store.loadVectors('m:2')).hashes).toEqual(['a']);
    store.close();
  });

  it("stores an artifact's int8 rows as codes, reads them back decoded, and prunes them without inflating them", async () => {
    const factory = new IDBFactory();
    const store = await openStore('shop', { indexedDB: factory });
    const dims = 16;
    const floats = randomVectors(10, dims, 3).map((v) => (Number.isFinite(v) ? Math.tanh(v) : 0.5));
    const codes = new Int8Array(3000 * dims);
    const scales = new Float32Array(3000);
    const decoded = new Float32Array(3000 * dims);
    for (let r = 0; r < 3000; r++) {
      const q = quantize(Array.from({ length: dims }, (_, d) => floats[(r + d) % floats.length]! * (1 + (r % 7))));
      codes.set(q.code, r * dims);
      scales[r] = q.scale;
      dequantizeInto(q.code, 0, dims, q.scale, decoded, r * dims);
    }
    const hashes = hashesOf(0, 3000);
    // Float rows first, then int8 rows in two batches: the second merges into the first's tail.
    await store.putVectors(
      MODEL,
      dims,
      ['f0'],
      Float32Array.from({ length: dims }, (_, d) => d),
    );
    await store.putVectors(MODEL, dims, hashes.slice(0, 1500), { codes: codes.subarray(0, 1500 * dims), scales: scales.subarray(0, 1500) });
    await store.putVectors(MODEL, dims, hashes.slice(1500), { codes: codes.subarray(1500 * dims), scales: scales.subarray(1500) });
    const loaded = await store.loadVectors(MODEL);
    expect(loaded.hashes).toEqual(['f0', ...hashes]);
    expect(sameBits(loaded.vectors.subarray(dims), decoded)).toBe(true);

    const keep = new Set(['f0', ...hashes.filter((_, i) => i % 2 === 0)]);
    expect(await store.pruneVectors(MODEL, keep)).toBe(1500);
    const pruned = await store.loadVectors(MODEL);
    expect(pruned.hashes).toEqual(['f0', ...hashes.filter((_, i) => i % 2 === 0)]);
    const expected = new Float32Array(1500 * dims);
    for (let j = 0; j < 1500; j++) expected.set(decoded.subarray(2 * j * dims, (2 * j + 1) * dims), j * dims);
    expect(sameBits(pruned.vectors.subarray(dims), expected)).toBe(true);
    store.close();
    const db = await openDatabase(dbName('shop'), factory);
    const chunks = await db.getAll('vectors');
    db.close();
    // Every int8 row is still stored as one byte per dimension.
    expect(chunks.filter((c) => c.codes).reduce((n, c) => n + c.codes!.byteLength, 0)).toBe(1500 * dims);
    expect(chunks.filter((c) => c.vectors).map((c) => c.hashes)).toEqual([['f0']]);
  });

  it('int8 rows of a projected space keep their length when read back, in IndexedDB and in memory', async () => {
    const key = 'use-lite-en+p0123456789abcdef:4:q8';
    const short = quantize([0.3, -0.4, 0, 0]); // length .5: a projected row keeps it
    for (const store of [await openStore('shop', { indexedDB: new IDBFactory() }), createMemoryStore('shop')]) {
      await store.putVectors(key, 4, ['a'], { codes: short.code, scales: Float32Array.of(short.scale) });
      await store.putVectors('use-lite-en:4:q8', 4, ['a'], { codes: short.code, scales: Float32Array.of(short.scale) });
      const [x, y] = (await store.loadVectors(key)).vectors;
      expect(Math.hypot(x!, y!)).toBeCloseTo(0.5, 2);
      const [u, v] = (await store.loadVectors('use-lite-en:4:q8')).vectors;
      expect(Math.hypot(u!, v!)).toBeCloseTo(1, 5);
      store.close();
    }
  });

  it('rejects int8 rows without one scale per row', async () => {
    const store = await openStore('shop', { indexedDB: new IDBFactory() });
    const invalid = expect.objectContaining({ code: 'INVALID_OPTION' });
    await expect(store.putVectors('m:2', 2, ['a'], { codes: Int8Array.of(1, 2), scales: Float32Array.of(1, 1) })).rejects.toEqual(invalid);
    await expect(store.putVectors('m:2', 2, ['a'], { codes: Int8Array.of(1), scales: Float32Array.of(1) })).rejects.toEqual(invalid);
    expect((await store.loadVectors('m:2')).hashes).toEqual([]);
    store.close();
  });
});

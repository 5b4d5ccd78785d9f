/**
 * `eachVectorChunk` / `Store.eachVectors`: stored vectors handed over a record at a time (what a
 * returning visit adopts into its index), against `loadVectors`, which reads them whole.
 */
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { randomUnitVectors } from '../../test/helpers/vectors.ts';
import { quantize } from '../artifact/quantize.ts';
import { CHUNK_SIZE } from './chunks.ts';
import { createMemoryStore } from './memory-store.ts';
import { dbName, openDatabase } from './open.ts';
import { openStore } from './store.ts';
import { eachVectorChunk } from './vectors.ts';

const MODEL = 'use-lite-en:512';
const hashesOf = (from: number, count: number) => Array.from({ length: count }, (_, i) => (from + i).toString(16).padStart(8, '0'));

describe('stored vectors, a record at a time', () => {
  it('hands stored vectors over a record at a time, in write order, whatever the records per read', async () => {
    const factory = new IDBFactory();
    const store = await openStore('shop', { indexedDB: factory });
    const dims = 8;
    const floats = randomUnitVectors(4 * CHUNK_SIZE, dims, 5);
    const codes = new Int8Array(floats.length);
    const scales = new Float32Array(4 * CHUNK_SIZE);
    for (let r = 0; r < scales.length; r++) {
      const q = quantize(Array.from(floats.subarray(r * dims, (r + 1) * dims)));
      codes.set(q.code, r * dims);
      scales[r] = q.scale;
    }
    const hashes = hashesOf(0, 4 * CHUNK_SIZE);
    // A float record, three int8 records and a last one holding 'x' again: a later write of a hash.
    await store.putVectors(MODEL, dims, hashes.slice(0, CHUNK_SIZE), floats.subarray(0, CHUNK_SIZE * dims));
    await store.putVectors(MODEL, dims, hashes.slice(CHUNK_SIZE), {
      codes: codes.subarray(CHUNK_SIZE * dims),
      scales: scales.subarray(CHUNK_SIZE),
    });
    await store.putVectors(MODEL, dims, [hashes[5]!], floats.subarray(0, dims));
    const all = await store.loadVectors(MODEL);
    store.close();
    const db = await openDatabase(dbName('shop'), factory);
    for (const group of [1, 2, 4, 5, 16]) {
      const seen: string[] = [];
      const rows: Float32Array[] = [];
      const buffers = new Set<ArrayBufferLike>();
      await eachVectorChunk(
        db,
        MODEL,
        ({ dims: d, hashes: h, vectors }) => {
          expect(d).toBe(dims);
          expect(vectors.length).toBe(h.length * dims);
          seen.push(...h);
          rows.push(vectors.slice());
          buffers.add(vectors.buffer);
        },
        group,
      );
      expect(seen).toEqual([...hashes, hashes[5]]);
      const joined = new Float32Array(seen.length * dims);
      let at = 0;
      for (const r of rows) {
        joined.set(r, at);
        at += r.length;
      }
      // As loadVectors decodes them; the last write of hash 5 replaces its first.
      expect(joined.subarray(dims * 6, dims * (4 * CHUNK_SIZE))).toEqual(all.vectors.subarray(dims * 6));
      expect(joined.subarray(4 * CHUNK_SIZE * dims)).toEqual(all.vectors.subarray(5 * dims, 6 * dims));
      // The three int8 records were decoded into one buffer; the float records are their own.
      expect(buffers.size).toBe(3);
    }
    db.close();
  });

  it('refuses a corrupt record while handing vectors over, naming it', async () => {
    const factory = new IDBFactory();
    const store = await openStore('shop', { indexedDB: factory });
    await store.putVectors(MODEL, 4, ['a', 'b'], new Float32Array(8));
    store.close();
    const db = await openDatabase(dbName('shop'), factory);
    const chunk = (await db.getAll('vectors'))[0]!;
    await db.put('vectors', { ...chunk, vectors: new ArrayBuffer(12) });
    await expect(eachVectorChunk(db, MODEL, () => undefined)).rejects.toMatchObject({
      code: 'STORAGE_FAILED',
      message: expect.stringContaining(`chunk 0 of "${MODEL}" is corrupt`),
    });
    db.close();
  });

  it('the store in memory hands over what it holds as one batch', async () => {
    const store = createMemoryStore('shop');
    await store.putVectors(MODEL, 4, ['a', 'b'], Float32Array.of(1, 0, 0, 0, 0, 1, 0, 0));
    const got: string[][] = [];
    await store.eachVectors(MODEL, (b) => got.push(b.hashes));
    await store.eachVectors('other:4', (b) => got.push(b.hashes));
    expect(got).toEqual([['a', 'b']]);
  });
});

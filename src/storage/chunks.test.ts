import { describe, expect, it } from 'vitest';
import { appendChunks, CHUNK_SIZE, concatChunks, packChunks } from './chunks.ts';
import type { VectorChunk } from './schema.ts';

function batch(from: number, count: number, dims: number) {
  const hashes = Array.from({ length: count }, (_, i) => `h${from + i}`);
  const vectors = Float32Array.from({ length: count * dims }, (_, i) => from * dims + i);
  return { dims, hashes, vectors };
}

describe('packChunks', () => {
  it('splits into records of at most CHUNK_SIZE with exactly-sized buffers', () => {
    const chunks = packChunks('m:4', 4, 3, batch(0, CHUNK_SIZE * 2 + 5, 4));
    expect(chunks.map((c) => [c.chunk, c.hashes.length])).toEqual([
      [3, CHUNK_SIZE],
      [4, CHUNK_SIZE],
      [5, 5],
    ]);
    expect(chunks[2]?.vectors.byteLength).toBe(5 * 4 * 4);
    expect(Array.from(new Float32Array(chunks[2]!.vectors).slice(0, 2))).toEqual([CHUNK_SIZE * 2 * 4, CHUNK_SIZE * 2 * 4 + 1]);
  });

  it('gives no records for an empty batch', () => {
    expect(packChunks('m:4', 4, 0, batch(0, 0, 4))).toEqual([]);
  });
});

describe('appendChunks', () => {
  it('starts at chunk 0 without a tail', () => {
    expect(appendChunks('m:2', undefined, batch(0, 3, 2)).map((c) => c.chunk)).toEqual([0]);
  });

  it('merges into a tail with room and rewrites it', () => {
    const [tail] = packChunks('m:2', 2, 7, batch(0, CHUNK_SIZE - 1, 2)) as [VectorChunk];
    const out = appendChunks('m:2', tail, batch(CHUNK_SIZE - 1, 3, 2));
    expect(out.map((c) => [c.chunk, c.hashes.length])).toEqual([
      [7, CHUNK_SIZE],
      [8, 2],
    ]);
    expect(concatChunks(out).vectors).toEqual(batch(0, CHUNK_SIZE + 2, 2).vectors);
  });

  it('starts a new chunk after a full tail', () => {
    const [tail] = packChunks('m:2', 2, 0, batch(0, CHUNK_SIZE, 2)) as [VectorChunk];
    expect(appendChunks('m:2', tail, batch(CHUNK_SIZE, 1, 2)).map((c) => c.chunk)).toEqual([1]);
  });
});

describe('concatChunks', () => {
  it('gives dims 0 and empty arrays for no chunks', () => {
    const set = concatChunks([]);
    expect(set).toEqual({ dims: 0, hashes: [], vectors: new Float32Array(0) });
  });

  it('keeps the first position and the last value of a repeated hash', () => {
    const a = packChunks('m:1', 1, 0, { dims: 1, hashes: ['a', 'b', 'a'], vectors: Float32Array.of(1, 2, 3) });
    const b = packChunks('m:1', 1, 1, { dims: 1, hashes: ['c', 'b'], vectors: Float32Array.of(4, 5) });
    const set = concatChunks([...a, ...b]);
    expect(set.hashes).toEqual(['a', 'b', 'c']);
    expect(Array.from(set.vectors)).toEqual([3, 5, 4]);
  });

  it('rejects chunks whose buffer does not match hashes x dims', () => {
    const bad: VectorChunk = { modelKey: 'm:2', chunk: 0, hashes: ['a'], vectors: new ArrayBuffer(4), dims: 2 };
    expect(() => concatChunks([bad])).toThrow(expect.objectContaining({ code: 'STORAGE_FAILED' }));
  });
});

import { describe, expect, it } from 'vitest';
import { dequantizeInto, newCodeArray, quantize } from '../artifact/quantize.ts';
import { appendChunks, CHUNK_SIZE, concatChunks, packChunks, survivingRows } from './chunks.ts';
import type { VectorChunk } from './schema.ts';

function batch(from: number, count: number, dims: number) {
  const hashes = Array.from({ length: count }, (_, i) => `h${from + i}`);
  const rows = Float32Array.from({ length: count * dims }, (_, i) => from * dims + i);
  return { dims, hashes, rows };
}

/** `count` unit vectors of `dims` as an artifact codes them, and the floats the page indexes for them. */
function coded(from: number, count: number, dims: number, bits = 8) {
  const hashes = Array.from({ length: count }, (_, i) => `${bits === 8 ? 'q' : 'w'}${from + i}`);
  const codes = newCodeArray(count * dims, bits);
  const scales = new Float32Array(count);
  const floats = new Float32Array(count * dims);
  for (let r = 0; r < count; r++) {
    const v = Array.from({ length: dims }, (_, d) => Math.sin(from + r + d * 0.7));
    const q = quantize(v, bits);
    codes.set(q.code, r * dims);
    scales[r] = q.scale;
    dequantizeInto(q.code, 0, dims, q.scale, floats, r * dims);
  }
  return { dims, hashes, rows: { codes, scales }, floats };
}

describe('packChunks', () => {
  it('splits into records of at most CHUNK_SIZE with exactly-sized buffers', () => {
    const chunks = packChunks('m:4', 4, 3, batch(0, CHUNK_SIZE * 2 + 5, 4));
    expect(chunks.map((c) => [c.chunk, c.hashes.length])).toEqual([
      [3, CHUNK_SIZE],
      [4, CHUNK_SIZE],
      [5, 5],
    ]);
    expect(chunks[2]?.vectors?.byteLength).toBe(5 * 4 * 4);
    expect(Array.from(new Float32Array(chunks[2]!.vectors!).slice(0, 2))).toEqual([CHUNK_SIZE * 2 * 4, CHUNK_SIZE * 2 * 4 + 1]);
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
    expect(concatChunks(out).vectors).toEqual(batch(0, CHUNK_SIZE + 2, 2).rows);
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
    const a = packChunks('m:1', 1, 0, { dims: 1, hashes: ['a', 'b', 'a'], rows: Float32Array.of(1, 2, 3) });
    const b = packChunks('m:1', 1, 1, { dims: 1, hashes: ['c', 'b'], rows: Float32Array.of(4, 5) });
    const set = concatChunks([...a, ...b]);
    expect(set.hashes).toEqual(['a', 'b', 'c']);
    expect(Array.from(set.vectors)).toEqual([3, 5, 4]);
  });

  it('rejects chunks whose buffer does not match hashes x dims', () => {
    const bad: VectorChunk = { modelKey: 'm:2', chunk: 0, hashes: ['a'], vectors: new ArrayBuffer(4), dims: 2 };
    expect(() => concatChunks([bad])).toThrow(expect.objectContaining({ code: 'STORAGE_FAILED' }));
  });
});

describe('the int8 form (vectors adopted from an artifact)', () => {
  it('stores codes and scales, a quarter of float32, and reads back the floats the page indexed', () => {
    const set = coded(0, CHUNK_SIZE + 3, 8);
    const chunks = packChunks('m:8', 8, 0, set);
    expect(chunks.map((c) => [c.chunk, c.hashes.length, c.vectors, c.codes?.byteLength, c.scales?.byteLength])).toEqual([
      [0, CHUNK_SIZE, undefined, CHUNK_SIZE * 8, CHUNK_SIZE * 4],
      [1, 3, undefined, 3 * 8, 3 * 4],
    ]);
    const back = concatChunks(chunks);
    expect(back.hashes).toEqual(set.hashes);
    expect(back.vectors).toEqual(set.floats);
  });

  it('merges int8 rows into an int8 tail, and starts a new chunk after a tail of the other form', () => {
    const [codeTail] = packChunks('m:4', 4, 0, coded(0, 5, 4)) as [VectorChunk];
    const merged = appendChunks('m:4', codeTail, coded(5, 2, 4));
    expect(merged.map((c) => [c.chunk, c.hashes.length, c.codes?.byteLength])).toEqual([[0, 7, 28]]);
    const [floatTail] = packChunks('m:4', 4, 3, batch(0, 5, 4)) as [VectorChunk];
    const after = appendChunks('m:4', floatTail, coded(5, 2, 4));
    expect(after.map((c) => [c.chunk, c.hashes.length, c.codes?.byteLength])).toEqual([[4, 2, 8]]);
    const mixed = concatChunks([floatTail, ...after]);
    expect(mixed.hashes).toEqual([...batch(0, 5, 4).hashes, 'q5', 'q6']);
    expect(Array.from(mixed.vectors.subarray(0, 20))).toEqual(Array.from(batch(0, 5, 4).rows));
    expect(mixed.vectors.subarray(20)).toEqual(coded(5, 2, 4).floats);
  });

  it('survivingRows keeps each row in its own form', () => {
    const chunks = [...packChunks('m:4', 4, 0, batch(0, 3, 4)), ...packChunks('m:4', 4, 1, coded(0, 3, 4))];
    const out = survivingRows(
      chunks,
      [
        [true, false, true],
        [false, true, true],
      ],
      4,
    );
    expect(out.map((b) => b.hashes)).toEqual([
      ['h0', 'h2'],
      ['q1', 'q2'],
    ]);
    expect(out[1]!.rows).toEqual({ codes: coded(1, 2, 4).rows.codes, scales: coded(1, 2, 4).rows.scales });
  });

  it('rejects an int8 chunk whose scales do not match its rows', () => {
    const bad: VectorChunk = { modelKey: 'm:2', chunk: 0, hashes: ['a'], codes: new ArrayBuffer(2), scales: new ArrayBuffer(8), dims: 2 };
    expect(() => concatChunks([bad])).toThrow(expect.objectContaining({ code: 'STORAGE_FAILED' }));
  });
});

describe("the int16 form (a projected artifact's 10-bit codes)", () => {
  it('stores int16 codes, reads back the floats the page indexed, and never merges them with int8 rows', () => {
    const wide = coded(0, 5, 4, 10);
    expect(wide.rows.codes).toBeInstanceOf(Int16Array);
    expect(Math.max(...wide.rows.codes.map(Math.abs))).toBe(511);
    const [tail] = packChunks('m:4', 4, 0, wide) as [VectorChunk];
    expect(tail.codes?.byteLength).toBe(5 * 4 * 2);
    expect(concatChunks([tail]).vectors).toEqual(wide.floats);
    expect(appendChunks('m:4', tail, coded(5, 2, 4, 10)).map((c) => [c.chunk, c.hashes.length])).toEqual([[0, 7]]);
    const after = appendChunks('m:4', tail, coded(5, 2, 4));
    expect(after.map((c) => [c.chunk, c.hashes.length, c.codes?.byteLength])).toEqual([[1, 2, 8]]);
    expect(concatChunks([tail, ...after]).vectors).toEqual(Float32Array.of(...wide.floats, ...coded(5, 2, 4).floats));
  });

  it('survivingRows keeps int8 and int16 rows apart', () => {
    const chunks = [...packChunks('m:4', 4, 0, coded(0, 3, 4)), ...packChunks('m:4', 4, 1, coded(0, 3, 4, 10))];
    const out = survivingRows(
      chunks,
      [
        [true, false, true],
        [true, true, false],
      ],
      4,
    );
    expect(out.map((b) => b.hashes)).toEqual([
      ['q0', 'q2'],
      ['w0', 'w1'],
    ]);
    expect(out[1]!.rows).toEqual({ codes: coded(0, 2, 4, 10).rows.codes, scales: coded(0, 2, 4, 10).rows.scales });
  });
});

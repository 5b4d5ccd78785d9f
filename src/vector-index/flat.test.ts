import { describe, expect, it } from 'vitest';
import { bruteForce, makeKeys, randomUnitVectors, row } from '../../test/helpers/vectors.ts';
import { InpageRecError } from '../errors.ts';
import { FlatIndex } from './flat.ts';

describe('FlatIndex', () => {
  for (const dims of [64, 512]) {
    it(`matches brute force exactly on 5,000 random unit vectors, dims=${dims}`, () => {
      const n = 5000;
      const data = randomUnitVectors(n, dims, dims);
      const keys = makeKeys(n);
      const index = new FlatIndex(dims);
      index.add(keys, data);
      const queries = randomUnitVectors(25, dims, 999);
      for (let q = 0; q < 25; q++) {
        const query = row(queries, dims, q);
        const got = index.search(query, 10);
        const want = bruteForce(data, keys, dims, query, 10);
        expect(got.map((h) => h.key)).toEqual(want.map((h) => h.key));
        for (let i = 0; i < 10; i++) expect(got[i]!.score).toBeCloseTo(want[i]!.score, 9);
      }
    });
  }

  it('works for dims that are not a multiple of 4', () => {
    const dims = 7;
    const data = randomUnitVectors(300, dims, 3);
    const keys = makeKeys(300);
    const index = new FlatIndex(dims);
    index.add(keys, data);
    const query = row(data, dims, 42);
    expect(index.search(query, 5).map((h) => h.key)).toEqual(bruteForce(data, keys, dims, query, 5).map((h) => h.key));
    expect(index.search(query, 1)[0]).toEqual({ key: keys[42], score: expect.closeTo(1, 6) });
  });

  it('returns everything, sorted, when k exceeds the size, and nothing for k=0 or an empty index', () => {
    const index = new FlatIndex(4);
    expect(index.search(new Float32Array(4), 3)).toEqual([]);
    index.add(['a', 'b', 'c'], new Float32Array([1, 0, 0, 0, 0, 1, 0, 0, 0.5, 0.5, 0, 0]));
    const hits = index.search(new Float32Array([1, 0, 0, 0]), 100);
    expect(hits.map((h) => h.key)).toEqual(['a', 'c', 'b']);
    expect(index.search(new Float32Array([1, 0, 0, 0]), 0)).toEqual([]);
  });

  it('rejects bad queries, k and batches with INVALID_OPTION and leaves the index unchanged', () => {
    const index = new FlatIndex(2);
    index.add(['a'], new Float32Array([1, 0]));
    const bad: Array<() => unknown> = [
      () => index.search(new Float32Array(3), 1),
      () => index.search([1, 0] as unknown as Float32Array, 1),
      () => index.search(new Float32Array([NaN, 0]), 1),
      () => index.search(new Float32Array(2), -1),
      () => index.search(new Float32Array(2), 1.5),
      () => index.search(new Float32Array(2), 1, { filter: 'x' as unknown as () => boolean }),
      () => index.search(new Float32Array(2), 1, { exclude: ['a'] as unknown as Set<string> }),
      () => index.add(['b', 'c'], new Float32Array(2)),
      () => index.add(['b', 7 as unknown as string], new Float32Array(4)),
      () => index.add(['b', 'c'], new Float32Array([0, 1, Infinity, 0])),
      () => new FlatIndex(0),
      () => new FlatIndex(2.5),
    ];
    for (const call of bad) {
      expect(call).toThrow(InpageRecError);
      try {
        call();
      } catch (err) {
        expect((err as InpageRecError).code).toBe('INVALID_OPTION');
      }
    }
    expect(index.size).toBe(1);
    expect(index.has('b')).toBe(false);
  });
});

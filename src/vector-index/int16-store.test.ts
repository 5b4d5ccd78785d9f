import { describe, expect, it } from 'vitest';
import { createIndex } from './factory.ts';
import { Int16Store } from './int16-store.ts';
import { Prng } from './prng.ts';

const rng = new Prng(16);

/** `n` unit vectors of `dims` gaussian values. */
function unitRows(n: number, dims: number): Float32Array {
  const out = new Float32Array(n * dims);
  for (let r = 0; r < n; r++) {
    let norm = 0;
    for (let d = 0; d < dims; d++) {
      out[r * dims + d] = rng.gaussian();
      norm += out[r * dims + d]! ** 2;
    }
    for (let d = 0; d < dims; d++) out[r * dims + d]! /= Math.sqrt(norm);
  }
  return out;
}

describe('Int16Store (16-bit re-rank rows)', () => {
  it('keeps each value within half a step of its row scale, and a zero row zero', () => {
    for (const kernels of ['js', 'wasm'] as const) {
      const dims = 13;
      const store = new Int16Store(dims, kernels);
      store.reserve(3);
      const rows = unitRows(2, dims);
      rows[0] = 0.9; // one large value sets row 0's scale
      store.rowWritten(0, false, rows, 0);
      store.rowWritten(1, false, rows, dims);
      store.rowWritten(2, false, new Float32Array(dims), 0);
      const out = new Float32Array(dims);
      for (const r of [0, 1]) {
        store.read(r, out);
        let max = 0;
        for (let d = 0; d < dims; d++) max = Math.max(max, Math.abs(rows[r * dims + d]!));
        for (let d = 0; d < dims; d++) expect(Math.abs(out[d]! - rows[r * dims + d]!)).toBeLessThanOrEqual((max / 32767) * 0.5 + 1e-7);
      }
      store.read(2, out);
      expect(out.every((x) => x === 0)).toBe(true);
    }
  });

  it('ranks as float32 rows do: the same hits, scores within 1e-4 (binary scan, 2,000 rows, 64 dimensions)', () => {
    const dims = 64;
    const n = 2000;
    const data = unitRows(n, dims);
    const keys = Array.from({ length: n }, (_, i) => `k${i}`);
    const build = (refine: 'int16' | 'float32') => {
      const index = createIndex('binary', dims, { refine, minTrainSize: 100 });
      index.add(keys, data);
      index.train();
      return index;
    };
    const [i16, f32] = [build('int16'), build('float32')];
    expect(i16.recipe).toBe('binary,int16');
    let same = 0;
    const queries = unitRows(50, dims);
    for (let q = 0; q < 50; q++) {
      const query = queries.subarray(q * dims, (q + 1) * dims);
      const [a, b] = [i16.search(query, 10), f32.search(query, 10)];
      if (a.map((h) => h.key).join() === b.map((h) => h.key).join()) same++;
      const exact = new Map(b.map((h) => [h.key, h.score]));
      for (const h of a) if (exact.has(h.key)) expect(Math.abs(h.score - exact.get(h.key)!)).toBeLessThanOrEqual(1e-4);
    }
    expect(same).toBeGreaterThanOrEqual(48);
    expect(i16.memoryBytes()).toBeLessThan(f32.memoryBytes());
  });
});

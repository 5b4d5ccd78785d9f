import { describe, expect, it } from 'vitest';
import { clusteredVectors, row } from '../../test/helpers/vectors.ts';
import { Int8Quantizer } from './quantizer.ts';

describe('Int8Quantizer', () => {
  const dims = 32;
  const data = clusteredVectors(2000, dims, 20, 1, 5);

  it('reconstructs trained data within half a level per dimension', () => {
    const q = new Int8Quantizer(dims);
    q.train(data, 2000);
    const code = new Int8Array(dims);
    const back = new Float32Array(dims);
    let worst = 0;
    for (let r = 0; r < 2000; r++) {
      expect(q.encode(data, r * dims, code, 0)).toBe(0);
      q.decode(code, 0, back);
      for (let d = 0; d < dims; d++) worst = Math.max(worst, Math.abs(back[d]! - data[r * dims + d]!));
    }
    // Unit vectors in 32 dims have components well inside [-1, 1]: a level is < 2/255.
    expect(worst).toBeLessThan(1 / 255 + 1e-6);
  });

  it('folds the query so offset + scale * intDot approximates the float dot product', () => {
    const q = new Int8Quantizer(dims);
    q.train(data, 2000);
    const code = new Int8Array(dims);
    const query = row(clusteredVectors(1, dims, 20, 1, 6), dims, 0);
    const qc = q.encodeQuery(query);
    for (let r = 0; r < 200; r++) {
      q.encode(data, r * dims, code, 0);
      let intDot = 0;
      let exact = 0;
      for (let d = 0; d < dims; d++) {
        intDot += qc.code[d]! * code[d]!;
        exact += query[d]! * data[r * dims + d]!;
      }
      expect(Math.abs(qc.offset + qc.scale * intDot - exact)).toBeLessThan(0.01);
    }
  });

  it('clamps out-of-range values and reports how many it clamped', () => {
    const q = new Int8Quantizer(2);
    q.train(new Float32Array([0, 0, 1, 1]), 2);
    const code = new Int8Array(2);
    expect(q.encode(new Float32Array([-5, 0.5]), 0, code, 0)).toBe(1);
    expect(code[0]).toBe(-128);
    expect(q.encode(new Float32Array([2, 3]), 0, code, 0)).toBe(2);
    expect([...code]).toEqual([127, 127]);
  });

  it('handles a constant dimension and can be retrained', () => {
    const q = new Int8Quantizer(2);
    expect(q.trained).toBe(false);
    q.train(new Float32Array([0.5, 0, 0.5, 1]), 2);
    const back = q.decode(new Int8Array([0, 0]), 0, new Float32Array(2));
    expect(back[0]).toBeCloseTo(0.5, 6);
    q.train(new Float32Array([0, 0, 1, 1]), 2);
    const code = new Int8Array(2);
    q.encode(new Float32Array([1, 0]), 0, code, 0);
    expect([...code]).toEqual([127, -128]);
  });
});

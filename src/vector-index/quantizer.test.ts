import { describe, expect, it } from 'vitest';
import { clusteredVectors, row } from '../../test/helpers/vectors.ts';
import { decodeInt8, encodeInt8, fitInt8, foldQuery } from './quantizer.ts';

describe('int8 quantizer', () => {
  const dims = 32;
  const data = clusteredVectors(2000, dims, 20, 1, 5);

  it('reconstructs trained data within half a level per dimension', () => {
    const p = fitInt8(data, 2000, dims);
    const code = new Int8Array(dims);
    const back = new Float32Array(dims);
    let worst = 0;
    for (let r = 0; r < 2000; r++) {
      expect(encodeInt8(p, data, r * dims, code, 0)).toBe(0);
      decodeInt8(p, code, 0, back, 0);
      for (let d = 0; d < dims; d++) worst = Math.max(worst, Math.abs(back[d]! - data[r * dims + d]!) / p.step[d]!);
    }
    expect(worst).toBeLessThanOrEqual(0.5 + 1e-3);
  });

  it('folds the query into int16 so offset + scale * intDot approximates the float dot product', () => {
    const p = fitInt8(data, 2000, dims);
    const code = new Int8Array(dims);
    const w = new Int16Array(dims);
    const query = row(clusteredVectors(1, dims, 20, 1, 6), dims, 0);
    const fold = foldQuery(p, query, w, 0);
    let maxW = 0;
    for (let d = 0; d < dims; d++) maxW = Math.max(maxW, Math.abs(w[d]!));
    expect(maxW).toBe(32767);
    for (let r = 0; r < 200; r++) {
      encodeInt8(p, data, r * dims, code, 0);
      let intDot = 0;
      let decoded = 0;
      const rec = new Float32Array(dims);
      decodeInt8(p, code, 0, rec, 0);
      for (let d = 0; d < dims; d++) {
        intDot += w[d]! * code[d]!;
        decoded += query[d]! * rec[d]!;
      }
      // The int16 query keeps the folded score within 1e-4 of the dot with the decoded row.
      expect(Math.abs(fold.offset + fold.scale * intDot - decoded)).toBeLessThan(1e-4);
    }
  });

  it('bounds the folded query so no int32 sum can overflow, even at the largest dims', () => {
    const big = 65536;
    const p = { lo: new Float32Array(big).fill(-1), step: new Float32Array(big).fill(2 / 255) };
    const query = new Float32Array(big).fill(1);
    const w = new Int16Array(big);
    foldQuery(p, query, w, 0);
    let bound = 0;
    for (let d = 0; d < big; d++) bound += Math.abs(w[d]!) * 128;
    expect(bound).toBeLessThanOrEqual(2 ** 31 - 1);
  });

  it('clamps out-of-range values and reports how many it clamped', () => {
    const p = fitInt8(new Float32Array([0, 0, 1, 1]), 2, 2);
    const code = new Int8Array(2);
    expect(encodeInt8(p, new Float32Array([-5, 0.5]), 0, code, 0)).toBe(1);
    expect(code[0]).toBe(-128);
    expect(encodeInt8(p, new Float32Array([2, 3]), 0, code, 0)).toBe(2);
    expect([...code]).toEqual([127, 127]);
  });

  it('clips each range at the 1e-4 quantiles of a large sample instead of stretching it to an outlier', () => {
    const rows = 20_000;
    const sample = new Float32Array(rows);
    for (let r = 0; r < rows; r++) sample[r] = (r % 1000) / 1000;
    sample[7] = 50; // one outlier
    sample[8] = -50;
    const p = fitInt8(sample, rows, 1);
    // rank floor(1e-4 * 19999) = 1: the second most extreme value on each side bounds the range.
    expect(p.lo[0]).toBe(0);
    expect(p.lo[0]! + 255 * p.step[0]!).toBeCloseTo(0.999, 5);
    const code = new Int8Array(1);
    expect(encodeInt8(p, sample, 7, code, 0)).toBe(1);
    expect(code[0]).toBe(127);
    // Under 10k rows the range is the sample's min and max, widened by 1/32 on each side.
    const small = fitInt8(sample.subarray(0, 5000), 5000, 1);
    expect(small.lo[0]).toBeCloseTo(-50 - 100 / 32, 4);
    expect(small.lo[0]! + 255 * small.step[0]!).toBeCloseTo(50 + 100 / 32, 3);
  });

  it('codes a constant dimension as its value', () => {
    const p = fitInt8(new Float32Array([0.5, 0, 0.5, 1]), 2, 2);
    const back = new Float32Array(2);
    const code = new Int8Array(2);
    encodeInt8(p, new Float32Array([0.5, 1]), 0, code, 0);
    decodeInt8(p, code, 0, back, 0);
    expect(back[0]).toBeCloseTo(0.5, 6);
    expect(back[1]).toBeCloseTo(1, 2);
  });
});

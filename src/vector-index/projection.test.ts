import { describe, expect, it } from 'vitest';
import { Prng } from './prng.ts';
import { fitProjection, orthonormalizeColumns, projectRows, symmetricEigen } from './projection.ts';

/** `n` unit rows of `dims` that live near a rank-`rank` subspace (noise `noise` outside it). */
function planted(n: number, dims: number, rank: number, noise: number, seed = 7): Float32Array {
  const rng = new Prng(seed);
  const u = new Float64Array(dims * rank).map(() => rng.gaussian());
  orthonormalizeColumns(u, dims, rank);
  const out = new Float32Array(n * dims);
  for (let r = 0; r < n; r++) {
    const a = Array.from({ length: rank }, (_, i) => rng.gaussian() * (rank - i));
    let norm = 0;
    for (let j = 0; j < dims; j++) {
      let s = noise * rng.gaussian();
      for (let i = 0; i < rank; i++) s += a[i]! * u[j * rank + i]!;
      out[r * dims + j] = s;
      norm += s * s;
    }
    for (let j = 0; j < dims; j++) out[r * dims + j]! /= Math.sqrt(norm);
  }
  return out;
}

const dot = (a: Float32Array, i: number, j: number, d: number) => {
  let s = 0;
  for (let k = 0; k < d; k++) s += a[i * d + k]! * a[j * d + k]!;
  return s;
};

describe('symmetricEigen', () => {
  it('A v = lambda v for every pair, eigenvalues descending', () => {
    const n = 7;
    const rng = new Prng(3);
    const a = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = i; j < n; j++) a[i * n + j] = a[j * n + i] = rng.gaussian();
    const { values, vectors } = symmetricEigen(a, n);
    for (let c = 0; c < n; c++) {
      for (let r = 0; r < n; r++) {
        let av = 0;
        for (let k = 0; k < n; k++) av += a[r * n + k]! * vectors[k * n + c]!;
        expect(av).toBeCloseTo(values[c]! * vectors[r * n + c]!, 9);
      }
      if (c > 0) expect(values[c]!).toBeLessThanOrEqual(values[c - 1]!);
    }
  });
});

describe('fitProjection', () => {
  const dims = 32;
  const rows = planted(400, dims, 4, 0.02);

  it('finds a planted subspace: projected cosines equal the raw ones', () => {
    const p = fitProjection(rows, dims, 4);
    const y = projectRows(p, rows);
    let worst = 0;
    for (let i = 0; i < 50; i++) for (let j = 0; j < 50; j++) worst = Math.max(worst, Math.abs(dot(y, i, j, 4) - dot(rows, i, j, dims)));
    expect(worst).toBeLessThan(0.01);
    // A random 4-d projection keeps them far worse: the fit is what finds the structure.
    const random = { inDims: dims, outDims: 4, basis: new Float32Array(4 * dims).map((_, i) => ((i * 7919) % 13) / 13 - 0.5) };
    const r = projectRows(random, rows);
    let randomWorst = 0;
    for (let i = 0; i < 50; i++)
      for (let j = 0; j < 50; j++) randomWorst = Math.max(randomWorst, Math.abs(dot(r, i, j, 4) - dot(rows, i, j, dims)));
    expect(randomWorst).toBeGreaterThan(0.2);
  });

  it('orthonormal rows, holding the energy of the exact top eigenvectors', () => {
    const k = 6;
    const p = fitProjection(rows, dims, k);
    for (let a = 0; a < k; a++) for (let b = 0; b < k; b++) expect(dot(p.basis, a, b, dims)).toBeCloseTo(a === b ? 1 : 0, 5);
    const g = new Float64Array(dims * dims);
    const n = rows.length / dims;
    for (let r = 0; r < n; r++)
      for (let i = 0; i < dims; i++) for (let j = 0; j < dims; j++) g[i * dims + j]! += rows[r * dims + i]! * rows[r * dims + j]!;
    const exact = symmetricEigen(g, dims)
      .values.slice(0, k)
      .reduce((s, v) => s + v, 0);
    let held = 0;
    for (let r = 0; r < n; r++)
      for (let c = 0; c < k; c++) {
        let s = 0;
        for (let j = 0; j < dims; j++) s += p.basis[c * dims + j]! * rows[r * dims + j]!;
        held += s * s;
      }
    expect(held / exact).toBeGreaterThan(0.9999);
  });

  it('the same input and seed give the same bytes; another seed the same subspace', () => {
    const a = fitProjection(rows, dims, 5, { seed: 11 });
    const b = fitProjection(rows, dims, 5, { seed: 11 });
    expect(Buffer.from(a.basis.buffer).equals(Buffer.from(b.basis.buffer))).toBe(true);
    const c = fitProjection(rows, dims, 5, { seed: 12 });
    expect(Buffer.from(a.basis.buffer).equals(Buffer.from(c.basis.buffer))).toBe(false);
    const ya = projectRows(a, rows);
    const yc = projectRows(c, rows);
    for (let i = 0; i < 20; i++) for (let j = 0; j < 20; j++) expect(dot(ya, i, j, 5)).toBeCloseTo(dot(yc, i, j, 5), 5);
  });

  it('a zero row stays zero; bad shapes are refused', () => {
    const p = fitProjection(rows, dims, 3);
    expect([...projectRows(p, new Float32Array(dims))]).toEqual([0, 0, 0]);
    expect(() => fitProjection(new Float32Array(33), dims, 3)).toThrow(/not rows of 32/);
    expect(() => fitProjection(rows, dims, 33)).toThrow(/outDims must be 1-32/);
  });
});

import { describe, expect, it } from 'vitest';
import { clusteredVectors, randomUnitVectors } from '../../test/helpers/vectors.ts';
import { FloatTable, kmeansSteps, runToEnd } from './kmeans.ts';

const train = (data: Float32Array, n: number, dims: number, nlist: number, seed: number, kernels: 'js' | 'wasm' | 'auto' = 'auto') =>
  runToEnd(kmeansSteps(data, n, dims, nlist, { seed, kernels }));

describe('kmeansSteps', () => {
  it('is deterministic for a seed, differs across seeds, and is identical on the JS and WASM kernels', () => {
    const data = randomUnitVectors(2000, 16, 1);
    const a = train(data, 2000, 16, 20, 3);
    expect(train(data, 2000, 16, 20, 3)).toEqual(a);
    expect(train(data, 2000, 16, 20, 4)).not.toEqual(a);
    expect(train(data, 2000, 16, 20, 3, 'js')).toEqual(train(data, 2000, 16, 20, 3, 'wasm'));
  });

  it('covers well-separated clusters and fits points tightly', () => {
    const dims = 32;
    const clusters = 8;
    // k-means++ only makes a missed cluster unlikely, not impossible (with exactly 8 centroids a
    // seed can land twice in one cluster, which Lloyd cannot undo), so give it 2 per cluster and
    // require every true cluster to own at least one.
    const nlist = 2 * clusters;
    const data = clusteredVectors(4000, dims, clusters, 0.2, 9, 77);
    const centres = randomUnitVectors(clusters, dims, 77);
    const centroids = train(data, 4000, dims, nlist, 1);
    const table = new FloatTable(centroids, nlist, dims, 'auto');
    const scratch = new Float64Array(nlist);
    const owners = new Set<number>();
    for (let c = 0; c < clusters; c++) owners.add(table.nearest(centres, c * dims, scratch));
    expect(owners.size).toBe(clusters);
    let fit = 0;
    for (let i = 0; i < 4000; i++) {
      const c = table.nearest(data, i * dims, scratch);
      for (let d = 0; d < dims; d++) fit += data[i * dims + d]! * centroids[c * dims + d]!;
    }
    // Points have cos ~0.98 to their true centre; a good clustering gets about as close.
    expect(fit / 4000).toBeGreaterThan(0.97);
  });

  it('returns unit-norm centroids and survives duplicate points', () => {
    const dims = 4;
    const data = new Float32Array(100 * dims);
    for (let i = 0; i < 100; i++) data[i * dims + (i % 2)] = 1; // only two distinct points
    const centroids = train(data, 100, dims, 5, 1);
    for (let c = 0; c < 5; c++) {
      let norm = 0;
      for (let d = 0; d < dims; d++) norm += centroids[c * dims + d]! ** 2;
      expect(norm).toBeCloseTo(1, 5);
    }
  });

  it('yields between slices of work, so an async caller can interleave', () => {
    const data = randomUnitVectors(3000, 64, 2);
    const steps = kmeansSteps(data, 3000, 64, 50, { seed: 1 });
    let yields = 0;
    for (let r = steps.next(); !r.done; r = steps.next()) yields++;
    expect(yields).toBeGreaterThan(8);
  });
});

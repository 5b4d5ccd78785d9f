import { describe, expect, it } from 'vitest';
import { clusteredVectors, randomUnitVectors } from '../../test/helpers/vectors.ts';
import { nearestCentroid, trainKMeans } from './kmeans.ts';

describe('trainKMeans', () => {
  it('is deterministic for a seed and differs across seeds', () => {
    const data = randomUnitVectors(2000, 16, 1);
    const a = trainKMeans(data, 2000, 16, 20, { seed: 3 });
    const b = trainKMeans(data, 2000, 16, 20, { seed: 3 });
    const c = trainKMeans(data, 2000, 16, 20, { seed: 4 });
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
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
    const centroids = trainKMeans(data, 4000, dims, nlist, { seed: 1 });
    const owners = new Set<number>();
    for (let c = 0; c < clusters; c++) owners.add(nearestCentroid(centres, c * dims, dims, centroids, nlist));
    expect(owners.size).toBe(clusters);
    let fit = 0;
    for (let i = 0; i < 4000; i++) {
      const c = nearestCentroid(data, i * dims, dims, centroids, nlist);
      for (let d = 0; d < dims; d++) fit += data[i * dims + d]! * centroids[c * dims + d]!;
    }
    // Points have cos ~0.98 to their true centre; a good clustering gets about as close.
    expect(fit / 4000).toBeGreaterThan(0.97);
  });

  it('returns unit-norm centroids and survives duplicate points', () => {
    const dims = 4;
    const data = new Float32Array(100 * dims);
    for (let i = 0; i < 100; i++) data[i * dims + (i % 2)] = 1; // only two distinct points
    const centroids = trainKMeans(data, 100, dims, 5, { seed: 1 });
    for (let c = 0; c < 5; c++) {
      let norm = 0;
      for (let d = 0; d < dims; d++) norm += centroids[c * dims + d]! ** 2;
      expect(norm).toBeCloseTo(1, 5);
    }
  });
});

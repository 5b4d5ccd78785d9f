import { describe, expect, it } from 'vitest';
import { clusteredVectors, makeKeys, recall, row } from '../../test/helpers/vectors.ts';
import { FlatIndex } from './flat.ts';
import { QuantizedFlatIndex } from './quantized-flat.ts';
import type { Hit } from './types.ts';

describe('QuantizedFlatIndex', () => {
  const n = 20_000;
  const dims = 128;
  const data = clusteredVectors(n, dims, 200, 1, 1);
  const keys = makeKeys(n);
  const queries = clusteredVectors(200, dims, 200, 1, 2);
  const flat = new FlatIndex(dims);
  flat.add(keys, data);
  const exact: Hit[][] = Array.from({ length: 200 }, (_, q) => flat.search(row(queries, dims, q), 10));

  function meanRecall(index: QuantizedFlatIndex): number {
    let sum = 0;
    for (let q = 0; q < 200; q++) sum += recall(index.search(row(queries, dims, q), 10), exact[q]!);
    return sum / 200;
  }

  it('recall@10 vs exact >= 0.95 on 20k x 128 clustered data (default rerank 4)', () => {
    const index = new QuantizedFlatIndex(dims);
    index.add(keys, data);
    index.train();
    const r = meanRecall(index);
    console.info(`int8 recall@10 (rerank 4) = ${r.toFixed(4)}`);
    expect(r, `recall@10 = ${r}`).toBeGreaterThanOrEqual(0.95);
    // Without re-ranking the int8 order alone is used for the candidates: still decent.
    const noRerank = new QuantizedFlatIndex(dims, { rerank: 1 });
    noRerank.add(keys, data);
    noRerank.train();
    const r1 = meanRecall(noRerank);
    console.info(`int8 recall@10 (rerank 1) = ${r1.toFixed(4)}`);
    expect(r1).toBeGreaterThan(0.8);
    // Below 1: the candidates really came from the int8 codes, not from an exact scan.
    expect(r1).toBeLessThan(1);
    expect(r).toBeGreaterThanOrEqual(r1);
  });

  it('returns exact float32 scores for the hits it finds', () => {
    const index = new QuantizedFlatIndex(dims);
    index.add(keys, data);
    index.train();
    const hits = index.search(row(queries, dims, 0), 10);
    const want = new Map(exact[0]!.map((h) => [h.key, h.score]));
    for (const hit of hits) if (want.has(hit.key)) expect(hit.score).toBe(want.get(hit.key));
  });

  it('retrains when the data drifts out of the trained ranges', () => {
    const d = 4;
    const index = new QuantizedFlatIndex(d);
    // Train on vectors confined to one axis, then replace them with vectors on another axis:
    // with stale ranges every new code would clamp to the same value.
    index.add(['a', 'b'], new Float32Array([1, 0, 0, 0, 0.9, 0.1, 0, 0]));
    expect(index.needsTraining).toBe(true);
    index.train();
    expect(index.needsTraining).toBe(false);
    expect(index.search(new Float32Array([1, 0, 0, 0]), 1)[0]!.key).toBe('a');
    const keys2 = makeKeys(50, 'x');
    const vecs = new Float32Array(50 * d);
    for (let i = 0; i < 50; i++) {
      vecs[i * d + 2] = Math.cos(i / 40);
      vecs[i * d + 3] = Math.sin(i / 40);
    }
    index.add(keys2, vecs);
    index.remove(['a', 'b']);
    // 50 writes since a training on 2 rows: the ranges are stale, and the index says so.
    expect(index.needsTraining).toBe(true);
    index.train();
    const query = new Float32Array([0, 0, Math.cos(30 / 40), Math.sin(30 / 40)]);
    const hits = index.search(query, 1, undefined);
    expect(hits[0]!.key).toBe('x000030');
  });
});

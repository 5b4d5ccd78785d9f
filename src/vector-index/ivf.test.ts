import { describe, expect, it } from 'vitest';
import { clusteredVectors, makeKeys, randomUnitVectors, recall, row } from '../../test/helpers/vectors.ts';
import { InpageRecError } from '../errors.ts';
import { FlatIndex } from './flat.ts';
import { IvfIndex } from './ivf.ts';
import type { Hit } from './types.ts';

describe('IvfIndex', () => {
  it('behaves exactly like flat before training (< minTrainSize vectors)', () => {
    const dims = 24;
    const data = randomUnitVectors(999, dims, 1);
    const keys = makeKeys(999);
    const ivf = new IvfIndex(dims, { quantizer: 'int8' });
    const flat = new FlatIndex(dims);
    ivf.add(keys, data);
    flat.add(keys, data);
    const queries = randomUnitVectors(10, dims, 2);
    for (let q = 0; q < 10; q++) expect(ivf.search(row(queries, dims, q), 10)).toEqual(flat.search(row(queries, dims, q), 10));
    expect(ivf.trained).toBe(false);
    expect(ivf.nlist).toBe(0);
  });

  describe('on 20k x 128 clustered data', () => {
    const n = 20_000;
    const dims = 128;
    const data = clusteredVectors(n, dims, 200, 1, 1);
    const keys = makeKeys(n);
    const nq = 200;
    const queries = clusteredVectors(nq, dims, 200, 1, 2);
    const flat = new FlatIndex(dims);
    flat.add(keys, data);
    const exact: Hit[][] = Array.from({ length: nq }, (_, q) => flat.search(row(queries, dims, q), 10));

    for (const quantizer of ['none', 'int8'] as const) {
      it(`recall@10 >= 0.9 with default nprobe (quantizer ${quantizer}), deterministic across builds`, () => {
        const index = new IvfIndex(dims, { quantizer });
        index.add(keys, data);
        index.train();
        let sum = 0;
        const results: Hit[][] = [];
        for (let q = 0; q < nq; q++) {
          results.push(index.search(row(queries, dims, q), 10));
          sum += recall(results[q]!, exact[q]!);
        }
        const r = sum / nq;
        console.info(`ivf (${quantizer}) nlist=${index.nlist} nprobe=${index.nprobe} recall@10 = ${r.toFixed(4)}`);
        expect(index.nlist).toBe(Math.round(Math.sqrt(n)));
        expect(r, `recall@10 = ${r}`).toBeGreaterThanOrEqual(0.9);
        // Same seed, same data: same centroids, same lists, same answers.
        const again = new IvfIndex(dims, { quantizer });
        again.add(keys, data);
        again.train();
        for (let q = 0; q < 20; q++) expect(again.search(row(queries, dims, q), 10)).toEqual(results[q]);
      });
    }
  });

  it('keeps its lists consistent through removals and replacements after training', () => {
    const dims = 16;
    const n = 3000;
    const data = clusteredVectors(n, dims, 30, 1, 4);
    const keys = makeKeys(n);
    const ivf = new IvfIndex(dims, { nlist: 20 });
    const flat = new FlatIndex(dims);
    ivf.add(keys, data);
    flat.add(keys, data);
    ivf.train();
    // Edits after training go through the inverted-list bookkeeping, not a rebuild.
    const removed = keys.filter((_, i) => i % 3 === 0);
    ivf.remove(removed);
    flat.remove(removed);
    const replacement = randomUnitVectors(200, dims, 6);
    const replacedKeys = keys.slice(1, 401).filter((_, i) => i % 2 === 0);
    ivf.add(replacedKeys, replacement);
    flat.add(replacedKeys, replacement);
    expect(ivf.nlist).toBe(20);
    // Probing every list must then be exactly flat search: any row lost or duplicated shows.
    ivf.nprobe = 20;
    const queries = randomUnitVectors(20, dims, 7);
    for (let q = 0; q < 20; q++) expect(ivf.search(row(queries, dims, q), 25)).toEqual(flat.search(row(queries, dims, q), 25));
    expect(ivf.search(row(queries, dims, 0), 5000)).toHaveLength(ivf.size);
  });

  it('asks for training at minTrainSize and after growing more than 4x; a search never trains', () => {
    const dims = 8;
    const data = randomUnitVectors(5000, dims, 9);
    const keys = makeKeys(5000);
    const flat = new FlatIndex(dims);
    flat.add(keys, data);
    const ivf = new IvfIndex(dims, { minTrainSize: 1000 });
    ivf.add(keys.slice(0, 999), data.subarray(0, 999 * dims));
    expect(ivf.needsTraining).toBe(false);
    ivf.add(keys.slice(999, 1000), data.subarray(999 * dims, 1000 * dims));
    expect(ivf.needsTraining).toBe(true);
    // Untrained: the search is an exact scan, and it leaves the index untrained.
    const q = row(data, dims, 0);
    expect(ivf.search(q, 5)).toEqual(flatOf(keys.slice(0, 1000), data, dims).search(q, 5));
    expect(ivf.trained).toBe(false);
    ivf.train();
    expect(ivf.nlist).toBe(32);
    expect(ivf.needsTraining).toBe(false);
    ivf.add(keys.slice(1000, 4000), data.subarray(1000 * dims, 4000 * dims));
    expect(ivf.needsTraining).toBe(false); // 4x exactly: not yet
    ivf.add(keys.slice(4000), data.subarray(4000 * dims));
    expect(ivf.needsTraining).toBe(true);
    ivf.search(q, 1);
    expect(ivf.nlist).toBe(32);
    ivf.train();
    expect(ivf.nlist).toBe(71);
    expect(flat.needsTraining).toBe(false);
  });

  it('validates its options', () => {
    const bad: object[] = [{ nprobe: 0 }, { nlist: -1 }, { quantizer: 'pq' }, { rerank: 0.5 }, { nProbe: 4 }, { minTrainSize: 0 }];
    for (const opts of bad) {
      expect(() => new IvfIndex(8, opts as never)).toThrow(InpageRecError);
    }
    const ivf = new IvfIndex(8);
    expect(() => {
      ivf.nprobe = 0;
    }).toThrow(InpageRecError);
    expect(() => ivf.train()).toThrow(InpageRecError);
    expect(ivf.kind).toBe('ivf');
    expect(new IvfIndex(8, { quantizer: 'int8' }).kind).toBe('ivf-int8');
  });
});

/** A flat index holding `keys` with the first rows of `data`: the exact answer to compare with. */
function flatOf(keys: string[], data: Float32Array, dims: number): FlatIndex {
  const flat = new FlatIndex(dims);
  flat.add(keys, data.subarray(0, keys.length * dims));
  return flat;
}

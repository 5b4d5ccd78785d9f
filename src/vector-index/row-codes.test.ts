/**
 * Codes out of one index and into another: the copy answers exactly like the original (every
 * kind that holds no float rows, both kernel paths), keeps working through edits and retraining,
 * and a malformed or misplaced load is refused without changing the index.
 */
import { describe, expect, it } from 'vitest';
import { clusteredVectors, makeKeys, row } from '../../test/helpers/vectors.ts';
import type { CreateIndexOptions } from './factory.ts';
import { createIndex } from './index.ts';
import type { IndexCodes, VectorIndex, VectorIndexKind } from './types.ts';

// 77 dims: not a multiple of 8 or 16, so every code row carries padding.
const d = 77;
const n = 1500;
const data = clusteredVectors(n, d, 12, 0.25, 5);
const keys = makeKeys(n);
const queries = clusteredVectors(30, d, 12, 0.25, 6);

function trained(kind: VectorIndexKind, opts: CreateIndexOptions = {}): VectorIndex {
  const index = createIndex(kind, d, { minTrainSize: 500, ...opts });
  index.add(keys, data);
  index.remove(keys.slice(0, 40)); // swap-removes: row order is no longer insertion order
  index.train();
  return index;
}

function sameAnswers(a: VectorIndex, b: VectorIndex): void {
  for (let q = 0; q < queries.length / d; q++) {
    const query = row(queries, d, q);
    expect(b.search(query, 10)).toEqual(a.search(query, 10));
  }
}

describe('exportCodes / importCodes', () => {
  const cases: Array<[VectorIndexKind, CreateIndexOptions]> = [
    ['binary', {}],
    ['binary', { refine: 'int8' }],
    ['binary', { refine: 'none' }],
    ['int8', { refine: 'none' }],
    ['ivf-binary', { nlist: 16 }],
    ['ivf-int8', { nlist: 16, refine: 'none' }],
  ];
  for (const [kind, opts] of cases) {
    it(`${kind} ${JSON.stringify(opts)}: a copy loaded from codes answers exactly like the original`, () => {
      const index = trained(kind, opts);
      const codes = index.exportCodes()!;
      expect(codes.keys).toHaveLength(n - 40);
      const copy = createIndex(kind, d, { minTrainSize: 500, ...opts });
      copy.importCodes(codes);
      expect(copy.size).toBe(index.size);
      expect(copy.needsTraining).toBe(false);
      expect(copy.exportTraining()).toEqual(index.exportTraining());
      sameAnswers(index, copy);
      // Exported again, the copy gives the same bytes: nothing was decoded and re-encoded.
      expect(copy.exportCodes()).toEqual(codes);
    });
  }

  it('answers the same on the WASM and JavaScript kernels', () => {
    const codes = trained('binary', { kernels: 'wasm' }).exportCodes()!;
    const wasm = createIndex('binary', d, { kernels: 'wasm', minTrainSize: 500 });
    const js = createIndex('binary', d, { kernels: 'js', minTrainSize: 500 });
    wasm.importCodes(codes);
    js.importCodes(codes);
    sameAnswers(wasm, js);
  });

  it('a loaded index takes edits like the original: add, replace, remove', () => {
    const index = trained('ivf-binary', { nlist: 16 });
    const copy = createIndex('ivf-binary', d, { minTrainSize: 500, nlist: 16 });
    copy.importCodes(index.exportCodes()!);
    const extra = clusteredVectors(100, d, 12, 0.25, 9);
    for (const ix of [index, copy]) {
      ix.add(makeKeys(100, 'x'), extra);
      ix.add([keys[100]!], row(extra, d, 3)); // a replace
      ix.remove(keys.slice(200, 260));
    }
    sameAnswers(index, copy);
  });

  it('nothing to export while float rows are held: untrained, flat, or a float re-rank', () => {
    const untrained = createIndex('binary', d, { minTrainSize: 500 });
    untrained.add(keys, data);
    expect(untrained.exportCodes()).toBeUndefined();
    expect(trained('flat').exportCodes()).toBeUndefined();
    expect(trained('binary', { refine: 'float32' }).exportCodes()).toBeUndefined();
  });

  it('refuses a load into a non-empty index, another kind, or malformed codes, changing nothing', () => {
    const codes = trained('binary').exportCodes()!;
    const full = createIndex('binary', d, { minTrainSize: 500 });
    full.add(['a'], row(data, d, 0));
    expect(() => full.importCodes(codes)).toThrow(/empty index/);
    expect(full.size).toBe(1);
    expect(() => createIndex('int8', d, { refine: 'none' }).importCodes(codes)).toThrow(/trained for a "binary" index/);
    expect(() => createIndex('binary', d, { refine: 'float32' }).importCodes(codes)).toThrow(/keeps float32 rows/);
    const fresh = () => createIndex('binary', d, { minTrainSize: 500 });
    const broken: Array<[string, IndexCodes]> = [
      ['codes.int8 must be', { ...codes, codes: { ...codes.codes, int8: codes.codes.int8!.subarray(16) } }],
      ['codes.residual must be', { ...codes, codes: { binary: codes.codes.binary, int8: codes.codes.int8 } }],
      ['distinct', { ...codes, keys: codes.keys.map((k, i) => (i === 5 ? codes.keys[4]! : k)) }],
      ['version', { ...codes, version: 2 as 1 }],
    ];
    for (const [message, bad] of broken) {
      const index = fresh();
      expect(() => index.importCodes(bad)).toThrow(message);
      expect(index.size).toBe(0);
      expect(index.exportTraining()).toBeUndefined();
    }
    const ivf = trained('ivf-binary', { nlist: 16 }).exportCodes()!;
    const rows = ivf.lists!.rows.slice();
    rows[7] = rows[8]!;
    expect(() => createIndex('ivf-binary', d, { nlist: 16 }).importCodes({ ...ivf, lists: { ...ivf.lists!, rows } })).toThrow(
      'lists.rows[8]',
    );
  });

  it('keeps answering like the original after a retraining of both', () => {
    const index = trained('binary');
    const copy = createIndex('binary', d, { minTrainSize: 500 });
    copy.importCodes(index.exportCodes()!);
    const shifted = clusteredVectors(4000, d, 5, 0.2, 33, 999);
    for (const ix of [index, copy]) {
      ix.add(makeKeys(4000, 's'), shifted);
      expect(ix.needsTraining).toBe(true);
      ix.train();
    }
    sameAnswers(index, copy);
  });
});

/**
 * What the composed index promises beyond the contract: identical rankings on the WASM SIMD and
 * JavaScript kernels, training state that round-trips, training that is incremental, cooperative
 * and abortable, insertion-order independence, and float rows dropped once codes are trained.
 */
import { describe, expect, it } from 'vitest';
import { bruteForce, clusteredVectors, makeKeys, recall, row } from '../../test/helpers/vectors.ts';
import { InpageRecError } from '../errors.ts';
import { compileFilter } from './filter.ts';
import { createIndex, decodeTrainingState, encodeTrainingState, INDEX_KINDS } from './index.ts';
import type { VectorIndex, VectorIndexKind } from './types.ts';

// 100 dims: not a multiple of 8, 16 or 128, so every kernel's padding path runs.
const dims = 100;
const n = 4000;
const data = clusteredVectors(n, dims, 40, 1, 21);
const keys = makeKeys(n);
const queries = clusteredVectors(30, dims, 40, 1, 22);
const opts = { minTrainSize: 500, nlist: 20 };

function build(kind: VectorIndexKind, kernels: 'js' | 'wasm', order = keys.map((_, i) => i)): VectorIndex {
  const index = createIndex(kind, dims, { ...opts, kernels });
  const vecs = new Float32Array(order.length * dims);
  order.forEach((r, i) => {
    vecs.set(row(data, dims, r), i * dims);
  });
  index.add(
    order.map((r) => keys[r]!),
    vecs,
  );
  index.train();
  return index;
}

describe.each(INDEX_KINDS)('%s', (kind) => {
  it('ranks identically (keys and scores) on the WASM SIMD and JavaScript kernels, with filters, excludes and edits', () => {
    const wasm = build(kind, 'wasm');
    const js = build(kind, 'js');
    expect([wasm.kernels, js.kernels]).toEqual(['wasm-simd', 'js']);
    const attrs = (key: string) => ({ odd: Number(key.slice(1)) % 7 === 3 });
    const filter = compileFilter({ odd: true }, attrs);
    const exclude = new Set(keys.slice(0, 50));
    for (const index of [wasm, js]) {
      index.remove(keys.filter((_, i) => i % 9 === 0));
      index.add(keys.slice(0, 30), data.subarray(100 * dims, 130 * dims));
    }
    for (let q = 0; q < queries.length / dims; q++) {
      const query = row(queries, dims, q);
      for (const options of [undefined, { filter }, { exclude }])
        expect(js.search(query, 10, options)).toEqual(wasm.search(query, 10, options));
    }
  });

  it('gives the same results whatever order the items were added in', () => {
    const forward = build(kind, 'wasm');
    const shuffled = build(
      kind,
      'wasm',
      keys.map((_, i) => (i * 7919) % n),
    );
    for (let q = 0; q < 10; q++) expect(shuffled.search(row(queries, dims, q), 10)).toEqual(forward.search(row(queries, dims, q), 10));
  });

  it('exports its training, and an index importing it (before or after adding) answers like the trained one', () => {
    const trained = build(kind, 'wasm');
    const state = trained.exportTraining();
    if (kind === 'flat') {
      expect(state).toBeUndefined();
      return;
    }
    expect(state).toBeDefined();
    const bytes = encodeTrainingState(state!);
    const decoded = decodeTrainingState(bytes);
    expect(decoded).toEqual(state);
    const before = createIndex(kind, dims, opts);
    before.importTraining(decoded);
    before.add(keys, data);
    const after = createIndex(kind, dims, opts);
    after.add(keys, data);
    after.importTraining(state!);
    for (const index of [before, after]) {
      expect(index.needsTraining).toBe(false);
      for (let q = 0; q < 10; q++) expect(index.search(row(queries, dims, q), 10)).toEqual(trained.search(row(queries, dims, q), 10));
    }
  });

  it('refuses a state for another kind, other dims, or with a malformed field, changing nothing', () => {
    const state = build(kind === 'flat' ? 'binary' : kind, 'wasm').exportTraining()!;
    const index = createIndex(kind, dims, opts);
    index.add(keys.slice(0, 10), data.subarray(0, 10 * dims));
    const bad = [
      { ...state, kind: kind === 'binary' ? 'ivf' : 'binary' },
      { ...state, dims: 99 },
      { ...state, version: 2 },
      ...(state.int8 ? [{ ...state, int8: { lo: state.int8.lo, step: new Float32Array(3) } }] : []),
      ...(state.binary ? [{ ...state, binary: { mean: state.binary.mean.map(() => NaN), spread: state.binary.spread } }] : []),
    ];
    for (const s of bad) expect(() => index.importTraining(s as never)).toThrow(InpageRecError);
    expect(index.exportTraining()).toBeUndefined();
    expect(index.search(row(data, dims, 3), 1)[0]!.key).toBe(keys[3]);
  });
});

describe('training', () => {
  it('drops the float32 rows once binary/int8-only codes are trained; memory is the codes', () => {
    for (const kind of ['binary', 'ivf-binary'] as const) {
      const index = createIndex(kind, 512, { minTrainSize: 100 });
      const big = clusteredVectors(2000, 512, 20, 1, 5);
      index.add(makeKeys(2000), big);
      const staged = index.memoryBytes();
      expect(staged).toBeGreaterThan(2000 * 512 * 4);
      index.train();
      // 64 bytes of bits + 512 of int8 + 64 of residual bits per row, plus keys; float32 would be 2048.
      expect(index.memoryBytes()).toBeLessThan(2000 * 960);
      const v = index.vector(makeKeys(2000)[5]!)!;
      expect(v).toHaveLength(512);
      const exact = row(big, 512, 5);
      let dot = 0;
      for (let d = 0; d < 512; d++) dot += v[d]! * exact[d]!;
      expect(dot).toBeGreaterThan(0.999);
    }
  });

  it('keeps rows added and removed after training searchable, encoded with the trained parameters', () => {
    for (const kind of ['binary', 'ivf-binary', 'ivf-int8'] as const) {
      const index = createIndex(kind, dims, opts);
      index.add(keys.slice(0, 2000), data.subarray(0, 2000 * dims));
      index.train();
      index.add(keys.slice(2000), data.subarray(2000 * dims));
      index.remove(keys.slice(100, 200));
      index.add(keys.slice(150, 160), data.subarray(150 * dims, 160 * dims));
      expect(index.size).toBe(n - 90);
      for (const r of [5, 155, 2500, 3999]) expect(index.search(row(data, dims, r), 1)[0]!.key).toBe(keys[r]);
      for (const r of [120, 199]) expect(index.has(keys[r]!)).toBe(false);
    }
  });

  it('asks to retrain binary centring after 2x the trained rows were written, int8 ranges once values clamp', () => {
    const index = createIndex('binary', dims, { minTrainSize: 500 });
    index.add(keys.slice(0, 499), data.subarray(0, 499 * dims));
    expect(index.needsTraining).toBe(false);
    index.add(keys.slice(499, 1000), data.subarray(499 * dims, 1000 * dims));
    expect(index.needsTraining).toBe(true);
    index.train();
    expect(index.needsTraining).toBe(false);
    index.add(keys.slice(1000, 3000), data.subarray(1000 * dims, 3000 * dims));
    expect(index.needsTraining).toBe(false);
    index.add(keys.slice(3000, 3001), data.subarray(3000 * dims, 3001 * dims));
    expect(index.needsTraining).toBe(true);
    index.train();
    // Rows far outside the trained int8 ranges: clamping says the ranges are stale.
    const wild = data.slice(0, 20 * dims).map((v) => v * 40);
    index.add(makeKeys(20, 'w'), wild);
    expect(index.needsTraining).toBe(true);
  });

  it('trainAsync yields between slices: searches answer (exactly) meanwhile, edits during it are kept', async () => {
    const index = createIndex('ivf-binary', dims, opts);
    index.add(keys.slice(0, 3000), data.subarray(0, 3000 * dims));
    const flat = createIndex('flat', dims);
    flat.add(keys.slice(0, 3000), data.subarray(0, 3000 * dims));
    let slices = 0;
    let done = false;
    const running = index.trainAsync({ sliceMs: 1 }).then(() => {
      done = true;
    });
    expect(index.trainAsync()).toBeInstanceOf(Promise);
    expect(() => index.train()).toThrow(InpageRecError);
    while (!done) {
      await new Promise((r) => setTimeout(r, 0));
      slices++;
      if (!done) {
        expect(index.search(row(queries, dims, 0), 10)).toEqual(flat.search(row(queries, dims, 0), 10));
        if (slices === 2) {
          for (const target of [index, flat]) {
            target.add(keys.slice(3000), data.subarray(3000 * dims));
            target.remove(keys.slice(0, 10));
          }
        }
      }
    }
    await running;
    expect(slices).toBeGreaterThan(2);
    expect(index.needsTraining).toBe(false);
    expect(index.size).toBe(n - 10);
    (index as unknown as { nprobe: number }).nprobe = 1000;
    for (const r of [20, 2999, 3000, 3999]) expect(index.search(row(data, dims, r), 1)[0]!.key).toBe(keys[r]);
    expect(index.search(row(data, dims, 5), 10).map((h) => h.key)).not.toContain(keys[5]);
  });

  it('trainAsync stops on abort with ABORTED, leaving the index untrained and exact', async () => {
    const index = createIndex('ivf-binary', dims, opts);
    index.add(keys, data);
    const controller = new AbortController();
    const running = index.trainAsync({ sliceMs: 1, signal: controller.signal });
    controller.abort();
    await expect(running).rejects.toMatchObject({ code: 'ABORTED' });
    expect(index.needsTraining).toBe(true);
    expect(index.exportTraining()).toBeUndefined();
    const query = row(queries, dims, 1);
    expect(recall(index.search(query, 10), bruteForce(data, keys, dims, query, 10))).toBe(1);
    await index.trainAsync();
    expect(index.needsTraining).toBe(false);
  });
});

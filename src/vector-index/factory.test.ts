import { describe, expect, it } from 'vitest';
import { InpageRecError } from '../errors.ts';
import { autoIndex, autoIndexKind, BinaryIndex, createIndex, FlatIndex, IvfIndex, QuantizedFlatIndex } from './index.ts';
import type { VectorIndexKind } from './types.ts';

describe('createIndex', () => {
  it('builds each kind with its options', () => {
    expect(createIndex('flat', 8)).toBeInstanceOf(FlatIndex);
    const int8 = createIndex('int8', 8, { rerank: 8, nprobe: 4 });
    expect(int8).toBeInstanceOf(QuantizedFlatIndex);
    expect(int8.rerank).toBe(8);
    const ivf = createIndex('ivf', 8, { nprobe: 3 });
    expect(ivf).toBeInstanceOf(IvfIndex);
    expect([ivf.kind, ivf.nprobe]).toEqual(['ivf', 3]);
    expect(createIndex('ivf-int8', 8).kind).toBe('ivf-int8');
  });

  it('rejects unknown kinds, unknown option names and bad values with INVALID_OPTION', () => {
    const calls: Array<() => unknown> = [
      () => createIndex('hnsw' as VectorIndexKind, 8),
      () => createIndex('flat', 8, { nProbe: 4 } as object),
      () => createIndex('int8', 8, { rerank: 0 }),
      () => createIndex('ivf', 8, { nlist: 0 }),
      () => createIndex('ivf', 0),
      () => createIndex('flat', 70_000),
      () => createIndex('flat', 8, null as unknown as object),
    ];
    for (const call of calls) {
      let error: unknown;
      try {
        call();
      } catch (err) {
        error = err;
      }
      expect(error).toBeInstanceOf(InpageRecError);
      expect((error as InpageRecError).code).toBe('INVALID_OPTION');
    }
  });

  it('picks flat, then binary re-ranked from 16-bit rows, then binary with int8 by catalog size', () => {
    expect(autoIndex(1000)).toEqual({ kind: 'flat', options: {} });
    expect(autoIndex(20_000)).toEqual({ kind: 'binary', options: { refine: 'int16' } });
    expect(autoIndex(100_000)).toEqual({ kind: 'binary', options: {} });
    expect(autoIndexKind(1_000_000)).toBe('binary');
    const { kind, options } = autoIndex(50_000);
    expect(createIndex(kind, 8, options).kind).toBe('binary');
  });

  it('with fewer dimensions (a projected build): 16-bit re-rank for bigger catalogs, more binary candidates', () => {
    expect(autoIndex(20_000, 512)).toEqual(autoIndex(20_000));
    expect(autoIndex(32_132, 128)).toEqual({ kind: 'binary', options: { refine: 'int16', candidates: 3072 } });
    expect(autoIndex(128_000, 128)).toMatchObject({ options: { refine: 'int16' } });
    expect(autoIndex(128_001, 128)).toEqual({ kind: 'binary', options: { candidates: 3072 } });
    expect(autoIndex(3_000, 128)).toEqual({ kind: 'flat', options: {} });
  });

  it('builds the binary and IVF-over-binary kinds', () => {
    expect(createIndex('binary', 8)).toBeInstanceOf(BinaryIndex);
    expect(createIndex('ivf-binary', 8, { nprobe: 5 }).nprobe).toBe(5);
    expect(() => createIndex('binary', 8, { refine: 'int4' as never })).toThrow(InpageRecError);
    expect(() => createIndex('binary', 8, { kernels: 'gpu' as never })).toThrow(InpageRecError);
  });
});

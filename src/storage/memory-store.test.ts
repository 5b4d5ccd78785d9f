import { describe, expect, it } from 'vitest';
import { dequantizeInto, quantize } from '../artifact/quantize.ts';
import { createMemoryStore } from './memory-store.ts';

describe('createMemoryStore', () => {
  it('keeps float rows as given and int8 rows as codes, and reads both back as IndexedDB would', async () => {
    const store = createMemoryStore('shop');
    const q = [quantize([0.6, -0.8, 0]), quantize([0.1, 0.2, -0.3])];
    const codes = new Int8Array(6);
    codes.set(q[0]!.code, 0);
    codes.set(q[1]!.code, 3);
    await store.putVectors('m:3', 3, ['f'], Float32Array.of(1, 2, 3));
    await store.putVectors('m:3', 3, ['a', 'b'], { codes, scales: Float32Array.of(q[0]!.scale, q[1]!.scale) });
    const loaded = await store.loadVectors('m:3');
    const expected = new Float32Array(9);
    expected.set([1, 2, 3]);
    dequantizeInto(q[0]!.code, 0, 3, q[0]!.scale, expected, 3);
    dequantizeInto(q[1]!.code, 0, 3, q[1]!.scale, expected, 6);
    expect(loaded).toEqual({ dims: 3, hashes: ['f', 'a', 'b'], vectors: expected });
    expect(await store.pruneVectors('m:3', new Set(['b']))).toBe(2);
    expect((await store.loadVectors('m:3')).vectors).toEqual(expected.slice(6));
  });
});

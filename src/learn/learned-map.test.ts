import { describe, expect, it } from 'vitest';
import { Prng } from '../vector-index/prng.ts';
import { projectAll } from './learned-map.ts';

/** normalise(W x + offset), written out plainly. */
function reference(weights: Float32Array, inDims: number, outDims: number, x: Float32Array, offset?: Float32Array): number[] {
  const z = Array.from({ length: outDims }, (_, k) => {
    let s = 0;
    for (let t = 0; t < inDims; t++) s += weights[k * inDims + t]! * x[t]!;
    return s + (offset?.[k] ?? 0);
  });
  const norm = Math.hypot(...z);
  return z.map((v) => (norm > 0 ? v / norm : 0));
}

describe('projectAll', () => {
  const rng = new Prng(3);
  for (const [inDims, outDims] of [
    [512, 64],
    [7, 5],
    [9, 1],
  ] as const) {
    it(`matches normalise(W x + offset) at ${inDims} -> ${outDims}, with and without offsets`, () => {
      const n = 6;
      const weights = Float32Array.from({ length: inDims * outDims }, () => rng.gaussian());
      const vectors = Float32Array.from({ length: n * inDims }, () => rng.gaussian());
      const offsets = Float32Array.from({ length: n * outDims }, () => rng.gaussian());
      const map = { inDims, outDims, weights };
      const plain = projectAll(map, vectors);
      const shifted = projectAll(map, vectors, offsets);
      for (let i = 0; i < n; i++) {
        const x = vectors.subarray(i * inDims, (i + 1) * inDims);
        const want = reference(weights, inDims, outDims, x);
        const wantShifted = reference(weights, inDims, outDims, x, offsets.subarray(i * outDims, (i + 1) * outDims));
        for (let k = 0; k < outDims; k++) {
          expect(plain[i * outDims + k]).toBeCloseTo(want[k]!, 5);
          expect(shifted[i * outDims + k]).toBeCloseTo(wantShifted[k]!, 5);
        }
      }
    });
  }

  it('keeps a zero vector zero and names wrong lengths', () => {
    const map = { inDims: 4, outDims: 4, weights: new Float32Array(16).fill(1) };
    expect([...projectAll(map, new Float32Array(4))]).toEqual([0, 0, 0, 0]);
    expect(() => projectAll(map, new Float32Array(5))).toThrow(/not a multiple of 4/);
    expect(() => projectAll(map, new Float32Array(8), new Float32Array(3))).toThrow(/offsets hold 3 floats/);
  });
});

import { describe, expect, it } from 'vitest';
import { randomUnitVectors } from '../../test/helpers/vectors.ts';
import { ErrorCodes } from '../errors.ts';
import { Prng } from '../vector-index/prng.ts';
import { decodeLearned, encodeLearned, type LearnedSpace, learnedSectionBytes } from './section.ts';

function space(sides: 1 | 2, count = 50, inDims = 32, outDims = 8): LearnedSpace {
  const rng = new Prng(3);
  const weights = Float32Array.from({ length: outDims * inDims }, () => rng.gaussian());
  const vectors = Array.from({ length: sides }, (_, s) => randomUnitVectors(count, outDims, 10 + s));
  return { map: { inDims, outDims, weights }, sides, count, vectors };
}

describe('the learned section', () => {
  it('round-trips the map exactly and every vector to cosine >= .999; 2 sides x 48 dims cost 96 bytes per item', () => {
    for (const sides of [1, 2] as const) {
      const s = space(sides);
      const bytes = encodeLearned(s);
      expect(bytes.byteLength).toBe(learnedSectionBytes(50, 32, 8, sides));
      const back = decodeLearned(bytes, 50, 32);
      expect(back.sides).toBe(sides);
      expect(back.map.weights).toEqual(s.map.weights);
      for (let side = 0; side < sides; side++) {
        for (let i = 0; i < 50; i++) {
          let dot = 0;
          for (let k = 0; k < 8; k++) dot += s.vectors[side]![i * 8 + k]! * back.vectors[side]![i * 8 + k]!;
          expect(dot).toBeGreaterThan(0.999);
        }
      }
    }
    const perItem = learnedSectionBytes(1001, 512, 48, 2) - learnedSectionBytes(1000, 512, 48, 2);
    expect(perItem).toBe(96);
  });

  it('is deterministic: the same space gives the same bytes', () => {
    expect(encodeLearned(space(2))).toEqual(encodeLearned(space(2)));
  });

  it('names what is wrong with bytes it cannot use', () => {
    const bytes = encodeLearned(space(2));
    const fails = (b: Uint8Array, count: number, dims: number, why: RegExp) =>
      expect(() => decodeLearned(b, count, dims)).toThrow(
        expect.objectContaining({ code: ErrorCodes.CATALOG_UNREADABLE, message: expect.stringMatching(why) }),
      );
    fails(bytes.subarray(0, bytes.length - 1), 50, 32, /truncated or corrupt/);
    fails(new Uint8Array(64), 50, 32, /bad magic/);
    fails(bytes, 49, 32, /holds 50 items, the artifact 49/);
    fails(bytes, 50, 64, /reads 32-dimensional vectors, the model gives 64/);
    const nan = bytes.slice();
    new DataView(nan.buffer).setFloat32(32, Number.NaN, true);
    fails(nan, 50, 32, /not a finite number/);
  });
});

import { describe, expect, it } from 'vitest';
import { Prng } from '../vector-index/prng.ts';
import { projectAll } from './learned-map.ts';
import { LearnedLookup } from './lookup.ts';
import { decodeLearned, encodeLearned } from './section.ts';

function unitRows(rng: Prng, count: number, dims: number): Float32Array {
  const v = new Float32Array(count * dims);
  for (let i = 0; i < count; i++) {
    let norm = 0;
    for (let k = 0; k < dims; k++) {
      v[i * dims + k] = rng.gaussian();
      norm += v[i * dims + k]! ** 2;
    }
    for (let k = 0; k < dims; k++) v[i * dims + k]! /= Math.sqrt(norm);
  }
  return v;
}

describe('LearnedLookup', () => {
  const rng = new Prng(5);
  const inDims = 32;
  const outDims = 8;
  const map = { inDims, outDims, weights: Float32Array.from({ length: outDims * inDims }, () => rng.gaussian()) };
  const keys = ['a', 'b', 'c', 'd'];
  const bytes = encodeLearned({ map, sides: 2, count: 4, vectors: [unitRows(rng, 4, outDims), unitRows(rng, 4, outDims)] });

  it("places an item the build never saw exactly where the build's projection puts it, on both sides", () => {
    const lookup = new LearnedLookup(decodeLearned(bytes, 4, inDims), keys);
    const text = unitRows(rng, 1, inDims);
    expect(lookup.place(['a', 'new', 'no-vector'], (key) => (key === 'new' ? text : undefined))).toBe(1);
    const built = projectAll(decodeLearned(bytes, 4, inDims).map, text);
    expect(lookup.query('new')).toEqual(built);
    expect(lookup.targets.vector('new')).toEqual(built);
    expect({ size: lookup.size, placed: lookup.placed }).toEqual({ size: 5, placed: 1 });
    // Already placed: nothing more.
    expect(lookup.place(['new'], () => text)).toBe(0);
  });

  it('searches targets with an item’s query side, and calibrates on random query . target pairs', () => {
    const space = decodeLearned(bytes, 4, inDims);
    const lookup = new LearnedLookup(space, keys);
    const q = lookup.query('b')!;
    const hits = lookup.targets.search(q, 4);
    const dot = (i: number) => {
      let s = 0;
      for (let k = 0; k < outDims; k++) s += q[k]! * space.vectors[1]![i * outDims + k]!;
      return s;
    };
    const expected = keys.map((key, i) => ({ key, score: dot(i) })).sort((x, y) => y.score - x.score);
    expect(hits.map((h) => h.key)).toEqual(expected.map((h) => h.key));
    const cal = lookup.calibration();
    expect(cal).toBe(lookup.calibration());
    expect(cal.std).toBeGreaterThan(0);
  });

  it('names a key list that does not fit the space', () => {
    expect(() => new LearnedLookup(decodeLearned(bytes, 4, inDims), ['a'])).toThrow(/holds 4 items, 1 keys given/);
  });
});

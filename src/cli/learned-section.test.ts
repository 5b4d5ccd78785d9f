import { describe, expect, it } from 'vitest';
import { decodeLearned } from '../learn/section.ts';
import { flattenSessions } from '../signals/build.ts';
import { Prng } from '../vector-index/prng.ts';
import { learnedSection } from './learned-section.ts';

/** 60 items in 3 groups (a weak direction under noise) and sessions walking group g -> g + 1. */
function shop() {
  const rng = new Prng(11);
  const n = 60;
  const dims = 64;
  const vectors = new Float32Array(n * dims);
  for (let i = 0; i < n; i++) {
    let norm = 0;
    for (let k = 0; k < dims; k++) {
      vectors[i * dims + k] = rng.gaussian() + (k === i % 3 ? 2 : 0);
      norm += vectors[i * dims + k]! ** 2;
    }
    for (let k = 0; k < dims; k++) vectors[i * dims + k]! /= Math.sqrt(norm);
  }
  // Items 57-59 appear in one session only: below the minimum support, they get no offset.
  const sessions: number[][] = [[57, 58, 59]];
  for (let s = 0; s < 200; s++) {
    const g = rng.int(3);
    sessions.push(Array.from({ length: 4 }, (_, step) => ((g + step) % 3) + 3 * rng.int(19)));
  }
  return { n, dims, vectors, sessions: flattenSessions(sessions.map((s) => [...new Set(s)])) };
}

describe('learnedSection', () => {
  it('writes a directional space of the recipe, byte-identical across runs, with offsets only for supported items', () => {
    const s = shop();
    const steps: number[] = [];
    const a = learnedSection(s.vectors, s.dims, s.sessions, (done) => steps.push(done));
    const b = learnedSection(s.vectors, s.dims, s.sessions);
    expect(a.bytes).toEqual(b.bytes);
    expect(steps.at(-1)).toBe(steps.length);
    expect(a.summary).toMatchObject({ sides: 2, outDims: 48, bytesPerItem: 96, itemsWithOffset: 57 });
    expect(a.summary.loss[1]).toBeLessThan(a.summary.loss[0]);
    const space = decodeLearned(a.bytes, s.n, s.dims);
    const d = space.map.outDims;
    const same = (i: number) => {
      let dot = 0;
      for (let k = 0; k < d; k++) dot += space.vectors[0]![i * d + k]! * space.vectors[1]![i * d + k]!;
      return dot;
    };
    // Without an offset both sides are f(text): the same vector; with one they differ.
    for (const i of [57, 58, 59]) expect(same(i)).toBeGreaterThan(0.999); // int8 codes, one scale per side
    expect(same(0)).toBeLessThan(0.99);
  });
});

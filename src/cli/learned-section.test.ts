import { describe, expect, it } from 'vitest';
import { BUILD_RECIPE } from '../learn/recipe.ts';
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
  it('writes a directional space of the recipe, byte-identical across runs, with offsets only for supported items', async () => {
    const s = shop();
    const steps: { done: number; total: number }[] = [];
    const a = await learnedSection(s.vectors, s.dims, s.sessions, (done, total) => steps.push({ done, total }));
    const b = await learnedSection(s.vectors, s.dims, s.sessions);
    expect(a.bytes).toEqual(b.bytes);
    // Two trainings in threads at once (the held-out one choosing propagation, and the space's):
    // their steps heard together, up to the sum of both totals, in one fixed total.
    expect(a.summary.trainings).toBe(2);
    const total = steps[0]!.total;
    expect(steps.every((h) => h.total === total)).toBe(true);
    expect(steps.map((h) => h.done)).toEqual([...steps.map((h) => h.done)].sort((x, y) => x - y));
    expect(steps.at(-1)!.done).toBe(total);
    // Each training's steps: epochs x batches of at most 1,024 anchors (one batch each here).
    expect(total).toBe(2 * a.summary.epochs);
    expect(a.summary.propagation.hitRates).toHaveLength(4);
    // Sessions of up to 4 items (repeats dropped): the last 2 of each session of 4 are held out.
    const { start } = s.sessions;
    const full = Array.from({ length: start.length - 1 }, (_, k) => start[k + 1]! - start[k]!).filter((len) => len === 4).length;
    expect(a.summary.propagation.queries).toBe(2 * full);
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

  it('ships the held-out training itself for logs above the retraining bound', async () => {
    const s = shop();
    const steps: number[] = [];
    const big = { ...BUILD_RECIPE, choose: { retrainUpToRows: 10 } };
    const a = await learnedSection(s.vectors, s.dims, s.sessions, (_, total) => steps.push(total), big);
    expect(a.summary.trainings).toBe(1);
    expect(steps.at(-1)).toBe(a.summary.epochs);
    const b = await learnedSection(s.vectors, s.dims, s.sessions);
    expect(a.summary.propagation).toEqual(b.summary.propagation);
    expect(a.bytes.byteLength).toBe(b.bytes.byteLength);
    expect(a.bytes).not.toEqual(b.bytes); // trained without the held-out items
    expect(a.summary.epochs).toBe(b.summary.epochs);
  });
});

import { describe, expect, it } from 'vitest';
import { Prng } from '../vector-index/prng.ts';
import { projectAll } from './learned-map.ts';
import { sessionPairs } from './pairs.ts';
import { trainMap } from './train.ts';

/**
 * A planted structure: items fall in 4 groups; the group shows in the text vectors only as a weak
 * direction buried under noise in 64 dimensions, while sessions stay inside one group. The map
 * must find the group's direction: nearest neighbours in the learned space share the group.
 */
function planted(seed: number) {
  const rng = new Prng(seed);
  const n = 200;
  const dims = 64;
  const groups = 4;
  const group = Int32Array.from({ length: n }, (_, i) => i % groups);
  const vectors = new Float32Array(n * dims);
  for (let i = 0; i < n; i++) {
    let norm = 0;
    for (let t = 0; t < dims; t++) {
      const v = rng.gaussian() + (t === group[i] ? 2.5 : 0);
      vectors[i * dims + t] = v;
      norm += v * v;
    }
    for (let t = 0; t < dims; t++) vectors[i * dims + t]! /= Math.sqrt(norm);
  }
  const sessions: number[][] = [];
  for (let s = 0; s < 400; s++) {
    const g = rng.int(groups);
    sessions.push(Array.from({ length: 6 }, () => g + groups * rng.int(n / groups)));
  }
  return { n, dims, group, vectors, sessions };
}

/** Share of items whose nearest other item (by cosine of unit rows) is in the same group. */
function sameGroupNeighbour(vectors: Float32Array, dims: number, group: Int32Array): number {
  const n = group.length;
  let same = 0;
  for (let i = 0; i < n; i++) {
    let best = -1;
    let bestDot = Number.NEGATIVE_INFINITY;
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      let dot = 0;
      for (let t = 0; t < dims; t++) dot += vectors[i * dims + t]! * vectors[j * dims + t]!;
      if (dot > bestDot) {
        bestDot = dot;
        best = j;
      }
    }
    if (group[best] === group[i]) same++;
  }
  return same / n;
}

describe('trainMap', () => {
  it('recovers a planted group structure the raw vectors hide', () => {
    const p = planted(7);
    const pairs = sessionPairs(p.sessions, { window: 2, maxPerSession: 100 });
    const raw = sameGroupNeighbour(p.vectors, p.dims, p.group);
    const { map, epochLoss } = trainMap(p.vectors, p.dims, pairs, {
      outDims: 8,
      epochs: 30,
      batchAnchors: 64,
      learningRate: 0.02,
      seed: 3,
    });
    const learned = sameGroupNeighbour(projectAll(map, p.vectors), map.outDims, p.group);
    expect(raw).toBeLessThan(0.7);
    expect(learned).toBeGreaterThan(0.95);
    expect(epochLoss.at(-1)!).toBeLessThan(epochLoss[0]!);
  });

  it('gives byte-identical weights for the same seed, different ones for another seed', () => {
    const p = planted(11);
    const pairs = sessionPairs(p.sessions);
    const options = { outDims: 8, epochs: 3, batchAnchors: 32 };
    const a = trainMap(p.vectors, p.dims, pairs, { ...options, seed: 5 }).map.weights;
    const b = trainMap(p.vectors, p.dims, pairs, { ...options, seed: 5 }).map.weights;
    const c = trainMap(p.vectors, p.dims, pairs, { ...options, seed: 6 }).map.weights;
    expect(Buffer.from(a.buffer).equals(Buffer.from(b.buffer))).toBe(true);
    expect(Buffer.from(a.buffer).equals(Buffer.from(c.buffer))).toBe(false);
  });

  it('samples candidates when the catalog is larger than maxCandidates, and still learns', () => {
    const p = planted(13);
    const pairs = sessionPairs(p.sessions, { window: 2, maxPerSession: 100 });
    const { map } = trainMap(p.vectors, p.dims, pairs, { outDims: 8, epochs: 30, batchAnchors: 64, learningRate: 0.02, maxCandidates: 60 });
    expect(sameGroupNeighbour(projectAll(map, p.vectors), map.outDims, p.group)).toBeGreaterThan(0.9);
  });

  it('learns direction with two sides: the query of an item finds the targets of the group that follows', () => {
    const p = planted(17);
    // Sessions walk the groups in order: an item of group g is followed by one of group g + 1.
    const rng = new Prng(5);
    const walks = Array.from({ length: 400 }, () => {
      const g = rng.int(4);
      return Array.from({ length: 6 }, (_, step) => ((g + step) % 4) + 4 * rng.int(p.n / 4));
    });
    const pairs = sessionPairs(walks, { window: 1, directions: 'forward' });
    const options = { outDims: 8, epochs: 30, batchAnchors: 64, learningRate: 0.02, offsetPenalty: 1e-3 };
    const { map, offsets } = trainMap(p.vectors, p.dims, pairs, { ...options, directional: true });
    const half = p.n * map.outDims;
    const query = projectAll(map, p.vectors, offsets.subarray(0, half));
    const target = projectAll(map, p.vectors, offsets.subarray(half));
    let follows = 0;
    for (let i = 0; i < p.n; i++) {
      let best = -1;
      let bestDot = Number.NEGATIVE_INFINITY;
      for (let j = 0; j < p.n; j++) {
        if (j === i) continue;
        let dot = 0;
        for (let k = 0; k < map.outDims; k++) dot += query[i * map.outDims + k]! * target[j * map.outDims + k]!;
        if (dot > bestDot) {
          bestDot = dot;
          best = j;
        }
      }
      if (p.group[best] === (p.group[i]! + 1) % 4) follows++;
    }
    expect(follows / p.n).toBeGreaterThan(0.9);
  });

  it('keeps the offsets of items left out of offsetItems at exactly zero, on both sides', () => {
    const p = planted(23);
    const pairs = sessionPairs(p.sessions, { window: 1, directions: 'forward' });
    const offsetItems = Uint8Array.from({ length: p.n }, (_, i) => (i % 3 === 0 ? 0 : 1));
    const options = { outDims: 8, epochs: 3, batchAnchors: 64, offsetPenalty: 1e-3, directional: true, offsetItems };
    const { offsets } = trainMap(p.vectors, p.dims, pairs, options);
    const d = 8;
    for (let side = 0; side < 2; side++) {
      for (let i = 0; i < p.n; i++) {
        const row = offsets.subarray((side * p.n + i) * d, (side * p.n + i + 1) * d);
        if (offsetItems[i]) expect(row.some((x) => x !== 0)).toBe(true);
        else expect(row.every((x) => x === 0)).toBe(true);
      }
    }
  });

  it('names a pair outside the catalog', () => {
    const p = planted(1);
    expect(() => trainMap(p.vectors, p.dims, { from: Int32Array.of(0), to: Int32Array.of(p.n) })).toThrow(/pair 0 names row 200/);
  });
});

describe('sessionPairs', () => {
  it('pairs items within the window in both directions, skips repeats, caps each session nearest first', () => {
    const pairs = sessionPairs([[1, 2, 2, 3]], { window: 2, maxPerSession: 100 });
    const list = Array.from(pairs.from, (a, i) => `${a}>${pairs.to[i]}`);
    expect(list).toEqual(['1>2', '2>1', '2>3', '3>2', '1>2', '2>1', '2>3', '3>2']);
    const capped = sessionPairs([[1, 2, 3, 4]], { window: 3, maxPerSession: 4 });
    expect(Array.from(capped.from, (a, i) => `${a}>${capped.to[i]}`)).toEqual(['1>2', '2>1', '2>3', '3>2']);
  });
});

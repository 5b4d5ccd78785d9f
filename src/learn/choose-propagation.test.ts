import { describe, expect, it } from 'vitest';
import { Prng } from '../vector-index/prng.ts';
import { choosePropagation, propagateSides } from './choose-propagation.ts';
import { holdOutLast } from './held-out.ts';
import { sessionPairs } from './pairs.ts';
import { propagationGraph } from './propagate.ts';

/**
 * 12 groups of 8 items; sessions walk within one group. `structure` of each item's vector is its
 * group's direction, the rest noise: a space that already knows the groups (structure 1) or one
 * that learned little of them (structure .15), where the pairs' graph knows more than the space.
 */
function planted(structure: number, seed: number) {
  const groups = 12;
  const size = 8;
  const d = 16;
  const rng = new Prng(seed);
  const n = groups * size;
  const v = new Float32Array(n * d);
  for (let i = 0; i < n; i++) {
    const g = Math.floor(i / size);
    for (let j = 0; j < d; j++) v[i * d + j] = (j === g ? structure : 0) + (1 - structure) * rng.gaussian() * 0.5;
  }
  const sessions: number[][] = [];
  for (let s = 0; s < 600; s++) {
    const g = rng.int(groups);
    const seen = new Set<number>();
    while (seen.size < 5) seen.add(g * size + rng.int(size));
    sessions.push([...seen]);
  }
  return { space: { query: v, target: v, dims: d }, sessions, n };
}

function choose(structure: number) {
  const { space, sessions, n } = planted(structure, 3);
  const split = holdOutLast(sessions, { minQueries: 500, maxPerSession: 2, maxQueries: 5000, seed: 1 });
  const pairs = sessionPairs(split.train, { window: 3, directions: 'forward' });
  return choosePropagation(space, pairs, new Uint8Array(n).fill(1), split.queries);
}

describe('choosePropagation', () => {
  it('propagates when the graph knows what the space did not learn', () => {
    const c = choose(0.15);
    expect(c.chosen).not.toBeNull();
    expect(c.hitRates).toHaveLength(4);
    const best = Math.max(...c.hitRates.map((h) => h.hitRate));
    expect(c.hitRates.find((h) => h.setting === c.chosen)!.hitRate).toBe(best);
    expect(best).toBeGreaterThan(c.hitRates[0]!.hitRate * 1.03);
  });

  it('keeps the space as trained when the graph is noise and the space knows the next item', () => {
    // Each session: 4 random items, then the successor of the 4th, which the space knows (the
    // query side of i is the target side of i + 1). The training pairs are random: mixing them in
    // blurs what the space knows.
    const n = 200;
    const d = 16;
    const rng = new Prng(5);
    const target = Float32Array.from({ length: n * d }, () => rng.gaussian());
    const query = new Float32Array(n * d);
    for (let i = 0; i < n; i++) query.set(target.subarray(((i + 1) % n) * d, ((i + 2) % n || n) * d), i * d);
    const sessions = Array.from({ length: 600 }, () => {
      const r = [rng.int(n), rng.int(n), rng.int(n), rng.int(n)];
      return [...r, (r[3]! + 1) % n];
    });
    const split = holdOutLast(sessions, { minQueries: 500, maxPerSession: 2, maxQueries: 5000, seed: 1 });
    const pairs = sessionPairs(split.train, { window: 3, directions: 'forward' });
    const c = choosePropagation({ query, target, dims: d }, pairs, new Uint8Array(n).fill(1), split.queries);
    expect(c.chosen).toBeNull();
    expect(c.queries).toBe(600);
    expect(c.hitRates[0]!.hitRate).toBeGreaterThan(0.8);
    expect(c.hitRates[3]!.hitRate).toBeLessThan(c.hitRates[0]!.hitRate);
  });

  it('is deterministic, and propagateSides with null is the space itself', () => {
    expect(choose(0.15)).toEqual(choose(0.15));
    const { space } = planted(0.5, 1);
    const pairs = sessionPairs([[0, 1, 2]]);
    expect(propagateSides(space, propagationGraph(pairs, new Uint8Array(96).fill(1), 96), null)).toBe(space);
  });
});

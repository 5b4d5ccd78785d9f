import { describe, expect, it } from 'vitest';
import { LEARNED_BLEND } from '../recommend/blend.ts';
import { MAX_ANCHORS } from '../recommend/history.ts';
import { Prng } from '../vector-index/prng.ts';
import { heldOutHitRate, holdOutLast } from './held-out.ts';
import { spaceCalibration } from './space-calibration.ts';

const options = { minQueries: 3, maxPerSession: 3, maxQueries: 100, seed: 1 };

describe('holdOutLast', () => {
  it('holds out the last item of each session long enough, and keeps short sessions whole', () => {
    const split = holdOutLast(
      [
        [1, 2, 3],
        [4, 5],
        [6, 7, 8, 9],
        [1, 5, 9],
      ],
      options,
    );
    expect(split.train).toEqual([
      [1, 2],
      [4, 5],
      [6, 7, 8],
      [1, 5],
    ]);
    expect(split.queries.map((q) => [[...q.history], q.target])).toEqual([
      [[1, 2], 3],
      [[6, 7, 8], 9],
      [[1, 5], 9],
    ]);
  });

  it('holds out more items per session until there are enough queries', () => {
    const split = holdOutLast([[0, 1, 2, 3, 4, 5]], options);
    expect(split.train).toEqual([[0, 1, 2]]);
    expect(split.queries.map((q) => [q.history.length, q.target])).toEqual([
      [3, 3],
      [4, 4],
      [5, 5],
    ]);
  });

  it('holds out as many as short sessions allow when no h gives enough', () => {
    // Sessions of 4: h = 2 gives 2 queries each, h = 3 none.
    const split = holdOutLast([[0, 1, 2, 3]], { ...options, minQueries: 10 });
    expect(split.train).toEqual([[0, 1]]);
    expect(split.queries.map((q) => q.target)).toEqual([2, 3]);
  });

  it('holds out a seeded sample of sessions when there are too many, the same each run', () => {
    const sessions = Array.from({ length: 50 }, (_, i) => [i, i + 1, i + 2]);
    const a = holdOutLast(sessions, { ...options, maxQueries: 10 });
    const b = holdOutLast(sessions, { ...options, maxQueries: 10 });
    expect(a).toEqual(b);
    expect(a.queries).toHaveLength(10);
    expect(new Set(a.queries.map((q) => q.target)).size).toBe(10);
    // Only the sampled sessions lost their last item; the others train whole.
    expect(a.train.filter((s) => s.length === 2)).toHaveLength(10);
    expect(a.train.filter((s) => s.length === 3)).toHaveLength(40);
    for (const q of a.queries) expect(a.train[q.target - 2]).toEqual([q.target - 2, q.target - 1]);
    const c = holdOutLast(sessions, { ...options, maxQueries: 10, seed: 2 });
    expect(c.queries.map((q) => q.target)).not.toEqual(a.queries.map((q) => q.target));
  });
});

describe('heldOutHitRate', () => {
  // Four items on the axes of a 4-d space; query and target sides equal.
  const eye = Float32Array.from([1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1]);

  it('counts a hit when the target ranks within k, never ranking the history', () => {
    // Query side of item 0 points at item 1; of item 2 at item 3.
    const query = Float32Array.from([0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0]);
    const q = (history: number[], target: number) => ({ history: Int32Array.from(history), target });
    expect(heldOutHitRate(query, eye, 4, [q([0], 1)], 1)).toBe(1);
    expect(heldOutHitRate(query, eye, 4, [q([0], 2)], 1)).toBe(0);
    // The target is in the history: a miss, whatever its score.
    expect(heldOutHitRate(query, eye, 4, [q([0, 1], 1)], 3)).toBe(0);
    expect(heldOutHitRate(query, eye, 4, [q([0], 1), q([2], 3), q([2], 0)], 1)).toBeCloseTo(2 / 3, 10);
  });

  it('equals a plain ranking over many queries (blocks of four, a partial last block)', () => {
    const rng = new Prng(9);
    const n = 50;
    const d = 8;
    const query = Float32Array.from({ length: n * d }, () => rng.gaussian());
    const target = Float32Array.from({ length: n * d }, () => rng.gaussian());
    const queries = Array.from({ length: 37 }, () => ({
      history: Int32Array.from({ length: 1 + rng.int(12) }, () => rng.int(n)),
      target: rng.int(n),
    }));
    // The page's content term: the best anchor's 0.7 ** age * z-scored dot product (of the last 3),
    // mixed with the weighted mean over the page's anchors as LEARNED_BLEND says.
    const { mean, std } = spaceCalibration(query, target, d, n);
    const mix = LEARNED_BLEND.contentMean ?? 0;
    const plain = queries.filter((q) => {
      const anchors = [...q.history].reverse().slice(0, MAX_ANCHORS);
      const dot = (a: number, i: number) => query.subarray(a * d, (a + 1) * d).reduce((sum, x, j) => sum + x * target[i * d + j]!, 0);
      const score = (i: number) => {
        const zs = anchors.map((a, age) => (0.7 ** age * (dot(a, i) - mean)) / std);
        const weights = anchors.reduce((w, _, age) => w + 0.7 ** age, 0);
        return (1 - mix) * Math.max(...zs.slice(0, 3)) + (mix * zs.reduce((x, y) => x + y, 0)) / weights;
      };
      if (q.history.includes(q.target)) return false;
      const rivals = Array.from({ length: n }, (_, i) => i).filter((i) => !q.history.includes(i) && score(i) > score(q.target));
      return rivals.length < 10;
    }).length;
    expect(plain).toBeGreaterThan(0);
    expect(plain).toBeLessThan(37);
    expect(heldOutHitRate(query, target, d, queries)).toBeCloseTo(plain / 37, 10);
  });

  it('refuses dimensions the kernels cannot take in fours', () => {
    const q = { history: Int32Array.from([0]), target: 1 };
    expect(() => heldOutHitRate(new Float32Array(12), new Float32Array(12), 6, [q])).toThrow(/dimensions in fours.*got 6/);
  });

  it('ranks by the best anchor, weighed by recency', () => {
    // History [0, 2]: item 2 (last) points at 3 and outranks item 0 (older, pointing at 1).
    const query = Float32Array.from([0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0]);
    const q = { history: Int32Array.from([0, 2]), target: 3 };
    expect(heldOutHitRate(query, eye, 4, [q], 1)).toBe(1);
    expect(heldOutHitRate(query, eye, 4, [{ ...q, target: 1 }], 1)).toBe(0);
  });
});

/** The graded metrics with ties as their expectation agree with the binary ones (eval/metrics.ts) and with brute force. */
import { describe, expect, it } from 'vitest';
import { gradedMetrics } from '../graded-metrics.ts';
import { setMetrics } from '../metrics.ts';
import { categorySpread } from './cold-baselines.ts';
import { expectedMarked, expectedMetrics } from './expected-metrics.ts';

describe('expectedMetrics', () => {
  it('equals setMetrics on binary grades, ties included', () => {
    const scores = [5, 4, 4, 4, 3, 3, 2, 2, 2, 2, 2, 1, 0, 0, -1, -1];
    const relevant = [2, 7, 9, 14];
    const m = expectedMetrics(scores, new Map(relevant.map((r) => [r, 1])), new Set([0]));
    const ref = setMetrics(scores, 0, relevant);
    expect(m.ndcg10).toBeCloseTo(ref.ndcg10, 12);
    expect(m.hr10).toBeCloseTo(ref.hr10, 12);
  });

  it('without ties equals gradedMetrics of the ranked list', () => {
    const scores = Array.from({ length: 30 }, (_, i) => 30 - i);
    const grades = new Map([
      [1, 2],
      [4, 1],
      [9, 2],
      [25, 1],
    ]);
    const ranked = scores.map((_, i) => i);
    const m = expectedMetrics(scores, grades, new Set());
    const ref = gradedMetrics(ranked, grades);
    expect(m.ndcg10).toBeCloseTo(ref.ndcg10, 12);
    expect(m.p8).toBeCloseTo(ref.p8, 12);
  });

  it('never fills a slot with a row left out of the list (-Infinity)', () => {
    const scores = [3, 2, 1, Number.NEGATIVE_INFINITY, Number.NEGATIVE_INFINITY];
    expect(expectedMetrics(scores, new Map([[3, 1]]), new Set())).toEqual({ ndcg10: 0, p8: 0, hr10: 0 });
    expect(expectedMetrics(scores, new Map([[2, 1]]), new Set()).p8).toBe(1 / 8);
  });

  it('counts a tie group as the mean over its orders (random: every slot holds the base rate)', () => {
    const n = 100;
    const grades = new Map(Array.from({ length: 25 }, (_, i) => [i * 4, 1] as const));
    const m = expectedMetrics(new Float64Array(n), grades, new Set());
    expect(m.p8).toBeCloseTo(0.25, 12);
    expect(expectedMarked(new Float64Array(n), new Set([1, 2, 3, 4]), new Set(), 8)).toBeCloseTo(0.32, 12);
  });
});

describe('categorySpread', () => {
  it('takes each category in turn, most popular category and item first', () => {
    const items = ['a', 'a', 'b', 'b', 'c'].map((category, row) => ({ row, id: String(row), raw: {}, category }));
    const counts = Float64Array.from([1, 5, 2, 2, 9]);
    const data = { items } as unknown as Parameters<typeof categorySpread>[0];
    // Categories by total: c 9, a 6, b 4; within a: row 1 (5) before row 0 (1).
    expect(categorySpread(data, counts)).toEqual([4, 1, 2, 0, 3]);
  });
});

import { describe, expect, it } from 'vitest';
import { nextItemMetrics, setMetrics } from './metrics.ts';

const log2 = Math.log2;

describe('nextItemMetrics', () => {
  it('ranks the target among the candidates, leaving out excluded rows', () => {
    // Target row 3 scores 0.5; rows 0 and 1 score higher but row 1 is excluded: rank 2.
    const m = nextItemMetrics([0.9, 0.8, 0.1, 0.5], 3, new Set([1]));
    expect(m.rank).toBe(2);
    expect(m.hr10).toBe(1);
    expect(m.ndcg10).toBeCloseTo(1 / log2(3), 12);
  });

  it('counts ties as their expectation: all-equal scores give k / candidates', () => {
    const scores = new Array(100).fill(0);
    const m = nextItemMetrics(scores, 7, new Set([1, 2, 3, 4]));
    expect(m.hr10).toBeCloseTo(10 / 96, 12);
    expect(m.hr20).toBeCloseTo(20 / 96, 12);
    let dcg = 0;
    for (let p = 1; p <= 10; p++) dcg += 1 / log2(p + 1);
    expect(m.ndcg10).toBeCloseTo(dcg / 96, 12);
    expect(m.rank).toBe(48.5);
  });

  it('a tie group straddling position 10 hits with the share of its slots above the cut', () => {
    // 8 rows above, the target tied with 3 others: positions 9..12, two of four are in the top 10.
    const scores = [...new Array(8).fill(2), 1, 1, 1, 1, 0];
    const m = nextItemMetrics(scores, 9, new Set());
    expect(m.hr10).toBe(0.5);
    expect(m.ndcg10).toBeCloseTo((1 / log2(10) + 1 / log2(11)) / 4, 12);
  });
});

describe('setMetrics', () => {
  it('scores a perfect list 1 even with more relevant items than slots', () => {
    const scores = Array.from({ length: 50 }, (_, i) => 50 - i);
    const relevant = Array.from({ length: 20 }, (_, i) => i + 1);
    expect(setMetrics(scores, 0, relevant)).toEqual({ hr10: 1, recall10: 1, ndcg10: 1 });
  });

  it('binary gains at their positions; recall over min(|relevant|, 10)', () => {
    const scores = Array.from({ length: 30 }, (_, i) => 30 - i); // row i at position i (row 0 is the query)
    const m = setMetrics(scores, 0, [2, 5, 29]);
    expect(m.hr10).toBe(1);
    expect(m.recall10).toBeCloseTo(2 / 3, 12);
    const idcg = 1 + 1 / log2(3) + 1 / log2(4);
    expect(m.ndcg10).toBeCloseTo((1 / log2(3) + 1 / log2(6)) / idcg, 12);
  });

  it('with all scores tied, HR is the hypergeometric chance of drawing a relevant item', () => {
    const n = 41; // 40 candidates besides the query, 4 relevant
    const m = setMetrics(new Array(n).fill(0), 0, [1, 2, 3, 4]);
    let pMiss = 1;
    for (let i = 0; i < 10; i++) pMiss *= (36 - i) / (40 - i);
    expect(m.hr10).toBeCloseTo(1 - pMiss, 12);
    expect(m.recall10).toBeCloseTo(10 / 40, 12); // expected hits 10 * 4/40, over min(4, 10)
  });

  it('matches the average over random orders of the ties', () => {
    const scores = [5, 3, 3, 3, 3, 3, 2, 2, 2, 2, 2, 2, 1, 0, 0, 0];
    const relevant = [2, 7, 9, 14];
    const exact = setMetrics(scores, 0, relevant, new Set(), 4);
    let seed = 1;
    const rand = () => {
      seed = (seed * 16807) % 2147483647;
      return (seed / 2147483647) * 0.5;
    };
    const sum = { hr10: 0, recall10: 0, ndcg10: 0 };
    const draws = 20000;
    for (let d = 0; d < draws; d++) {
      const m = setMetrics(
        scores.map((s) => s + rand()),
        0,
        relevant,
        new Set(),
        4,
      );
      sum.hr10 += m.hr10;
      sum.recall10 += m.recall10;
      sum.ndcg10 += m.ndcg10;
    }
    expect(sum.hr10 / draws).toBeCloseTo(exact.hr10, 2);
    expect(sum.recall10 / draws).toBeCloseTo(exact.recall10, 2);
    expect(sum.ndcg10 / draws).toBeCloseTo(exact.ndcg10, 2);
  });
});

import { describe, expect, it } from 'vitest';
import { ErrorCodes } from '../errors.ts';
import { flattenSessions } from './build.ts';
import { cryptoRandom, discreteLaplace, seededRandom, tailAtLeast } from './noise.ts';
import { boundSessions, NOISE_CELLS_PER_ITEM, PRIVACY_SHARES, pairsPerSession, releaseCounts, thresholdFor } from './private.ts';
import { privacyDefaults, privateSignals } from './release.ts';

const ids = (n: number) => Array.from({ length: n }, (_, i) => `i${i}`);
const repeat = (times: number, rows: number[]) => Array.from({ length: times }, () => rows);
const options = (random = seededRandom(1), epsilon = 1) => ({ ...privacyDefaults({ epsilon, random }), minCount: 1 });

describe('noise', () => {
  it('discrete Laplace: symmetric, P(0) = (1-p)/(1+p), tails as tailAtLeast says', () => {
    const p = Math.exp(-0.5);
    const random = seededRandom(3);
    const n = 200_000;
    let zero = 0;
    let sum = 0;
    let atLeast3 = 0;
    for (let k = 0; k < n; k++) {
      const x = discreteLaplace(p, random);
      expect(Number.isInteger(x)).toBe(true);
      sum += x;
      if (x === 0) zero++;
      if (x >= 3) atLeast3++;
    }
    expect(Math.abs(sum / n)).toBeLessThan(0.03);
    expect(zero / n).toBeCloseTo((1 - p) / (1 + p), 2);
    expect(atLeast3 / n).toBeCloseTo(tailAtLeast(p, 3), 2);
  });

  it('the default draws are not reproducible: two builds add different noise', () => {
    const a = cryptoRandom();
    const b = cryptoRandom();
    const draws = (r: () => number) => Array.from({ length: 8 }, r);
    const x = draws(a);
    expect(x.every((v) => v > 0 && v < 1)).toBe(true);
    expect(draws(b)).not.toEqual(x);
  });
});

describe('contribution bounding', () => {
  it('keeps a contiguous run of at most M rows of each session, at varying offsets', () => {
    const sessions = flattenSessions([[0, 1, 2, 3, 4, 5, 6, 7], [1, 2], ...repeat(50, [9, 8, 7, 6, 5, 4])]);
    const { sessions: bounded, trimmed } = boundSessions(sessions, 3, seededRandom(5));
    expect(trimmed).toBe(51);
    const starts = new Set<number>();
    for (let s = 0; s + 1 < bounded.start.length; s++) {
      const run = [...bounded.rows.subarray(bounded.start[s]!, bounded.start[s + 1]!)];
      expect(run.length).toBe(s === 1 ? 2 : 3);
      if (s > 1) {
        expect(run[1]).toBe(run[0]! - 1); // contiguous in the original order
        starts.add(run[0]!);
      }
    }
    expect(starts.size).toBeGreaterThan(2);
  });

  it('counts the pairs one session can add: all pairs of a run inside the window', () => {
    expect(pairsPerSession(2, 10)).toBe(1);
    expect(pairsPerSession(4, 10)).toBe(6);
    expect(pairsPerSession(4, 1)).toBe(3);
  });
});

describe('releaseCounts', () => {
  it('sets the threshold so that cells no session holds pass at most NOISE_CELLS_PER_ITEM per item, in expectation', () => {
    const p = Math.exp(-0.6);
    const t = thresholdFor(p, 1e6, 20, 1);
    expect(1e6 * tailAtLeast(p, t)).toBeLessThanOrEqual(20);
    expect(1e6 * tailAtLeast(p, t - 1)).toBeGreaterThan(20);
    expect(thresholdFor(p, 10, 20, 7)).toBe(7);
  });

  it('publishes a pair many sessions hold, near its count, and nothing else but noise-only cells above the threshold', () => {
    const n = 400;
    const sessions = flattenSessions([...repeat(300, [1, 2]), ...repeat(40, [3, 4])]);
    const r = releaseCounts(sessions, n, 10, options());
    const cells = r.together.a.map((a, k) => ({ a, b: r.together.b[k]!, c: r.together.c[k]! }));
    const strong = cells.find((c) => c.a === 1 && c.b === 2);
    expect(strong).toBeDefined();
    expect(Math.abs(strong!.c - 300)).toBeLessThan(25);
    expect(cells.every((c) => c.a < c.b && c.c >= r.report.thresholds.together)).toBe(true);
    // Noise-only cells: expected count is small and they never repeat a real cell.
    expect(new Set(cells.map((c) => `${c.a}-${c.b}`)).size).toBe(cells.length);
    expect(cells.length).toBeLessThanOrEqual(2 + 6 * NOISE_CELLS_PER_ITEM * n);
    expect(Math.abs(r.popularity[1]! - 300)).toBeLessThan(25);
  });

  it('refuses M < 2 and epsilon <= 0; a histogram with no share is not released', () => {
    const sessions = flattenSessions(repeat(100, [0, 1, 2]));
    expect(() => releaseCounts(sessions, 3, 10, { ...options(), maxItemsPerSession: 1 })).toThrow(RangeError);
    const onlyPopularity = releaseCounts(sessions, 3, 10, { ...options(), shares: { popularity: 1, together: 0, next: 0 } });
    expect(onlyPopularity.together.a.length + onlyPopularity.next.a.length).toBe(0);
    expect(onlyPopularity.popularity[0]).toBeGreaterThan(50);
  });

  /**
   * The guarantee itself, audited: two logs that differ by one session. Whatever the attacker
   * reads (here the pair's published count, or its absence), each outcome is at most e^eps times
   * likelier under one log than under the other, eps being the pairs' share of epsilon.
   */
  it('one session moves the probability of any published pair count by at most e^eps (empirical audit)', () => {
    const epsilon = 1;
    const runs = 40_000;
    const histogram = (sessions: number[][], seed: number) => {
      const random = seededRandom(seed);
      const counts = new Map<number, number>();
      const flat = flattenSessions(sessions);
      for (let k = 0; k < runs; k++) {
        const r = releaseCounts(flat, 2, 10, { ...options(random, epsilon), maxItemsPerSession: 2, shares: PRIVACY_SHARES });
        const c = r.together.c[0] ?? -1; // -1: not published
        counts.set(c, (counts.get(c) ?? 0) + 1);
      }
      return counts;
    };
    const base = repeat(6, [0, 1]);
    const without = histogram(base, 11);
    const withOne = histogram([...base, [0, 1]], 12);
    const bound = Math.exp(epsilon * PRIVACY_SHARES.together);
    let compared = 0;
    for (const [c, x] of without) {
      const y = withOne.get(c) ?? 0;
      if (x < 400 || y < 400) continue; // outcomes seen often enough to estimate both
      compared++;
      expect(Math.max(x / y, y / x)).toBeLessThan(bound * 1.15);
    }
    expect(compared).toBeGreaterThan(2);
  });
});

describe('privateSignals', () => {
  it('lists strong pairs both ways, with weights and popularity from noisy counts only', () => {
    const keys = ids(50);
    const sessions = flattenSessions([...repeat(400, [1, 2]), ...repeat(300, [2, 3]), ...repeat(3, [4, 5])]);
    const { signals, privacy } = privateSignals(sessions, keys, { window: 10, maxNeighbours: 24 }, { random: seededRandom(2) });
    expect([...signals.together[1]!.rows]).toContain(2);
    expect([...signals.together[2]!.rows]).toEqual(expect.arrayContaining([1, 3]));
    expect([...signals.next[1]!.rows]).toContain(2);
    // 3 sessions are below any threshold at epsilon 1: neither the pair nor the items' popularity is published.
    expect([...signals.together[4]!.rows]).not.toContain(5);
    expect(signals.popularity[4]).toBe(0);
    expect(signals.popularity[2]).toBeGreaterThan(signals.popularity[3]!);
    expect(privacy).toMatchObject({ epsilon: 1, maxItemsPerSession: 4, sessionsTrimmed: 0 });
  });

  it('drops cells no popularity can explain: >= 90% of noise-only pairs between rarely seen items never reach a list', () => {
    const keys = ids(3000);
    const sessions = flattenSessions([...repeat(2000, [1, 2]), ...Array.from({ length: 3000 }, (_, i) => [i])]);
    let drawn = 0;
    let listed = 0;
    for (const seed of [1, 2, 3, 4, 5, 6]) {
      const counts = releaseCounts(sessions, keys.length, 10, privacyDefaults({ random: seededRandom(seed) }));
      drawn += counts.together.a.length + counts.next.a.length - 2; // all but 1-2 and 1>2
      const { signals } = privateSignals(sessions, keys, { window: 10, maxNeighbours: 24 }, { random: seededRandom(seed) });
      expect([...signals.together[1]!.rows]).toContain(2);
      expect([...signals.next[1]!.rows]).toContain(2);
      listed += signals.together.reduce((n, l) => n + l.rows.length, 0) / 2 - 1 + signals.next.reduce((n, l) => n + l.rows.length, 0) - 1;
    }
    expect(drawn).toBeGreaterThan(100);
    expect(listed / drawn).toBeLessThan(0.1);
  });

  it('keeps items bought together in every session in every release: their noisy count is cut to the popularity, not dropped', () => {
    const keys = ids(20);
    // 400 orders of the same three items: each pair count equals each item's popularity, so half
    // the releases draw the pair's noise above the items'.
    const sessions = flattenSessions(repeat(400, [0, 1, 2]));
    for (let seed = 1; seed <= 200; seed++) {
      const { signals } = privateSignals(sessions, keys, { window: 10, maxNeighbours: 24 }, { random: seededRandom(seed) });
      expect([...signals.next[0]!.rows], `seed ${seed}`).toContain(1);
      expect([...signals.next[1]!.rows], `seed ${seed}`).toContain(2);
      expect([...signals.together[0]!.rows], `seed ${seed}`).toEqual(expect.arrayContaining([1, 2]));
    }
  });

  it('names a bad privacy option', () => {
    for (const bad of [
      { epsilon: 0 },
      { epsilon: 9 },
      { maxItemsPerSession: 1 },
      { minCount: 0 },
      { shares: { popularity: 1, together: 1, next: 0 } },
    ])
      expect(() => privacyDefaults(bad)).toThrow(expect.objectContaining({ code: ErrorCodes.INVALID_OPTION }));
  });
});

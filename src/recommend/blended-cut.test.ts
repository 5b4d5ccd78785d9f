/** The relevance cut-off inside the blended modes: applied before k and diversity, so lists fill from passing items. */
import { describe, expect, it } from 'vitest';
import { dotF32 } from '../vector-index/dot.ts';
import { createIndex } from '../vector-index/index.ts';
import { similarBlended } from './blended.ts';
import { applyMinScore, ScoreCalibration } from './calibration.ts';

describe('similarBlended with a cut-off', () => {
  // 36 unit vectors around a circle, 10 degrees apart: i0's neighbours are i1/i35, then i2/i34, ...
  const keys = Array.from({ length: 36 }, (_, i) => `i${i}`);
  const vectors = new Float32Array(72);
  keys.forEach((_, i) => {
    vectors[2 * i] = Math.cos((i * Math.PI) / 18);
    vectors[2 * i + 1] = Math.sin((i * Math.PI) / 18);
  });
  const index = createIndex('flat', 2);
  index.add(keys, vectors);
  const calibration = ScoreCalibration.fromIndex(index, keys);
  const cosine = (key: string) => dotF32(index.vector(key)!, 0, index.vector('i0')!, 0, 2);
  const minScore = 0.8;
  const cut = (items: { key: string; score: number }[]) => applyMinScore(items, minScore, calibration, (r) => cosine(r.key));
  const passing = keys.filter((k) => k !== 'i0' && calibration.percentile(cosine(k)) >= minScore);

  it('fills k from the items that pass, with diversity too', () => {
    expect(passing.length).toBeGreaterThan(6);
    for (const diversity of [0, 0.5, 1]) {
      const list = similarBlended(index, 'i0', 6, undefined, new Set(), { calibration, diversity, cut });
      expect(list).toHaveLength(6);
      for (const r of list) expect(passing).toContain(r.key);
    }
  });

  it('returns fewer than k only when fewer pass', () => {
    const list = similarBlended(index, 'i0', passing.length + 5, undefined, new Set(), { calibration, diversity: 0.5, cut });
    expect(list.map((r) => r.key).sort()).toEqual([...passing].sort());
  });
});

import { describe, expect, it } from 'vitest';
import type { HistoryEvent } from '../types/index.ts';
import { createIndex } from '../vector-index/index.ts';
import { forYouItems, profileFromHistory, searchItems, similarItems } from './index.ts';

/** Unit vectors on a circle: item i at angle i * 10 degrees, so neighbours are known exactly. */
function circleIndex(n: number) {
  const index = createIndex('flat', 2);
  const keys = Array.from({ length: n }, (_, i) => `i${i}`);
  const vectors = new Float32Array(n * 2);
  keys.forEach((_, i) => {
    vectors[2 * i] = Math.cos((i * 10 * Math.PI) / 180);
    vectors[2 * i + 1] = Math.sin((i * 10 * Math.PI) / 180);
  });
  index.add(keys, vectors);
  return index;
}
const ev = (type: HistoryEvent['type'], itemId: string, ts = 0): HistoryEvent => ({ type, itemId, ts });

describe('profileFromHistory', () => {
  it('keeps anchors separate, newest first, with recency-decayed weights and one anchor per item', () => {
    const p = profileFromHistory([ev('view', 'a'), ev('cart', 'b'), ev('view', 'a'), ev('view', 'c')]);
    expect(p.anchors.map((a) => a.key)).toEqual(['a', 'b', 'c']);
    expect(p.anchors[0]!.weight).toBeGreaterThan(p.anchors[2]!.weight);
    expect([...p.seen].sort()).toEqual(['a', 'b', 'c']);
  });

  it('drops dismissed items from anchors and remembers them', () => {
    const p = profileFromHistory([ev('dismiss', 'b'), ev('view', 'b'), ev('view', 'a')]);
    expect(p.anchors.map((a) => a.key)).toEqual(['a']);
    expect(p.dismissed.has('b')).toBe(true);
  });

  it('caps anchors at 10 distinct items', () => {
    const p = profileFromHistory(Array.from({ length: 30 }, (_, i) => ev('view', `x${i}`)));
    expect(p.anchors).toHaveLength(10);
    expect(p.seen.size).toBe(30);
  });
});

describe('ranking', () => {
  const index = circleIndex(36);

  it('similar: nearest neighbours, never the item itself or a dismissed one', () => {
    const got = similarItems(index, 'i5', 3, undefined, new Set(['i4']));
    expect(got.map((h) => h.key)).toEqual(['i6', 'i3', 'i7']);
  });

  it('for you: merges per-anchor neighbours by max, explains each, excludes seen and dismissed', () => {
    const profile = profileFromHistory([ev('view', 'i0'), ev('view', 'i18'), ev('dismiss', 'i1')]);
    const got = forYouItems(index, profile, 10, undefined);
    // i0 (weight 1): i35 at 10 degrees (i1 is dismissed), i2/i34 at 20, i3/i33 at 30 ...
    // i18 (weight 0.85): i17/i19 at 10 degrees, scored 0.985 * 0.85 = 0.837, just under i3/i33 (0.866).
    expect(got[0]).toMatchObject({ key: 'i35', because: { key: 'i0', type: 'view' } });
    expect(new Set(got.slice(1, 3).map((h) => h.key))).toEqual(new Set(['i2', 'i34']));
    expect(new Set(got.slice(3, 5).map((h) => h.key))).toEqual(new Set(['i3', 'i33']));
    expect(new Set(got.slice(5, 7).map((h) => h.key))).toEqual(new Set(['i17', 'i19']));
    expect(got.find((h) => h.key === 'i17')!.because!.key).toBe('i18');
    for (const h of got) expect(['i0', 'i18', 'i1']).not.toContain(h.key);
  });

  it('for you: does not average the history (the mean of opposite items would point nowhere)', () => {
    const profile = profileFromHistory([ev('view', 'i0'), ev('view', 'i18')]);
    const got = forYouItems(index, profile, 2, undefined);
    // Averaging i0 and i18 (opposite points) gives a near-zero vector; max-merge keeps both neighbourhoods.
    expect(got.every((h) => h.score > 0.95)).toBe(true);
  });

  it('applies a filter during the scan and still returns k', () => {
    const odd = (key: string) => Number(key.slice(1)) % 2 === 1;
    const similar = similarItems(index, 'i10', 4, odd, new Set()).map((h) => h.key);
    expect(new Set(similar.slice(0, 2))).toEqual(new Set(['i11', 'i9']));
    expect(new Set(similar.slice(2))).toEqual(new Set(['i13', 'i7']));
    const found = searchItems(index, new Float32Array([1, 0]), 3, odd, new Set(['i1'])).map((h) => h.key);
    expect(found[0]).toBe('i35');
    expect(new Set(found.slice(1))).toEqual(new Set(['i3', 'i33']));
  });
});

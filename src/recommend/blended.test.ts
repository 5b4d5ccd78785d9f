import { describe, expect, it } from 'vitest';
import { exactSignals, type Interaction, SignalLookup } from '../signals/index.ts';
import type { HistoryEvent } from '../types/index.ts';
import { createIndex } from '../vector-index/index.ts';
import {
  type BlendWeights,
  blendScores,
  CONTENT_BLEND,
  complementItems,
  forYouBlended,
  forYouItems,
  gatherCandidates,
  intraListSimilarity,
  mmrRerank,
  profileFromHistory,
  ScoreCalibration,
  similarBlended,
  similarItems,
  WordOverlapIndexBuilder,
} from './index.ts';

/** Unit vectors on a circle: item i at angle i * 10 degrees, so neighbours are known exactly. */
function circle(n: number) {
  const keys = Array.from({ length: n }, (_, i) => `i${i}`);
  const vectors = new Float32Array(n * 2);
  keys.forEach((_, i) => {
    vectors[2 * i] = Math.cos((i * 10 * Math.PI) / 180);
    vectors[2 * i + 1] = Math.sin((i * 10 * Math.PI) / 180);
  });
  const index = createIndex('flat', 2);
  index.add(keys, vectors);
  return { index, keys, vectors };
}
const ev = (type: HistoryEvent['type'], itemId: string): HistoryEvent => ({ type, itemId, ts: 0 });
const { index, keys, vectors } = circle(36);
// Sessions: i0 is bought with i18 (opposite side of the circle) in 3 orders, and i18 follows i0.
const orders: Interaction[] = ['a', 'b', 'c'].flatMap((s) => [
  { session: s, item: 'i0', ts: 1 },
  { session: s, item: 'i18', ts: 2 },
]);
const signals = new SignalLookup(exactSignals(orders, keys).signals, keys);

describe('gatherCandidates + blendScores', () => {
  it('holds every candidate cosine with every anchor, and signal weights per anchor', () => {
    const profile = profileFromHistory([ev('view', 'i0'), ev('view', 'i9')]);
    const table = gatherCandidates(profile.anchors, { index, signals, contentCandidates: 3 }, undefined, profile.seen);
    expect(table.keys).toContain('i18'); // a signal neighbour, far away by content
    expect(table.keys).not.toContain('i0');
    const i = table.keys.indexOf('i18');
    expect(table.cosine[i * 2]).toBeCloseTo(-1, 5); // with i0
    expect(table.cosine[i * 2 + 1]).toBeCloseTo(0, 5); // with i9
    expect(table.together[i * 2]).toBeGreaterThan(0.9);
    expect(table.next[i * 2]).toBeGreaterThan(0.9);
  });

  it('content only with weight 1 and no calibration ranks like the shipped max-merge', () => {
    const profile = profileFromHistory([ev('view', 'i0'), ev('view', 'i18')]);
    const weights: BlendWeights = { ...CONTENT_BLEND, contentDecay: 0.85 };
    const blended = forYouBlended(index, profile, 6, undefined, { weights });
    // Shipped: max of weight * cosine; blended: max of weight * z with z = cosine when uncalibrated.
    expect(blended.map((r) => r.key)).toEqual(forYouItems(index, profile, 6, undefined).map((r) => r.key));
  });

  it("contentMean ranks by the anchors' weighted mean: the item between two anchors, not beside one", () => {
    // Anchors at 0 and 40 degrees (same time: i0, listed first, counts as newest, weight 1; i4 .85):
    // their weighted sum points at ~18 degrees, nearest i2.
    const profile = profileFromHistory([ev('view', 'i0'), ev('view', 'i4')]);
    const at = (contentMean: number) =>
      forYouBlended(index, profile, 3, undefined, { weights: { ...CONTENT_BLEND, wordOverlap: 0, contentDecay: 0.85, contentMean } });
    expect(at(1)[0]!.key).toBe('i2');
    expect(profile.anchors[0]!.key).toBe('i0');
    // The best anchor: i1 or i35, 10 degrees from i0.
    expect(['i1', 'i35']).toContain(at(0)[0]!.key);
  });

  it('signals lift a co-bought item that content alone never shows, and say which anchor put it there', () => {
    const profile = profileFromHistory([ev('view', 'i0')]);
    expect(forYouBlended(index, profile, 5, undefined).map((r) => r.key)).not.toContain('i18');
    const withSignals = forYouBlended(index, profile, 5, undefined, { signals });
    expect(withSignals[0]).toMatchObject({ key: 'i18', because: { key: 'i0', type: 'view' } });
  });

  it('respects the filter and exclusions for signal candidates too', () => {
    const profile = profileFromHistory([ev('view', 'i0'), ev('dismiss', 'i18')]);
    expect(forYouBlended(index, profile, 5, undefined, { signals }).map((r) => r.key)).not.toContain('i18');
    const odd = (key: string) => Number(key.slice(1)) % 2 === 1;
    const got = forYouBlended(index, profileFromHistory([ev('view', 'i0')]), 5, odd, { signals });
    expect(got.every((r) => odd(r.key))).toBe(true);
  });

  it('similarBlended: content neighbours, plus signal neighbours when given; never the item itself', () => {
    expect(similarBlended(index, 'i5', 3, undefined, new Set()).map((r) => r.key)).toEqual(
      similarItems(index, 'i5', 3, undefined, new Set()).map((r) => r.key),
    );
    const got = similarBlended(index, 'i0', 3, undefined, new Set(), { signals });
    expect(got[0]!.key).toBe('i18');
    expect(got.map((r) => r.key)).not.toContain('i0');
  });

  it('takes each anchor query from anchorQuery when given (candidates and cosines from it)', () => {
    const anchors = profileFromHistory([ev('view', 'i0')]).anchors;
    // The query of i0 points at i9 (90 degrees): its candidates are i9's neighbours, cosines measured from there.
    const table = gatherCandidates(
      anchors,
      { index, contentCandidates: 3, anchorQuery: () => index.vector('i9') },
      undefined,
      new Set(['i0']),
    );
    expect(table.keys).toEqual(['i9', 'i10', 'i8']);
    expect(table.cosine[0]).toBeCloseTo(1, 5);
  });

  it('scores an anchor without a vector by its signals only', () => {
    const table = gatherCandidates([{ key: 'unknown', type: 'view', weight: 1 }], { index, signals }, undefined, new Set());
    const { scores } = blendScores(table, CONTENT_BLEND, undefined);
    expect([...scores].every((s) => s === 0)).toBe(true);
  });
});

describe('complementItems', () => {
  it('lists "together" neighbours first, then content-similar items, and marks a content-only list', () => {
    const got = complementItems(index, 'i0', 3, undefined, new Set(), signals);
    expect(got.fromSignals).toBe(1);
    expect(got.fallback).toBe(false);
    expect(got.items[0]!.key).toBe('i18');
    expect(new Set(got.items.slice(1).map((r) => r.key))).toEqual(new Set(['i1', 'i35']));
    expect(got.items[0]!.score).toBeGreaterThan(got.items[1]!.score);
    const none = complementItems(index, 'i5', 2, undefined, new Set(), signals);
    expect(none).toMatchObject({ fromSignals: 0, fallback: true });
    expect(new Set(none.items.map((r) => r.key))).toEqual(new Set(['i4', 'i6']));
    expect(complementItems(index, 'i0', 2, undefined, new Set(['i18']), signals).fallback).toBe(true);
  });
});

describe('mmrRerank', () => {
  // Five near-copies of the query's direction, three items in another direction that are less relevant.
  const near = (x: number, y: number, z: number) => {
    const n = Math.hypot(x, y, z);
    return [x / n, y / n, z / n];
  };
  const rows = [...[1, 2, 3, 4, 5].map((k) => near(1, 0.02 * k, 0)), ...[1, 2, 3].map((k) => near(0.8, 0.02 * k, 0.6))];
  const clusters = createIndex('flat', 3);
  const names = ['a1', 'a2', 'a3', 'a4', 'a5', 'b1', 'b2', 'b3'];
  clusters.add(names, Float32Array.from(rows.flat()));
  const ranked = clusters.search(new Float32Array([1, 0, 0]), 8);
  const vectorOf = (key: string) => clusters.vector(key);

  it('keeps relevance order at 0 and spreads the list out as diversity grows', () => {
    expect(mmrRerank(ranked, vectorOf, 4, 0)).toEqual(ranked.slice(0, 4));
    const lists = [0, 0.5, 0.9].map((d) => mmrRerank(ranked, vectorOf, 4, d).map((r) => r.key));
    expect(lists[0]).toEqual(['a1', 'a2', 'a3', 'a4']);
    expect(lists[2]!.some((k) => k.startsWith('b'))).toBe(true);
    const ils = lists.map((l) => intraListSimilarity(l, vectorOf));
    expect(ils[1]).toBeLessThanOrEqual(ils[0]!);
    expect(ils[2]).toBeLessThan(ils[0]!);
    expect(lists[2]![0]).toBe('a1'); // the most relevant item always comes first
    expect(() => mmrRerank(ranked, vectorOf, 4, 1.5)).toThrow(RangeError);
  });
});

describe('ScoreCalibration', () => {
  it('places scores against random pairs: mean near 0 for a circle, percentiles increasing into the tail', () => {
    const cal = ScoreCalibration.fromVectors(vectors, 2, 4096);
    expect(Math.abs(cal.mean)).toBeLessThan(0.05);
    expect(cal.percentile(-1.01)).toBe(0);
    expect(cal.percentile(0)).toBeGreaterThan(0.4);
    expect(cal.percentile(0)).toBeLessThan(0.6);
    const tail = [0.9, 0.99, 1, 1.01, 1.05].map((s) => cal.percentile(s));
    for (let i = 1; i < tail.length; i++) expect(tail[i]).toBeGreaterThanOrEqual(tail[i - 1]!);
    expect(tail[4]).toBeLessThanOrEqual(1);
    expect(cal.z(cal.mean + cal.std)).toBeCloseTo(1, 10);
    const same = ScoreCalibration.fromIndex(index, keys, 4096);
    expect(same.mean).toBeCloseTo(cal.mean, 10);
  });
});

describe('word overlap in the blend', () => {
  // On the circle, i1 and i35 are equally near i0 (10 degrees); only i35 shares i0's model number.
  const texts = keys.map((k) => `item ${k}`);
  texts[0] = 'toner cartridge zx81';
  texts[35] = 'paper zx81';
  const terms = WordOverlapIndexBuilder.build(keys.map((k, i) => [k, texts[i]!] as const));

  it('lifts the item sharing a rare word above an equally near one, and finds far ones as candidates', () => {
    const plain = similarBlended(index, 'i0', 3, undefined, new Set(), {
      weights: { ...CONTENT_BLEND, wordOverlap: 0 },
      wordOverlap: terms,
    });
    expect(plain.map((r) => r.key).sort()).toEqual(['i1', 'i2', 'i35']);
    const withTerms = similarBlended(index, 'i0', 3, undefined, new Set(), { wordOverlap: terms });
    expect(withTerms[0]!.key).toBe('i35');
    // A far item with the same model number becomes a candidate through word overlap alone (a word
    // in more than 2 of 36 items would be too common to walk).
    const far = WordOverlapIndexBuilder.build(keys.map((k, i) => [k, i === 18 ? 'zx81 stand' : i === 35 ? 'paper' : texts[i]!] as const));
    const table = gatherCandidates(
      [{ key: 'i0', type: 'view', weight: 1 }],
      { index, wordOverlap: far, contentCandidates: 3 },
      undefined,
      new Set(['i0']),
    );
    expect(table.keys).toContain('i18');
    expect(table.wordOverlap[table.keys.indexOf('i18')]).toBeGreaterThan(0);
    expect(table.wordOverlap[table.keys.indexOf('i1')]).toBe(0);
  });

  it('fills complements after the signal items from content with word overlap too', () => {
    const got = complementItems(index, 'i0', 3, undefined, new Set(), signals, { wordOverlap: terms });
    expect(got.items.map((r) => r.key)).toEqual(['i18', 'i35', 'i1']); // i35 shares "zx81", i1 is as near
    expect(got.fromSignals).toBe(1);
    expect(got.items[0]!.score).toBeGreaterThan(got.items[1]!.score);
    expect(got.items[1]!.score).toBeGreaterThan(got.items[2]!.score);
  });

  it('weighs nothing at terms 0: the same list as without a term index', () => {
    const weights = { ...CONTENT_BLEND, wordOverlap: 0, wordOverlapUnlisted: 0 };
    const a = forYouBlended(index, profileFromHistory([ev('view', 'i0'), ev('view', 'i9')]), 5, undefined, { weights, wordOverlap: terms });
    const b = forYouBlended(index, profileFromHistory([ev('view', 'i0'), ev('view', 'i9')]), 5, undefined, { weights });
    expect(a).toEqual(b);
  });
});

import { describe, expect, it } from 'vitest';
import { bandedMerge } from './search-fusions.ts';

describe('bandedMerge', () => {
  const keyword = [
    { key: 'a', score: 10 },
    { key: 'b', score: 10 },
    { key: 'c', score: 9.6 },
    { key: 'd', score: 5 },
  ];
  const vector = [
    { key: 'd', score: 0.9 },
    { key: 'c', score: 0.8 },
    { key: 'b', score: 0.5 },
    { key: 'e', score: 0.7 },
  ];
  it('band 0: keyword order, vectors break exact ties only; vector-only hits after', () => {
    expect(bandedMerge(keyword, vector, 10, 0).map((h) => h.key)).toEqual(['b', 'a', 'c', 'd', 'e']);
  });
  it('a band lets vectors reorder near-ties within it, never across bands', () => {
    expect(bandedMerge(keyword, vector, 10, 0.02).map((h) => h.key)).toEqual(['b', 'a', 'c', 'd', 'e']);
    expect(bandedMerge(keyword, vector, 10, 0.1).map((h) => h.key)).toEqual(['c', 'b', 'a', 'd', 'e']);
    expect(bandedMerge(keyword, vector, 2, 0.1)).toHaveLength(2);
  });
});

import { describe, expect, it } from 'vitest';
import { ItemVectors } from './methods.ts';
import { bandedMerge, searchHeadroom } from './search-fusions.ts';

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

describe('searchHeadroom', () => {
  // Four items on the axes of a 4-d space; each query vector points at one item.
  const vectors = new ItemVectors(['a', 'b', 'c', 'd'], Float32Array.from([1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1]), 4);
  const hit = (key: string, score: number) => ({ key, score });
  const queries = [
    { type: 'x', target: 0 }, // keyword first; the cosine prefers keyword's second (b)
    { type: 'x', target: 2 }, // keyword second; the cosine prefers it over keyword's first
    { type: 'y', target: 3 }, // keyword misses it; vector search has it first
    { type: 'y', target: 1 }, // keyword first; the cosine agrees
  ];
  const qv = Float32Array.from([0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 1, 0, 0]);
  const lists = [
    { keyword: [hit('a', 3), hit('b', 2)], vector: [hit('b', 1)] },
    { keyword: [hit('a', 3), hit('c', 2)], vector: [hit('c', 1)] },
    { keyword: [hit('a', 3)], vector: [hit('d', 1)] },
    { keyword: [hit('b', 3), hit('a', 2)], vector: [hit('b', 1)] },
  ];
  it('counts misses the vector list holds, and where the cosine agrees or disagrees with keyword order', () => {
    const rows = searchHeadroom(queries, qv, lists, vectors);
    expect(rows.map((r) => r.type)).toEqual(['x', 'y', 'all']);
    expect(rows[0]).toMatchObject({ queries: 2, misses: 0, lower: 1, lifted: 1, first: 1, risked: 1 });
    expect(rows[1]).toMatchObject({ queries: 2, misses: 1, vectorTop10: 1, vectorTop50: 1, lower: 0, first: 1, risked: 0 });
    expect(rows[2]).toMatchObject({ queries: 4, misses: 1, vectorTop10: 1, lower: 1, lifted: 1, first: 2, risked: 1 });
  });
});

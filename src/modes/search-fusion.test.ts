import { describe, expect, it } from 'vitest';
import { FlatIndex } from '../vector-index/index.ts';
import { fuseSearch, type SearchFusion } from './search-fusion.ts';

/** Items `key:kind`; two of a kind are alike. The vector half's order is the fused order here. */
const ORDER = ['a:race', 'b:puzzle', 'c:race', 'd:race', 'e:cook', 'f:race'];
const hits = ORDER.map((key, i) => ({ key, score: 1 - i / 10 }));
const alike = (x: string, y: string) => (x.split(':')[1] === y.split(':')[1] ? 1 : 0);
const base: SearchFusion = {
  k: 6,
  diversity: undefined,
  minScore: 0,
  depth: 50,
  scale: undefined,
  keywordWeight: 0.2,
  fullMatchWeight: 0.8,
  scaleVectors: false,
  feedback: { similarity: alike, hits: 4 },
};
const fuse = (o: Partial<SearchFusion>) =>
  fuseSearch(new FlatIndex(2), new Float32Array([1, 0]), undefined, hits, { ...base, ...o }).map((r) => r.key);

describe('fuseSearch: a broad query re-ranked by its first hits', () => {
  it('re-ranks when 3 or more results hold every word typed', () => {
    // The first result stays; the puzzle game at 2 falls behind a racing game the first hits
    // resemble, and the racing game at 6 passes the cooking game.
    expect(fuse({ exact: new Set(['a:race', 'c:race', 'e:cook']) })).toEqual([
      'a:race',
      'c:race',
      'b:puzzle',
      'd:race',
      'f:race',
      'e:cook',
    ]);
  });

  it('keeps the fused order for a narrow query (fewer than 3 full matches), or without feedback', () => {
    expect(fuse({ exact: new Set(['b:puzzle', 'c:race']) })).toEqual(ORDER);
    expect(fuse({ exact: new Set(ORDER), feedback: undefined })).toEqual(ORDER);
    expect(fuse({ exact: new Set(ORDER), feedback: { similarity: alike, hits: 0 } })).toEqual(ORDER);
  });
});

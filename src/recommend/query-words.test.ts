import { describe, expect, it } from 'vitest';
import { KeywordIndex, keywordDoc } from './keyword.ts';
import { COMMON_WORD_ITEMS, wordStrength } from './query-words.ts';

const none = new Set<string>();

/** 200 games, all "game"; one racing game, one red puzzle, one red racing car DLC, a coworker mug. */
function shop(): KeywordIndex {
  const docs = Array.from({ length: 200 }, (_, i) => keywordDoc({ id: `g${i}`, title: `Filler Game ${i}`, genres: ['Casual'] }));
  docs.push(keywordDoc({ id: 'race', title: 'Speed Racing Game', genres: ['Racing'] }));
  docs.push(keywordDoc({ id: 'red-puzzle', title: 'Red Puzzle Game', genres: ['Puzzle'] }));
  docs.push(keywordDoc({ id: 'dlc', title: 'Car Garage Red Racing DLC', genres: ['Simulation'] }));
  docs.push(keywordDoc({ id: 'mug', title: 'Mug for a coworker', genres: ['Gift'] }));
  return new KeywordIndex(docs);
}

describe('strong and weak query words', () => {
  it('stopwords never decide a match: "gift for a coworker" finds nothing by "for" and "a"', () => {
    const index = shop();
    expect(index.search('for a', 8, undefined, none)).toEqual([]);
    expect(index.search('gift for a coworker', 8, undefined, none).map((h) => h.key)).toEqual(['mug']);
  });

  it('a common word adds to the score but never makes a hit alone, nor a query alone', () => {
    const index = shop();
    expect(index.search('game', 8, undefined, none)).toEqual([]);
    const hits = index.search('red racing game', 8, undefined, none);
    expect(hits.map((h) => h.key).sort()).toEqual(['dlc', 'race', 'red-puzzle']);
    // Matched shares count the strong words only ("red", "racing"): the DLC has both.
    expect(hits.find((h) => h.key === 'dlc')?.matched).toBe(1);
    expect(hits.find((h) => h.key === 'race')?.matched).toBe(0.5);
  });

  it('is common only from COMMON_WORD_ITEMS items up: in a small catalog no word is', () => {
    const holders = (n: number) => () => n;
    expect(wordStrength(['tent'], holders(COMMON_WORD_ITEMS - 1), 100)).toEqual({ strong: ['tent'], weak: [] });
    expect(wordStrength(['tent'], holders(COMMON_WORD_ITEMS), 100)).toEqual({ strong: [], weak: ['tent'] });
    expect(wordStrength(['tent', 'the'], holders(1), 10_000)).toEqual({ strong: ['tent'], weak: ['the'] });
  });
});

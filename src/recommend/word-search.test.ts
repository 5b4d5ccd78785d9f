import type { Query } from 'minisearch';
import { describe, expect, it } from 'vitest';
import { WordSearch } from './word-search.ts';

interface Doc {
  id: string;
  text: string;
}

/** 30 items say "common game"; a few also have rarer words. With `commonItems` 10, "common" and "game" are common. */
function index(): WordSearch<Doc> {
  const docs: Doc[] = Array.from({ length: 30 }, (_, i) => ({ id: `g${i}`, text: 'common game' }));
  docs.push({ id: 'rare', text: 'common game rare zebra' }, { id: 'zebra', text: 'zebra' }, { id: 'zebras', text: 'zebras crossing' });
  const mini = new WordSearch<Doc>({ fields: ['text'], searchOptions: { fuzzy: 1 } });
  mini.addAll(docs);
  return mini;
}
/** A query word as keyword.ts searches it here: one edit allowed (the index's fuzzy option), no swaps. */
const word = (w: string, swapped: string[] = []) => ({ word: w, prefix: false, fuzzy: 1, swapped });
const q = (...words: string[]) => words.map((w) => ({ queries: [w], prefix: false }));

describe('WordSearch', () => {
  it('knows its words and counts the items that have them (a prefix sums its words)', () => {
    const mini = index();
    expect(mini.hasWord('zebra', false)).toBe(true);
    expect(mini.hasWord('zeb', false)).toBe(false);
    expect(mini.hasWord('zeb', true)).toBe(true);
    expect(mini.itemsWith('game', false)).toBe(31);
    expect(mini.itemsWith('zebra', true)).toBe(3);
    expect(mini.itemsWith('game', false, 5)).toBe(31); // one word: counted whole, the limit stops between words
  });

  it('a common word adds only to items a rare word found, their scores unchanged', () => {
    const mini = index();
    const plain = mini.searchWords(q('game', 'zebra'), [word('game'), word('zebra')], Number.POSITIVE_INFINITY);
    const restricted = mini.searchWords(q('game', 'zebra'), [word('game'), word('zebra')], 10);
    expect(plain).toHaveLength(33);
    expect(restricted.map((h) => h.id)).toEqual(['rare', 'zebra', 'zebras']);
    for (const h of restricted) expect(h.score).toBe(plain.find((p) => p.id === h.id)!.score);
  });

  it('a common word matched by typo counts as common too', () => {
    const mini = index();
    // "gamez" has no items of its own but matches "game" by one edit; "zebra" is rare.
    const hits = mini.searchWords(q('gamez', 'zebra'), [word('gamez'), word('zebra')], 10);
    expect(hits.map((h) => h.id)).toEqual(['rare', 'zebra', 'zebras']);
  });

  it('a word the catalog lacks counts by the words it matches by typo: rare through a rare spelling', () => {
    const mini = index();
    // "zebar" has no items; its swapped spelling "zebra" (2 items) is searched too and is rare.
    expect(mini.reach(word('zebar', ['zebra']))).toBe(2);
    expect(mini.reach(word('gamez'))).toBe(31); // "game" by one edit
    expect(mini.reach(word('unknownword'))).toBe(0);
    const perWord: Query[] = [
      { queries: ['game'], prefix: false },
      {
        combineWith: 'OR',
        queries: [
          { queries: ['zebar'], prefix: false },
          { queries: ['zebra'], prefix: false, fuzzy: false },
        ],
      },
    ];
    const words = [word('game'), word('zebar', ['zebra'])];
    const plain = mini.searchWords(perWord, words, Number.POSITIVE_INFINITY);
    const restricted = mini.searchWords(perWord, words, 10);
    expect(plain).toHaveLength(32);
    expect(restricted.map((h) => h.id).sort()).toEqual(['rare', 'zebra']);
    for (const h of restricted) expect(h.score).toBe(plain.find((p) => p.id === h.id)!.score);
  });

  it('scores every match when no query word is rare (the words are the query)', () => {
    const mini = index();
    expect(mini.searchWords(q('common', 'game'), [word('common'), word('game')], 10)).toHaveLength(31);
    expect(mini.searchWords(q('game', 'unknownword'), [word('game'), word('unknownword')], 10)).toHaveLength(31);
  });
});

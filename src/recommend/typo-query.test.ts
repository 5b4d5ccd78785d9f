import { describe, expect, it } from 'vitest';
import { referencePerWord } from '../../test/oracles/minisearch-reference.ts';
import { KNOWN_WORD_FUZZY_PREFIX, transpositions, typoQuery } from './typo-query.ts';

const fuzzy = (w: string) => (w.length >= 6 ? 2 : w.length >= 4 ? 1 : 0);

describe('transpositions', () => {
  it('swaps each pair of neighbouring letters once, never giving the word back', () => {
    expect(transpositions('bkie')).toEqual(['kbie', 'bike', 'bkei']);
    expect(transpositions('aab')).toEqual(['aba']);
    expect(transpositions('aa')).toEqual([]);
  });
});

describe('typoQuery', () => {
  const catalog = new Set(['bike', 'bag', 'black']);
  const known = (t: string, prefix: boolean) => (prefix ? [...catalog].some((w) => w.startsWith(t)) : catalog.has(t));

  it('adds the catalog spellings of a 4-5 letter word the catalog lacks, weighted as one edit, and maps them back', () => {
    const { words, wordOf } = typoQuery(['bkie', 'bag'], fuzzy, known);
    const perWord = referencePerWord(words);
    expect(perWord).toEqual([
      {
        combineWith: 'OR',
        queries: [
          { queries: ['bkie'], prefix: false },
          { queries: ['bike'], prefix: false, fuzzy: false, boostTerm: expect.any(Function) },
        ],
      },
      { queries: ['bag'], prefix: true },
    ]);
    const swapped = (perWord[0] as { queries: { boostTerm?: () => number }[] }).queries[1]!;
    expect(swapped.boostTerm!()).toBeCloseTo((0.45 * 4) / 5, 12);
    expect([...wordOf]).toEqual([
      ['bkie', 'bkie'],
      ['bike', 'bkie'],
      ['bag', 'bag'],
    ]);
    // Each word says what it is searched as (keyword-search.ts judges a word the catalog lacks by these).
    expect(typoQuery(['bkie', 'bag'], fuzzy, known).words).toEqual([
      { word: 'bkie', prefix: false, fuzzy: 1, fuzzyPrefix: 0, swapped: ['bike'] },
      { word: 'bag', prefix: true, fuzzy: 0, fuzzyPrefix: 0, swapped: [] },
    ]);
  });

  it('leaves catalog words, short words and long words (two edits cover a swap) as typed', () => {
    expect(referencePerWord(typoQuery(['bike', 'bga', 'balcks'], fuzzy, known).words)).toEqual([
      { queries: ['bike'], prefix: false, boostDocument: expect.any(Function) },
      { queries: ['bga'], prefix: false },
      { queries: ['balcks'], prefix: true },
    ]);
  });

  it('matches a catalog word fuzzily only by words of its first two letters: its forms, not other words', () => {
    const words = typoQuery(['bike', 'bkie', 'blacks'], fuzzy, known).words;
    expect(words.map((w) => w.fuzzyPrefix)).toEqual([KNOWN_WORD_FUZZY_PREFIX, 0, 0]);
    const keeps = (referencePerWord(words)[0] as { boostDocument: (id: unknown, derived: string) => number }).boostDocument;
    expect(['bike', 'bikes', 'biker', 'hike', 'like'].map((d) => keeps(undefined, d))).toEqual([1, 1, 1, 0, 0]);
  });

  it('matches the last word as a prefix from 3 letters only', () => {
    expect(typoQuery(['bag', 'bl'], fuzzy, known).words).toEqual([
      { word: 'bag', prefix: false, fuzzy: 0, fuzzyPrefix: 0, swapped: [] },
      { word: 'bl', prefix: false, fuzzy: 0, fuzzyPrefix: 0, swapped: [] },
    ]);
    expect(typoQuery(['bag', 'bla'], fuzzy, known).words[1]).toEqual({ word: 'bla', prefix: true, fuzzy: 0, fuzzyPrefix: 0, swapped: [] });
  });

  it('matches the last word (being typed) as a prefix, its swapped spellings too', () => {
    const { wordOf } = typoQuery(['blac'], fuzzy, known);
    expect(wordOf.get('lbac')).toBeUndefined();
    const typed = typoQuery(['lbac'], fuzzy, known);
    expect(typed.wordOf.get('blac')).toBe('lbac');
    expect(referencePerWord(typed.words)[0]).toMatchObject({
      queries: [
        { queries: ['lbac'], prefix: true },
        { queries: ['blac'], prefix: true, fuzzy: false },
      ],
    });
  });

  it('searches a repeated typo the same way each time (repeats count, as in a plain string search)', () => {
    const { words } = typoQuery(['bkie', 'bkie', 'bag'], fuzzy, known);
    const perWord = referencePerWord(words);
    expect(words.map((w) => w.swapped)).toEqual([['bike'], ['bike'], []]);
    expect(JSON.stringify(perWord[1])).toBe(JSON.stringify(perWord[0])); // boostTerm closures aside
  });
});

import { describe, expect, it } from 'vitest';
import { expandWithLabels, LABEL_MIN_ITEMS, LabelWords, labelVocabulary, MAX_LOOKUP_WORDS } from './label-words.ts';

/** Unit vectors in 4 dimensions: a label or word is one axis, or between two. */
const axis = (i: number) => Float32Array.from({ length: 4 }, (_, j) => (j === i ? 1 : 0));
const between = (i: number, j: number, share: number) => {
  const v = new Float32Array(4);
  v[i] = share;
  v[j] = Math.sqrt(1 - share * share);
  return v;
};
const flat = (rows: Float32Array[]) => {
  const out = new Float32Array(rows.length * 4);
  rows.forEach((r, i) => {
    out.set(r, i * 4);
  });
  return out;
};

/** Labels Children (axis 0), Animation (axis 1), Sci-Fi (axis 2). */
const words = () => new LabelWords(['Children', 'Animation', 'Sci-Fi'], flat([axis(0), axis(1), axis(2)]), 4);

describe('labelVocabulary', () => {
  it('keeps labels held by enough items, most held first, each item counted once', () => {
    const lists: string[][] = [];
    for (let i = 0; i < LABEL_MIN_ITEMS; i++) lists.push(['Comedy', 'Comedy', 'Drama']);
    lists.push(['Comedy', 'Rare']);
    for (let i = 0; i < 3; i++) lists.push(['Drama']);
    expect(labelVocabulary(lists)).toEqual(['Drama', 'Comedy']);
    expect(labelVocabulary(lists, 1)).toEqual(['Drama']);
    expect(labelVocabulary([])).toEqual([]);
  });
});

describe('LabelWords', () => {
  it('looks up real words only: not stopwords, short parts, digits, or words the labels already use', () => {
    expect(words().wordsToLookUp('A kids movie for the children, sci-fi 1999')).toEqual(['kids', 'movie']);
    expect(new LabelWords([], new Float32Array(0), 4).wordsToLookUp('kids movie')).toEqual([]);
  });

  it('adds the label a word means ahead of the query (its last word stays a prefix), and leaves words with no near label', () => {
    const vectors = new Map([
      ['kids', between(0, 3, 0.8)], // cosine .8 with Children
      ['movie', between(1, 3, 0.5)], // cosine .5 with Animation: under the threshold
    ]);
    expect(words().expand('Kids movie', (w) => vectors.get(w))).toBe('Children Kids movie');
    expect(words().expand('movie', (w) => vectors.get(w))).toBe('movie');
    // A word with no vector (not embedded) is left as typed.
    expect(words().expand('kids', () => undefined)).toBe('kids');
  });

  it('takes the nearest label when several pass the threshold', () => {
    const w = new LabelWords(['Children', 'Family'], flat([axis(0), between(0, 1, 0.9)]), 4);
    expect(w.expand('kids', () => between(0, 1, 0.95))).toBe('Family kids');
    expect(w.expand('kids', () => axis(0))).toBe('Children kids');
  });

  it('looks up at most MAX_LOOKUP_WORDS words of a long query, and folds each word on its own', () => {
    const long = Array.from({ length: 20 }, (_, i) => `word${String.fromCharCode(97 + i)}`).join(' ');
    expect(words().wordsToLookUp(long)).toHaveLength(MAX_LOOKUP_WORDS);
    // "İ" lower-cased in a whole text becomes "i" and a combining dot, which would cut the word.
    expect(words().wordsToLookUp('İstanbul café')).toEqual(['i̇stanbul', 'café']);
  });

  it('reads a label of several words typed as one ("scifi", "permadeath") without embedding it', async () => {
    const w = new LabelWords(['Sci-Fi', 'Perma Death', 'Children'], flat([axis(2), axis(1), axis(0)]), 4);
    expect(w.wordsToLookUp('scifi kids')).toEqual(['kids']); // only "kids" needs the encoder
    expect(w.expand('permadeath game', () => undefined)).toBe('Perma Death game');
    const embedded: string[][] = [];
    const expanded = await expandWithLabels(w, 'scifi', async (ws) => {
      embedded.push([...ws]);
      return new Float32Array(0);
    });
    expect({ expanded, embedded }).toEqual({ expanded: 'Sci-Fi', embedded: [] });
    // Exact only: a word one letter off is left to the encoder (here: no vector, so as typed).
    expect(w.expand('permadeth', () => undefined)).toBe('permadeth');
  });

  it('rejects vectors of the wrong size', () => {
    expect(() => new LabelWords(['A', 'B'], new Float32Array(4), 4)).toThrow(RangeError);
  });
});

describe('expandWithLabels', () => {
  it('embeds the looked-up words in one call and expands the query with them', async () => {
    const calls: string[][] = [];
    const expanded = await expandWithLabels(words(), 'kids movie about kids', async (ws) => {
      calls.push([...ws]);
      return flat(ws.map((w) => (w === 'kids' ? axis(0) : axis(3))));
    });
    expect(calls).toEqual([['kids', 'movie']]); // "about" is a stopword; "kids" once
    expect(expanded).toBe('Children kids movie about kids');
  });

  it('does not call the encoder when no word needs looking up', async () => {
    let called = false;
    const expanded = await expandWithLabels(words(), 'the sci-fi', async () => {
      called = true;
      return new Float32Array(0);
    });
    expect(expanded).toBe('the sci-fi');
    expect(called).toBe(false);
  });
});

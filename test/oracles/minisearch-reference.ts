/**
 * MiniSearch set up as src/recommend/keyword.ts's index would be: the reference its own search must
 * equal (src/recommend/keyword-search.ts). Tests and bench/keyword-search.ts only: nothing the library
 * ships imports this, so MiniSearch's search code stays out of the worker's bundle (the library
 * uses its radix tree).
 */
import MiniSearch, { type Query, type SearchResult } from 'minisearch';
import { FIELD_BOOST, FIELDS, typoAllowance } from '../../src/recommend/keyword.ts';
import { type SearchedWord, swapWeight } from '../../src/recommend/typo-query.ts';

/** A MiniSearch index of `docs` with keyword.ts's fields, boosts and typo allowance. */
export function referenceIndex<D extends { key: string }>(
  docs: readonly D[],
  fields: readonly string[] = FIELDS,
  boost: Readonly<Record<string, number>> = FIELD_BOOST,
): MiniSearch<D> {
  const mini = new MiniSearch<D>({
    idField: 'key',
    fields: [...fields],
    searchOptions: { boost: { ...boost }, fuzzy: typoAllowance, prefix: (_t, i, terms) => i === terms.length - 1, combineWith: 'OR' },
  });
  mini.addAll(docs);
  return mini;
}

/**
 * One MiniSearch query per searched word (typo-query.ts), in order: the word as typed (with its
 * prefix and the index's typo allowance; a derived word not beginning with its first `fuzzyPrefix`
 * letters given no weight, which MiniSearch skips), OR its swapped spellings scored like a
 * one-edit typo.
 */
export function referencePerWord(words: readonly SearchedWord[]): Query[] {
  return words.map(({ word, prefix, fuzzyPrefix, swapped }) => {
    const start = word.slice(0, fuzzyPrefix);
    const keep = fuzzyPrefix > 0 ? { boostDocument: (_id: unknown, derived: string) => (derived.startsWith(start) ? 1 : 0) } : {};
    if (!swapped.length) return { queries: [word], prefix, ...keep };
    const weight = swapWeight(word);
    return {
      combineWith: 'OR',
      queries: [
        { queries: [word], prefix, ...keep },
        { queries: swapped, prefix, fuzzy: false, boostTerm: () => weight },
      ],
    };
  });
}

/** MiniSearch's search of the OR of `words` (`referencePerWord`), best first. */
export function referenceSearch<D>(mini: MiniSearch<D>, words: readonly SearchedWord[]): SearchResult[] {
  return mini.search({ combineWith: 'OR', queries: referencePerWord(words) });
}

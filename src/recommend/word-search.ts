/**
 * MiniSearch with two things keyword.ts needs from its index: whether a word is in it, and a search
 * that does not score every item a common word is in.
 *
 * MiniSearch scores every item that has any searched term, ~2 us each. Common terms make that
 * slow on a big catalog: at 100k Steam items "the" is in 16k items, and a typo-tolerant "simple"
 * also matches "single" (as in "single-player"), which is in nearly every one. So, in the spirit
 * of Lucene's common-terms query, a term (a query word, or a word it matched by typo or prefix) in
 * more than `COMMON_ITEMS` items only adds to items some rarer term matched. Those items' scores
 * are exactly what a plain search gives; only items with nothing but common terms drop out. When
 * no query word is itself rare (all of "space shooter" is common at 100k), every match is scored
 * as before: those words are the query, and dropping their items could drop the answer.
 *
 * A query word the catalog lacks (a typo) is judged by the words it matches instead: "Cahpter 2
 * The" has a rare word, "chapter" (reached by two edits), where it used to count as having none and
 * score the ~50k items with "2" or "the". At 100k Steam items (`bench/keyword-search.ts`: 3 words
 * of a real title, half with a swap) the slowest query went from 226 to 65 ms and the p95 from ~51
 * to ~41 ms, and the known-item MRR (the query's own item) is the same as scoring every match; in a
 * one-off run of 400 such queries every answer kept its rank exactly.
 */
import MiniSearch, { type Query, type SearchResult } from 'minisearch';
import type { SearchedWord } from './typo-query.ts';

/**
 * A term in more items than this is "common" (see the module comment): scoring 2,000 items costs
 * ~4 ms. No catalog of 2,000 items or fewer is affected.
 */
export const COMMON_ITEMS = 2000;

/** MiniSearch over documents `T`, with word lookups and common-term-restricted search. */
export class WordSearch<T> extends MiniSearch<T> {
  /** Whether the index has `term` (with `prefix`, a word starting with it). */
  hasWord(term: string, prefix: boolean): boolean {
    if (!prefix) return this._index.has(term);
    for (const _ of this._index.atPrefix(term).keys()) return true;
    return false;
  }

  /**
   * Items with `term` (with `prefix`, summed over the words starting with it, so an item may count
   * more than once), counted until past `limit`. Per word, the field holding it in most items counts.
   */
  itemsWith(term: string, prefix: boolean, limit = Number.POSITIVE_INFINITY): number {
    const entries = prefix ? this._index.atPrefix(term).values() : [this._index.get(term)];
    let n = 0;
    for (const fields of entries) {
      let most = 0;
      for (const items of fields?.values() ?? []) most = Math.max(most, items.size);
      n += most;
      if (n > limit) break;
    }
    return n;
  }

  /**
   * Items a query word reaches, counted until past `limit`: its own, or for a word the catalog
   * lacks, those of the words it matches by typo (its edit allowance, and its swapped spellings).
   */
  reach(w: SearchedWord, limit = Number.POSITIVE_INFINITY): number {
    const own = this.itemsWith(w.word, w.prefix, limit);
    if (own > 0) return own;
    let n = 0;
    const typos = w.fuzzy > 0 ? this._index.fuzzyGet(w.word, w.fuzzy).keys() : [];
    for (const term of [...typos, ...w.swapped]) {
      n += this.itemsWith(term, false, limit);
      if (n > limit) break;
    }
    return n;
  }

  /**
   * The OR of `perWord` (one query per query word, `words[i]` saying how it is searched), common
   * terms restricted as the module comment says. `commonItems` Infinity scores every match (the
   * benchmark's baseline).
   */
  searchWords(perWord: readonly Query[], words: readonly SearchedWord[], commonItems = COMMON_ITEMS): SearchResult[] {
    const whole: Query = { combineWith: 'OR', queries: [...perWord] };
    if (commonItems >= this.documentCount) return this.search(whole); // no term can be common
    const rare = (n: number) => n > 0 && n <= commonItems;
    if (!words.some((w) => rare(this.reach(w, commonItems)))) return this.search(whole);
    const common = new Map<string, boolean>();
    const isCommon = (term: string): boolean => {
      let c = common.get(term);
      if (c === undefined) {
        c = this.itemsWith(term, false, commonItems) > commonItems;
        common.set(term, c);
      }
      return c;
    };
    const found = this.search(whole, { boostDocument: (_id, term) => (isCommon(term) ? 0 : 1) });
    // No term was common after all: nothing was left out, so this is the plain search.
    if (![...common.values()].includes(true)) return found;
    const ids = new Set(found.map((h) => h.id));
    return this.search(whole, { boostDocument: (id, term) => (!isCommon(term) || ids.has(id) ? 1 : 0) });
  }
}

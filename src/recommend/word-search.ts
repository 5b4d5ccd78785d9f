/**
 * MiniSearch with the two things keyword.ts needs from its index: whether a word is in it, and a
 * search that costs little per matching item.
 *
 * MiniSearch's own search builds a result object per matching item (score, matched terms, fields,
 * stored fields) and sorts them all: ~2 us per item. Words in most items ("the", or "simple" whose
 * typos reach "single", as in "single-player", in nearly every Steam item) made one query at 100k
 * items cost up to ~0.3 s. This search walks the same index (terms, prefix and typo expansions,
 * per-field term frequencies) and adds the same BM25+ terms in the same order into flat arrays,
 * then sorts only the top it is read for. Its scores and order are exactly MiniSearch's search of
 * the same query (`typo-query.ts`'s `perWord`; word-search.test.ts checks it on thousands of
 * queries), without the shortcut this file used before (common words scored only in items a rarer
 * word matched), which changed the top 10 of 6% of the bench's queries at 100k.
 *
 * It reads MiniSearch's protected index fields, which are part of its subclassing surface; the
 * tests pin that contract to the installed version.
 */
import MiniSearch from 'minisearch';
import { bestFirst } from './best-first.ts';
import { ScoreSums } from './score-sums.ts';
import { type SearchedWord, swapWeight } from './typo-query.ts';

/** One matching item: its id, its score, and the query spellings it matched (source terms). */
export interface WordHit {
  id: string;
  score: number;
  queryTerms: string[];
}

/** Term data of one word: field id -> (item short id -> term frequency). */
type FieldTermData = Map<number, Map<number, number>>;

/** MiniSearch over documents `T`, with word lookups and a flat-array search. */
export class WordSearch<T> extends MiniSearch<T> {
  /** Per field id, each item's field length (by short id), for the `_nextId` it was read at. */
  private lengths: { nextId: number; byField: Float64Array[] } | undefined;
  private sums: { spelling: ScoreSums; swaps: ScoreSums; word: ScoreSums; total: ScoreSums } | undefined;

  /** Whether the index has `term` (with `prefix`, a word starting with it). */
  hasWord(term: string, prefix: boolean): boolean {
    if (!prefix) return this._index.has(term);
    for (const _ of this._index.atPrefix(term).keys()) return true;
    return false;
  }

  /**
   * The OR of `words` (each with its prefix, edit allowance and swapped spellings, typo-query.ts),
   * best first: the same scores and order as MiniSearch's search of typo-query.ts's `perWord`.
   * Lazy: only the hits read are sorted.
   */
  *searchWords(words: readonly SearchedWord[]): Generator<WordHit> {
    if (this._dirtCount > 0) throw new Error('WordSearch: an index with removed documents is not supported');
    const sources: string[] = [];
    for (const w of words) for (const s of [w.word, ...w.swapped]) if (!sources.includes(s)) sources.push(s);
    const sums = this.scratch();
    const total = sums.total;
    total.reset();
    const matched = new SpellingSets(this._nextId, sources.length);
    // MiniSearch's nesting, kept so every sum is added in its order (floating point): the whole
    // query is the OR of its words; a word is the OR of its own spelling and the OR of its swaps.
    for (const w of words) {
      sums.word.reset();
      this.spelling(w.word, w.prefix, w.fuzzy, 1, sums.spelling, matched, sources.indexOf(w.word));
      sums.word.addAll(sums.spelling);
      if (w.swapped.length) {
        sums.swaps.reset();
        for (const s of w.swapped) {
          this.spelling(s, w.prefix, 0, swapWeight(w.word), sums.spelling, matched, sources.indexOf(s));
          sums.swaps.addAll(sums.spelling);
        }
        sums.word.addAll(sums.swaps);
      }
      total.addAll(sums.word);
    }
    // MiniSearch multiplies a score by the number of distinct spellings the item matched.
    const rows = total.rows.subarray(0, total.count);
    const scores = new Float64Array(rows.length);
    rows.forEach((row, i) => {
      scores[i] = total.value[row]! * matched.size(row);
    });
    for (const i of bestFirst(scores)) {
      const row = rows[i]!;
      yield { id: this._documentIds.get(row) as string, score: scores[i]!, queryTerms: sources.filter((_, s) => matched.has(row, s)) };
    }
  }

  /**
   * One spelling's matches into `into` (reset first): the word itself, its longer words when
   * `prefix`, its typos within `fuzzy` edits, each weighted as MiniSearch's executeQuerySpec does.
   */
  private spelling(
    term: string,
    prefix: boolean,
    fuzzy: number,
    termBoost: number,
    into: ScoreSums,
    matched: SpellingSets,
    source: number,
  ): void {
    into.reset();
    const { weights, maxFuzzy } = this._options.searchOptions;
    const fuzzyWeight = weights.fuzzy ?? 0.45;
    const prefixWeight = weights.prefix ?? 0.375;
    this.termScores(this._index.get(term), 1, termBoost, into);
    const prefixMatches = prefix ? this._index.atPrefix(term) : undefined;
    const maxDistance = fuzzy < 1 ? Math.min(maxFuzzy, Math.round(term.length * fuzzy)) : fuzzy;
    const fuzzyMatches = fuzzy && maxDistance ? this._index.fuzzyGet(term, maxDistance) : undefined;
    if (prefixMatches)
      for (const [derived, data] of prefixMatches) {
        const distance = derived.length - term.length;
        if (!distance) continue;
        fuzzyMatches?.delete(derived); // scored as a prefix match only
        this.termScores(data, (prefixWeight * derived.length) / (derived.length + 0.3 * distance), termBoost, into);
      }
    if (fuzzyMatches)
      for (const [derived, [data, distance]] of fuzzyMatches) {
        if (!distance) continue;
        this.termScores(data, (fuzzyWeight * derived.length) / (derived.length + distance), termBoost, into);
      }
    for (const row of into.rows.subarray(0, into.count)) matched.add(row, source);
  }

  /** MiniSearch's termResults: one word's BM25+ score per field, times the weights, added per item. */
  private termScores(data: FieldTermData | undefined, termWeight: number, termBoost: number, into: ScoreSums): void {
    if (!data) return;
    const { boost, bm25 } = this._options.searchOptions;
    const { k, b, d } = bm25;
    const lengths = this.fieldLengths();
    for (const field of this._options.fields) {
      const fieldId = this._fieldIds[field]!;
      const freqs = data.get(fieldId);
      if (!freqs) continue;
      const fieldBoost = boost?.[field] || 1;
      const length = lengths[fieldId]!;
      const average = this._avgFieldLength[fieldId]!;
      const idf = Math.log(1 + (this._documentCount - freqs.size + 0.5) / (freqs.size + 0.5));
      const weight = termWeight * termBoost * fieldBoost * 1; // * 1: MiniSearch's document boost
      freqs.forEach((tf, row) => {
        into.add(row, weight * (idf * (d + (tf * (k + 1)) / (tf + k * (1 - b + (b * length[row]!) / average)))));
      });
    }
  }

  /** Field lengths as flat arrays, re-read when documents were added since. */
  private fieldLengths(): Float64Array[] {
    if (this.lengths?.nextId === this._nextId) return this.lengths.byField;
    const byField = this._options.fields.map(() => new Float64Array(this._nextId));
    this._fieldLength.forEach((perField, row) => {
      perField.forEach((length, fieldId) => {
        byField[fieldId]![row] = length;
      });
    });
    this.lengths = { nextId: this._nextId, byField };
    return byField;
  }

  private scratch() {
    const n = this._nextId;
    if (!this.sums || this.sums.total.capacity < n)
      this.sums = { spelling: new ScoreSums(n), swaps: new ScoreSums(n), word: new ScoreSums(n), total: new ScoreSums(n) };
    return this.sums;
  }
}

/** Which query spellings each row matched: a bit set per row, `spellings` bits wide. */
class SpellingSets {
  private readonly words: number;
  private readonly bits: Uint32Array;

  constructor(rows: number, spellings: number) {
    this.words = Math.max(1, Math.ceil(spellings / 32));
    this.bits = new Uint32Array(rows * this.words);
  }

  add(row: number, spelling: number): void {
    this.bits[row * this.words + (spelling >>> 5)]! |= 1 << (spelling & 31);
  }

  has(row: number, spelling: number): boolean {
    return (this.bits[row * this.words + (spelling >>> 5)]! & (1 << (spelling & 31))) !== 0;
  }

  /** How many spellings `row` matched. */
  size(row: number): number {
    let n = 0;
    for (let i = row * this.words; i < (row + 1) * this.words; i++) for (let v = this.bits[i]!; v; v &= v - 1) n++;
    return n;
  }
}

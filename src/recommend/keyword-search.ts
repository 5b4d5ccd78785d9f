/**
 * Keyword search over `KeywordPostings` (keyword-postings.ts): BM25+ over fields with boosts, with
 * the prefix and typo expansions and the swapped spellings of typo-query.ts.
 *
 * MiniSearch is the reference: the scores and order here are exactly those of MiniSearch's search
 * of the same query (`test/oracles/minisearch-reference.ts`) over the same documents, to the last bit
 * (keyword-search.test.ts checks over a thousand queries; bench/keyword-search.ts every bench query).
 * Its search builds a result object per matching item and sorts them all, ~2 us per item, so a
 * query of words in most items ("the", or "simple" whose typos reach "single", as in
 * "single-player") cost up to ~0.3 s at 100k items. This one adds the same BM25+ terms in the same
 * order into flat arrays (`score-sums.ts`) and sorts only the top that is read (`best-first.ts`).
 */
import { bestFirst } from './best-first.ts';
import type { KeywordPostings } from './keyword-postings.ts';
import { ScoreSums } from './score-sums.ts';
import { type SearchedWord, swapWeight } from './typo-query.ts';

/** One matching item: its id, its score, and the query spellings it matched (source terms). */
export interface KeywordSearchHit {
  id: string;
  score: number;
  queryTerms: string[];
}

/** MiniSearch's defaults, kept so its search stays the reference: BM25+ k1, b and delta. */
const BM25 = { k: 1.2, b: 0.7, d: 0.5 };
/** MiniSearch's default weights of a prefix match and a typo match (before their length factors). */
const PREFIX_WEIGHT = 0.375;
const FUZZY_WEIGHT = 0.45;

/** Keyword search over `KeywordPostings`, BM25+ with per-field boosts. */
export class KeywordSearch<F extends string> {
  private sums: { spelling: ScoreSums; swaps: ScoreSums; word: ScoreSums; total: ScoreSums } | undefined;
  private readonly boosts: number[];

  /** `boost`: a field's weight (a missing one counts 1). */
  constructor(
    readonly postings: KeywordPostings<F>,
    boost: Readonly<Partial<Record<F, number>>>,
  ) {
    this.boosts = postings.fields.map((f) => boost[f] || 1);
  }

  /** The words of the index within `edits` edits of `term` (`term` itself included when the index has it). */
  near(term: string, edits: number): string[] {
    return [...this.postings.words.fuzzyGet(term, edits).keys()];
  }

  /** Whether the index has `term` (with `prefix`, a word starting with it). */
  hasWord(term: string, prefix: boolean): boolean {
    if (!prefix) return this.postings.words.has(term);
    for (const _ of this.postings.words.atPrefix(term).keys()) return true;
    return false;
  }

  /**
   * The OR of `words` (each with its prefix, edit allowance and swapped spellings, typo-query.ts),
   * best first: the same scores and order as MiniSearch's search of the same words
   * (`referenceSearch` in test/oracles/minisearch-reference.ts) over the same documents. Lazy: only the hits read are sorted.
   */
  *searchWords(words: readonly SearchedWord[]): Generator<KeywordSearchHit> {
    const sources: string[] = [];
    for (const w of words) for (const s of [w.word, ...w.swapped]) if (!sources.includes(s)) sources.push(s);
    const sums = this.scratch();
    const total = sums.total;
    total.reset();
    const matched = new SpellingSets(this.postings.size, sources.length);
    // MiniSearch's nesting, kept so every sum is added in its order (floating point): the whole
    // query is the OR of its words; a word is the OR of its own spelling and the OR of its swaps.
    for (const w of words) {
      sums.word.reset();
      this.spelling(w.word, w.prefix, w.fuzzy, w.fuzzyPrefix, 1, sums.spelling, matched, sources.indexOf(w.word));
      sums.word.addAll(sums.spelling);
      if (w.swapped.length) {
        sums.swaps.reset();
        for (const s of w.swapped) {
          this.spelling(s, w.prefix, 0, 0, swapWeight(w.word), sums.spelling, matched, sources.indexOf(s));
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
      yield { id: this.postings.ids[row]!, score: scores[i]!, queryTerms: sources.filter((_, s) => matched.has(row, s)) };
    }
  }

  /**
   * One spelling's matches into `into` (reset first): the word itself, its longer words when
   * `prefix`, its typos within `fuzzy` edits that begin with its first `fuzzyPrefix` letters, each
   * weighted as MiniSearch's executeQuerySpec does.
   */
  private spelling(
    term: string,
    prefix: boolean,
    fuzzy: number,
    fuzzyPrefix: number,
    termBoost: number,
    into: ScoreSums,
    matched: SpellingSets,
    source: number,
  ): void {
    into.reset();
    const words = this.postings.words;
    this.termScores(words.get(term), 1, termBoost, into);
    const prefixMatches = prefix ? words.atPrefix(term) : undefined;
    const fuzzyMatches = fuzzy > 0 ? words.fuzzyGet(term, fuzzy) : undefined;
    if (prefixMatches)
      for (const [derived, word] of prefixMatches) {
        const distance = derived.length - term.length;
        if (!distance) continue;
        fuzzyMatches?.delete(derived); // scored as a prefix match only
        this.termScores(word, (PREFIX_WEIGHT * derived.length) / (derived.length + 0.3 * distance), termBoost, into);
      }
    const start = term.slice(0, fuzzyPrefix);
    if (fuzzyMatches)
      for (const [derived, [word, distance]] of fuzzyMatches) {
        if (!distance || !derived.startsWith(start)) continue;
        this.termScores(word, (FUZZY_WEIGHT * derived.length) / (derived.length + distance), termBoost, into);
      }
    for (const row of into.rows.subarray(0, into.count)) matched.add(row, source);
  }

  /** MiniSearch's termResults: one word's BM25+ score per field, times the weights, added per item. */
  private termScores(word: number | undefined, termWeight: number, termBoost: number, into: ScoreSums): void {
    if (word === undefined) return;
    const { k, b, d } = BM25;
    const n = this.postings.size;
    this.boosts.forEach((fieldBoost, f) => {
      const { start, end, items, counts } = this.postings.postings(word, f);
      if (start === end) return;
      const length = this.postings.fieldLengths(f);
      const average = this.postings.averageLength[f]!;
      const matching = end - start;
      const idf = Math.log(1 + (n - matching + 0.5) / (matching + 0.5));
      const weight = termWeight * termBoost * fieldBoost * 1; // * 1: MiniSearch's document boost
      for (let i = start; i < end; i++) {
        const row = items[i]!;
        const tf = counts[i]!;
        into.add(row, weight * (idf * (d + (tf * (k + 1)) / (tf + k * (1 - b + (b * length[row]!) / average)))));
      }
    });
  }

  private scratch() {
    const n = this.postings.size;
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

/**
 * Builds a `WordOverlapIndex` (word-overlap.ts) from item texts: one `add` per item, in any number
 * of slices (the worker yields between them), then `finish()` lays the flat arrays out.
 */
import {
  describedFrequency,
  FACET_WEIGHT,
  facetTerm,
  fullFrequency,
  MAX_OVERLAP_FACETS,
  MAX_OVERLAP_WORDS,
  markName,
  NAME_WEIGHT,
  overlapText,
} from './overlap-terms.ts';
import { commonLimit, idArray, overlapFormat, WordOverlapIndex } from './word-overlap.ts';
import { wordSpans } from './word-runs.ts';
import { WordTable } from './word-table.ts';
import { packRow } from './word-weights.ts';

/** Distinct labels whose term ids a builder remembers (see `facetId`). */
const LABEL_CACHE = 4096;

/** Collects item texts (one `add` per item, in any number of slices), then `finish()` builds the index. */
export class WordOverlapIndexBuilder {
  /** Term ids, given in first-seen order (word-table.ts: no string per word). */
  private terms = new WordTable();
  private readonly keys: string[] = [];
  private readonly slotOf = new Map<string, number>();
  /**
   * Per item, its distinct term ids (ascending), their counts and how many of those are in its name,
   * flat: item `slot`'s run is `[rowEnd[slot - 1], rowEnd[slot])`. Flat, not three typed arrays per
   * item: a 100k-item first visit made ~400k small arrays here, ~0.5 s of its worker.
   *
   * The tables are at their largest as a first visit's trust check ends, near its memory peak: 100k
   * Steam items fill 4.7M slots. So term ids are 16-bit until a catalog has more than 65,536 terms
   * (those items have 28k), and the tables grow by half, not double: 5.7M slots of 4 bytes (23 MB)
   * instead of 8.4M of 6 (50 MB).
   */
  private termIds: Uint16Array | Uint32Array = new Uint16Array(1 << 16);
  private termCounts = new Uint8Array(1 << 16);
  private termInName = new Uint8Array(1 << 16);
  private rowEnd = new Uint32Array(1 << 10);
  private used = 0;
  private finished = false;
  private readonly marks = new Uint8Array(MAX_OVERLAP_WORDS);
  private readonly spans = new Uint32Array(2 * MAX_OVERLAP_WORDS);
  private readonly wordIds = new Int32Array(MAX_OVERLAP_WORDS);
  private readonly nameIds = new Int32Array(MAX_OVERLAP_WORDS);
  /** One item's term ids with their name marks (`id * 2 + mark`), sorted in place. */
  private readonly scratch = new Uint32Array(MAX_OVERLAP_WORDS + MAX_OVERLAP_FACETS);
  /** 1 for a term id that is a label (a facet), not a word: it counts in the described view only. */
  private isFacet = new Uint8Array(1 << 10);
  /** One item's label term ids, times 2 (`facetIds`). */
  private readonly facetScratch = new Uint32Array(MAX_OVERLAP_FACETS);
  /** Labels as given -> their term id (-1: no term), for the first `LABEL_CACHE` distinct ones. */
  private readonly labelIds = new Map<string, number>();

  /**
   * `nameWeight`: the described view's weight of an item's own name (default `NAME_WEIGHT`, what
   * pages use; the eval tries others), `facetWeight` that of a label (`FACET_WEIGHT`). An index built
   * with others is stored under another format.
   */
  constructor(
    private readonly nameWeight = NAME_WEIGHT,
    private readonly facetWeight = FACET_WEIGHT,
  ) {}

  /**
   * Adds `key`'s text (a key added twice keeps its first text, like catalog validation). `name`: the
   * item's own name (`itemName`), which counts less in the described view. `facets`: the labels of
   * its list fields (`itemFacets`), each one term of the described view.
   */
  add(key: string, text: string, name?: string, facets?: readonly string[]): void {
    if (this.finished) throw new Error('WordOverlapIndexBuilder: add() after finish()');
    if (this.slotOf.has(key)) return;
    const words = this.wordsOf(overlapText(text), this.wordIds, true);
    // A name word the table lacks is in no text seen, so in none of this one's: NO_WORD matches nothing.
    const nameWords = name ? this.wordsOf(overlapText(name), this.nameIds, false) : this.nameIds.subarray(0, 0);
    const inName = markName(words, nameWords, this.marks);
    // Term id and name mark in one number, sorted: runs of one id are one term, its count and marks.
    const labels = this.facetIds(facets);
    const all = this.scratch.subarray(0, words.length + labels.length);
    for (let i = 0; i < words.length; i++) all[i] = words[i]! * 2 + inName[i]!;
    all.set(labels, words.length);
    all.sort();
    this.reserve(all.length);
    // Sorted: the last is the largest id.
    if (all.length > 0 && all[all.length - 1]! >>> 1 > 0xffff && this.termIds instanceof Uint16Array) {
      this.termIds = Uint32Array.from(this.termIds);
    }
    const ids = this.termIds;
    const counts = this.termCounts;
    const named = this.termInName;
    const start = this.used;
    let d = start - 1;
    for (let i = 0; i < all.length; i++) {
      const id = all[i]! >>> 1;
      if (i === 0 || id !== ids[d]) {
        ids[++d] = id;
        counts[d] = 0;
        named[d] = 0;
      }
      counts[d]!++;
      named[d]! += all[i]! & 1;
    }
    this.used = d + 1;
    const slot = this.keys.length;
    if (slot >= this.rowEnd.length) this.rowEnd = grown(this.rowEnd, slot + 1);
    this.rowEnd[slot] = this.used;
    this.slotOf.set(key, slot);
    this.keys.push(key);
  }

  /** The term ids of `text`'s counted words (overlap-terms.ts) into `into`; new words added when `add`. */
  private wordsOf(text: string, into: Int32Array, add: boolean): Int32Array {
    const spans = this.spans;
    const n = wordSpans(text, MAX_OVERLAP_WORDS, spans);
    for (let i = 0; i < n; i++)
      into[i] = add ? this.terms.add(text, spans[2 * i]!, spans[2 * i + 1]!) : this.terms.find(text, spans[2 * i]!, spans[2 * i + 1]!);
    return into.subarray(0, n);
  }

  /**
   * The distinct term ids of an item's labels (`facetTerm`), times 2 (no name mark), at most
   * `MAX_OVERLAP_FACETS`. A label repeated in two lists counts once.
   */
  private facetIds(facets: readonly string[] | undefined): Uint32Array {
    const out = this.facetScratch;
    let n = 0;
    for (const label of facets ?? []) {
      if (n >= MAX_OVERLAP_FACETS) break;
      const id = this.facetId(label);
      if (id >= 0 && !holds(out, n, id * 2)) out[n++] = id * 2;
    }
    return out.subarray(0, n);
  }

  /**
   * A label's term id, -1 for a label with no letter or digit. A shop's labels repeat (Steam's
   * 32k games share ~450): the first `LABEL_CACHE` distinct ones are remembered as given, so most
   * labels cost one map lookup, not a normalisation and a hash (~0.2 s of a 32k build).
   */
  private facetId(label: string): number {
    const known = this.labelIds.get(label);
    if (known !== undefined) return known;
    const term = facetTerm(label);
    let id = -1;
    if (term) {
      id = this.terms.add(term, 0, term.length);
      if (id >= this.isFacet.length) this.isFacet = grown(this.isFacet, id + 1);
      this.isFacet[id] = 1;
    }
    if (this.labelIds.size < LABEL_CACHE) this.labelIds.set(label, id);
    return id;
  }

  /** Room for `more` terms after the ones held. */
  private reserve(more: number): void {
    const need = this.used + more;
    if (need <= this.termIds.length) return;
    this.termIds = grown(this.termIds, need, 1.5);
    this.termCounts = grown(this.termCounts, need, 1.5);
    this.termInName = grown(this.termInName, need, 1.5);
  }

  /** The index of `items` ([key, text], optionally with the item's name and labels) in one go. */
  static build(
    items: Iterable<readonly [string, string, (string | undefined)?, (readonly string[] | undefined)?]>,
    nameWeight = NAME_WEIGHT,
    facetWeight = FACET_WEIGHT,
  ): WordOverlapIndex {
    const builder = new WordOverlapIndexBuilder(nameWeight, facetWeight);
    for (const [key, text, name, facets] of items) builder.add(key, text, name, facets);
    return builder.finish();
  }

  /** The index of everything added; the builder hands it its tables, so nothing is added after. */
  finish(): WordOverlapIndex {
    if (this.finished) throw new Error('WordOverlapIndexBuilder: finish() twice');
    const n = this.keys.length;
    const terms = this.terms.size;
    const df = new Uint32Array(terms);
    const total = this.used;
    const ids = this.termIds;
    for (let j = 0; j < total; j++) df[ids[j]!]!++;
    const idf = Float32Array.from(df, (d) => Math.log(n / d));
    // Item-major rows (for similarity) and term-major postings (for neighbours), weights included.
    const rowStart = new Uint32Array(n + 1);
    const rowTerm = idArray(total, terms);
    const rowWeight = new Uint16Array(total);
    // Postings only for the words neighbour searches walk: common words' lists would be most of the
    // memory (Steam's genres and tags) and are never read.
    const common = commonLimit(n);
    const postStart = new Uint32Array(terms + 1);
    for (let t = 0; t < terms; t++) postStart[t + 1] = postStart[t]! + (df[t]! <= common ? df[t]! : 0);
    const fill = postStart.slice(0, terms);
    const postItem = idArray(postStart[terms]!, n);
    const postWeight = new Uint16Array(postStart[terms]!);
    const full = new Float64Array(MAX_OVERLAP_WORDS + MAX_OVERLAP_FACETS);
    const described = new Float64Array(MAX_OVERLAP_WORDS + MAX_OVERLAP_FACETS);
    const packed = new Uint16Array(MAX_OVERLAP_WORDS + MAX_OVERLAP_FACETS);
    let at = 0;
    for (let slot = 0; slot < n; slot++) {
      rowStart[slot] = at;
      const from = at;
      const to = this.rowEnd[slot]!;
      this.weigh(from, to, idf, full, described);
      packRow(full, described, to - from, packed);
      for (let j = 0; j < to - from; j++) {
        const id = ids[from + j]!;
        const w = packed[j]!;
        rowTerm[at] = id;
        rowWeight[at] = w;
        at++;
        if (df[id]! > common) continue;
        const p = fill[id]!++;
        postItem[p] = slot;
        postWeight[p] = w;
      }
    }
    rowStart[n] = at;
    const arrays = { rowStart, rowTerm, rowWeight, postStart, postItem, postWeight, df };
    // The builder's own key tables, not copies (32k keys and a map of them live for the page's
    // life): a builder is done once finished.
    const index = new WordOverlapIndex(this.keys, this.slotOf, arrays, overlapFormat(this.nameWeight, this.facetWeight));
    this.release();
    return index;
  }

  /**
   * The full and described weights of the terms `from` to `to - 1` of the flat tables (one item's),
   * each view L2-normalised, into `full` and `described` from index 0.
   */
  private weigh(from: number, to: number, idf: Float32Array, full: Float64Array, described: Float64Array): void {
    const ids = this.termIds;
    const isFacet = this.isFacet;
    let fullNorm = 0;
    let describedNorm = 0;
    for (let j = 0; j < to - from; j++) {
      const id = ids[from + j]!;
      const idf_ = idf[id]!;
      const count = this.termCounts[from + j]!;
      // A label counts in the described view only: "for you" and "bought together" read the full one as before.
      const label = id < isFacet.length && isFacet[id] === 1;
      full[j] = label ? 0 : fullFrequency(count) * idf_;
      described[j] = (label ? this.facetWeight : describedFrequency(count, this.termInName[from + j]!, this.nameWeight)) * idf_;
      fullNorm += full[j]! ** 2;
      describedNorm += described[j]! ** 2;
    }
    fullNorm = Math.sqrt(fullNorm) || 1;
    describedNorm = Math.sqrt(describedNorm) || 1;
    for (let j = 0; j < to - from; j++) {
      full[j]! /= fullNorm;
      described[j]! /= describedNorm;
    }
  }

  /**
   * Lets go of the working tables, which the index does not read: whoever still holds the builder
   * (the first visit's sync holds the trust check's until `ready`) must not hold them too. Grown
   * by doubling, they are larger than the index itself: on the phone's 32k first visit 12.8 MB of
   * ArrayBuffers at the cards beside the index's 14.1 (a heap snapshot of the worker).
   */
  private release(): void {
    this.finished = true;
    this.terms = new WordTable(1);
    this.termIds = new Uint16Array(0);
    this.termCounts = new Uint8Array(0);
    this.termInName = new Uint8Array(0);
    this.rowEnd = new Uint32Array(0);
    this.isFacet = new Uint8Array(0);
    this.labelIds.clear();
  }
}

/** Whether `values[0 .. n)` holds `value` (no subarray per label: Steam's 100k items have ~3M labels). */
function holds(values: Uint32Array, n: number, value: number): boolean {
  for (let i = 0; i < n; i++) if (values[i] === value) return true;
  return false;
}

/** A copy of `a` with room for at least `need` elements (capacity times `factor`). */
function grown<T extends Uint8Array | Uint16Array | Uint32Array>(a: T, need: number, factor = 2): T {
  const out = new (a.constructor as new (n: number) => T)(Math.max(need, Math.ceil(a.length * factor)));
  out.set(a);
  return out;
}

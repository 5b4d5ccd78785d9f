/**
 * Word overlap between items, for the blend: each item's text as a TF-IDF vector (log term
 * frequency times ln(N / document frequency), L2-normalised), with an inverted index to find the
 * items sharing an anchor's rarer words. The small encoder misses what shoppers match on exactly (a
 * model number, "HP 78", a series name); adding this cosine to the content score lifts content-only
 * "for you" and "similar" on both eval datasets (docs/quality.md; its weight `wordOverlap` is chosen on
 * the validation split like every blend weight).
 *
 * Each item has two vectors over the same words (overlap-terms.ts): the full one, and the
 * described one, in which the item's own name counts `NAME_WEIGHT` as much as the rest. A ranking
 * asks for the mix it needs (`view(fullShare)`: that share of the full cosine, the rest the
 * described one). Both weights of a word share one 16-bit slot, 8 bits each, so the second vector
 * costs no memory (`packRow`).
 *
 * Built once per catalog (`WordOverlapIndexBuilder`, word-overlap-builder.ts, in slices in the worker) into flat typed
 * arrays: 100k Steam items take 24 MiB. Only the first `MAX_OVERLAP_WORDS` words of a text count:
 * the default text rule puts title, brand and category first and long descriptions last.
 */
import { FACET_WEIGHT, MAX_OVERLAP_WORDS, NAME_WEIGHT } from './overlap-terms.ts';
import { WEIGHT_LEVELS } from './word-weights.ts';

export { MAX_OVERLAP_WORDS, NAME_WEIGHT, overlapWords } from './overlap-terms.ts';

/**
 * Words in more than this share of the catalog (but always those in 2 items), or in more than
 * `MAX_POSTINGS` items, find no neighbours (they still score candidates): it bounds a neighbour
 * search at 100k items to ~2 ms.
 */
export const COMMON_SHARE = 0.05;
export const MAX_POSTINGS = 2000;

/**
 * How a ranking reads word overlap: the share of the full text's cosine in it, the rest the
 * described view's (1: the full text alone, what "for you" reads; 0: the described view alone).
 */
export type FullShare = number;

/** The full text's cosine alone. */
export const FULL_TEXT: FullShare = 1;
/** The described view alone: an item's words and labels, its own name weighing little (search-feedback.ts). */
export const DESCRIBED_VIEW: FullShare = 0;

/** What the blend asks of word overlap. */
export interface WordOverlapLookup {
  /**
   * Up to `n` items sharing `key`'s rarer words (see `COMMON_SHARE`), never `key` itself, best
   * first by the part of the TF-IDF cosine those words make (ties by key): candidates, whose full
   * cosine `similarity` then gives.
   */
  neighbours(key: string, n: number): { key: string; score: number }[];
  /** TF-IDF cosine of two items' texts in [0, 1]; 0 when either is unknown. */
  similarity(a: string, b: string): number;
}

/**
 * Names the layout and everything that shapes a built index: a stored index of another format is
 * rebuilt, never read. Bump the leading version when the tokenizer or the weighting changes.
 */
export const WORD_OVERLAP_FORMAT = overlapFormat(NAME_WEIGHT, FACET_WEIGHT);

/** The format of an index whose described view weighs names `nameWeight` and labels `facetWeight`. */
export function overlapFormat(nameWeight: number, facetWeight: number): string {
  return `tfidf-7:${MAX_OVERLAP_WORDS}:${COMMON_SHARE}:${MAX_POSTINGS}:${nameWeight}:${facetWeight}`;
}

/** A `WordOverlapIndex` as plain, structured-clonable data (`toSaved`, `fromSaved`). */
export interface SavedWordOverlapIndex {
  format: string;
  keys: string[];
  arrays: WordOverlapArrays;
}

/**
 * The flat arrays of a built index. A weight is both views' weights, 8 bits each: full in the low
 * byte (`packRow`). Term ids and item slots are 16-bit when every one fits (`idArray`).
 */
export interface WordOverlapArrays {
  rowStart: Uint32Array;
  rowTerm: Uint16Array | Uint32Array;
  rowWeight: Uint16Array;
  postStart: Uint32Array;
  postItem: Uint16Array | Uint32Array;
  postWeight: Uint16Array;
  df: Uint32Array;
}

/** The most items a word may be in and still find neighbours, for a catalog of `n` (the server's too: src/server/words.ts). */
export function commonLimit(n: number): number {
  return Math.max(2, Math.min(COMMON_SHARE * n, MAX_POSTINGS));
}

/**
 * An array for `length` ids below `bound`: 16-bit when they fit. Steam's 32k items have 28k distinct
 * terms: their 1.5M term ids take 2.9 MB instead of 5.9 (the phone's whole first visit peaks at ~300
 * MB), and a stored index as much less.
 */
export function idArray(length: number, bound: number): Uint16Array | Uint32Array {
  return bound <= 0x10000 ? new Uint16Array(length) : new Uint32Array(length);
}

/** True when `a` holds the arrays of an index of `n` items whose offsets stay inside them (storage can hand back anything). */
function fits(n: number, a: Partial<WordOverlapArrays> | undefined): a is WordOverlapArrays {
  const u32 = (x: unknown): x is Uint32Array => x instanceof Uint32Array;
  const u16 = (x: unknown): x is Uint16Array => x instanceof Uint16Array;
  const ids = (x: unknown): x is Uint16Array | Uint32Array => x instanceof Uint16Array || x instanceof Uint32Array;
  if (
    !a ||
    !u32(a.rowStart) ||
    !ids(a.rowTerm) ||
    !u16(a.rowWeight) ||
    !u32(a.postStart) ||
    !ids(a.postItem) ||
    !u16(a.postWeight) ||
    !u32(a.df)
  )
    return false;
  const terms = a.df.length;
  const rows = a.rowStart.length === n + 1 && a.rowTerm.length === a.rowStart[n] && a.rowWeight.length === a.rowTerm.length;
  const posts = a.postStart.length === terms + 1 && a.postItem.length === a.postStart[terms] && a.postWeight.length === a.postItem.length;
  const rising = (x: Uint32Array) => x.every((v, i) => i === 0 || v >= x[i - 1]!);
  const inside = a.rowTerm.every((t) => t < terms) && a.postItem.every((i) => i < n);
  // Any 16 bits are two weights in [0, 1]: nothing more to check.
  return rows && posts && rising(a.rowStart) && rising(a.postStart) && inside;
}

/**
 * TF-IDF vectors of a catalog's texts (immutable; a changed catalog builds a new one). As a lookup
 * it answers with the full text's cosine; `view` gives any mix of the two vectors.
 */
export class WordOverlapIndex implements WordOverlapLookup {
  private scratch: Float64Array;

  /** Use `WordOverlapIndexBuilder` (word-overlap-builder.ts). */
  constructor(
    private readonly keys: readonly string[],
    private readonly slotOf: ReadonlyMap<string, number>,
    private readonly a: WordOverlapArrays,
    /** What `toSaved` writes: `WORD_OVERLAP_FORMAT`, unless the eval built it with another name weight. */
    private readonly format = WORD_OVERLAP_FORMAT,
  ) {
    this.scratch = new Float64Array(keys.length);
  }

  /** The index as plain data for storage (its own arrays, not copies: do not change them). */
  toSaved(): SavedWordOverlapIndex {
    return { format: this.format, keys: [...this.keys], arrays: this.a };
  }

  /** The index `toSaved` gave, or undefined when `saved` is of another format or its arrays do not fit together. */
  static fromSaved(saved: unknown): WordOverlapIndex | undefined {
    const s = saved as Partial<SavedWordOverlapIndex> | undefined;
    if (s?.format !== WORD_OVERLAP_FORMAT || !Array.isArray(s.keys) || !fits(s.keys.length, s.arrays)) return undefined;
    return new WordOverlapIndex(s.keys, new Map(s.keys.map((key, slot) => [key, slot])), s.arrays);
  }

  /** Items indexed. */
  get size(): number {
    return this.keys.length;
  }

  /** Bytes held in typed arrays (the keys and the word list come on top). */
  get bytes(): number {
    return Object.values(this.a).reduce((sum: number, arr: ArrayBufferView) => sum + arr.byteLength, this.scratch.byteLength);
  }

  /** True when `key` is indexed. */
  has(key: string): boolean {
    return this.slotOf.has(key);
  }

  /**
   * The lookup that scores `fullShare` times the full text's cosine plus the rest times the
   * described view's (`FullShare`); `view(FULL_TEXT)` answers as this index does.
   */
  view(fullShare: FullShare): WordOverlapLookup {
    const share = Math.min(1, Math.max(0, fullShare));
    return {
      neighbours: (key, n) => this.neighboursIn(share, key, n),
      similarity: (x, y) => this.similarityIn(share, x, y),
    };
  }

  /** Up to `n` items sharing `key`'s rarer words, best first, by the full text (see `WordOverlapLookup.neighbours`). */
  neighbours(key: string, n: number): { key: string; score: number }[] {
    return this.neighboursIn(FULL_TEXT, key, n);
  }

  /** TF-IDF cosine of two indexed items' full texts (0 when either is unknown or they share no word). */
  similarity(a: string, b: string): number {
    return this.similarityIn(FULL_TEXT, a, b);
  }

  private neighboursIn(fullShare: number, key: string, n: number): { key: string; score: number }[] {
    const slot = this.slotOf.get(key);
    if (slot === undefined || n <= 0) return [];
    const { rowStart, rowTerm, rowWeight, postStart, postItem, postWeight } = this.a;
    const dots = this.scratch;
    const touched: number[] = [];
    const describedShare = 1 - fullShare;
    for (let i = rowStart[slot]!; i < rowStart[slot + 1]!; i++) {
      const id = rowTerm[i]!;
      const fq = fullShare * (rowWeight[i]! & 0xff);
      const dq = describedShare * (rowWeight[i]! >>> 8);
      if (fq === 0 && dq === 0) continue; // a word in every item: no weight, and `dots` must stay 0 until touched
      for (let p = postStart[id]!; p < postStart[id + 1]!; p++) {
        const other = postItem[p]!;
        const w = postWeight[p]!;
        const dot = fq * (w & 0xff) + dq * (w >>> 8);
        if (other === slot || dot === 0) continue;
        if (dots[other] === 0) touched.push(other);
        dots[other]! += dot;
      }
    }
    // Only the best `n` (with any tied at the n-th score) become hits and are sorted: a rare word's
    // items can be thousands, and with 8-bit weights many tie, each tie a comparison of two keys.
    let floor = 0;
    if (touched.length > n) {
      const best = new Float64Array(touched.length);
      for (let t = 0; t < touched.length; t++) best[t] = dots[touched[t]!]!;
      floor = best.sort()[touched.length - n]!;
    }
    const scale = 1 / (WEIGHT_LEVELS * WEIGHT_LEVELS);
    const hits: { key: string; score: number }[] = [];
    for (const other of touched) {
      const dot = dots[other]!;
      dots[other] = 0;
      if (dot >= floor) hits.push({ key: this.keys[other]!, score: dot * scale });
    }
    return hits.sort((x, y) => y.score - x.score || (x.key < y.key ? -1 : 1)).slice(0, n);
  }

  private similarityIn(fullShare: number, a: string, b: string): number {
    const sa = this.slotOf.get(a);
    const sb = this.slotOf.get(b);
    if (sa === undefined || sb === undefined) return 0;
    const { rowStart, rowTerm, rowWeight } = this.a;
    // Both rows are sorted by term id: one merge pass.
    let i = rowStart[sa]!;
    let j = rowStart[sb]!;
    const iEnd = rowStart[sa + 1]!;
    const jEnd = rowStart[sb + 1]!;
    let full = 0;
    let described = 0;
    while (i < iEnd && j < jEnd) {
      const ti = rowTerm[i]!;
      const tj = rowTerm[j]!;
      if (ti === tj) {
        const wi = rowWeight[i++]!;
        const wj = rowWeight[j++]!;
        full += (wi & 0xff) * (wj & 0xff);
        described += (wi >>> 8) * (wj >>> 8);
      } else if (ti < tj) i++;
      else j++;
    }
    // Rounded weights: an item with itself can sum to a hair over 1.
    return Math.min(1, (fullShare * full + (1 - fullShare) * described) / (WEIGHT_LEVELS * WEIGHT_LEVELS));
  }
}

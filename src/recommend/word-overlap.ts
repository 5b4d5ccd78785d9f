/**
 * Word overlap between items, for the blend: each item's text as a TF-IDF vector (log term
 * frequency times ln(N / document frequency), L2-normalised), with an inverted index to find the
 * items sharing an anchor's rarer words. The small encoder misses what shoppers match on exactly (a
 * model number, "HP 78", a series name); adding this cosine to the content score lifts content-only
 * "for you" and "similar" on both eval datasets (docs/quality.md; its weight `wordOverlap` is chosen on
 * the validation split like every blend weight).
 *
 * Built once per catalog (`WordOverlapIndexBuilder`, in slices in the worker) into flat typed
 * arrays: 100k Steam items take 36 MiB. Only the first `MAX_OVERLAP_WORDS` words of a text count:
 * the default text rule puts title, brand and category first and long descriptions last.
 */

/** Words of a text that count. */
export const MAX_OVERLAP_WORDS = 64;
/**
 * Words in more than this share of the catalog (but always those in 2 items), or in more than
 * `MAX_POSTINGS` items, find no neighbours (they still score candidates): it bounds a neighbour
 * search at 100k items to ~2 ms.
 */
export const COMMON_SHARE = 0.05;
export const MAX_POSTINGS = 2000;

/**
 * A word: a run of letters (with their combining marks) or a run of digits. Model numbers split at
 * letter-digit boundaries ("C6578DN": c, 6578, dn), so a "6578" pack and its "C6578AN" refill
 * share a word; validation HR@10 of content-only for-you on Office rose .0793 -> .0822, paired
 * interval [+.0006, +.0055] (MovieLens unchanged; docs/notes/quality-ideas.md).
 */
const WORD = /[\p{L}\p{M}]+|\p{N}+/gu;
const NOT_WORD = /[^\p{L}\p{M}\p{N}]+/u;
const LETTERS = /^[\p{L}\p{M}]+$/u;
const DIGITS = /^\p{N}+$/u;

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

/** The words of `text` that count: lower-cased runs of letters or of digits (`WORD`), at most `MAX_OVERLAP_WORDS`. */
export function overlapWords(text: string): string[] {
  const out: string[] = [];
  // NFC: "café" typed composed and stored decomposed (NFD, as some CMSs and macOS file names give
  // it) must be one word. Not NFKC: it would turn "™" into the letters "TM".
  // Split at what no word holds, then split the rare run that mixes letters and digits: the same
  // words as matching `WORD` throughout, without a match object per word (a first visit adds every
  // item: matchAll made ~200 MB of garbage over the 32k Steam items). One piece more than the
  // words wanted covers a leading empty piece.
  const pieces = text
    .normalize('NFC')
    .toLowerCase()
    .split(NOT_WORD, MAX_OVERLAP_WORDS + 1);
  for (const piece of pieces) {
    if (piece === '') continue;
    if (LETTERS.test(piece) || DIGITS.test(piece)) out.push(piece);
    else for (const m of piece.matchAll(WORD)) if (out.length < MAX_OVERLAP_WORDS) out.push(m[0]);
    if (out.length >= MAX_OVERLAP_WORDS) break;
  }
  return out;
}

/** Collects item texts (one `add` per item, in any number of slices), then `finish()` builds the index. */
export class WordOverlapIndexBuilder {
  private readonly termId = new Map<string, number>();
  private readonly keys: string[] = [];
  private readonly slotOf = new Map<string, number>();
  /** Per item, its distinct term ids (ascending) and their counts. */
  private readonly rows: { ids: Uint32Array; counts: Uint16Array }[] = [];

  /** Adds `key`'s text (a key added twice keeps its first text, like catalog validation). */
  add(key: string, text: string): void {
    if (this.slotOf.has(key)) return;
    const words = overlapWords(text);
    const all = new Uint32Array(words.length);
    words.forEach((word, i) => {
      let id = this.termId.get(word);
      if (id === undefined) {
        id = this.termId.size;
        this.termId.set(word, id);
      }
      all[i] = id;
    });
    all.sort();
    // Runs of equal ids are one term and its count.
    let distinct = 0;
    for (let i = 0; i < all.length; i++) if (i === 0 || all[i] !== all[i - 1]) distinct++;
    const ids = new Uint32Array(distinct);
    const counts = new Uint16Array(distinct);
    let d = -1;
    for (let i = 0; i < all.length; i++) {
      if (i === 0 || all[i] !== all[i - 1]) ids[++d] = all[i]!;
      counts[d]!++;
    }
    this.slotOf.set(key, this.keys.length);
    this.keys.push(key);
    this.rows.push({ ids, counts });
  }

  /** The index of everything added. */
  finish(): WordOverlapIndex {
    const n = this.keys.length;
    const terms = this.termId.size;
    const df = new Uint32Array(terms);
    let total = 0;
    for (const r of this.rows) {
      for (const id of r.ids) df[id]!++;
      total += r.ids.length;
    }
    const idf = Float32Array.from(df, (d) => Math.log(n / d));
    // Item-major rows (for similarity) and term-major postings (for neighbours), weights included.
    const rowStart = new Uint32Array(n + 1);
    const rowTerm = new Uint32Array(total);
    const rowWeight = new Float32Array(total);
    // Postings only for the words neighbour searches walk: common words' lists would be most of the
    // memory (Steam's genres and tags) and are never read.
    const common = commonLimit(n);
    const postStart = new Uint32Array(terms + 1);
    for (let t = 0; t < terms; t++) postStart[t + 1] = postStart[t]! + (df[t]! <= common ? df[t]! : 0);
    const fill = postStart.slice(0, terms);
    const postItem = new Uint32Array(postStart[terms]!);
    const postWeight = new Float32Array(postStart[terms]!);
    let at = 0;
    this.rows.forEach((r, slot) => {
      rowStart[slot] = at;
      let norm = 0;
      for (let j = 0; j < r.ids.length; j++) norm += ((1 + Math.log(r.counts[j]!)) * idf[r.ids[j]!]!) ** 2;
      norm = Math.sqrt(norm) || 1;
      for (let j = 0; j < r.ids.length; j++) {
        const id = r.ids[j]!;
        const w = ((1 + Math.log(r.counts[j]!)) * idf[id]!) / norm;
        rowTerm[at] = id;
        rowWeight[at] = w;
        at++;
        if (df[id]! > common) continue;
        const p = fill[id]!++;
        postItem[p] = slot;
        postWeight[p] = w;
      }
    });
    rowStart[n] = at;
    const arrays = { rowStart, rowTerm, rowWeight, postStart, postItem, postWeight, df };
    return new WordOverlapIndex([...this.keys], new Map(this.slotOf), arrays);
  }
}

/**
 * Names the layout and everything that shapes a built index: a stored index of another format is
 * rebuilt, never read. Bump the leading version when the tokenizer or the weighting changes.
 */
export const WORD_OVERLAP_FORMAT = `tfidf-3:${MAX_OVERLAP_WORDS}:${COMMON_SHARE}:${MAX_POSTINGS}`;

/** A `WordOverlapIndex` as plain, structured-clonable data (`toSaved`, `fromSaved`). */
export interface SavedWordOverlapIndex {
  format: string;
  keys: string[];
  arrays: WordOverlapArrays;
}

/** The flat arrays of a built index. */
export interface WordOverlapArrays {
  rowStart: Uint32Array;
  rowTerm: Uint32Array;
  rowWeight: Float32Array;
  postStart: Uint32Array;
  postItem: Uint32Array;
  postWeight: Float32Array;
  df: Uint32Array;
}

/** The most items a word may be in and still find neighbours, for a catalog of `n` (the server's too: src/server/words.ts). */
export function commonLimit(n: number): number {
  return Math.max(2, Math.min(COMMON_SHARE * n, MAX_POSTINGS));
}

/** True when `a` holds the arrays of an index of `n` items whose offsets stay inside them (storage can hand back anything). */
function fits(n: number, a: Partial<WordOverlapArrays> | undefined): a is WordOverlapArrays {
  const u32 = (x: unknown): x is Uint32Array => x instanceof Uint32Array;
  const f32 = (x: unknown): x is Float32Array => x instanceof Float32Array;
  if (
    !a ||
    !u32(a.rowStart) ||
    !u32(a.rowTerm) ||
    !f32(a.rowWeight) ||
    !u32(a.postStart) ||
    !u32(a.postItem) ||
    !f32(a.postWeight) ||
    !u32(a.df)
  )
    return false;
  const terms = a.df.length;
  const rows = a.rowStart.length === n + 1 && a.rowTerm.length === a.rowStart[n] && a.rowWeight.length === a.rowTerm.length;
  const posts = a.postStart.length === terms + 1 && a.postItem.length === a.postStart[terms] && a.postWeight.length === a.postItem.length;
  const rising = (x: Uint32Array) => x.every((v, i) => i === 0 || v >= x[i - 1]!);
  const unit = (x: Float32Array) => x.every((w) => w >= 0 && w <= 1); // also false for NaN
  const ids = a.rowTerm.every((t) => t < terms) && a.postItem.every((i) => i < n);
  return rows && posts && rising(a.rowStart) && rising(a.postStart) && ids && unit(a.rowWeight) && unit(a.postWeight);
}

/** TF-IDF vectors of a catalog's texts (immutable; a changed catalog builds a new one). */
export class WordOverlapIndex implements WordOverlapLookup {
  private scratch: Float64Array;

  /** Use `WordOverlapIndex.build` or a `WordOverlapIndexBuilder`. */
  constructor(
    private readonly keys: readonly string[],
    private readonly slotOf: ReadonlyMap<string, number>,
    private readonly a: WordOverlapArrays,
  ) {
    this.scratch = new Float64Array(keys.length);
  }

  /** The index of `items` ([key, text] pairs) in one go. */
  static build(items: Iterable<readonly [string, string]>): WordOverlapIndex {
    const builder = new WordOverlapIndexBuilder();
    for (const [key, text] of items) builder.add(key, text);
    return builder.finish();
  }

  /** The index as plain data for storage (its own arrays, not copies: do not change them). */
  toSaved(): SavedWordOverlapIndex {
    return { format: WORD_OVERLAP_FORMAT, keys: [...this.keys], arrays: this.a };
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

  /** Up to `n` items sharing `key`'s rarer words, best first (see `WordOverlapLookup.neighbours`). */
  neighbours(key: string, n: number): { key: string; score: number }[] {
    const slot = this.slotOf.get(key);
    if (slot === undefined || n <= 0) return [];
    const { rowStart, rowTerm, rowWeight, postStart, postItem, postWeight } = this.a;
    const dots = this.scratch;
    const touched: number[] = [];
    for (let i = rowStart[slot]!; i < rowStart[slot + 1]!; i++) {
      const id = rowTerm[i]!;
      const wq = rowWeight[i]!;
      if (wq === 0) continue; // a word in every item: no weight, and `dots` must stay 0 until touched
      for (let p = postStart[id]!; p < postStart[id + 1]!; p++) {
        const other = postItem[p]!;
        if (other === slot) continue;
        if (dots[other] === 0) touched.push(other);
        dots[other]! += wq * postWeight[p]!;
      }
    }
    const hits = touched.map((other) => {
      const score = dots[other]!;
      dots[other] = 0;
      return { key: this.keys[other]!, score };
    });
    return hits.sort((x, y) => y.score - x.score || (x.key < y.key ? -1 : 1)).slice(0, n);
  }

  /** TF-IDF cosine of two indexed items (0 when either is unknown or they share no word). */
  similarity(a: string, b: string): number {
    const sa = this.slotOf.get(a);
    const sb = this.slotOf.get(b);
    if (sa === undefined || sb === undefined) return 0;
    const { rowStart, rowTerm, rowWeight } = this.a;
    // Both rows are sorted by term id: one merge pass.
    let i = rowStart[sa]!;
    let j = rowStart[sb]!;
    const iEnd = rowStart[sa + 1]!;
    const jEnd = rowStart[sb + 1]!;
    let dot = 0;
    while (i < iEnd && j < jEnd) {
      const ti = rowTerm[i]!;
      const tj = rowTerm[j]!;
      if (ti === tj) dot += rowWeight[i++]! * rowWeight[j++]!;
      else if (ti < tj) i++;
      else j++;
    }
    return Math.min(1, dot); // float32 weights: an item with itself can sum to 1.00000006
  }
}

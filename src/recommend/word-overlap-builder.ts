/**
 * Builds a `WordOverlapIndex` (word-overlap.ts) from item texts: one `add` per item, in any number
 * of slices (the worker yields between them), then `finish()` lays the flat arrays out.
 */
import { describedFrequency, fullFrequency, MAX_OVERLAP_WORDS, markName, NAME_WEIGHT, overlapWords } from './overlap-terms.ts';
import { commonLimit, overlapFormat, packWeights, WordOverlapIndex } from './word-overlap.ts';

/** Collects item texts (one `add` per item, in any number of slices), then `finish()` builds the index. */
export class WordOverlapIndexBuilder {
  private readonly termId = new Map<string, number>();
  private readonly keys: string[] = [];
  private readonly slotOf = new Map<string, number>();
  /** Per item, its distinct term ids (ascending), their counts and how many of those are in its name. */
  private readonly rows: { ids: Uint32Array; counts: Uint8Array; inName: Uint8Array }[] = [];
  private readonly marks = new Uint8Array(MAX_OVERLAP_WORDS);

  /**
   * `nameWeight`: the described view's weight of an item's own name (default `NAME_WEIGHT`, what
   * pages use; the eval tries others). An index built with another is stored under another format.
   */
  constructor(private readonly nameWeight = NAME_WEIGHT) {}

  /**
   * Adds `key`'s text (a key added twice keeps its first text, like catalog validation). `name`: the
   * item's own name (`itemName`), which counts less in the described view.
   */
  add(key: string, text: string, name?: string): void {
    if (this.slotOf.has(key)) return;
    const words = overlapWords(text);
    const inName = markName(words, name ? overlapWords(name) : [], this.marks);
    // Term id and name mark in one number, sorted: runs of one id are one term, its count and marks.
    const all = new Uint32Array(words.length);
    words.forEach((word, i) => {
      let id = this.termId.get(word);
      if (id === undefined) {
        id = this.termId.size;
        this.termId.set(word, id);
      }
      all[i] = id * 2 + inName[i]!;
    });
    all.sort();
    let distinct = 0;
    for (let i = 0; i < all.length; i++) if (i === 0 || all[i]! >>> 1 !== all[i - 1]! >>> 1) distinct++;
    const ids = new Uint32Array(distinct);
    const counts = new Uint8Array(distinct);
    const named = new Uint8Array(distinct);
    let d = -1;
    for (let i = 0; i < all.length; i++) {
      const id = all[i]! >>> 1;
      if (i === 0 || id !== ids[d]) ids[++d] = id;
      counts[d]!++;
      named[d]! += all[i]! & 1;
    }
    this.slotOf.set(key, this.keys.length);
    this.keys.push(key);
    this.rows.push({ ids, counts, inName: named });
  }

  /** The index of `items` ([key, text] pairs or [key, text, name] triples) in one go. */
  static build(items: Iterable<readonly [string, string, (string | undefined)?]>, nameWeight = NAME_WEIGHT): WordOverlapIndex {
    const builder = new WordOverlapIndexBuilder(nameWeight);
    for (const [key, text, name] of items) builder.add(key, text, name);
    return builder.finish();
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
    const rowWeight = new Uint32Array(total);
    // Postings only for the words neighbour searches walk: common words' lists would be most of the
    // memory (Steam's genres and tags) and are never read.
    const common = commonLimit(n);
    const postStart = new Uint32Array(terms + 1);
    for (let t = 0; t < terms; t++) postStart[t + 1] = postStart[t]! + (df[t]! <= common ? df[t]! : 0);
    const fill = postStart.slice(0, terms);
    const postItem = new Uint32Array(postStart[terms]!);
    const postWeight = new Uint32Array(postStart[terms]!);
    const full = new Float64Array(MAX_OVERLAP_WORDS);
    const described = new Float64Array(MAX_OVERLAP_WORDS);
    let at = 0;
    this.rows.forEach((r, slot) => {
      rowStart[slot] = at;
      let fullNorm = 0;
      let describedNorm = 0;
      for (let j = 0; j < r.ids.length; j++) {
        const idf_ = idf[r.ids[j]!]!;
        full[j] = fullFrequency(r.counts[j]!) * idf_;
        described[j] = describedFrequency(r.counts[j]!, r.inName[j]!, this.nameWeight) * idf_;
        fullNorm += full[j]! ** 2;
        describedNorm += described[j]! ** 2;
      }
      fullNorm = Math.sqrt(fullNorm) || 1;
      describedNorm = Math.sqrt(describedNorm) || 1;
      for (let j = 0; j < r.ids.length; j++) {
        const id = r.ids[j]!;
        const w = packWeights(full[j]! / fullNorm, described[j]! / describedNorm);
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
    return new WordOverlapIndex([...this.keys], new Map(this.slotOf), arrays, overlapFormat(this.nameWeight));
  }
}

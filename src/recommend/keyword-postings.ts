/**
 * The keyword index's data: which items have which word in which field, how often, and how long
 * each field is, in flat typed arrays. It is built the way MiniSearch builds its index (same
 * tokenizer, lower-casing, unique-token field lengths, running average lengths, words in a
 * `SearchableMap` radix tree inserted in the same order), so a search over it (keyword-search.ts) can
 * give exactly MiniSearch's scores, without MiniSearch's per-posting `Map` entries.
 *
 * Why: MiniSearch keeps one `Map` entry per (word, field, item). At 100k Steam items (4.5M such
 * postings) that was ~218 MB of worker heap and a ~7 s build in Node; here a posting is an item
 * number and a count in two typed arrays (`bench/keyword-search.ts` prints both).
 */
import SearchableMap from 'minisearch/SearchableMap';

/**
 * MiniSearch's default tokenizer: split on spaces, line breaks and punctuation (Unicode classes).
 * Kept the same so MiniSearch stays the reference (keyword-search.test.ts checks).
 */
export const TOKEN_SEPARATOR = /[\n\r\p{Z}\p{P}]+/u;

/** A query's words as the index tokenizes and lower-cases text, in order (empty ones dropped). */
export function queryWords(text: string): string[] {
  return text
    .split(TOKEN_SEPARATOR)
    .map((w) => w.toLowerCase())
    .filter(Boolean);
}

/** One word's postings in one field: rows `items[start..end)`, their counts `counts[start..end)`. */
export interface PostingList {
  start: number;
  end: number;
  items: Uint32Array;
  counts: Uint16Array | Uint32Array;
}

/** Keyword postings over documents with string fields `F`, rows numbered in the order added. */
export class KeywordPostings<F extends string> {
  /** Word -> word number, inserted in first-seen order (MiniSearch's radix tree, same shape). */
  readonly words = new SearchableMap<number>();
  /** Words in `words` (its own `size` walks the whole tree). */
  wordCount = 0;
  /**
   * Word -> word number as a hash map while building: a build looks up every token, and this is
   * ~2x faster than the radix tree. Dropped by `compact()` (refilled if more documents come).
   */
  private readonly wordIds = new Map<string, number>();
  /** Each row's id, by row number. */
  readonly ids: string[] = [];
  /** Per field (in `fields` order), each row's number of distinct tokens (MiniSearch's field length). */
  private lengths: Uint32Array[];
  /** Per field, MiniSearch's running average of field lengths (over every row, with the field or not). */
  readonly averageLength: number[];
  /** Postings not yet in the flat arrays: (list, row, count) triples in the order added. */
  private pending = new PendingPostings();
  private flat: { offsets: Uint32Array; items: Uint32Array; counts: Uint16Array | Uint32Array } | undefined;

  constructor(readonly fields: readonly F[]) {
    this.lengths = fields.map(() => new Uint32Array(1024));
    this.averageLength = fields.map(() => 0);
  }

  /** Rows indexed. */
  get size(): number {
    return this.ids.length;
  }

  /** (word, field, row) postings indexed so far. */
  get postingCount(): number {
    return (this.flat?.items.length ?? 0) + this.pending.length;
  }

  /** Indexes `docs` as the next rows (`key` plus the fields' text; a missing field has no words). */
  add(docs: readonly ({ readonly key: string } & Partial<Record<F, string>>)[]): void {
    if (this.wordIds.size < this.wordCount) for (const [word, id] of this.words) this.wordIds.set(word, id);
    for (const doc of docs) {
      const row = this.ids.length;
      this.ids.push(doc.key);
      this.growLengths(row + 1);
      this.fields.forEach((field, f) => {
        const text = doc[field];
        if (text == null) return;
        const tokens = text.split(TOKEN_SEPARATOR);
        const length = new Set(tokens).size; // MiniSearch counts distinct raw tokens ('' included)
        this.lengths[f]![row] = length;
        this.averageLength[f] = (this.averageLength[f]! * row + length) / (row + 1);
        const counts = new Map<number, number>();
        for (const token of tokens) {
          const word = token.toLowerCase();
          if (!word) continue;
          let id = this.wordIds.get(word);
          if (id === undefined) {
            id = this.wordCount++;
            this.wordIds.set(word, id);
            this.words.set(word, id);
          }
          counts.set(id, (counts.get(id) ?? 0) + 1);
        }
        for (const [id, count] of counts) this.pending.push(id * this.fields.length + f, row, count);
      });
    }
  }

  /**
   * Moves postings added since into the flat arrays (a search does it too, when some are
   * pending). One pass over everything: ~50-150 ms at 100k Steam items, so a sliced build ends
   * with it rather than merging as it goes (that cost three merges of up to 150 ms each).
   */
  compact(): void {
    this.flatten();
    this.wordIds.clear();
  }

  /** Field `f`'s length for each row. */
  fieldLengths(f: number): Uint32Array {
    return this.lengths[f]!;
  }

  /**
   * The rows holding `term` in the field where it is most common (0 for a word the index lacks):
   * how common a query word is (query-words.ts), without a pass over its rows.
   */
  holders(term: string): number {
    const word = this.words.get(term);
    if (word === undefined) return 0;
    let most = 0;
    for (let f = 0; f < this.fields.length; f++) {
      const list = this.postings(word, f);
      most = Math.max(most, list.end - list.start);
    }
    return most;
  }

  /** The postings of word number `word` in field `f` (empty when none). */
  postings(word: number, f: number): PostingList {
    const flat = this.flatten();
    const list = word * this.fields.length + f;
    return { start: flat.offsets[list]!, end: flat.offsets[list + 1]!, items: flat.items, counts: flat.counts };
  }

  /** Moves pending postings into the flat arrays (a counting sort by list; rows stay in order). */
  private flatten() {
    if (this.flat && this.pending.length === 0) return this.flat;
    const lists = this.wordCount * this.fields.length;
    const old = this.flat;
    const offsets = new Uint32Array(lists + 1);
    const oldCount = (l: number) => (old && l + 1 < old.offsets.length ? old.offsets[l + 1]! - old.offsets[l]! : 0);
    for (let l = 0; l < lists; l++) offsets[l + 1] = oldCount(l);
    let maxCount = old?.counts instanceof Uint32Array ? 0x10000 : 0;
    this.pending.forEach((l, _row, count) => {
      offsets[l + 1]!++;
      if (count > maxCount) maxCount = count;
    });
    for (let l = 0; l < lists; l++) offsets[l + 1]! += offsets[l]!;
    const total = offsets[lists]!;
    const items = new Uint32Array(total);
    const counts = maxCount > 0xffff ? new Uint32Array(total) : new Uint16Array(total);
    const next = offsets.slice(0, lists);
    if (old)
      for (let l = 0; l + 1 < old.offsets.length; l++)
        for (let i = old.offsets[l]!; i < old.offsets[l + 1]!; i++) {
          items[next[l]!] = old.items[i]!;
          counts[next[l]!++] = old.counts[i]!;
        }
    this.pending.forEach((l, row, count) => {
      items[next[l]!] = row;
      counts[next[l]!++] = count;
    });
    this.pending = new PendingPostings();
    this.flat = { offsets, items, counts };
    return this.flat;
  }

  private growLengths(rows: number): void {
    if (rows <= this.lengths[0]!.length) return;
    this.lengths = this.lengths.map((old) => {
      const grown = new Uint32Array(Math.max(rows, old.length * 2));
      grown.set(old);
      return grown;
    });
  }
}

/** (list, row, count) triples in fixed-size typed-array chunks (no JS array's 8+ bytes, no doubling slack). */
class PendingPostings {
  private static readonly CHUNK = 1 << 16;
  private readonly chunks: Uint32Array[] = [];
  length = 0;

  push(list: number, row: number, count: number): void {
    const at = (this.length % PendingPostings.CHUNK) * 3;
    if (at === 0) this.chunks.push(new Uint32Array(PendingPostings.CHUNK * 3));
    const chunk = this.chunks[this.chunks.length - 1]!;
    chunk[at] = list;
    chunk[at + 1] = row;
    chunk[at + 2] = count;
    this.length++;
  }

  /** Calls `each` for every triple, in the order pushed. */
  forEach(each: (list: number, row: number, count: number) => void): void {
    let left = this.length;
    for (const chunk of this.chunks) {
      const n = Math.min(left, PendingPostings.CHUNK);
      for (let i = 0; i < n * 3; i += 3) each(chunk[i]!, chunk[i + 1]!, chunk[i + 2]!);
      left -= n;
    }
  }
}

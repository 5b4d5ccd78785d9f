/**
 * Query words read as the catalog's own labels: a shopper types "kids movie" or "animated movie"
 * where the catalog says `genres: ["Children", "Animation"]`. Keyword search finds neither (no
 * shared word, and "animated" is three edits from "animation"), and worse, it finds titles that
 * hold the shopper's word in another sense (Kids, 1995; The Kids Are All Right). The encoder knows
 * the two mean the same: each query word is embedded alone and compared with the catalog's labels
 * (the values of its list fields, `itemFacets`), and a label within `LABEL_WORD_COSINE` is added to
 * the keyword half's query, ahead of it ("Children kids movie": the last word typed stays last, so
 * it keeps its prefix match while the shopper types). The vector half keeps the query as typed.
 *
 * Chosen on the validation split of the judged search queries (docs/search-truth.md, "Query words
 * read as labels"): natural NDCG@10 of hybrid search, MovieLens .671 -> .728 at cosine .7 (.695 at
 * .6, which also mapped keyboard mashes onto labels, and no change at .8), Steam .772 -> .779,
 * Office unchanged (its feed has no list fields). The threshold is the default model's.
 */
import { dotF32 } from '../vector-index/dot.ts';
import { STOPWORDS } from './query-words.ts';

/** A label must be held by this many items to be a search word: rarer ones are one-off tags. */
export const LABEL_MIN_ITEMS = 5;

/** The most labels embedded per catalog (by how many items hold them): a bound on the one-time cost. */
export const LABEL_VOCABULARY_MAX = 1000;

/** Cosine between a query word and a label at which the label is added to the keyword query. */
export const LABEL_WORD_COSINE = 0.7;

/** Shortest query word looked up (two letters are mostly parts: "fi" of "sci-fi"). */
const MIN_WORD_LENGTH = 3;

/**
 * Most words of one query looked up: each is one more run of the model (~20-30 ms in one thread),
 * and a pasted paragraph must not cost hundreds. Shopper queries have fewer strong words.
 */
export const MAX_LOOKUP_WORDS = 8;

/** Runs of letters and digits: the words of a query or a label. */
const WORD = /[\p{L}\p{N}]+/gu;
const HAS_LETTER = /\p{L}/u;

/**
 * Words of `text` in order, NFC, each lower-cased on its own after the split ("İ" lower-cased in
 * a whole text becomes "i" and a combining dot, which would cut its word in two).
 */
function wordsOf(text: string): string[] {
  return (text.normalize('NFC').match(WORD) ?? []).map((w) => w.toLowerCase());
}

/**
 * How many items hold each label, counted one item at a time (an item's repeats count once), so a
 * catalog's label lists need not be kept: the keyword build counts them as it reads each item.
 */
export class LabelCounts {
  private readonly held = new Map<string, number>();

  /** Counts one item's labels. */
  add(labels: readonly string[]): void {
    for (let i = 0; i < labels.length; i++) {
      const label = labels[i]!;
      if (labels.indexOf(label) === i) this.held.set(label, (this.held.get(label) ?? 0) + 1);
    }
  }

  /** The labels worth embedding: held by `LABEL_MIN_ITEMS` or more items, the most held first, at most `max`. */
  vocabulary(max = LABEL_VOCABULARY_MAX): string[] {
    return [...this.held]
      .filter(([, n]) => n >= LABEL_MIN_ITEMS)
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .slice(0, max)
      .map(([label]) => label);
  }
}

/** `LabelCounts.vocabulary` of every item's labels (`labelLists`: one list per item). */
export function labelVocabulary(labelLists: Iterable<readonly string[]>, max = LABEL_VOCABULARY_MAX): string[] {
  const counts = new LabelCounts();
  for (const labels of labelLists) counts.add(labels);
  return counts.vocabulary(max);
}

/** The catalog's labels with their vectors, and how a query's words map onto them. */
export class LabelWords {
  /** Every word of every label: a query word the labels already use is matched as it is. */
  private readonly labelWordSet: Set<string>;
  /**
   * Labels of two or more words by their words run together ("permadeath" -> "Perma Death",
   * "scifi" -> "Sci-fi"): a shopper's spelling as one word matches none of the label's words, and
   * the encoder does not always see the two as one (cosine .56 for "permadeath"). Exact, so no
   * embedding is needed and no keyboard mash can land on a label.
   */
  private readonly joined = new Map<string, string>();

  /**
   * The labels as spelled, with no vectors: only a label typed as one word is read (`joined`), and
   * no word is looked up. What search has before the labels are embedded, or with a model whose
   * cosines the threshold was not chosen on.
   */
  static spelled(labels: readonly string[]): LabelWords {
    return new LabelWords(labels, new Float32Array(0), 0);
  }

  /** `vectors`: one unit vector of `dims` floats per label, as the encoder embeds the label's text (none: `spelled`). */
  constructor(
    readonly labels: readonly string[],
    private readonly vectors: Float32Array,
    private readonly dims: number,
  ) {
    if (vectors.length !== labels.length * dims)
      throw new RangeError(`LabelWords: ${labels.length} labels need ${labels.length * dims} floats, got ${vectors.length}`);
    this.labelWordSet = new Set(labels.flatMap(wordsOf));
    for (const label of labels) {
      const words = wordsOf(label);
      // The most held label first (the vocabulary's order) keeps a spelling two labels share.
      if (words.length > 1 && !this.joined.has(words.join(''))) this.joined.set(words.join(''), label);
    }
  }

  /**
   * The words of `query` to look up: distinct, lower-cased, with a letter, at least 3 characters,
   * not a stopword and not already a word of some label; the first `MAX_LOOKUP_WORDS`.
   */
  private candidates(query: string): string[] {
    if (this.labels.length === 0) return [];
    return [...new Set(wordsOf(query))]
      .filter((w) => w.length >= MIN_WORD_LENGTH && HAS_LETTER.test(w) && !STOPWORDS.has(w) && !this.labelWordSet.has(w))
      .slice(0, MAX_LOOKUP_WORDS);
  }

  /** The words of `query` to embed and look up (see `candidates`), less those that spell a label run together. */
  wordsToLookUp(query: string): string[] {
    if (this.dims === 0) return [];
    return this.candidates(query).filter((w) => !this.joined.has(w));
  }

  /** The label nearest `vector` (a word's, unit length) if its cosine reaches the threshold. */
  labelFor(vector: Float32Array): string | undefined {
    const d = this.dims;
    let best = LABEL_WORD_COSINE;
    let found: string | undefined;
    for (let i = 0; i < this.labels.length; i++) {
      const dot = dotF32(vector, 0, this.vectors, i * d, d);
      if (dot >= best) {
        best = dot;
        found = this.labels[i];
      }
    }
    return found;
  }

  /**
   * The keyword half's query: `query` after the labels that `vectorOf` maps its looked-up words to
   * (each label once, in the order of the words), or `query` itself when none maps. `vectorOf`
   * gives a looked-up (lower-cased) word's vector. Ahead of the query, not beside each word: keyword
   * search reads the last word as a prefix of what is being typed (typo-query.ts). A word that spells
   * a label run together is replaced by it ("permadeath game" -> "Perma Death game").
   */
  expand(query: string, vectorOf: (word: string) => Float32Array | undefined): string {
    const found: string[] = [];
    const spelled = new Set<string>();
    for (const w of this.candidates(query)) {
      const joined = this.joined.get(w);
      if (joined) spelled.add(w);
      const v = joined ? undefined : vectorOf(w);
      const label = joined ?? (v ? this.labelFor(v) : undefined);
      if (label && !found.includes(label)) found.push(label);
    }
    if (found.length === 0) return query;
    // A label typed as one word stands in its place: it is no catalog word (else no label would be
    // looked up for it), and left in it would keep every hit from holding all the query's words.
    const rest =
      spelled.size === 0 ? query : (query.normalize('NFC').match(WORD) ?? []).filter((t) => !spelled.has(t.toLowerCase())).join(' ');
    return `${found.join(' ')} ${rest}`.trim();
  }
}

/**
 * `query` as the keyword half searches it (`LabelWords.expand`), its looked-up words embedded by
 * `embed` in one call (one row of the label vectors' dimensions per word, in order).
 */
export async function expandWithLabels(
  labels: LabelWords,
  query: string,
  embed: (words: readonly string[]) => Promise<Float32Array>,
): Promise<string> {
  const words = labels.wordsToLookUp(query);
  if (words.length === 0) return labels.expand(query, () => undefined);
  const rows = await embed(words);
  const d = rows.length / words.length;
  const byWord = new Map(words.map((w, i) => [w, rows.subarray(i * d, (i + 1) * d)]));
  return labels.expand(query, (w) => byWord.get(w));
}

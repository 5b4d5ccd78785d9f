/**
 * The words of a keyword search as they are searched (keyword-search.ts), with swapped letters counted as one typo.
 *
 * MiniSearch's typo tolerance is Levenshtein distance, where two swapped neighbouring letters
 * ("bkie" for "bike") are two edits; words of 4-5 letters are allowed one (more matches too much
 * at that length), so the most common typing slip went unmatched there. The optimal-string-
 * alignment (restricted Damerau) distance counts a swap as one edit. This adds it without a second
 * index: each 4-5 letter word of the query is searched as typed (MiniSearch's own one-edit fuzzy
 * and prefix matching) OR as each of its swapped-letter spellings the catalog has, scored like a
 * one-edit fuzzy match. Words of 6+ letters already allow two edits, which covers a swap.
 *
 * Only a word the catalog does not have is read as a swap: "from" stays "from" even where the
 * catalog also says "form" (a spell checker's rule). By the same rule, a word the catalog has is
 * matched within its edits only by words of the same first `KNOWN_WORD_FUZZY_PREFIX` letters: its
 * own forms ("zombie", "zombies"), not another word two edits away ("farming" matched "Gaming",
 * and "farming game" answered with documentaries about games). The swaps, measured on the search
 * eval's validation queries (MRR, Office / MovieLens): typo queries .780 / .911 -> .794 / .936 for
 * keyword search (hybrid .782 / .912 -> .796 / .936); swapping known words as well gains the same
 * on typos but costs Office text-word queries .001; every other query type is unchanged.
 */

/**
 * The last word is matched as a prefix (it may be half typed) from this many letters: "s" or "in"
 * would expand to thousands of words, each scored in every item that has it (at 32k Steam items a
 * one-letter last word cost 0.2-0.3 s), for matches too vague to rank by.
 */
export const MIN_PREFIX = 3;

/**
 * Letters a word the catalog has shares with its fuzzy matches (see the module comment). Chosen on
 * the validation split of the judged queries with the known-item queries held (docs/search-truth.md,
 * "Known words"): natural NDCG@10 over the catalogs .800 without, .806 at 1 letter, .808 at 2, .807
 * at 3 and 4.
 */
export const KNOWN_WORD_FUZZY_PREFIX = 2;

/** The fuzzy weight MiniSearch gives a match at edit distance d from a query word of length n is 0.45 * n / (n + d). */
const FUZZY_WEIGHT = 0.45;

/** The term boost of a swapped spelling of `word`: scored like a one-edit fuzzy match of it. */
export function swapWeight(word: string): number {
  return (FUZZY_WEIGHT * word.length) / (word.length + 1);
}

/** One word of a keyword query, as it is searched. */
export interface SearchedWord {
  word: string;
  /** Matched as a prefix too (only the last word, from `MIN_PREFIX` letters). */
  prefix: boolean;
  /** Edits allowed when matching it (MiniSearch's fuzzy matching). */
  fuzzy: number;
  /** Letters a fuzzy match must share with it from the start (0: any; a word the catalog has: `KNOWN_WORD_FUZZY_PREFIX`). */
  fuzzyPrefix: number;
  /** Its swapped-letter spellings that are searched too (those the catalog has, for a word it lacks). */
  swapped: string[];
}

/** A keyword query's words as searched, and which query word each searched spelling stands for. */
export interface TypoQuery {
  /** Each query word, in order, as keyword-search.ts searches it. */
  words: SearchedWord[];
  /** Searched spelling -> the query word it stands for (every word maps to itself). */
  wordOf: ReadonlyMap<string, string>;
}

/**
 * The spellings of `word` with two neighbouring letters swapped (no repeats, not the word itself).
 * "bkie" gives "kbie", "bike", "bkei".
 */
export function transpositions(word: string): string[] {
  const out = new Set<string>();
  for (let i = 0; i + 1 < word.length; i++) {
    if (word[i] === word[i + 1]) continue;
    out.add(word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2));
  }
  out.delete(word);
  return [...out];
}

/**
 * The query for `words` (the query's tokens as MiniSearch's tokenizer and term processing give
 * them, in order, repeats kept so scores equal a plain string search), the last word matched as a
 * prefix (it may be half typed). `known(term, prefix)` says whether the catalog has the term (or a
 * word starting with it). `fuzzy(word)` is the index's edit allowance; swapped spellings are added
 * only where it is exactly one.
 */
export function typoQuery(
  words: readonly string[],
  fuzzy: (word: string) => number,
  known: (term: string, prefix: boolean) => boolean,
): TypoQuery {
  const wordOf = new Map<string, string>();
  const last = words.length - 1;
  const entries: SearchedWord[] = words.map((word, i) => ({
    word,
    prefix: i === last && word.length >= MIN_PREFIX,
    fuzzy: fuzzy(word),
    fuzzyPrefix: 0,
    swapped: [],
  }));
  for (const entry of entries) {
    const { word, prefix } = entry;
    wordOf.set(word, word);
    if (entry.fuzzy > 0 && known(word, false)) entry.fuzzyPrefix = KNOWN_WORD_FUZZY_PREFIX;
    if (entry.fuzzy !== 1 || known(word, prefix)) continue;
    entry.swapped = transpositions(word).filter((t) => !words.includes(t) && (wordOf.get(t) ?? word) === word && known(t, prefix));
    for (const t of entry.swapped) wordOf.set(t, word);
  }
  return { words: entries, wordOf };
}

/**
 * The words word overlap counts (src/recommend/word-overlap.ts), and how much each weighs in the
 * two views of an item's text:
 *
 * - **full**: every word of the text, log term frequency (what "for you" and "bought together" read);
 * - **described**: the same words, except that the item's own name (its `title` or `name`, wherever
 *   the text repeats it) counts `NAME_WEIGHT` as much as the rest. "Similar items" read mostly this
 *   one (`SIMILAR_FULL_SHARE` of the full cosine, the rest this one's: blend.ts).
 *
 * Why two views: a name shared with another item is evidence of the same product line or the same
 * year, which predicts the next item a visitor opens (MovieLens "for you" loses more than half its
 * hits without the names: validation HR@10 .0541 -> .0213), but it is not evidence of the same kind
 * of thing. Judged on substitutes, the full view answered "Stardew Valley" with "Sky Valley", "Train
 * Valley" and its own soundtrack, and "Portal 2" with "Portal Knights" add-ons; the described view
 * answers with farming and crafting games, and with Portal and other first-person puzzle games. A
 * name shared word for word (a cartridge and its twin pack) still counts through the full share.
 * Numbers in docs/quality.md ("similar: the item's own name").
 */
import { wordRuns } from './word-runs.ts';

/** Words of a text that count. */
export const MAX_OVERLAP_WORDS = 64;

/**
 * How much a word of the item's own name counts in the described view, against 1 for a word of the
 * rest of its text. Not 0: an item whose text is only its name (a catalog of titles alone) keeps
 * every word at the same relative weight, so its described vector is its full one after the L2
 * norm. Chosen with similar's word-overlap weight on the validation half of the substitute truth
 * (eval/mode-truth/tune-similar.ts; the numbers are at `SIMILAR_BLEND`, blend.ts).
 */
export const NAME_WEIGHT = 0.1;

/** Most labels of an item's list fields counted (`itemFacets` reads at most as many). */
export const MAX_OVERLAP_FACETS = 32;

/**
 * How much one of an item's labels (`itemFacets`: "Open World", "Comedy") counts in the described
 * view, against 1 for a word of its text as rare: a label is a whole statement of what the item is,
 * which one word of its description is not. Labels and words share the view's norm, so a game with
 * twenty labels reads mostly as its labels, while a label half the shop carries ("sale": IDF .69)
 * weighs as one or two of an item's rarer words. Validation substitute P@8 (similar's blend as
 * shipped): Steam .3992 without labels, .4744 / .5009 / .5247 / .5369 / .5408 at weight 2 / 3 / 5
 * / 8 / 12; MovieLens .9101, then .9196 to .9240; Office has no list fields (docs/quality.md).
 */
export const FACET_WEIGHT = 8;

/** Marks a term as a label: no word (a run of letters or digits) starts with it. */
const FACET_MARK = '\u0001';

/** `label` as one term (its text as `overlapText` reads it, whitespace collapsed), '' when it has no letter or digit. */
export function facetTerm(label: string): string {
  const text = overlapText(label).replace(/\s+/g, ' ').trim();
  return /[\p{L}\p{N}]/u.test(text) ? FACET_MARK + text : '';
}

/**
 * A calendar date (ISO 8601, with an optional time): only its year is a word. Its day and month
 * ("2018-01-04" gives 01 and 04) are rare enough among the words of a catalog to weigh as much as
 * a shared brand, and say nothing about what an item is.
 */
const ISO_DATE =
  /\b((?:19|20)\d{2})-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?\b/g;

/** Where `ISO_DATE` could match: a year and a month, without the global flag's state. */
const DATE_START = /\b(?:19|20)\d{2}-(?:0[1-9]|1[0-2])-/;

/**
 * The words of `text` that count: lower-cased runs of letters (with their combining marks) or of
 * digits, at most `MAX_OVERLAP_WORDS` (word-runs.ts). Model numbers split at letter-digit
 * boundaries ("C6578DN": c, 6578, dn), so a "6578" pack and its "C6578AN" refill share a word;
 * validation HR@10 of content-only for-you on Office rose .0793 -> .0822, paired interval
 * [+.0006, +.0055] (MovieLens unchanged; docs/notes/quality-ideas.md).
 */
export function overlapWords(text: string): string[] {
  return wordRuns(overlapText(text), MAX_OVERLAP_WORDS);
}

/** `text` as `overlapWords` reads it: each date as its year, NFC, lower case (the words are its runs). */
export function overlapText(text: string): string {
  // NFC: "café" typed composed and stored decomposed (NFD, as some CMSs and macOS file names give
  // it) must be one word. Not NFKC: it would turn "™" into the letters "TM".
  // Replaced only where a date starts: a replace copies the whole text even when nothing matches
  // (~19 MB of garbage over the 32k Steam texts, most of which hold a "-").
  const dated = DATE_START.test(text) ? text.replace(ISO_DATE, '$1') : text;
  // Normalised only when it could change: every code point below U+0300 is its own NFC (the first
  // combining mark is U+0300), and `normalize` costs even when it changes nothing (Node, 100k
  // Steam texts: 32 ms with it, 14 ms checked first; 91% of them hold no such character).
  return (MAY_COMPOSE.test(dated) ? dated.normalize('NFC') : dated).toLowerCase();
}

/** A code unit at or above U+0300: the text may change under NFC (see `overlapText`). */
const MAY_COMPOSE = /[\u0300-\uffff]/;

/** One distinct word of a text: how often it occurs, and how often inside the item's own name. */
export interface OverlapTerm {
  word: string;
  /** Occurrences among the text's counted words. */
  count: number;
  /** Of those, occurrences inside a repetition of the item's name. */
  inName: number;
}

/**
 * The distinct counted words of `text` (`overlapWords`), in first-occurrence order, with how many
 * of their occurrences fall inside the item's `name`: each place where the name's words appear in
 * a row, left to right, without overlapping. Matching is by words, so a short name ("Go") never
 * marks part of a longer word ("Gopher").
 */
export function overlapTerms(text: string, name?: string): OverlapTerm[] {
  const words = overlapWords(text);
  const inName = markName(words, name ? overlapWords(name) : []);
  const terms = new Map<string, OverlapTerm>();
  words.forEach((word, i) => {
    let t = terms.get(word);
    if (!t) {
      t = { word, count: 0, inName: 0 };
      terms.set(word, t);
    }
    t.count++;
    t.inName += inName[i]!;
  });
  return [...terms.values()];
}

/**
 * 1 for each of `words` inside a repetition of `nameWords` (found left to right, never
 * overlapping), else 0. Words or word ids (word-table.ts). `into` is reused when long enough (a builder adds thousands of items).
 */
export function markName<T>(words: ArrayLike<T>, nameWords: ArrayLike<T>, into?: Uint8Array): Uint8Array {
  const marks = into && into.length >= words.length ? into.subarray(0, words.length) : new Uint8Array(words.length);
  marks.fill(0);
  const m = nameWords.length;
  if (m === 0) return marks;
  for (let i = 0; i + m <= words.length; ) {
    let j = 0;
    while (j < m && words[i + j] === nameWords[j]) j++;
    if (j === m) {
      marks.fill(1, i, i + m);
      i += m;
    } else i++;
  }
  return marks;
}

/** A term's weight before IDF in the full view: log term frequency. */
export function fullFrequency(count: number): number {
  return count > 0 ? 1 + Math.log(count) : 0;
}

/**
 * A term's weight before IDF in the described view: the log frequency of its occurrences outside
 * the name, plus `nameWeight` times that of its occurrences inside it.
 */
export function describedFrequency(count: number, inName: number, nameWeight = NAME_WEIGHT): number {
  return fullFrequency(count - inName) + nameWeight * fullFrequency(inName);
}

/**
 * Which words of a shopper's query may decide a keyword match. "gift for a coworker" matched 8
 * items on "a" and "for" alone; "red racing game" let the common word "game" fill the list. A query
 * word is weak when it is an English function word (the list below) or when more than
 * `COMMON_WORD_SHARE` (20%) of the catalog's items, and at least `COMMON_WORD_ITEMS`, hold it (its idf is
 * low; in a catalog of a few dozen items no word is common): weak words still add to a
 * hit's score, but a hit must match at least one strong word, and a query of weak words only has
 * no keyword hits (the vector side answers it).
 */

/**
 * Function words and shopping filler ("looking for something like...") that never name a thing.
 * Deliberately short: a word that can name a product ("gift", "set", "pack", "case", "no") is not
 * here; the catalog's own frequencies judge those.
 */
export const STOPWORDS: ReadonlySet<string> = new Set(
  (
    'a an the and or but nor of for to from in on at by with without into onto about as than then so too very ' +
    'is are was were be been being am do does did done has have had having can could would should will shall may might must ' +
    'i me my mine we us our ours you your yours he him his she her hers it its they them their theirs ' +
    'this that these those who whom whose which what when where why how ' +
    'some any something anything someone anyone one ones just really more most much many such ' +
    'like likes liked want wants wanted need needs needed looking look find get buy please ' +
    'if not all each every other own same only also up down out over under again there here'
  ).split(' '),
);

/**
 * A word in more than this share of the catalog's items is weak (its idf is below log(1/0.2)).
 * Chosen with the search policy on the validation split of the judged search queries
 * (eval/search-truth/tune.ts): 0.2 and 0.3 tie (natural NDCG@10 .731), 0.1 gives .710, 0.05 .672.
 */
export const COMMON_WORD_SHARE = 0.2;

/** A word held by fewer items is never common, whatever its share (small catalogs). */
export const COMMON_WORD_ITEMS = 50;

/** The query's words split into those that may decide a match and the rest. */
export interface WordStrength {
  strong: string[];
  weak: string[];
}

/**
 * Splits `words` by the stopword list and by how many of the catalog's `items` hold each word
 * (`holders`): common above `common` of them, and at least `COMMON_WORD_ITEMS`.
 */
export function wordStrength(
  words: readonly string[],
  holders: (word: string) => number,
  items: number,
  common = COMMON_WORD_SHARE,
): WordStrength {
  const strong: string[] = [];
  const weak: string[] = [];
  for (const w of new Set(words)) {
    const n = STOPWORDS.has(w) ? 0 : holders(w);
    (STOPWORDS.has(w) || (n >= COMMON_WORD_ITEMS && n > common * items) ? weak : strong).push(w);
  }
  return { strong, weak };
}

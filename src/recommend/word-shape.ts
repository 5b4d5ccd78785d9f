/**
 * Whether a word looks like a word of the catalog's language, by its letters alone. A shopper may
 * type a real word the catalog never uses ("bicycle" in a shop that says "bike"): only the
 * vectors can answer it, and they must be asked. A keyboard mash ("asdfgh", "qwxz", "zzkq vlorp")
 * is no word of any language, and the vectors answer it as confidently as a real query
 * (docs/search-truth.md). The difference is in the letters: the mash's letter triples (with the
 * word's start and end marked) are ones the catalog's own words never have.
 */

/** Letter triples of `word`, its start and end marked: "bike" gives "^bi", "bik", "ike", "ke$". */
export function letterTriples(word: string): string[] {
  const padded = `^${word}$`;
  const out: string[] = [];
  for (let i = 0; i + 3 <= padded.length; i++) out.push(padded.slice(i, i + 3));
  return out;
}

/**
 * A word looks like one of the language's when at least this share of its letter triples occur in
 * the catalog's words. Chosen with the search policy on the validation split of the judged queries
 * (eval/search-truth/tune.ts).
 */
export const WORD_SHAPE_SHARE = 0.8;

/** The letter triples of a catalog's words: tells a word of its language from a keyboard mash. */
export class WordShape {
  private readonly triples = new Set<string>();

  /** `words`: the catalog's words (lower case; words with digits or symbols are skipped). */
  constructor(words: Iterable<string>) {
    for (const w of words) if (LETTERS.test(w)) for (const t of letterTriples(w)) this.triples.add(t);
  }

  /** A shape from letter triples kept elsewhere (the server's table of them: src/server/words.ts). */
  static fromTriples(triples: Iterable<string>): WordShape {
    const shape = new WordShape([]);
    for (const t of triples) shape.triples.add(t);
    return shape;
  }

  /** Every letter triple of the catalog's words. */
  allTriples(): IterableIterator<string> {
    return this.triples.values();
  }

  /** Whether `word` (lower case) is letters only, 3+ long, and its triples are the catalog's often enough. */
  plausible(word: string, share = WORD_SHAPE_SHARE): boolean {
    if (word.length < 3 || !LETTERS.test(word)) return false;
    const triples = letterTriples(word);
    const seen = triples.filter((t) => this.triples.has(t)).length;
    return seen >= share * triples.length;
  }
}

const LETTERS = /^\p{L}+$/u;

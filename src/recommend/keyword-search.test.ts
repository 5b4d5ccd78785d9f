import type MiniSearch from 'minisearch';
import type { SearchResult } from 'minisearch';
import { describe, expect, it } from 'vitest';
import { referenceIndex, referenceSearch } from '../../test/oracles/minisearch-reference.ts';
import { Prng } from '../vector-index/prng.ts';
import { bestFirst, kthLargest } from './best-first.ts';
import { typoAllowance } from './keyword.ts';
import { KeywordPostings, queryWords, TOKEN_SEPARATOR } from './keyword-postings.ts';
import { KeywordSearch, type KeywordSearchHit } from './keyword-search.ts';
import { typoQuery } from './typo-query.ts';

interface Doc {
  key: string;
  title?: string;
  brand?: string;
  text?: string;
}

const fuzzy = typoAllowance;
const FIELDS = ['title', 'brand', 'text'] as const;
const BOOST = { title: 3, brand: 2.5 };

/** Our index and MiniSearch's, over the same documents. */
interface Pair {
  ours: KeywordSearch<(typeof FIELDS)[number]>;
  mini: MiniSearch<Doc>;
  add(docs: Doc[]): void;
}

function index(docs: Doc[]): Pair {
  const postings = new KeywordPostings(FIELDS);
  const pair: Pair = {
    ours: new KeywordSearch(postings, BOOST),
    mini: referenceIndex<Doc>([], FIELDS, BOOST),
    add(more) {
      postings.add(more);
      pair.mini.addAll(more);
    },
  };
  pair.add(docs);
  return pair;
}

/** Both searches of the same typo query (the reference: MiniSearch's search of `referencePerWord`). */
function reference({ ours, mini }: Pair, words: string[]): { fast: KeywordSearchHit[]; slow: SearchResult[] } {
  const typo = typoQuery(words, fuzzy, (t, prefix) => ours.hasWord(t, prefix));
  return { fast: [...ours.searchWords(typo.words)], slow: referenceSearch(mini, typo.words) };
}

/** Each hit as "id score spellings": scores compared exactly (the same sums in the same order). */
const lines = (hits: (KeywordSearchHit | SearchResult)[]) =>
  hits.map((h) => `${h.id} ${h.score} ${[...h.queryTerms].sort().join(',')}`).join('\n');

function expectSame(fast: KeywordSearchHit[], slow: SearchResult[]) {
  expect(lines(fast)).toBe(lines(slow));
}

/** A seeded catalog with a Zipf-like vocabulary: common words in most items, rare ones in few, many ties. */
function randomCatalog(n: number, seed: number): { docs: Doc[]; vocabulary: string[] } {
  const rng = new Prng(seed);
  const letters = 'abcdefghiklmnoprstuy';
  const vocabulary = Array.from({ length: 400 }, (_, i) => {
    let w = '';
    const length = 2 + (i % 8);
    for (let j = 0; j < length; j++) w += letters[Math.floor(rng.next() * letters.length)];
    return w;
  });
  const pick = () => vocabulary[Math.floor(vocabulary.length * rng.next() ** 3)]!;
  const phrase = (max: number) => Array.from({ length: 1 + Math.floor(rng.next() * max) }, pick).join(' ');
  const docs = Array.from({ length: n }, (_, i) => ({
    key: `d${i}`,
    title: phrase(5),
    ...(rng.next() < 0.5 ? { brand: pick() } : {}),
    ...(rng.next() < 0.8 ? { text: phrase(20) } : {}),
  }));
  return { docs, vocabulary };
}

describe('KeywordSearch', () => {
  it('knows its words (with prefix, a word starting with it), as many as MiniSearch', () => {
    const { ours, mini } = index([{ key: 'a', title: 'Zebra crossing', text: 'zebra, ZEBRA!' }]);
    expect(ours.hasWord('zebra', false)).toBe(true);
    expect(ours.hasWord('zeb', false)).toBe(false);
    expect(ours.hasWord('zeb', true)).toBe(true);
    expect(ours.postings.wordCount).toBe(mini.termCount);
  });

  it("has exactly MiniSearch's words, as words and as prefixes (the typo query is built from them)", () => {
    const { docs, vocabulary } = randomCatalog(800, 31);
    const { ours, mini } = index(docs);
    // MiniSearch's term dictionary is protected; read it here to compare.
    const terms = (mini as unknown as { _index: { has(t: string): boolean; atPrefix(p: string): { size: number } } })._index;
    const probes = vocabulary.flatMap((w) => [w, w.slice(0, 3), `${w}x`, w.slice(1)]);
    for (const p of probes) {
      expect(ours.hasWord(p, false)).toBe(terms.has(p));
      expect(ours.hasWord(p, true)).toBe(terms.atPrefix(p).size > 0);
    }
  });

  it('tokenizes as MiniSearch does', () => {
    const text = "Half-Life 2: Episode One — it's (really) 3.5 stars/10, naïve café!\n\tTabs";
    const miniTokens = (referenceIndex([]).constructor as typeof MiniSearch).getDefault('tokenize')(text);
    expect(text.split(TOKEN_SEPARATOR)).toEqual(miniTokens);
    expect(queryWords(text)).toEqual(miniTokens.map((t: string) => t.toLowerCase()).filter(Boolean));
  });

  it('scores and orders exactly as MiniSearch searches the same query: prefix, typos, swaps, repeats, fields', () => {
    const mini = index([
      { key: 'bike', title: 'Red bike', brand: 'Acme', text: 'a bike for the city' },
      { key: 'bikes', title: 'Bikes and bags', text: 'bike bike bike' },
      { key: 'bag', title: 'Black bag', brand: 'Bagco' },
      { key: 'blank', text: 'blank page, black cover' },
      { key: 'same1', title: 'city bag' },
      { key: 'same2', title: 'city bag' },
    ]);
    for (const q of [['bike'], ['bkie', 'bag'], ['city', 'bag'], ['bag', 'city', 'bag'], ['blakc'], ['bla'], ['bi', 'the'], ['nothing']]) {
      const { fast, slow } = reference(mini, q);
      expectSame(fast, slow);
    }
    // Equal scores keep the order first matched, as MiniSearch's stable sort does.
    expect([...mini.ours.searchWords(typoQuery(['city', 'bag'], fuzzy, () => true).words)].slice(0, 2).map((h) => h.id)).toEqual([
      'same1',
      'same2',
    ]);
  });

  it('matches a word the catalog has by its own forms only, a word it lacks by any typo, as the reference does', () => {
    const pair = index([
      { key: 'farm', title: 'Farming World' },
      { key: 'farms', title: 'Farmings of the north' },
      { key: 'gaming', title: 'Gaming documentary' },
      { key: 'warming', title: 'Global warming' },
    ]);
    for (const q of [['farming'], ['farming', 'world'], ['farmign'], ['gaming'], ['famring']]) {
      const { fast, slow } = reference(pair, q);
      expectSame(fast, slow);
    }
    const ids = (q: string[]) => reference(pair, q).fast.map((h) => h.id);
    // "farming" is a catalog word: "farmings" is its form; "gaming" and "warming", two edits away, are not.
    expect(ids(['farming']).sort()).toEqual(['farm', 'farms']);
    // A word the catalog lacks is a typo, matched within its edits whatever its first letters.
    expect(ids(['farmign']).sort()).toEqual(['farm', 'farms']);
    expect(ids(['aming'])).toContain('gaming');
  });

  it('counts field lengths as MiniSearch does: raw distinct tokens (case, empty tokens), empty fields', () => {
    const mini = index([
      { key: 'case', title: 'Game game GAME', text: 'game' },
      { key: 'punct', title: ', game... (zone)!', brand: '' },
      { key: 'empty', title: '', brand: 'game', text: '' },
      { key: 'plain', title: 'game zone' },
      { key: 'long', text: 'game zone game zone of the long text field with many words in it' },
    ]);
    for (const q of [['game'], ['zone'], ['game', 'zone'], ['gam'], ['zonee']]) {
      const { fast, slow } = reference(mini, q);
      expect(slow.length).toBeGreaterThan(1);
      expectSame(fast, slow);
    }
  });

  it('agrees with MiniSearch past 65,536 pending postings and with a word counted more than 65,535 times', () => {
    const { docs, vocabulary } = randomCatalog(9000, 29);
    docs.push({ key: 'repeats', title: 'one', text: `${vocabulary[3]} `.repeat(70_000) });
    const pair = index(docs);
    expect(pair.ours.postings.postingCount).toBeGreaterThan(65_536); // more than one chunk pending
    for (const q of [[vocabulary[3]!], [vocabulary[0]!, vocabulary[150]!], [vocabulary[399]!]]) {
      const { fast, slow } = reference(pair, q);
      expect(slow.length).toBeGreaterThan(0);
      expectSame(fast, slow);
    }
    expect(reference(pair, [vocabulary[3]!]).fast.some((h) => h.id === 'repeats')).toBe(true);
  });

  it('agrees with MiniSearch on 1,000 random queries over a catalog of common and rare words', () => {
    const { docs, vocabulary } = randomCatalog(3000, 11);
    const mini = index(docs);
    const rng = new Prng(3);
    let typos = 0;
    for (let q = 0; q < 1000; q++) {
      const words = Array.from({ length: 1 + Math.floor(rng.next() * 4) }, () => {
        const w = vocabulary[Math.floor(vocabulary.length * rng.next() ** 2)]!;
        const r = rng.next();
        if (r < 0.2 && w.length >= 4) {
          typos++;
          const i = Math.floor(rng.next() * (w.length - 1));
          return w.slice(0, i) + w[i + 1] + w[i] + w.slice(i + 2); // swapped letters
        }
        if (r < 0.3 && w.length >= 4) return w.slice(0, 3 + Math.floor(rng.next() * (w.length - 3))); // half typed
        return w;
      });
      const { fast, slow } = reference(mini, words);
      expect(slow.length).toBeGreaterThan(0);
      expectSame(fast, slow);
    }
    expect(typos).toBeGreaterThan(60);
  });

  it('a query of more than 32 distinct spellings still counts every matched spelling', () => {
    const { docs, vocabulary } = randomCatalog(500, 5);
    const mini = index(docs);
    const { fast, slow } = reference(mini, vocabulary.slice(0, 45));
    expect(slow[0]!.queryTerms.length).toBeGreaterThan(1);
    expectSame(fast, slow);
  });

  it('sees documents added after a search, new words too', () => {
    const pair = index([{ key: 'a', title: 'lamp' }]);
    expect([...pair.ours.searchWords(typoQuery(['lamp'], fuzzy, () => true).words)]).toHaveLength(1);
    pair.add([{ key: 'b', title: 'desk lamp', text: 'lamp' }]);
    const { fast, slow } = reference(pair, ['lamp']);
    expect(fast.map((h) => h.id)).toEqual(['b', 'a']);
    expectSame(fast, slow);
    expectSame(...(Object.values(reference(pair, ['desk'])) as [KeywordSearchHit[], SearchResult[]]));
  });

  it('after compact(), more documents with old and new words still equal MiniSearch', () => {
    const { docs, vocabulary } = randomCatalog(600, 23);
    const pair = index(docs.slice(0, 300));
    pair.ours.postings.compact();
    pair.add([...docs.slice(300), { key: 'new', title: 'brandnewword', text: vocabulary[0] }]);
    for (const q of [[vocabulary[0]!], ['brandnewword'], [vocabulary[5]!, vocabulary[77]!]]) {
      const { fast, slow } = reference(pair, q);
      expect(slow.length).toBeGreaterThan(0);
      expectSame(fast, slow);
    }
  });

  it('equals MiniSearch when built in many slices, searched between them (postings merged each time)', () => {
    const { docs, vocabulary } = randomCatalog(2000, 17);
    const pair = index([]);
    for (let i = 0; i < docs.length; i += 37) {
      pair.add(docs.slice(i, i + 37));
      const { fast, slow } = reference(pair, [vocabulary[i % 50]!]);
      expectSame(fast, slow);
    }
    for (const w of vocabulary.slice(0, 60)) {
      const { fast, slow } = reference(pair, [w, vocabulary[vocabulary.length - 1 - vocabulary.indexOf(w)]!]);
      expectSame(fast, slow);
    }
  });
});

describe('bestFirst', () => {
  it('yields positions by descending score, ties by position, past the first selected chunk', () => {
    const rng = new Prng(9);
    for (const n of [0, 1, 10, 300, 5000]) {
      const scores = Float64Array.from({ length: n }, () => Math.floor(rng.next() * 50)); // many ties
      const expected = Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[b]! - scores[a]! || a - b);
      expect([...bestFirst(scores)]).toEqual(expected);
    }
  });

  it('kthLargest finds the k-th largest value', () => {
    const values = [5, 1, 9, 9, 3, 7];
    expect([1, 2, 3, 4, 5, 6].map((k) => kthLargest(Float64Array.from(values), k))).toEqual([9, 9, 7, 5, 3, 1]);
  });
});

import { describe, expect, it } from 'vitest';
import {
  convexMerge,
  HYBRID_FULL_MATCH_WEIGHT,
  hybridMerge,
  KeywordIndex,
  keywordDoc,
  profileFromHistory,
  reciprocalRankMerge,
} from './index.ts';

const catalog = [
  { id: 'tn560', title: 'Brother TN-560 High-Yield Toner Cartridge', brand: 'Brother', category: 'Laser Printer Toner', sku: 'X1' },
  {
    id: 'hp78',
    title: 'HP 78 Tri-Color Printer Cartridge',
    brand: 'HP',
    category: 'Inkjet Cartridges',
    description: 'Photo quality color',
  },
  { id: 'label', title: 'Brother P-touch Labeler', brand: 'Brother', category: 'Label Makers', description: 'Home and hobby labeler' },
  { id: 'paper', title: 'Epson Premium Photo Paper Glossy', brand: 'Epson', category: 'Photo Paper', color: 'white' },
  { id: 'pen', title: 'Gel Pen Black', brand: 'Pilot', category: 'Pens', description: 'Works with any Brother desk organiser' },
];
const index = new KeywordIndex(catalog.map((item) => keywordDoc(item)));
const none = new Set<string>();

describe('keywordDoc', () => {
  it('maps known fields and flattens the rest without codes, labels, links, prices or true / false', () => {
    expect(keywordDoc(catalog[3]!)).toEqual({
      key: 'paper',
      title: 'Epson Premium Photo Paper Glossy',
      brand: 'Epson',
      category: 'Photo Paper',
      other: 'white',
    });
    const game = {
      id: 'g1',
      title: 'Battle Trainer',
      specs: ['Single-player', 'Steam Achievements'],
      developer: 'Trickjump Games',
      early_access: false,
      url: 'https://example.com/g1',
      price: 4.99,
      app_id: 772540,
      release: { year: 2018 },
    };
    expect(keywordDoc(game).other).toBe('Single-player, Steam Achievements. Trickjump Games. year: 2018');
    expect(keywordDoc(catalog[0]!).other).toBeUndefined(); // sku is an identifier
    expect(keywordDoc({ id: 1, genres: ['Drama', 'War'], also_bought: ['2'] }, ['also_bought'])).toEqual({
      key: '1',
      category: 'Drama, War',
    });
  });

  it('indexes the visible text of HTML fields: no tags, no script, entities decoded', () => {
    const html = {
      id: 'h1',
      title: 'Pens &amp; Pencils',
      description: '<p>Smooth <strong>gel</strong> ink</p><script>alert(1)</script><ul><li>Black</li></ul>',
      categories: ['Office &gt; Writing'],
    };
    expect(keywordDoc(html)).toEqual({
      key: 'h1',
      title: 'Pens & Pencils',
      category: 'Office > Writing',
      description: 'Smooth gel ink Black',
    });
    const shop = new KeywordIndex([keywordDoc(html), keywordDoc({ id: 'coffee', title: 'Strong coffee' })]);
    expect(shop.search('strong', 5, undefined, none).map((h) => h.key)).toEqual(['coffee']);
    expect(shop.search('amp', 5, undefined, none)).toEqual([]);
    expect(shop.search('alert', 5, undefined, none)).toEqual([]);
  });
});

describe('KeywordIndex', () => {
  it('finds a model number, tolerates a typo, and completes the word being typed', () => {
    expect(index.search('tn-560', 3, undefined, none)[0]!.key).toBe('tn560');
    expect(index.search('cartrige toner', 3, undefined, none)[0]!.key).toBe('tn560');
    expect(index.search('photo pap', 3, undefined, none)[0]!.key).toBe('paper');
  });

  it('counts two swapped letters as one typo in 4-5 letter words, scored like any one-letter typo', () => {
    // Levenshtein makes "balck" two edits from "black"; 4-5 letter words are allowed one.
    expect(index.search('balck', 3, undefined, none)).toMatchObject([{ key: 'pen', matched: 1 }]);
    expect(index.search('balck', 3, undefined, none)[0]!.score).toBeCloseTo(index.search('blxck', 3, undefined, none)[0]!.score, 12);
    expect(index.search('balck', 3, undefined, none)[0]!.score).toBeLessThan(index.search('black', 3, undefined, none)[0]!.score);
    expect(index.search('glossy paepr', 3, undefined, none)[0]).toMatchObject({ key: 'paper', matched: 1 });
  });

  it('never reads a word the catalog has as a swapped spelling of another', () => {
    // Two catalog words that are each other's swapped spelling ("from" is a stopword now: trail/trial).
    const forms = new KeywordIndex([keywordDoc({ id: 'trail', title: 'Trail Map' }), keywordDoc({ id: 'trial', title: 'Trial Offer' })]);
    expect(forms.search('trial', 3, undefined, none).map((h) => h.key)).toEqual(['trial']);
    expect(forms.search('tiral', 3, undefined, none).map((h) => h.key)).toEqual(['trial']);
  });

  it('counts a word the same in every field by default, and weighs fields by the boosts it is given', () => {
    // Four items, every field two words long, "zeta" in a different field of each: by default the
    // four score the same (FIELD_BOOST is flat, chosen on the judged search eval); with boosts
    // 3 : 2.5 : 1.5 : 1 the scores differ by the boosts alone.
    const filler = { title: 'plain thing', brand: 'plain thing', category: 'plain thing', description: 'plain thing' };
    const fields = ['title', 'brand', 'category', 'description'] as const;
    const docs = fields.map((f) => keywordDoc({ id: f, ...filler, [f]: 'zeta thing' }));
    const flat = new KeywordIndex(docs).search('zeta', 4, undefined, none);
    expect(flat.map((h) => h.key).sort()).toEqual([...fields].sort());
    expect(flat.map((h) => h.score / flat[0]!.score)).toEqual([1, 1, 1, 1].map((x) => expect.closeTo(x, 9)));
    const boosted = new KeywordIndex(docs, { title: 3, brand: 2.5, category: 1.5, description: 1, other: 1 });
    const hits = boosted.search('zeta', 4, undefined, none);
    expect(hits.map((h) => h.key)).toEqual(['title', 'brand', 'category', 'description']);
    expect(hits.map((h) => h.score / hits[3]!.score)).toEqual([3, 2.5, 1.5, 1].map((x) => expect.closeTo(x, 9)));
  });

  it('finds a decomposed (NFD) title with a composed (NFC) query, and the other way round', () => {
    const index = new KeywordIndex([
      keywordDoc({ id: 'a', title: 'Café Noir'.normalize('NFD') }),
      keywordDoc({ id: 'b', title: 'Other thing' }),
    ]);
    expect(index.search('café'.normalize('NFC'), 5, undefined, new Set()).map((h) => h.key)).toEqual(['a']);
    const other = new KeywordIndex([keywordDoc({ id: 'm', title: 'Mug', material: 'Grès émaillé'.normalize('NFD') })]);
    expect(other.search('grès', 5, undefined, new Set()).map((h) => h.key)).toEqual(['m']); // the flattened other fields too
    const composed = new KeywordIndex([keywordDoc({ id: 'c', title: 'Crème brûlée'.normalize('NFC') })]);
    expect(composed.search('brûlée'.normalize('NFD'), 5, undefined, new Set()).map((h) => h.key)).toEqual(['c']);
  });

  it('does not count symbols in the query as words: a hit with every real word matched them all', () => {
    const index = new KeywordIndex([keywordDoc({ id: 'a', title: 'Ink cartridge' }), keywordDoc({ id: 'b', title: 'Paper' })]);
    for (const query of ['ink + cartridge', 'ink & cartridge 🖨', '™ ink cartridge'])
      expect(index.search(query, 5, undefined, new Set())).toEqual([expect.objectContaining({ key: 'a', matched: 1 })]);
  });

  it('applies filters and dismissals', () => {
    expect(index.search('brother', 5, (k) => k !== 'tn560', new Set(['pen'])).map((r) => r.key)).toEqual(['label']);
  });

  it('serves the warming-up fallback: similar, and for-you from the newest anchor', () => {
    const similar = index.similar('tn560', 2, undefined, none).map((r) => r.key);
    expect(similar).not.toContain('tn560');
    expect(similar).toContain('hp78'); // shares "cartridge" and "printer"
    const forYou = index.forYou(profileFromHistory([{ type: 'view', itemId: 'hp78', ts: 1 }]), 2, undefined);
    expect(forYou[0]!.because).toEqual({ key: 'hp78', type: 'view' });
    expect(forYou.map((r) => r.key)).not.toContain('hp78');
    expect(index.forYou(profileFromHistory([]), 2, undefined).map((r) => r.key)).toEqual(['tn560', 'hp78']);
  });
});

describe('KeywordIndex.add', () => {
  it('built a few documents at a time, it answers exactly like one built at once', () => {
    const docs = catalog.map((item) => keywordDoc(item));
    const stepwise = new KeywordIndex([]);
    for (let i = 0; i < docs.length; i += 3) stepwise.add(docs.slice(i, i + 3));
    // Keys already indexed keep their first document: these changed ones are not indexed.
    stepwise.add(docs.slice(0, 2).map((d) => ({ ...d, title: 'Zebra Crossing Sign' })));
    expect(stepwise.search('zebra', 5, undefined, none)).toEqual([]);
    for (const query of ['brother', 'printer cartridge', 'photo', 'labler', 'pen black']) {
      const expected = index.search(query, 5, undefined, none);
      expect(expected.length).toBeGreaterThan(0);
      expect(stepwise.search(query, 5, undefined, none)).toEqual(expected);
    }
    const profile = profileFromHistory([]);
    expect(stepwise.forYou(profile, 4, undefined)).toEqual(index.forYou(profile, 4, undefined));
  });
});

describe('hybridMerge', () => {
  // Neither keyword hit has every query word: the convex blend decides.
  const partial = [
    { key: 'a', score: 10, matched: 0.5 },
    { key: 'b', score: 5, matched: 0.5 },
  ];
  const vector = [
    { key: 'c', score: 0.9 },
    { key: 'b', score: 0.8 },
  ];
  it('no hit with every query word: normalised keyword scores combined with cosines; an item in both lists gains', () => {
    // Full-match weight 1, half the words matched: keyword weight 0 + (1 - 0) * 0.5 = 0.5. a: 0.5 * 1; b: 0.5 * 0.5 + 0.5 * 0.8 = 0.65; c: 0.5 * 0.9 = 0.45.
    expect(hybridMerge(partial, vector, 3, 0, 1).map((r) => r.key)).toEqual(['b', 'a', 'c']);
    expect(hybridMerge(partial, vector, 3, 1, 1).map((r) => r.key)).toEqual(['a', 'b', 'c']);
    expect(hybridMerge([], vector, 2, 0.9).map((r) => r.key)).toEqual(['c', 'b']);
    expect(convexMerge(partial, vector, 3, 0.5)).toEqual(hybridMerge(partial, vector, 3, 0, 1));
  });
  it('the more of the query the best keyword hit matched, the more keyword order counts (full-match weight 1)', () => {
    // With a third of the words matched at base 0.1 (weight 0.4): b 0.4*0.5 + 0.6*0.8 = 0.68 > a 0.4.
    const third = partial.map((h) => ({ ...h, matched: 1 / 3 }));
    expect(hybridMerge(third, vector, 3, 0.1, 1).map((r) => r.key)).toEqual(['b', 'c', 'a']);
    // Two thirds (weight 0.7): a 0.7 > b 0.35 + 0.24 = 0.59 > c 0.27.
    const twoThirds = partial.map((h) => ({ ...h, matched: 2 / 3 }));
    expect(hybridMerge(twoThirds, vector, 3, 0.1, 1).map((r) => r.key)).toEqual(['a', 'b', 'c']);
    expect(reciprocalRankMerge(partial, vector, 3)[0]!.key).toBe('b');
  });
  it('a hit with every query word, at full-match weight 1: keyword order kept, vector-only hits only fill the list, no extra fields', () => {
    const full = [partial[0]!, { ...partial[1]!, matched: 1 }];
    expect(hybridMerge(full, vector, 3, 0.5, 1)).toEqual([
      { key: 'a', score: 10 },
      { key: 'b', score: 5 },
      { key: 'c', score: 0.9 },
    ]);
    expect(hybridMerge(full, vector, 2, 0.5, 1).map((r) => r.key)).toEqual(['a', 'b']);
  });
  it('a hit with every query word, below full-match weight 1: the cosine still reorders (the shipped fusion)', () => {
    const full = [partial[0]!, { ...partial[1]!, matched: 1 }];
    // Weight 0.5: a 0.5 * 1 = 0.5; b 0.5 * 0.5 + 0.5 * 0.8 = 0.65; c 0.5 * 0.9 = 0.45.
    expect(hybridMerge(full, vector, 3, 0.1, 0.5).map((r) => r.key)).toEqual(['b', 'a', 'c']);
    // The shipped weights: a hit holding every strong word weighs HYBRID_FULL_MATCH_WEIGHT.
    expect(hybridMerge(full, vector, 3)).toEqual(convexMerge(full, vector, 3, HYBRID_FULL_MATCH_WEIGHT));
  });
  it('KeywordIndex reports the share of query words each hit matched (typos and the typed prefix count)', () => {
    const index = new KeywordIndex(catalog.map((c) => keywordDoc(c)));
    const none = new Set<string>();
    const hits = index.search('brother toner plaything', 10, undefined, none);
    expect(hits[0]).toMatchObject({ key: 'tn560', matched: 2 / 3 });
    expect(index.search('brothr tonr cartri', 10, undefined, none)[0]).toMatchObject({ key: 'tn560', matched: 1 });
    expect(index.search('Toner toner', 10, undefined, none)[0]!.matched).toBe(1);
  });
});

import { describe, expect, it } from 'vitest';
import { referenceCosine, WEIGHT_DIGITS } from '../../test/oracles/word-overlap-cosine.ts';
import { COMMON_SHARE, MAX_OVERLAP_WORDS, overlapWords, WORD_OVERLAP_FORMAT, WordOverlapIndex } from './word-overlap.ts';
import { WordOverlapIndexBuilder } from './word-overlap-builder.ts';

const TEXTS = [
  'HP 78 Tri-Color Printer Cartridge (C6578DN) Laser Printer Toner HP',
  'HP 78 Black Printer Cartridge Laser Printer Toner HP',
  'Brother TN-560 High-Yield Toner Cartridge Laser Printer Toner Brother',
  'Epson Premium Photo Paper GLOSSY (11x17 Inches, 20 Sheets) Photo Paper Epson',
  'Fellowes Gel Wrist Rest, Graphite/Platinum (91737) Wrist Rests Fellowes',
  'Brother PT-65 P-touch Home and Hobby Labeler Label Makers Brother',
];
const index = WordOverlapIndexBuilder.build(TEXTS.map((t, i) => [`k${i}`, t] as const));

describe('WordOverlapIndex', () => {
  it('gives the TF-IDF cosine of two texts, as a plain computation does', () => {
    for (let a = 0; a < TEXTS.length; a++)
      for (let b = 0; b < TEXTS.length; b++) {
        const expected = a === b ? 1 : referenceCosine(TEXTS, a, b);
        expect(index.similarity(`k${a}`, `k${b}`)).toBeCloseTo(expected, WEIGHT_DIGITS);
      }
    expect(index.similarity('k0', 'k1')).toBeGreaterThan(index.similarity('k0', 'k2')); // "hp 78" beats "toner"
    expect(index.similarity('k0', 'k4')).toBe(0);
    expect(index.similarity('k0', 'missing')).toBe(0);
  });

  it('finds the items sharing rarer words, best first, never the item itself', () => {
    const n = index.neighbours('k0', 10);
    expect(n[0]!.key).toBe('k1');
    expect(n.map((x) => x.key)).not.toContain('k0');
    // Scored by the rarer words only (with 6 items, a word in 3 or more is common): at most the full cosine.
    for (const x of n) {
      expect(x.score).toBeGreaterThan(0);
      expect(x.score).toBeLessThanOrEqual(index.similarity('k0', x.key) + 1e-6);
    }
    for (let i = 1; i < n.length; i++) expect(n[i - 1]!.score).toBeGreaterThanOrEqual(n[i]!.score);
    expect(index.neighbours('k0', 1)).toHaveLength(1);
    expect(index.neighbours('missing', 5)).toEqual([]);
  });

  it('does not walk words common to much of the catalog, but still scores them', () => {
    // "widget" is in 10 of 100 items (above COMMON_SHARE); only k0 and k1 also share "zebra".
    const texts = Array.from({ length: 100 }, (_, i) => (i < 10 ? `widget number${i}` : `gadget number${i}`));
    texts[0] = 'widget zebra';
    texts[1] = 'widget zebra deluxe';
    const big = WordOverlapIndexBuilder.build(texts.map((t, i) => [`k${i}`, t] as const));
    expect(10 / 100).toBeGreaterThan(COMMON_SHARE);
    expect(big.neighbours('k5', 10)).toEqual([]); // shares only "widget" with others
    expect(big.similarity('k5', 'k6')).toBeGreaterThan(0); // ...which still counts in the score
    expect(big.neighbours('k0', 10).map((x) => x.key)).toEqual(['k1']);
  });

  it('answers the same on repeated calls (its scratch space is reset) and nothing for n = 0', () => {
    // "series<i mod 20>" is in 5 of 100 items: k2 shares it with k22, k42, k62 and k82.
    const t = WordOverlapIndexBuilder.build(Array.from({ length: 100 }, (_, i) => [`k${i}`, `item${i} series${i % 20}`] as const));
    const once = t.neighbours('k2', 10);
    expect(once.map((x) => x.key)).toEqual(['k22', 'k42', 'k62', 'k82']);
    expect(t.neighbours('k3', 10).map((x) => x.key)).toEqual(['k23', 'k43', 'k63', 'k83']);
    expect(t.neighbours('k2', 0)).toEqual([]);
    expect(t.neighbours('k2', 10)).toEqual(once);
  });

  it('splits text into the words a match of letter runs and digit runs gives, whatever the characters', () => {
    // The reference: every match of the word pattern over the lower-cased NFC text, as first written.
    const reference = (text: string) =>
      [
        ...text
          .normalize('NFC')
          .toLowerCase()
          .matchAll(/[\p{L}\p{M}]+|\p{N}+/gu),
      ]
        .map((m) => m[0])
        .slice(0, MAX_OVERLAP_WORDS);
    const pool = ['a', 'B', 'é', 'e\u0301', '\u0301', '7', '٣', 'Σ', 'ß', '日', ' ', '  ', '-', '.', "'", '🎮', ',', 'C6578DN', 'İ'];
    let seed = 11;
    const next = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed;
    };
    for (let n = 0; n < 3000; n++) {
      const text = Array.from({ length: 1 + (next() % 240) }, () => pool[next() % pool.length]).join('');
      expect(overlapWords(text), JSON.stringify(text)).toEqual(reference(text));
    }
  });

  it('counts only the first MAX_OVERLAP_WORDS words, and keeps the first text of a key added twice', () => {
    const long = `${Array.from({ length: MAX_OVERLAP_WORDS }, (_, i) => `w${i}`).join(' ')} tail`;
    expect(overlapWords(long)).toHaveLength(MAX_OVERLAP_WORDS);
    expect(overlapWords(long)).not.toContain('tail');
    const t = WordOverlapIndexBuilder.build([
      ['a', long],
      ['b', 'tail only'],
      ['a', 'tail only'],
      ['c', 'w3 something'],
    ]);
    expect(t.size).toBe(3);
    expect(t.similarity('a', 'b')).toBe(0);
    expect(t.similarity('a', 'c')).toBeGreaterThan(0);
  });

  it('lower-cases and splits on anything but letters and digits, and between letters and digits, in any script', () => {
    expect(overlapWords('Café-Crème 11x17, ÜBER (C6578DN)')).toEqual(['café', 'crème', '11', 'x', '17', 'über', 'c', '6578', 'dn']);
    // Combining marks stay in their word (a decomposed "é" is composed first; Devanagari vowel signs).
    expect(overlapWords('Cafe\u0301 हिन्दी')).toEqual(['caf\u00e9', 'हिन्दी']);
    expect(overlapWords('')).toEqual([]);
  });

  it('keeps only the year of a calendar date, so two items released on the 4th do not share a word', () => {
    expect(overlapWords('release_date: 2018-01-04. x')).toEqual(['release', 'date', '2018', 'x']);
    expect(overlapWords('added 2020-03-05T10:20:30Z, changed 2021-12-31 23:59+01:00')).toEqual(['added', '2020', 'changed', '2021']);
    // Not dates: part and model numbers keep every piece.
    expect(overlapWords('5160-10-20 2018-13-04 1998-02-31x')).toEqual(['5160', '10', '20', '2018', '13', '04', '1998', '02', '31', 'x']);
    const t = WordOverlapIndexBuilder.build([
      ['a', 'Cozy Farm. release_date: 2018-01-04'],
      ['b', 'Space Race. release_date: 2016-01-04'],
      ['c', 'Other Game. release_date: 2016-07-12'],
    ]);
    expect(t.similarity('a', 'b')).toBe(0);
  });

  it('reads composed and decomposed accents (NFC, NFD) as the same word', () => {
    expect(overlapWords('Café crème'.normalize('NFD'))).toEqual(overlapWords('Café crème'.normalize('NFC')));
    const texts = (a: string): [string, string][] => [
      ['a', a],
      ['b', 'Café crème 2'.normalize('NFC')],
      ['c', 'tea'],
      ['d', 'milk'],
    ];
    const composed = WordOverlapIndexBuilder.build(texts('Café crème 1'.normalize('NFC'))).similarity('a', 'b');
    expect(composed).toBeGreaterThan(0.3);
    expect(WordOverlapIndexBuilder.build(texts('Café crème 1'.normalize('NFD'))).similarity('a', 'b')).toBe(composed);
  });

  it('a refill and its pack share the digits of their model numbers', () => {
    const index = WordOverlapIndexBuilder.build([
      ['pack', 'Inkwell 6578 tri-color pack'],
      ['refill', 'Inkwell C6578AN refill'],
      ['other', 'Inkwell C2000 refill'],
      ['paper', 'Photo paper glossy'],
    ]);
    expect(index.similarity('pack', 'refill')).toBeGreaterThan(index.similarity('pack', 'other'));
    expect(index.neighbours('pack', 1)[0]!.key).toBe('refill');
  });

  it('survives storage: toSaved, a structured clone, fromSaved answer exactly as the original', () => {
    const index = WordOverlapIndexBuilder.build(TEXTS.map((t, i) => [`k${i}`, t] as const));
    const back = WordOverlapIndex.fromSaved(structuredClone(index.toSaved()))!;
    expect(back.size).toBe(TEXTS.length);
    for (let a = 0; a < TEXTS.length; a++) {
      expect(back.neighbours(`k${a}`, 5)).toEqual(index.neighbours(`k${a}`, 5));
      for (let b = 0; b < TEXTS.length; b++) expect(back.similarity(`k${a}`, `k${b}`)).toBe(index.similarity(`k${a}`, `k${b}`));
    }
  });

  it("gives the described view's cosine, where the item's own name counts NAME_WEIGHT as much", () => {
    const games = [
      ['Stardew Valley', 'Stardew Valley. Farming, Crafting, Pixel Graphics. Stardew Valley is a farming game.'],
      ['Sky Valley', 'Sky Valley. Flight, Racing. Sky Valley is a flying game.'],
      ['Harvest Moon', 'Harvest Moon. Farming, Crafting, Life Sim.'],
      ['Go', 'Go. Board Game, Gopher, Strategy.'],
      ['Go Kart', 'Go Kart. Racing, Karts, Go'],
    ] as const;
    const texts = games.map((g) => g[1]);
    const names = games.map((g) => g[0]);
    const built = WordOverlapIndexBuilder.build(games.map(([name, text], i) => [`g${i}`, text, name] as const));
    const described = built.view(0);
    for (let a = 0; a < games.length; a++)
      for (let b = 0; b < games.length; b++) {
        if (a === b) continue;
        expect(described.similarity(`g${a}`, `g${b}`)).toBeCloseTo(referenceCosine(texts, a, b, names), WEIGHT_DIGITS);
        expect(built.view(1).similarity(`g${a}`, `g${b}`)).toBeCloseTo(referenceCosine(texts, a, b), WEIGHT_DIGITS);
        expect(built.similarity(`g${a}`, `g${b}`)).toBe(built.view(1).similarity(`g${a}`, `g${b}`));
      }
    // By the full text, the shared name "Valley" finds Sky Valley first; described, the farming game.
    expect(built.neighbours('g0', 1)[0]!.key).toBe('g1');
    expect(described.neighbours('g0', 1)[0]!.key).toBe('g2');
    expect(described.similarity('g0', 'g2')).toBeGreaterThan(described.similarity('g0', 'g1'));
    expect(built.similarity('g0', 'g2')).toBeLessThan(built.similarity('g0', 'g1'));
  });

  it('mixes the two cosines by the share asked for, in similarity and in neighbours', () => {
    const built = WordOverlapIndexBuilder.build([
      ['a', 'Orion 7. tent for camping', 'Orion 7'],
      ['b', 'Orion 7 Twin Pack. stove for cooking', 'Orion 7 Twin Pack'],
      ['c', 'Vega. tent for camping, dome', 'Vega'],
      ['d', 'Lyra. lamp', 'Lyra'],
      ['e', 'Nova. stove', 'Nova'],
    ]);
    for (const share of [0, 0.35, 1]) {
      const view = built.view(share);
      for (const x of ['b', 'c', 'd']) {
        const mixed = share * built.view(1).similarity('a', x) + (1 - share) * built.view(0).similarity('a', x);
        expect(view.similarity('a', x)).toBeCloseTo(mixed, 9);
      }
      // Neighbours are scored by the rarer words' part of the same mix: never above the full score.
      for (const hit of view.neighbours('a', 5)) expect(hit.score).toBeLessThanOrEqual(view.similarity('a', hit.key) + 1e-9);
    }
    // The described view weighs the shared name ("Orion 7") less and the shared description more.
    expect(built.view(0).similarity('a', 'b')).toBeLessThan(built.view(1).similarity('a', 'b'));
    expect(built.view(0).similarity('a', 'c')).toBeGreaterThan(built.view(1).similarity('a', 'c'));
    expect(built.view(2).similarity('a', 'b')).toBe(built.view(1).similarity('a', 'b')); // a share outside [0, 1] is clamped
  });

  it('matches a name by whole words, and keeps a text that is only its name as it is', () => {
    // "Go" is not a part of "Gopher"; "Go Kart" holds "go" twice: once in its name, once in its tags.
    const built = WordOverlapIndexBuilder.build([
      ['a', 'Go. Gopher', 'Go'],
      ['b', 'Gopher Go', undefined],
      ['c', 'Lamp', 'Lamp'],
      ['d', 'Lamp Shade', 'Lamp Shade'],
      ['e', 'Desk', undefined],
    ]);
    const described = built.view(0);
    // Names only: every word is scaled alike, so after the norm the two views agree.
    expect(described.similarity('c', 'd')).toBeCloseTo(built.similarity('c', 'd'), WEIGHT_DIGITS);
    expect(described.similarity('a', 'b')).toBeGreaterThan(0);
    expect(described.similarity('a', 'b')).toBeLessThan(built.similarity('a', 'b')); // "go" counts less
    expect(described.neighbours('a', 5).map((x) => x.key)).toEqual(['b']);
  });

  it('reads back nothing of another format or with arrays that do not fit together', () => {
    const saved = () => structuredClone(WordOverlapIndexBuilder.build(TEXTS.map((t, i) => [`k${i}`, t] as const)).toSaved());
    expect(saved().format).toBe(WORD_OVERLAP_FORMAT);
    expect(WordOverlapIndex.fromSaved(saved())).toBeDefined();
    expect(WordOverlapIndex.fromSaved({ ...saved(), format: 'tfidf-0' })).toBeUndefined();
    expect(WordOverlapIndex.fromSaved({ ...saved(), keys: ['k0'] })).toBeUndefined(); // rows for 6 items, 1 key
    const cut = saved();
    cut.arrays.rowTerm = cut.arrays.rowTerm.subarray(1);
    expect(WordOverlapIndex.fromSaved(cut)).toBeUndefined();
    const wrongType = saved();
    (wrongType.arrays as unknown as { rowWeight: number[] }).rowWeight = [...wrongType.arrays.rowWeight];
    expect(WordOverlapIndex.fromSaved(wrongType)).toBeUndefined();
    const outside = saved();
    outside.arrays.rowTerm[0] = outside.arrays.df.length; // a word id past the vocabulary
    expect(WordOverlapIndex.fromSaved(outside)).toBeUndefined();
    const backwards = saved();
    backwards.arrays.rowStart[1] = backwards.arrays.rowStart[2]! + 1;
    expect(WordOverlapIndex.fromSaved(backwards)).toBeUndefined();
    // Float weights (the layout before both views shared a slot) could be NaN or above 1; any 16 bits
    // are two weights in [0, 1], and neither floats nor the 32-bit slots before 8-bit weights are read.
    const floats = saved();
    (floats.arrays as unknown as { postWeight: Float32Array }).postWeight = new Float32Array(floats.arrays.postWeight.length);
    expect(WordOverlapIndex.fromSaved(floats)).toBeUndefined();
    const wide = saved();
    (wide.arrays as unknown as { rowWeight: Uint32Array }).rowWeight = Uint32Array.from(wide.arrays.rowWeight);
    expect(WordOverlapIndex.fromSaved(wide)).toBeUndefined();
    expect(WordOverlapIndex.fromSaved(undefined)).toBeUndefined();
    expect(WordOverlapIndex.fromSaved('word-index')).toBeUndefined();
  });
});

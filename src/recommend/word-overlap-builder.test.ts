import { describe, expect, it } from 'vitest';
import { referenceCosine, WEIGHT_DIGITS } from '../../test/oracles/word-overlap-cosine.ts';
import { Prng } from '../vector-index/prng.ts';
import { WordOverlapIndex } from './word-overlap.ts';
import { WordOverlapIndexBuilder } from './word-overlap-builder.ts';

describe('WordOverlapIndexBuilder', () => {
  it('agrees with the plain computation on random texts of mixed scripts, names included', () => {
    // Word ids come from a table of code-unit spans (word-table.ts), not strings: random texts with
    // a small vocabulary (so items share words), names that start the text, repeat inside it, or
    // hold a word no text has.
    const rng = new Prng(11);
    const vocab = ['red', 'car', 'Car', 'café', 'cafe\u0301', 'жук', '東京', '78', 'x1', 'Σας', '2018-01-04', 'go', 'gopher', 'ÿ'];
    const pick = () => vocab[Math.floor(rng.next() * vocab.length)]!;
    const rows = Array.from({ length: 120 }, () => {
      const name = Array.from({ length: 1 + Math.floor(rng.next() * 3) }, pick).join(' ');
      const body = Array.from({ length: 3 + Math.floor(rng.next() * 12) }, pick).join(rng.next() < 0.5 ? ', ' : ' ');
      const text = rng.next() < 0.7 ? `${name}. ${body} ${name}` : body;
      return [rng.next() < 0.2 ? `${name} unseenword` : name, text] as const;
    });
    const texts = rows.map((r) => r[1]);
    const names = rows.map((r) => r[0]);
    const built = WordOverlapIndexBuilder.build(rows.map(([name, text], i) => [`r${i}`, text, name] as const));
    for (let k = 0; k < 300; k++) {
      const a = Math.floor(rng.next() * rows.length);
      const b = Math.floor(rng.next() * rows.length);
      if (a === b) continue;
      expect(built.view(0).similarity(`r${a}`, `r${b}`)).toBeCloseTo(referenceCosine(texts, a, b, names), WEIGHT_DIGITS);
      expect(built.similarity(`r${a}`, `r${b}`)).toBeCloseTo(referenceCosine(texts, a, b), WEIGHT_DIGITS);
    }
  });

  it('hands its tables to the index it finishes: adding or finishing again throws', () => {
    const builder = new WordOverlapIndexBuilder();
    builder.add('a', 'red tent');
    builder.add('b', 'red stove');
    builder.add('c', 'blue lamp');
    const index = builder.finish();
    expect(index.similarity('a', 'b')).toBeGreaterThan(0);
    expect(() => builder.add('d', 'blue tent')).toThrow(/after finish/);
    expect(() => builder.finish()).toThrow(/twice/);
    expect(index.similarity('a', 'd')).toBe(0);
  });

  it('keeps term ids and item slots in 16 bits when they fit, 32 when not, ranking the same', () => {
    // A small catalog: 16-bit ids, and the same index with its ids widened to 32 bits scores alike.
    const texts = ['red tent for two', 'red stove', 'blue tent and stove', 'lamp for a tent', 'red lamp'];
    const small = WordOverlapIndexBuilder.build(texts.map((t, i) => [`s${i}`, t] as const));
    const saved = small.toSaved();
    expect(saved.arrays.rowTerm).toBeInstanceOf(Uint16Array);
    expect(saved.arrays.postItem).toBeInstanceOf(Uint16Array);
    const wide = WordOverlapIndex.fromSaved({
      ...saved,
      arrays: { ...saved.arrays, rowTerm: Uint32Array.from(saved.arrays.rowTerm), postItem: Uint32Array.from(saved.arrays.postItem) },
    })!;
    for (let a = 0; a < texts.length; a++)
      for (let b = 0; b < texts.length; b++) expect(wide.similarity(`s${a}`, `s${b}`)).toBe(small.similarity(`s${a}`, `s${b}`));
    expect(wide.neighbours('s0', 3)).toEqual(small.neighbours('s0', 3));
    // More than 65,536 distinct words (runs of letters: digits would split a word) -> 32-bit term ids, still the plain cosine.
    const letters = (k: number) =>
      Array.from(k.toString(26).padStart(4, '0'), (c) => String.fromCharCode(97 + Number.parseInt(c, 26))).join('');
    const many = Array.from(
      { length: 1100 },
      (_, i) => `${Array.from({ length: 60 }, (_, j) => letters(i * 60 + j)).join(' ')} tent ${letters(i % 3)}`,
    );
    const big = WordOverlapIndexBuilder.build(many.map((t, i) => [`b${i}`, t] as const));
    expect(big.toSaved().arrays.rowTerm).toBeInstanceOf(Uint32Array);
    expect(big.similarity('b0', 'b3')).toBeGreaterThan(0);
    expect(big.similarity('b0', 'b3')).toBeCloseTo(referenceCosine(many, 0, 3), WEIGHT_DIGITS);
    // The last items' words have ids past 16 bits: none is read as an early word.
    for (const k of [0, 3, 6, 7, 8, 1090, 1096, 1097])
      expect(big.similarity('b1099', `b${k}`)).toBeCloseTo(referenceCosine(many, 1099, k), WEIGHT_DIGITS);
  });
});

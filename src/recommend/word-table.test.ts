import { describe, expect, it } from 'vitest';
import { Prng } from '../vector-index/prng.ts';
import { NO_WORD, WordTable } from './word-table.ts';

describe('WordTable', () => {
  it('gives ids in first-seen order, the same id to the same word wherever it stands', () => {
    const table = new WordTable();
    const text = 'red car, blue car; red';
    expect(table.add(text, 0, 3)).toBe(0); // red
    expect(table.add(text, 4, 7)).toBe(1); // car
    expect(table.add(text, 9, 13)).toBe(2); // blue
    expect(table.add(text, 14, 17)).toBe(1); // car again
    expect(table.add('fired', 2, 5)).toBe(0); // "red" inside another string
    expect(table.find('car', 0, 3)).toBe(1);
    expect(table.find('ca', 0, 2)).toBe(NO_WORD); // a prefix of a word is not the word
    expect(table.find('cars', 0, 4)).toBe(NO_WORD);
    expect(table.find('', 0, 0)).toBe(NO_WORD);
    expect(table.size).toBe(3);
  });

  // From the default size, and from the smallest table (what a finished builder keeps) growing from one word.
  it.each([undefined, 1])('agrees with a Map over 60,000 random words of every script, across its growth (capacity %s)', (capacity) => {
    const rng = new Prng(7);
    const alphabet = [...'abcdefghijklmnopqrstuvwxyz0123456789', 'é', 'ж', '東', '\u0301', '😀'];
    const words = Array.from({ length: 60_000 }, () => {
      let w = '';
      const n = 1 + Math.floor(rng.next() * 6);
      for (let i = 0; i < n; i++) w += alphabet[Math.floor(rng.next() * alphabet.length)];
      return w;
    });
    const table = new WordTable(capacity);
    const reference = new Map<string, number>();
    // Each word inside a longer string, as the builder reads it from a text.
    const got = words.map((w) => table.add(` ${w}!`, 1, 1 + w.length));
    const expected = words.map((w) => {
      if (!reference.has(w)) reference.set(w, reference.size);
      return reference.get(w)!;
    });
    expect(got).toEqual(expected);
    expect(table.size).toBe(reference.size);
    for (const [w, id] of reference) expect(table.find(w, 0, w.length)).toBe(id);
    expect(table.find('zzzzzzzzz', 0, 9)).toBe(NO_WORD);
  });
});

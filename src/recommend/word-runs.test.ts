import { describe, expect, it } from 'vitest';
import { Prng } from '../vector-index/prng.ts';
import { MAX_OVERLAP_WORDS, overlapWords } from './overlap-terms.ts';
import { wordRuns } from './word-runs.ts';

/** The reference: the regular expression the scanner stands for. */
const reference = (text: string, max: number) => [...text.matchAll(/[\p{L}\p{M}]+|\p{N}+/gu)].slice(0, max).map((m) => m[0]);

/** The words as overlapWords found them before the scanner: split at non-word runs, then per piece. */
function splitReference(text: string): string[] {
  const out: string[] = [];
  const pieces = text
    .normalize('NFC')
    .toLowerCase()
    .split(/[^\p{L}\p{M}\p{N}]+/u, MAX_OVERLAP_WORDS + 1);
  for (const piece of pieces) {
    if (piece === '') continue;
    if (/^[\p{L}\p{M}]+$/u.test(piece) || /^\p{N}+$/u.test(piece)) out.push(piece);
    else for (const m of piece.matchAll(/[\p{L}\p{M}]+|\p{N}+/gu)) if (out.length < MAX_OVERLAP_WORDS) out.push(m[0]);
    if (out.length >= MAX_OVERLAP_WORDS) break;
  }
  return out;
}

/**
 * Characters of every kind the classes tell apart: ASCII, combining marks, letters of other scripts,
 * digits that are not ASCII (Arabic-Indic, Roman numerals, superscripts), astral letters and digits,
 * emoji, a lone surrogate, and capitals whose lower case changes length (İ) or depends on context (Σ).
 */
const ALPHABET = [
  ...'aZ09 -_.,!?/\t\n\'"',
  '\u0301',
  '\u0308',
  'é',
  'ß',
  'Σ',
  'İ',
  'ж',
  '東',
  'ア',
  '\u0663',
  'Ⅻ',
  '²',
  '½',
  '\u{1D400}',
  '\u{1D7CE}',
  '😀',
  '\u{20000}',
  '\uD800',
  '\u00A0',
  '™',
];

function randomText(rng: Prng): string {
  const length = Math.floor(rng.next() * 200);
  let s = '';
  for (let i = 0; i < length; i++) s += ALPHABET[Math.floor(rng.next() * ALPHABET.length)];
  return s;
}

describe('wordRuns', () => {
  it('finds the runs the regular expression finds, on 5,000 seeded texts of mixed scripts', () => {
    const rng = new Prng(7);
    for (let i = 0; i < 5000; i++) {
      const text = randomText(rng);
      expect(wordRuns(text, 1000)).toEqual(reference(text, 1000));
      expect(wordRuns(text, 5)).toEqual(reference(text, 5));
    }
  });

  it('stops at `max` runs, including a run that ends the text', () => {
    expect(wordRuns('a b c', 2)).toEqual(['a', 'b']);
    expect(wordRuns('a b c', 3)).toEqual(['a', 'b', 'c']);
    expect(wordRuns('c6578dn', 10)).toEqual(['c', '6578', 'dn']);
    expect(wordRuns('', 10)).toEqual([]);
  });
});

describe('overlapWords', () => {
  it('gives the words the split-based version gave, on 5,000 seeded texts and long ones', () => {
    const rng = new Prng(11);
    for (let i = 0; i < 5000; i++) {
      const text = randomText(rng);
      expect(overlapWords(text)).toEqual(splitReference(text));
    }
    const long = Array.from({ length: 300 }, (_, i) => `w${i}ord${i % 7 === 0 ? '\u0301' : ''}`).join(' - ');
    expect(overlapWords(long)).toEqual(splitReference(long));
    expect(overlapWords(long)).toHaveLength(MAX_OVERLAP_WORDS);
  });
});

/**
 * Gibberish queries: keyboard mashes typed by hand and seeded random consonant strings (4-12
 * letters, one or two words). No item is relevant to any of them: a search should answer with
 * nothing. A string that is a word of the catalog (any field, lower case) is dropped, so a mash
 * never happens to be a model code or a name the catalog holds.
 */
import { Prng } from '../../src/vector-index/prng.ts';
import type { Dataset } from '../dataset.ts';
import { type JudgedQuery, splitOf } from './types.ts';

/** Keyboard mashes, as people type them when testing a search box. */
const MASHES = [
  'asdfgh',
  'qwxz',
  'zzkq vlorp',
  'sdfsdf',
  'hjklhjkl',
  'xcvbn',
  'lkjhgf',
  'mnbvcx',
  'fghj fghj',
  'aaaaaaa',
  'ghfjdks',
  'wxqz plrk',
  'jjjjj',
  'zxcvzxcv',
  'kkkkkk lll',
  'dfghjk',
  'qqqq',
  'asdasd',
  'jkjkjk',
  'ppoopp',
];

const CONSONANTS = 'bcdfghjklmnpqrstvwxz';

/** `count` random consonant strings (seeded: the same every run): one word of 4-12 letters, or two of 3-6. */
export function randomConsonants(count: number, seed = 2027): string[] {
  const rng = new Prng(seed);
  const word = (min: number, max: number) =>
    Array.from({ length: min + rng.int(max - min + 1) }, () => CONSONANTS[rng.int(CONSONANTS.length)]!).join('');
  return Array.from({ length: count }, () => (rng.int(3) === 0 ? `${word(3, 6)} ${word(3, 6)}` : word(4, 12)));
}

/** Every lower-case word of the catalog's string values (the vocabulary a mash must avoid). */
function vocabulary(data: Dataset): Set<string> {
  const out = new Set<string>();
  const add = (v: unknown): void => {
    if (typeof v === 'string')
      for (const w of v.toLowerCase().split(/[^\p{L}\p{N}]+/u))
        if (w) out.add(w);
        else if (Array.isArray(v)) v.forEach(add);
  };
  for (const item of data.items) for (const v of Object.values(item.raw)) add(v);
  return out;
}

/** The gibberish queries of `data`: the mashes and 25 random strings, minus any holding a catalog word. */
export function gibberishQueries(data: Dataset): JudgedQuery[] {
  const words = vocabulary(data);
  const texts = [...new Set([...MASHES, ...randomConsonants(25)])].filter((q) => q.split(' ').every((w) => !words.has(w)));
  return texts.map((text, i) => ({
    id: `${data.name}/gibberish/${i}`,
    dataset: data.name,
    text,
    kind: 'gibberish' as const,
    split: splitOf(text),
    grades: new Map(),
    rule: 'random letters: nothing is relevant',
  }));
}

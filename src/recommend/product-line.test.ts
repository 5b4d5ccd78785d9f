import { describe, expect, it } from 'vitest';
import { capProductLines, itemLine, productLine, queryNamesLine } from './product-line.ts';

describe('productLine', () => {
  it('is the title before its first separator, lower-cased', () => {
    expect(productLine('Car Mechanic Simulator 2015 - Bentley')).toBe('car mechanic simulator 2015');
    expect(productLine('Lost Dimension: Extra Gift-EXP Bundle')).toBe('lost dimension');
    expect(productLine('Portal 2 – Soundtrack')).toBe('portal 2');
  });

  it('is undefined for a title without one; a hyphen inside a word is not one', () => {
    expect(productLine('Eight Mini Racers')).toBeUndefined();
    expect(productLine('Spider-Man')).toBeUndefined();
    expect(productLine(' - Bentley')).toBeUndefined();
    expect(itemLine({ id: 1, name: 'Tent: 2 person' })).toBe('tent');
    expect(itemLine({ id: 2 })).toBeUndefined();
  });
});

describe('queryNamesLine', () => {
  it('needs half the line and at least two of its words (one for a one-word line)', () => {
    expect(queryNamesLine('car mechanic simulator', 'car mechanic simulator 2015')).toBe(true);
    expect(queryNamesLine('car mechanic simulator dlc', 'car mechanic simulator 2015')).toBe(true);
    expect(queryNamesLine('simulator', 'car mechanic simulator 2015')).toBe(false);
    expect(queryNamesLine('red racing game', 'car mechanic simulator 2015')).toBe(false);
    expect(queryNamesLine('portal', 'portal')).toBe(true);
    expect(queryNamesLine('the portal', 'the dark portal')).toBe(false); // a stopword is not a word of the query
  });
});

describe('capProductLines', () => {
  const ranked = ['a1', 'a2', 'a3', 'x', 'a4', 'y'].map((key, i) => ({ key, score: 10 - i }));
  const lineOf = (key: string) => (key.startsWith('a') ? 'car mechanic simulator 2015' : undefined);

  it('shows two of a line, then the others, then the rest of the line in order: nothing is dropped', () => {
    expect(capProductLines(ranked, lineOf, 'red racing game').map((r) => r.key)).toEqual(['a1', 'a2', 'x', 'y', 'a3', 'a4']);
    expect(capProductLines(ranked, lineOf, 'red racing game', 1).map((r) => r.key)).toEqual(['a1', 'x', 'y', 'a2', 'a3', 'a4']);
  });

  it('keeps the order when the query names the line, or no line repeats', () => {
    expect(capProductLines(ranked, lineOf, 'car mechanic simulator')).toEqual(ranked);
    expect(capProductLines(ranked, () => undefined, 'red racing game')).toEqual(ranked);
  });
});

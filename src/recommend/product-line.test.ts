import { describe, expect, it } from 'vitest';
import { capProductLines, capSimilarLines, itemLine, productLine, queryNamesLine, similarLineOf } from './product-line.ts';

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

describe('similarLineOf and capSimilarLines', () => {
  const titles: Record<string, string> = {
    game: 'Portal 2',
    soundtrack: 'Portal 2 Soundtrack',
    pack: 'Portal 2 - Sixense Pack',
    hours: 'Portal 2: The Final Hours',
    other: 'Portals of Time',
    knights1: 'Portal Knights - Bibot Box',
    knights2: 'Portal Knights - Emoji Box',
    knights3: 'Portal Knights - Lobot Box',
    puzzle: 'The Talos Principle',
    shooter: 'Half-Life 2',
  };
  const nameOf = (key: string) => titles[key];
  const itemOf = (key: string) => (titles[key] ? { id: key, title: titles[key] } : undefined);

  it("puts an item whose name continues the anchor's, at a word boundary, in the anchor's own family", () => {
    const lineOf = similarLineOf('Portal 2', nameOf, itemOf);
    expect(lineOf('soundtrack')).toBe(lineOf('pack'));
    expect(lineOf('hours')).toBe(lineOf('soundtrack'));
    expect(lineOf('other')).toBeUndefined(); // "Portals" continues the word: not the family
    expect(lineOf('knights1')).toBe('portal knights');
    expect(lineOf('puzzle')).toBeUndefined();
    expect(similarLineOf(undefined, nameOf, itemOf)('soundtrack')).toBeUndefined();
    // The family cannot be mistaken for a line a title names.
    expect(similarLineOf('Portal 2', nameOf, itemOf)('pack')).not.toBe(productLine('Portal 2 - Sixense Pack'));
  });

  it('keeps two of the family and two of each line, then the others, then the rest, cut to k', () => {
    const ranked = ['soundtrack', 'pack', 'hours', 'knights1', 'knights2', 'knights3', 'puzzle', 'shooter', 'other'].map((key, i) => ({
      key,
      score: 9 - i,
    }));
    const capped = capSimilarLines(ranked, 6, 'Portal 2', nameOf, itemOf).map((r) => r.key);
    expect(capped).toEqual(['soundtrack', 'pack', 'knights1', 'knights2', 'puzzle', 'shooter']);
    expect(capSimilarLines(ranked, 20, 'Portal 2', nameOf, itemOf)).toHaveLength(ranked.length); // nothing dropped
  });
});

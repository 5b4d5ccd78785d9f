import { describe, expect, it } from 'vitest';
import { ADD_ON_WEIGHT, arrangeLines, capProductLines, itemLine, productLine, queryNamesLine, weighAddOns } from './product-line.ts';

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

describe('weighAddOns', () => {
  // A racing game, three paint packs of another racing game (one line), and a second game.
  const titles: Record<string, string> = {
    game: 'Street Racing Syndicate',
    pack1: 'NASCAR 15 - Paint Pack 1',
    pack2: 'NASCAR 15 - Paint Pack 2',
    pack3: 'NASCAR 15 - Toyota Pack',
    other: 'Lethal Brutal Racing',
  };
  const lineOf = (key: string) => productLine(titles[key]!);
  const titleOf = (key: string) => titles[key];
  const ranked = [
    { key: 'pack1', score: 1 },
    { key: 'pack2', score: 0.99 },
    { key: 'pack3', score: 0.98 },
    { key: 'game', score: 0.9 },
    { key: 'other', score: 0.85 },
  ];
  const keys = (rs: readonly { key: string }[]) => rs.map((r) => r.key);

  it('weighs down the members of a line three results share, when the query does not ask for them', () => {
    const out = weighAddOns(ranked, lineOf, titleOf, 'racing game for kids');
    expect(keys(out)).toEqual(['game', 'other', 'pack1', 'pack2', 'pack3']);
    expect(out.find((r) => r.key === 'pack1')!.score).toBeCloseTo(ADD_ON_WEIGHT);
    expect(ranked[0]!.score).toBe(1); // the input is not changed
  });

  it('leaves them when the query names the line, or their title holds two of its words (its one word)', () => {
    expect(keys(weighAddOns(ranked, lineOf, titleOf, 'nascar 15 racing'))).toEqual(keys(ranked));
    // "Paint" and "pack" are in two titles of the line; the third holds "pack" alone.
    expect(keys(weighAddOns(ranked, lineOf, titleOf, 'paint pack'))).toEqual(['pack1', 'pack2', 'game', 'other', 'pack3']);
    expect(keys(weighAddOns(ranked, lineOf, titleOf, 'toyota'))).toEqual(['pack3', 'game', 'other', 'pack1', 'pack2']);
  });

  it('leaves a line fewer than three results share, and everything at a weight of 1', () => {
    const two = ranked.filter((r) => r.key !== 'pack3');
    expect(keys(weighAddOns(two, lineOf, titleOf, 'racing game'))).toEqual(keys(two));
    expect(keys(weighAddOns(ranked, lineOf, titleOf, 'racing game', 1))).toEqual(keys(ranked));
  });

  it('comes before the cap of two per line (arrangeLines)', () => {
    const lines = { query: 'racing game for kids', lineOf, titleOf };
    const more = [...ranked, { key: 'pack4', score: 0.97 }, { key: 'late', score: 0.7 }];
    titles.pack4 = 'NASCAR 15 - Ford Pack';
    titles.late = 'Wreckfest';
    // Weighed: game .9, other .85, pack1 .8, pack2 .792, pack3 .784, pack4 .776, late .7; then two of the line ahead.
    expect(keys(arrangeLines(more, lines))).toEqual(['game', 'other', 'pack1', 'pack2', 'late', 'pack3', 'pack4']);
    expect(keys(arrangeLines(ranked, { ...lines, addOnWeight: 1 }))).toEqual(keys(capProductLines(ranked, lineOf, lines.query)));
  });
});

import { describe, expect, it } from 'vitest';
import { productLine } from './product-line.ts';
import { capComplementLines, capSimilarLines, similarLineOf } from './similar-lines.ts';

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
  puzzle1: 'The Talos Principle (edition 1)',
  puzzle2: 'The Talos Principle (edition 2)',
  puzzleTwin: 'the talos principle',
  shooter: 'Half-Life 2',
};
const itemOf = (key: string) => (titles[key] ? { id: key, title: titles[key] } : undefined);
const keys = Object.keys(titles);

describe('similarLineOf', () => {
  it("puts an item whose name continues the anchor's, at a word boundary, in the anchor's own family", () => {
    const lineOf = similarLineOf('Portal 2', keys, itemOf);
    expect(lineOf('soundtrack')).toBe(lineOf('pack'));
    expect(lineOf('hours')).toBe(lineOf('soundtrack'));
    expect(lineOf('other')).not.toBe(lineOf('soundtrack')); // "Portals" continues the word: not the family
    expect(lineOf('knights1')).toBe('portal knights');
    // The family cannot be mistaken for a line a title names.
    expect(lineOf('pack')).not.toBe(productLine('Portal 2 - Sixense Pack'));
    expect(similarLineOf(undefined, keys, itemOf)('soundtrack')).not.toBe(lineOf('soundtrack'));
  });

  it('groups a candidate with the candidates whose names continue or repeat its own, whatever the case', () => {
    const lineOf = similarLineOf('Portal 2', keys, itemOf);
    expect(lineOf('puzzle1')).toBe(lineOf('puzzle'));
    expect(lineOf('puzzle2')).toBe(lineOf('puzzle'));
    expect(lineOf('puzzleTwin')).toBe(lineOf('puzzle'));
    expect(lineOf('shooter')).not.toBe(lineOf('puzzle'));
    // Without the root in the candidates, two editions are each their own line.
    const without = similarLineOf('Portal 2', ['puzzle1', 'puzzle2'], itemOf);
    expect(without('puzzle1')).not.toBe(without('puzzle2'));
  });
});

describe('capSimilarLines', () => {
  it('keeps two of the family and two of each line, then the others, then the rest, cut to k', () => {
    const order = ['soundtrack', 'pack', 'hours', 'knights1', 'knights2', 'knights3', 'puzzle', 'puzzle1', 'puzzle2', 'shooter', 'other'];
    const ranked = order.map((key, i) => ({ key, score: 20 - i }));
    const capped = capSimilarLines(ranked, 7, 'Portal 2', itemOf);
    expect(capped.full).toBe(true);
    expect(capped.items.map((r) => r.key)).toEqual(['soundtrack', 'pack', 'knights1', 'knights2', 'puzzle', 'puzzle1', 'shooter']);
    expect(capSimilarLines(ranked, 20, 'Portal 2', itemOf).items).toHaveLength(ranked.length); // nothing dropped
    // Three of eight within the caps: not full, so the caller ranks a wider pool.
    const family = ['soundtrack', 'pack', 'hours', 'knights1', 'knights2', 'knights3', 'shooter'].map((key, i) => ({ key, score: 9 - i }));
    const short = capSimilarLines(family, 6, 'Portal 2', itemOf);
    expect(short.full).toBe(false);
    expect(short.items.map((r) => r.key)).toEqual(['soundtrack', 'pack', 'knights1', 'knights2', 'shooter', 'hours']);
  });
});

describe('capComplementLines', () => {
  it("keeps all of the item's own add-ons and line, caps every other line at two, cut to k", () => {
    const order = ['soundtrack', 'knights1', 'pack', 'knights2', 'knights3', 'hours', 'puzzle', 'puzzle1', 'puzzle2', 'shooter'];
    const ranked = order.map((key, i) => ({ key, score: 20 - i }));
    const anchor = { id: 'game', title: 'Portal 2' };
    const capped = capComplementLines(ranked, 8, anchor, itemOf);
    // The family (soundtrack, pack, hours) is not capped; Portal Knights and The Talos Principle are.
    expect(capped.items.map((r) => r.key)).toEqual(['soundtrack', 'knights1', 'pack', 'knights2', 'hours', 'puzzle', 'puzzle1', 'shooter']);
    expect(capped.full).toBe(true);
    // Fewer than k within the caps: not full, so the caller ranks a wider pool.
    expect(capComplementLines(ranked, 10, anchor, itemOf).full).toBe(false);
    // An add-on's page: the add-ons of its own game are its line, never capped.
    const onPack = capComplementLines(
      ['knights1', 'knights2', 'knights3', 'puzzle', 'puzzle1', 'puzzle2'].map((key, i) => ({ key, score: 9 - i })),
      5,
      { id: 'gold', title: 'Portal Knights - Gold Box' },
      itemOf,
    );
    expect(onPack.items.map((r) => r.key)).toEqual(['knights1', 'knights2', 'knights3', 'puzzle', 'puzzle1']);
  });
});

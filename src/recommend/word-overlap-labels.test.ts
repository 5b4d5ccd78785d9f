/** Word overlap's labels: the strings of an item's list fields, each one term of the described view only. */
import { describe, expect, it } from 'vitest';
import { WordOverlapIndexBuilder } from './word-overlap-builder.ts';

describe("WordOverlapIndex with items' labels", () => {
  it("counts each label of an item's list fields as one term of the described view only", () => {
    // Three games whose texts share the words "open" and "world"; only a and b share the label "Open World".
    const built = WordOverlapIndexBuilder.build([
      ['a', 'Far Cry. open sea, world war. By Ubisoft', 'Far Cry', ['Open World', 'Shooter', 'Action']],
      ['b', 'Just Cause. islands. By Avalanche', 'Just Cause', ['Open World', 'Shooter', 'Action']],
      ['c', 'Open World Atlas. a world map. By Ubisoft', 'Open World Atlas', ['Education', 'Maps', 'Action']],
      ['d', 'Tetris. blocks', 'Tetris', ['Puzzle']],
      ['e', 'Lumines. blocks. By Q', 'Lumines', ['Puzzle', 'Music']],
    ]);
    const described = built.view(0);
    // Labels do not exist for the full view ("for you", "bought together"): the same index without them agrees.
    const plain = WordOverlapIndexBuilder.build([
      ['a', 'Far Cry. open sea, world war. By Ubisoft', 'Far Cry'],
      ['b', 'Just Cause. islands. By Avalanche', 'Just Cause'],
      ['c', 'Open World Atlas. a world map. By Ubisoft', 'Open World Atlas'],
      ['d', 'Tetris. blocks', 'Tetris'],
      ['e', 'Lumines. blocks. By Q', 'Lumines'],
    ]);
    for (const x of ['b', 'c', 'd', 'e']) expect(built.view(1).similarity('a', x)).toBe(plain.view(1).similarity('a', x));
    // Described, the shared labels decide: a is most like b, which shares only the word "by" with it.
    expect(plain.view(0).similarity('a', 'b')).toBeLessThan(plain.view(0).similarity('a', 'c'));
    expect(described.similarity('a', 'b')).toBeGreaterThan(described.similarity('a', 'c'));
    expect(described.neighbours('a', 1)[0]!.key).toBe('b');
    expect(plain.view(0).neighbours('a', 1)[0]!.key).toBe('c');
    // A label is one term: the words "open" and "world" in c's text and name are not the label.
    expect(described.similarity('d', 'e')).toBeGreaterThan(0);
    expect(described.neighbours('e', 1)[0]!.key).toBe('d');
  });

  it('lets a common label weigh little beside rarer words, and reads labels case-blind and once', () => {
    const words = 'trail tent with two doors, aluminium poles and a rain fly for four seasons';
    // Half the shop is on sale: "sale" is a common label, so it says little about what an item is.
    const shelf = Array.from(
      { length: 16 },
      (_, i) => [`s${i}`, `Thing ${i}. item ${i} of the shelf`, `Thing ${i}`, i % 2 ? ['Sale'] : []] as const,
    );
    const built = WordOverlapIndexBuilder.build([
      ['a', `Tent A. ${words}`, 'Tent A', ['sale']],
      ['b', `Tent B. ${words}`, 'Tent B', []],
      ['e', 'Bivy. one person shelter', 'Bivy', ['Tents', 'Camping', 'Backpacking']],
      ['c', 'Mug. enamel mug', 'Mug', ['SALE', 'sale', 'Sale']],
      ['d', 'Lamp. desk lamp', 'Lamp', ['Tents', 'camping', 'Backpacking']],
      ...shelf,
    ]);
    const described = built.view(0);
    // "sale" is a's only label: a stays nearest the tent with its words (b, no label), not the mug on sale.
    expect(described.similarity('a', 'b')).toBeGreaterThan(described.similarity('a', 'c'));
    expect(described.neighbours('a', 1)[0]!.key).toBe('b');
    // Three rare labels outweigh a few words: the bivy and the lamp share no word, only labels.
    expect(built.view(1).similarity('e', 'd')).toBe(0);
    expect(described.similarity('e', 'd')).toBeGreaterThan(0.5);
    // "SALE", "sale" and "Sale" are one label, counted once: as if c had "sale" alone.
    const once = WordOverlapIndexBuilder.build([
      ['a', `Tent A. ${words}`, 'Tent A', ['sale']],
      ['b', `Tent B. ${words}`, 'Tent B', []],
      ['e', 'Bivy. one person shelter', 'Bivy', ['Tents', 'Camping', 'Backpacking']],
      ['c', 'Mug. enamel mug', 'Mug', ['sale']],
      ['d', 'Lamp. desk lamp', 'Lamp', ['Tents', 'camping', 'Backpacking']],
      ...shelf,
    ]);
    expect(described.similarity('c', 's1')).toBeGreaterThan(0);
    expect(described.similarity('c', 's1')).toBe(once.view(0).similarity('c', 's1'));
  });

  it('keeps the labels after a repeated one: a repeat takes no place under the cap', () => {
    // 40 copies of one label, then a rare one: the cap (32 labels) counts distinct labels, so "Rare" is read.
    const repeated = [...Array.from({ length: 40 }, () => 'Common'), 'Rare'];
    const built = WordOverlapIndexBuilder.build([
      ['a', 'Alpha. first thing', 'Alpha', repeated],
      ['b', 'Beta. second thing', 'Beta', ['Rare']],
      ['c', 'Gamma. third thing', 'Gamma', ['Other']],
    ]);
    expect(built.view(0).similarity('a', 'b')).toBeGreaterThan(built.view(0).similarity('a', 'c'));
  });
});

import { describe, expect, it } from 'vitest';
import { WEIGHT_DIGITS } from '../../test/oracles/word-overlap-cosine.ts';
import { describedFrequency, fullFrequency, markName, NAME_WEIGHT, overlapTerms, overlapText } from './overlap-terms.ts';
import { WordOverlapIndexBuilder } from './word-overlap-builder.ts';

describe('overlapTerms', () => {
  it("counts each word, and how often inside a repetition of the item's name", () => {
    const terms = overlapTerms('Stardew Valley. Farming, crafting. Stardew Valley is a farming game in a valley', 'Stardew Valley');
    const of = (word: string) => terms.find((t) => t.word === word);
    expect(of('stardew')).toEqual({ word: 'stardew', count: 2, inName: 2 });
    expect(of('valley')).toEqual({ word: 'valley', count: 3, inName: 2 }); // the third is the text's own word
    expect(of('farming')).toEqual({ word: 'farming', count: 2, inName: 0 });
    expect(overlapTerms('Lamp. Desk lamp').every((t) => t.inName === 0)).toBe(true); // no name
  });

  it('matches the name by whole words, left to right, never overlapping', () => {
    expect(overlapTerms('Go. Gopher games go far', 'Go').map((t) => [t.word, t.inName])).toEqual([
      ['go', 2],
      ['gopher', 0],
      ['games', 0],
      ['far', 0],
    ]);
    expect([...markName(['a', 'a', 'a'], ['a', 'a'])]).toEqual([1, 1, 0]);
    expect([...markName(['x', 'y'], [])]).toEqual([0, 0]);
    // A scratch array longer than the words is reused, cut to their length, cleared first.
    const scratch = new Uint8Array(8).fill(7);
    expect([...markName(['b', 'a'], ['a'], scratch)]).toEqual([0, 1]);
  });
});

describe('term frequencies', () => {
  it('are log frequencies; a name occurrence counts NAME_WEIGHT as much in the described view', () => {
    expect(fullFrequency(0)).toBe(0);
    expect(fullFrequency(1)).toBe(1);
    expect(fullFrequency(3)).toBeCloseTo(1 + Math.log(3), 12);
    expect(describedFrequency(1, 0)).toBe(1);
    expect(describedFrequency(1, 1)).toBeCloseTo(NAME_WEIGHT, 12);
    expect(describedFrequency(3, 2)).toBeCloseTo(1 + NAME_WEIGHT * (1 + Math.log(2)), 12);
    expect(describedFrequency(2, 2, 0.5)).toBeCloseTo(0.5 * (1 + Math.log(2)), 12);
  });

  it("agree with the index builder's own counting (the server counts with overlapTerms)", () => {
    const items = [
      ['a', 'Portal 2. Puzzle, First-Person. Portal 2 is a puzzle game', 'Portal 2'],
      ['b', 'Portal. Puzzle, Comedy', 'Portal'],
      ['c', 'Half-Life 2. Shooter, First-Person', 'Half-Life 2'],
    ] as const;
    const index = WordOverlapIndexBuilder.build(items);
    const df = new Map<string, number>();
    const terms = items.map(([, text, name]) => overlapTerms(text, name));
    for (const ts of terms) for (const t of ts) df.set(t.word, (df.get(t.word) ?? 0) + 1);
    const vector = (row: number) => {
      const raw = terms[row]!.map(
        (t) => [t.word, describedFrequency(t.count, t.inName) * Math.log(items.length / df.get(t.word)!)] as const,
      );
      const norm = Math.hypot(...raw.map(([, w]) => w)) || 1;
      return new Map(raw.map(([w, x]) => [w, x / norm]));
    };
    const cosine = (x: number, y: number) => [...vector(x)].reduce((s, [w, v]) => s + v * (vector(y).get(w) ?? 0), 0);
    expect(index.view(0).similarity('a', 'b')).toBeCloseTo(cosine(0, 1), WEIGHT_DIGITS);
    expect(index.view(0).similarity('a', 'c')).toBeCloseTo(cosine(0, 2), WEIGHT_DIGITS);
  });
});

describe('overlapText', () => {
  it('is the NFC, lower-case text whether or not it holds a character NFC could change', () => {
    const texts = [
      'Plain ASCII Title 2',
      'Caf\u00e9 cr\u00e8me, \u00c5ngstr\u00f6m', // Latin-1 only: already NFC, below U+0300
      'Cafe\u0301 cre\u0300me', // decomposed: composed by NFC
      '\u0130stanbul', // İ lower-cases to i and U+0307
      '\u212b unit, \u65e5\u672c\u8a9e \ud83c\udfae',
    ];
    for (const text of texts) expect(overlapText(text)).toBe(text.normalize('NFC').toLowerCase());
    expect(overlapText('Cafe\u0301')).toBe('caf\u00e9');
  });
});

/** Word overlap's 8-bit weights (word-weights.ts `packRow`): each weight within a step, each vector's length kept. */
import { describe, expect, it } from 'vitest';
import { WordOverlapIndexBuilder } from './word-overlap-builder.ts';
import { packRow, unpackWeights } from './word-weights.ts';

const STEP = 1 / 255;

/** `n` weights in [0, 1] decoded from `packRow`: [full, described] per word. */
function packed(full: readonly number[], described: readonly number[]): [number, number][] {
  const out = new Uint16Array(full.length);
  packRow(full, described, full.length, out);
  return [...out].map(unpackWeights);
}

const squares = (xs: readonly number[]) => xs.reduce((s, x) => s + x * x, 0);

describe('packRow', () => {
  it('keeps each weight within one step of its value, and a weight of 0 at 0', () => {
    let seed = 7;
    const random = () => {
      seed = (seed * 16807) % 2147483647;
      return seed / 2147483647;
    };
    for (let row = 0; row < 200; row++) {
      const n = 1 + Math.floor(random() * 60);
      const raw = Array.from({ length: n }, () => (random() < 0.1 ? 0 : random()));
      const norm = Math.sqrt(squares(raw)) || 1;
      const full = raw.map((x) => x / norm);
      const described = [...full].reverse();
      for (const [j, [f, d]] of packed(full, described).entries()) {
        expect(Math.abs(f - full[j]!)).toBeLessThan(STEP);
        expect(Math.abs(d - described[j]!)).toBeLessThan(STEP);
        if (full[j] === 0) expect(f).toBe(0);
        if (described[j] === 0) expect(d).toBe(0);
      }
    }
  });

  it("keeps a vector's length when many of its words share one weight", () => {
    // An item's one-off words all weigh the same. Rounded alone, 40 weights of 0.158 are each 40.3
    // steps and all round down: the length's square would be 0.984. Tracking keeps it within a step.
    const full = Array.from({ length: 40 }, () => 1 / Math.sqrt(40));
    const decoded = packed(full, full).map(([f]) => f);
    expect(Math.abs(squares(decoded) - 1)).toBeLessThan(2 * STEP * full[0]!);
    expect(decoded.filter((f) => f > full[0]!).length).toBeGreaterThan(0); // some round up
  });

  it('gives an item of one-off words a cosine of 1 with itself, to a step', () => {
    const words = Array.from({ length: 50 }, (_, i) => `w${i}x`).join(' ');
    const index = WordOverlapIndexBuilder.build([
      ['a', words],
      ['b', 'other words entirely'],
      ['c', 'w1x and more'],
    ]);
    expect(index.similarity('a', 'a')).toBeGreaterThan(1 - 2 * STEP);
  });
});

describe('WordOverlapIndex.neighbours with many ties', () => {
  it('gives the first n of the whole ranking, ties at the n-th score ordered by key', () => {
    // 300 items of three words each from a vocabulary of 80 (each word in ~11 items, rare enough to
    // find neighbours by): scores repeat, and an anchor's words reach a few dozen items.
    const vocabulary = Array.from({ length: 80 }, (_, i) => `word${i}x`);
    const items = Array.from({ length: 300 }, (_, i) => {
      const words = [vocabulary[i % 80]!, vocabulary[(i * 7) % 80]!, vocabulary[(i * 13 + 5) % 80]!];
      return [`i${String(i).padStart(3, '0')}`, words.join(' ')] as const;
    });
    const index = WordOverlapIndexBuilder.build(items);
    let tied = 0;
    for (const [key] of items.slice(0, 40))
      for (const share of [1, 0.1]) {
        const view = index.view(share);
        const all = view.neighbours(key, 1000);
        expect(all.length).toBeGreaterThan(10);
        for (const n of [1, 5, 10]) expect(view.neighbours(key, n)).toEqual(all.slice(0, n));
        tied += all.filter((x, i) => i > 0 && x.score === all[i - 1]!.score).length;
      }
    expect(tied).toBeGreaterThan(100);
  });
});

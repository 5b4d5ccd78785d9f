import { describe, expect, it } from 'vitest';
import { rerankByFeedback } from './search-feedback.ts';

/** Items as `key:label` strings; two items are alike (1) when they share the label, else 0. */
const list = (...items: string[]) => items.map((key, i) => ({ key, score: 10 - i }));
const alike = (a: string, b: string) => (a.split(':')[1] === b.split(':')[1] ? 1 : 0);
const keys = (xs: readonly { key: string }[]) => xs.map((x) => x.key);

describe('rerankByFeedback', () => {
  it('moves up what resembles the first hits, and down what resembles none of them', () => {
    // Three of the first four are racing games; a puzzle game (a title-word match) sits at 2 and
    // falls behind them; the racing game at 7 passes both cooking games, the one at 8 one of them.
    const ranked = list('a:race', 'b:puzzle', 'c:race', 'd:race', 'e:cook', 'f:cook', 'g:race', 'h:race');
    const out = rerankByFeedback(ranked, alike, 4);
    expect(keys(out)).toEqual(['a:race', 'c:race', 'd:race', 'b:puzzle', 'g:race', 'e:cook', 'h:race', 'f:cook']);
    // Nothing added or dropped, and every item keeps its own score.
    expect(out.map((x) => [x.key, x.score]).sort()).toEqual(ranked.map((x) => [x.key, x.score]).sort());
  });

  it('keeps the first result first, however unlike the hits after it', () => {
    // A query that names one product: its one answer leads, the hits behind it are another kind.
    const ranked = list('a:puzzle', 'b:race', 'c:race', 'd:race', 'e:puzzle');
    const out = keys(rerankByFeedback(ranked, alike, 5));
    expect(out[0]).toBe('a:puzzle');
    expect(out).toEqual(['a:puzzle', 'b:race', 'c:race', 'd:race', 'e:puzzle']);
  });

  it('keeps the order when the hits resemble each other equally, or when feedback is off', () => {
    const ranked = list('a:x', 'b:y', 'c:z', 'd:w');
    expect(keys(rerankByFeedback(ranked, () => 0, 3))).toEqual(keys(ranked));
    expect(keys(rerankByFeedback(ranked, () => 0.5, 3))).toEqual(keys(ranked));
    const mixed = list('a:race', 'b:puzzle', 'c:race');
    expect(keys(rerankByFeedback(mixed, alike, 0))).toEqual(keys(mixed));
    expect(rerankByFeedback([], alike, 10)).toEqual([]);
    expect(keys(rerankByFeedback(list('a:x', 'b:y'), alike, 10))).toEqual(['a:x', 'b:y']);
  });

  it('asks only about the first `hits` items', () => {
    const asked = new Set<string>();
    rerankByFeedback(
      list('a:x', 'b:x', 'c:x', 'd:x', 'e:x'),
      (_, top) => {
        asked.add(top);
        return 0;
      },
      2,
    );
    expect([...asked].sort()).toEqual(['a:x', 'b:x']);
  });
});

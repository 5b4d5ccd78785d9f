import { describe, expect, it } from 'vitest';
import { productLine, weighAddOns } from './product-line.ts';
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
    // Nothing added or dropped, and the scores stay in their places: still best first.
    expect(keys(out).sort()).toEqual(keys(ranked).sort());
    expect(out.map((x) => x.score)).toEqual(ranked.map((x) => x.score));
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

  it('keeps its order through the add-ons weighed down after it, which sort by score', () => {
    // Three packs of one line (add-ons "racing game" does not ask for) among racing games.
    const titles: Record<string, string> = {
      'a:race': 'Rally Kings',
      'b:puzzle': 'Puzzle Racer',
      'c:race': 'Dirt Track',
      'd:race': 'Night Drift',
      'e:pack': 'Kart Mania - Pack 1',
      'f:pack': 'Kart Mania - Pack 2',
      'g:pack': 'Kart Mania - Pack 3',
      'h:race': 'Street Racer',
    };
    const ranked = list('a:race', 'b:puzzle', 'c:race', 'd:race', 'e:pack', 'f:pack', 'g:pack', 'h:race');
    const fed = rerankByFeedback(ranked, alike, 4);
    const weighed = weighAddOns(
      fed,
      (key) => productLine(titles[key]!),
      (key) => titles[key],
      'racing game',
    );
    const notPacks = (xs: readonly { key: string }[]) => keys(xs).filter((k) => !k.endsWith(':pack'));
    // The feedback moved the puzzle game behind a race; after the weighing the packs fall to the end
    // and the rest keep the feedback's order, not the list's.
    expect(notPacks(fed)).toEqual(['a:race', 'c:race', 'b:puzzle', 'd:race', 'h:race']);
    expect(keys(weighed)).toEqual([...notPacks(fed), 'e:pack', 'f:pack', 'g:pack']);
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

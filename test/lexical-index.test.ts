import { describe, expect, it } from 'vitest';
import { profileFromHistory } from '../src/recommend/index.ts';
import type { HistoryEvent } from '../src/types/index.ts';
import { LexicalIndex } from './oracles/lexical-index.ts';

const ev = (type: HistoryEvent['type'], itemId: string, ts = 0): HistoryEvent => ({ type, itemId, ts });

describe('LexicalIndex (warming-up fallback)', () => {
  const lex = new LexicalIndex([
    { key: 'a', text: 'down sleeping bag for winter', category: 'Sleeping' },
    { key: 'b', text: 'synthetic sleeping quilt', category: 'Sleeping' },
    { key: 'c', text: 'chef knife steel', category: 'Kitchen' },
    { key: 'd', text: 'winter tent four season', category: 'Tents' },
  ]);

  it('ranks by category then shared words; search by shared words', () => {
    expect(lex.similar('a', 2, undefined, new Set()).map((r) => r.key)).toEqual(['b', 'd']);
    // a shares both words (2/sqrt(2*5)), b one of its 3 words (1/sqrt(2*3)), d one of its 4.
    expect(lex.search('winter sleeping', 3, undefined, new Set()).map((r) => r.key)).toEqual(['a', 'b', 'd']);
  });

  it('for you without history keeps catalog order; with history follows the newest anchor', () => {
    expect(lex.forYou(profileFromHistory([]), 2, undefined).map((r) => r.key)).toEqual(['a', 'b']);
    const got = lex.forYou(profileFromHistory([ev('view', 'c')]), 1, undefined);
    expect(got[0]!.because!.key).toBe('c');
    expect(got[0]!.key).not.toBe('c');
  });
});

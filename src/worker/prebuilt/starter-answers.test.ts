import { describe, expect, it } from 'vitest';
import type { Starter } from '../../artifact/starter-file.ts';
import { MODES } from '../../modes/index.ts';
import { starterRecommendations } from './starter-answers.ts';

const starter: Starter = {
  basis: 'popular',
  items: [
    { id: 'a', title: 'Tent', category: 'tent' },
    { id: 2, title: 'Stove', category: 'stove' },
    { id: 'c', title: 'Lamp', category: 'lamp' },
    { id: 'd', title: 'Tarp', category: 'tent' },
  ],
};
const mode = (method: string) => MODES.find((m) => m.method === method)!;

describe("a first visit's starter answers", () => {
  it('in the starter order, without the asked item, excluded ids or what the filter refuses; k of them, marked', () => {
    const similar = starterRecommendations(starter, mode('similar'), ['a', { k: 2 }]);
    expect(similar.map((r) => r.id)).toEqual([2, 'c']);
    expect(similar.every((r) => r.warming && r.basis === 'popular' && r.score === 0)).toBe(true);
    expect(similar[0]!.item).toBe(starter.items[1]);
    expect(starterRecommendations(starter, mode('forYou'), [{ excludeIds: [2] }]).map((r) => r.id)).toEqual(['a', 'c', 'd']);
    const tents = starterRecommendations(starter, mode('complements'), ['c', { filter: { category: 'tent' } }]);
    expect(tents.map((r) => r.id)).toEqual(['a', 'd']);
    // The page's own mistakes fail as they would later: a bad k, a missing item id.
    expect(() => starterRecommendations(starter, mode('similar'), ['a', { k: 0 }])).toThrow(/k/);
    expect(() => starterRecommendations(starter, mode('similar'), [{}])).toThrow();
  });
});

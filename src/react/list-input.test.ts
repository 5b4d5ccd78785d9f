/** The component's props read into its list input: the same strict reading as the element's attributes. */
import { describe, expect, it } from 'vitest';
import { listInputOf } from './list-input.ts';

describe('<Recommendations> props', () => {
  it('passes diversity and minScore through; absent options stay absent (the API defaults)', () => {
    expect(listInputOf({ mode: 'complements', itemId: 'sku-1', k: 4, diversity: 0, minScore: 0.9 }, undefined)).toEqual({
      mode: 'complements',
      itemId: 'sku-1',
      query: undefined,
      k: 4,
      diversity: 0,
      minScore: 0.9,
    });
    expect(listInputOf({ mode: 'search' }, 'tent')).toEqual({ mode: 'search', itemId: undefined, query: 'tent', k: 8 });
  });

  it('reports an unusable k, diversity, minScore, filter or excludeIds prop by name instead of using the default', () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ k: 0 }, 'the k prop'],
      [{ k: 2.9 }, 'the k prop'],
      [{ k: 500 }, 'the k prop'],
      [{ k: Number.NaN }, 'the k prop'],
      [{ diversity: 2 }, 'the diversity prop'],
      [{ minScore: Number.NaN }, 'the minScore prop'],
      [{ excludeIds: 'sku-1' }, 'the excludeIds prop'],
      [{ filter: 'Tents' }, 'the filter prop'],
      [{ filter: [{ category: 'Tents' }] }, 'the filter prop'],
    ];
    for (const [props, name] of cases) {
      expect(listInputOf({ mode: 'similar', itemId: 'a', ...props }, undefined).invalid, JSON.stringify(props)).toContain(name);
    }
    expect(listInputOf({ mode: 'similar', excludeIds: ['a', 2] }, undefined)).toMatchObject({ excludeIds: ['a', 2] });
    expect(listInputOf({ mode: 'similar', excludeIds: [] }, undefined)).not.toHaveProperty('excludeIds');
    expect(listInputOf({ mode: 'similar', filter: { category: 'Tents' } }, undefined)).toMatchObject({ filter: { category: 'Tents' } });
  });
});

import { describe, expect, it } from 'vitest';
import type { Recommendation, Recommender } from '../types/index.ts';
import { headingKey, modeOf, WIDGET_MODES } from './modes.ts';

/** A recommender that records which method each mode called. */
function recorder(): { r: Recommender; calls: string[] } {
  const calls: string[] = [];
  const r = {
    similar: async (id: string | number) => {
      calls.push(`similar ${id}`);
      return [];
    },
    forYou: async () => {
      calls.push('forYou');
      return [];
    },
    search: async (q: string) => {
      calls.push(`search ${q}`);
      return [];
    },
  } as unknown as Recommender;
  return { r, calls };
}

describe('widget modes', () => {
  it('routes each mode to its recommender method, and asks nothing without its input', async () => {
    const { r, calls } = recorder();
    await WIDGET_MODES.similar.fetch(r, { itemId: 'sku-1' }, { k: 4 });
    await WIDGET_MODES.similar.fetch(r, { itemId: null }, { k: 4 });
    await WIDGET_MODES['for-you'].fetch(r, {}, { k: 4 });
    await WIDGET_MODES.search.fetch(r, { query: 'tent' }, { k: 4 });
    await WIDGET_MODES.search.fetch(r, { query: '   ' }, { k: 4 });
    expect(calls).toEqual(['similar sku-1', 'forYou', 'search tent']);
  });

  it('refreshes "for you" on any history change, the others on dismiss and forget only', () => {
    expect(WIDGET_MODES['for-you'].refreshOn({ type: 'view', itemId: 1 })).toBe(true);
    expect(WIDGET_MODES.similar.refreshOn({ type: 'view', itemId: 1 })).toBe(false);
    expect(WIDGET_MODES.similar.refreshOn({ type: 'dismiss', itemId: 1 })).toBe(true);
    expect(WIDGET_MODES.search.refreshOn({ type: 'forget' })).toBe(true);
  });

  it('heads complements that are all content fill-ins with a heading that does not claim "bought together"', () => {
    const rec = (basis?: Recommendation['basis']): Recommendation => ({
      id: 1,
      item: { id: 1 },
      score: 1,
      warming: false,
      ...(basis ? { basis } : {}),
    });
    expect(headingKey('complements', [rec('content'), rec('content')])).toBe('heading.complements-content');
    expect(headingKey('complements', [rec('signals'), rec('content')])).toBe('heading.complements');
    expect(headingKey('complements', [])).toBe('heading.complements');
    expect(headingKey('complements', undefined)).toBe('heading.complements');
    expect(headingKey('similar', [rec('content')])).toBe('heading.similar');
  });

  it("heads a first visit's starter records as what they are, in any mode", () => {
    const rec = (basis: Recommendation['basis']): Recommendation => ({ id: 1, item: { id: 1 }, score: 0, warming: true, basis });
    expect(headingKey('similar', [rec('popular'), rec('popular')])).toBe('heading.popular');
    expect(headingKey('for-you', [rec('sample')])).toBe('heading.sample');
    expect(headingKey('complements', [rec('sample')])).toBe('heading.sample');
    expect(headingKey('similar', [rec('popular'), rec('content')])).toBe('heading.similar');
  });

  it('reads a mode attribute, defaulting to similar for anything unknown', () => {
    expect(modeOf('for-you')).toBe('for-you');
    expect(modeOf('search')).toBe('search');
    expect(modeOf('toString')).toBe('similar');
    expect(modeOf(null)).toBe('similar');
  });
});

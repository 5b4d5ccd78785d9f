import { describe, expect, it } from 'vitest';
import { FACET_MAX_LENGTH, itemFacets, MAX_FACETS } from './facets.ts';
import { resolveTextRule } from './text.ts';

describe('itemFacets', () => {
  const rule = resolveTextRule();

  it('reads the strings of every list field the text rule embeds, its own fields first, each cleaned', () => {
    const item = {
      id: 1,
      title: 'Portal 2',
      genres: ['Action', 'Adventure'],
      tags: ['Puzzle', '<b>First-Person</b>', 'Co-op &amp; Friends'],
      specs: ['Single-player', 7, null, { name: 'x' }],
      description: 'A game',
    };
    // `tags` is a field of the default rule (read first); then the other fields in the item's order.
    expect(itemFacets(item, rule)).toEqual(['Puzzle', 'First-Person', 'Co-op & Friends', 'Action', 'Adventure', 'Single-player']);
  });

  it('skips excluded and identifier fields, prose and blanks, and stops at MAX_FACETS', () => {
    const item = {
      id: 2,
      tag_ids: ['t1', 't2'],
      also_bought: ['3', '4'],
      bullets: ['x'.repeat(FACET_MAX_LENGTH + 1), '   ', 'Waterproof'],
      tags: Array.from({ length: MAX_FACETS + 5 }, (_, i) => `tag ${i}`),
    };
    const facets = itemFacets(item, resolveTextRule({ exclude: ['also_bought'] }));
    expect(facets).toHaveLength(MAX_FACETS);
    expect(facets.every((f) => f.startsWith('tag '))).toBe(true);
    expect(itemFacets({ ...item, tags: [] }, resolveTextRule({ exclude: ['also_bought'] }))).toEqual(['Waterproof']);
  });

  it("reads only the rule's fields when it does not flatten the rest", () => {
    const item = { id: 3, title: 'Lamp', tags: ['Lighting'], rooms: ['Office'] };
    expect(itemFacets(item, resolveTextRule({ fields: ['title', 'rooms'], flattenOthers: false }))).toEqual(['Office']);
    expect(itemFacets(item, resolveTextRule({ exclude: ['tags'] }))).toEqual(['Office']);
  });
});

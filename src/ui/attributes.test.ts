import { describe, expect, it } from 'vitest';
import { OBSERVED_ATTRIBUTES, readLayout, readListInput } from './attributes.ts';

/** An element with these attributes (only what `readListInput` reads). */
const element = (attrs: Record<string, string>) =>
  ({ getAttribute: (n: string) => attrs[n] ?? null, hasAttribute: (n: string) => n in attrs }) as unknown as Element;

describe('widget attributes', () => {
  it('reads the list input, diversity and min-score included; absent options stay absent (the API defaults)', () => {
    expect(readListInput(element({ mode: 'complements', 'item-id': 'sku-1', k: '4', diversity: '0', 'min-score': '0.9' }))).toEqual({
      mode: 'complements',
      itemId: 'sku-1',
      query: null,
      k: 4,
      diversity: 0,
      minScore: 0.9,
    });
    expect(readListInput(element({}))).toEqual({ mode: 'similar', itemId: null, query: null, k: 8 });
    expect(OBSERVED_ATTRIBUTES).toEqual(expect.arrayContaining(['diversity', 'min-score', 'k', 'exclude-ids']));
  });

  it('merges the exclude-ids attribute with the excludeIds property; null or undefined property means none', () => {
    expect(readListInput(element({ 'exclude-ids': 'a, b' }), [7]).excludeIds).toEqual(['a', 'b', 7]);
    expect(readListInput(element({}), null)).not.toHaveProperty('invalid');
    expect(readListInput(element({}), null)).not.toHaveProperty('excludeIds');
  });

  it('names every unusable attribute or property in `invalid`', () => {
    const input = readListInput(element({ k: '5px', diversity: '', 'min-score': '2', filter: '[1]', 'exclude-ids': '[1, 2' }), 'sku-1');
    expect(input.k).toBe(8);
    for (const name of [
      'k attribute',
      'diversity attribute',
      'min-score attribute',
      'filter attribute',
      'exclude-ids attribute',
      'excludeIds property',
    ]) {
      expect(input.invalid).toContain(`the ${name}`);
    }
  });

  it('knows two layouts', () => {
    expect([readLayout('carousel'), readLayout('grid'), readLayout('list'), readLayout(null)]).toEqual([
      'carousel',
      'grid',
      'grid',
      'grid',
    ]);
  });
});

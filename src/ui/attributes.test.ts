import { describe, expect, it } from 'vitest';
import { readFilter, readIdList, readK, readLayout } from './attributes.ts';

describe('widget attributes', () => {
  it('reads k as an integer in 1..100, default 8', () => {
    expect([readK('4'), readK('2.7'), readK('0'), readK('-3'), readK('abc'), readK(undefined), readK('1e9')]).toEqual([
      4, 2, 8, 8, 8, 8, 100,
    ]);
  });

  it('reads id lists as JSON arrays or comma / space separated', () => {
    expect(readIdList('["a", 7, null]')).toEqual(['a', 7]);
    expect(readIdList('sku-1, sku-2  sku-3')).toEqual(['sku-1', 'sku-2', 'sku-3']);
    expect(readIdList('  ')).toBeUndefined();
    expect(readIdList(null)).toBeUndefined();
  });

  it('reads a filter object, and says why anything else is unusable', () => {
    expect(readFilter('{"category":"Tents"}')).toEqual({ filter: { category: 'Tents' } });
    expect(readFilter('[1]').error).toMatch(/must be a JSON object/);
    expect(readFilter('{oops').error).toMatch(/"\{oops"/);
    expect(readFilter(null)).toEqual({});
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

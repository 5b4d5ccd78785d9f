import { describe, expect, it } from 'vitest';
import { InpageRecError } from '../errors.ts';
import type { Filter } from '../types/index.ts';
import { compileFilter } from './filter.ts';

const items: Record<string, Record<string, unknown>> = {
  a: { category: 'shoes', price: 30, tags: ['sale', 'new'], inStock: true },
  b: { category: 'shoes', price: 80, tags: ['new'], inStock: false },
  c: { category: 'hats', price: 15, tags: [], brand: null },
  d: { category: 'hats', price: 'n/a' },
  e: {},
};
const lookup = (key: string) => items[key];
const all = [...Object.keys(items), 'missing'];

function matches(filter: Filter): string[] {
  const keep = compileFilter(filter, lookup);
  return all.filter(keep);
}

describe('compileFilter', () => {
  it('equality, including any-element equality on array fields, booleans and null', () => {
    expect(matches({ category: 'shoes' })).toEqual(['a', 'b']);
    expect(matches({ tags: 'new' })).toEqual(['a', 'b']);
    expect(matches({ inStock: true })).toEqual(['a']);
    expect(matches({ brand: null })).toEqual(['c']);
    expect(matches({ price: 15 })).toEqual(['c']);
  });

  it('in: set membership, any element for array fields', () => {
    expect(matches({ category: { in: ['hats', 'bags'] } })).toEqual(['c', 'd']);
    expect(matches({ tags: { in: ['sale', 'clearance'] } })).toEqual(['a']);
    expect(matches({ category: { in: [] } })).toEqual([]);
  });

  it('numeric ranges; non-numbers and missing values never match', () => {
    expect(matches({ price: { gte: 15, lt: 80 } })).toEqual(['a', 'c']);
    expect(matches({ price: { gt: 15, lte: 80 } })).toEqual(['a', 'b']);
    expect(matches({ price: { lt: 1000 } })).toEqual(['a', 'b', 'c']);
  });

  it('not negates any condition; missing attributes pass it', () => {
    expect(matches({ category: { not: 'shoes' } })).toEqual(['c', 'd', 'e', 'missing']);
    expect(matches({ tags: { not: { in: ['new'] } } })).toEqual(['c', 'd', 'e', 'missing']);
    expect(matches({ price: { not: { gte: 20 } } })).toEqual(['c', 'd', 'e', 'missing']);
  });

  it('ANDs all fields; an empty filter keeps everything', () => {
    expect(matches({ category: 'shoes', price: { lt: 50 }, tags: 'sale' })).toEqual(['a']);
    expect(matches({ category: 'hats', price: { gte: 0 } })).toEqual(['c']);
    expect(matches({})).toEqual(all);
  });

  const invalid: Array<[string, unknown, string]> = [
    ['unknown operator', { price: { between: [1, 2] } }, 'price'],
    ['range operand not a number', { price: { gte: '10' } }, 'price'],
    ['NaN bound', { price: { lt: NaN } }, 'price'],
    ['in without array', { tags: { in: 'sale' } }, 'tags'],
    ['in with object values', { tags: { in: [{}] } }, 'tags'],
    ['in combined with range', { price: { in: [1], gte: 0 } }, 'price'],
    ['bare array', { tags: ['a'] }, 'tags'],
    ['empty condition', { category: {} }, 'category'],
    ['undefined condition', { category: undefined }, 'category'],
    ['NaN equality', { price: NaN }, 'price'],
    ['bad operand under not', { brand: { not: { regex: 'x' } } }, 'brand'],
  ];
  for (const [name, filter, field] of invalid) {
    it(`rejects ${name} with INVALID_OPTION naming the field`, () => {
      let error: unknown;
      try {
        compileFilter(filter as Filter, lookup);
      } catch (err) {
        error = err;
      }
      expect(error).toBeInstanceOf(InpageRecError);
      expect((error as InpageRecError).code).toBe('INVALID_OPTION');
      expect((error as InpageRecError).message).toContain(`"${field}"`);
    });
  }

  it('rejects a filter that is not an object', () => {
    expect(() => compileFilter(null as unknown as Filter, lookup)).toThrow(InpageRecError);
    expect(() => compileFilter([] as unknown as Filter, lookup)).toThrow(InpageRecError);
  });
});

import { describe, expect, it } from 'vitest';
import { ErrorCodes } from '../../errors.ts';
import { checkInput, checkRankOptions } from './rank-options.ts';

describe('checkRankOptions', () => {
  it('names the option and shows NaN and Infinity as themselves', () => {
    expect(() => checkRankOptions('similar', { k: Number.NaN })).toThrow('similar: k must be an integer from 1 to 1000, got NaN');
    expect(() => checkRankOptions('forYou', { diversity: Number.NaN })).toThrow('forYou: diversity must be a number from 0 to 1, got NaN');
    expect(() => checkRankOptions('search', { minScore: Number.POSITIVE_INFINITY })).toThrow('got Infinity');
    expect(() => checkRankOptions('search', { minScore: '0.5' })).toThrow('got "0.5"');
  });
});

describe('checkInput', () => {
  it('takes a query string and an item id (string or number) as text, naming the method otherwise', () => {
    expect(checkInput('search', 'query', '')).toBe('');
    expect(checkInput('similar', 'item', 'sku-1')).toBe('sku-1');
    expect(checkInput('similar', 'item', 42)).toBe('42');
    expect(() => checkInput('search', 'query', 42)).toThrow('search: the query must be a string');
    for (const bad of ['', undefined, null, Number.NaN, {}, ['a']]) {
      expect(() => checkInput('complements', 'item', bad)).toThrow(
        expect.objectContaining({ code: ErrorCodes.INVALID_OPTION, message: expect.stringContaining('complements: the item id must be') }),
      );
    }
  });
});

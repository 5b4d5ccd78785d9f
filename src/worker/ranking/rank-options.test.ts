import { describe, expect, it } from 'vitest';
import { checkRankOptions } from './rank-options.ts';

describe('checkRankOptions', () => {
  it('names the option and shows NaN and Infinity as themselves', () => {
    expect(() => checkRankOptions('similar', { k: Number.NaN })).toThrow('similar: k must be an integer from 1 to 1000, got NaN');
    expect(() => checkRankOptions('forYou', { diversity: Number.NaN })).toThrow('forYou: diversity must be a number from 0 to 1, got NaN');
    expect(() => checkRankOptions('search', { minScore: Number.POSITIVE_INFINITY })).toThrow('got Infinity');
    expect(() => checkRankOptions('search', { minScore: '0.5' })).toThrow('got "0.5"');
  });
});

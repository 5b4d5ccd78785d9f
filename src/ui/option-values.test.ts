import { describe, expect, it } from 'vitest';
import { checkIds, listOptions, readFilter, readIdList, readK, readUnit } from './option-values.ts';

describe('widget option values', () => {
  it('reads k as a whole number from 1 to 100; anything else is an error naming the option, absent is the default', () => {
    expect([readK('4'), readK(' 12 '), readK('100'), readK(1), readK(null), readK(undefined)]).toEqual([
      { value: 4 },
      { value: 12 },
      { value: 100 },
      { value: 1 },
      {},
      {},
    ]);
    for (const bad of ['0', '-3', 'abc', '', '5px', 'NaN', 'Infinity', '2.9', '500', '1e2', '0x10', 0, 2.9, 500, Number.NaN, Infinity]) {
      expect(readK(bad).error, String(bad)).toMatch(/^the k attribute must be a whole number from 1 to 100; got /);
    }
    expect(readK('5px').error).toContain('got "5px"');
    expect(readK(Number.NaN, 'the k prop').error).toBe('the k prop must be a whole number from 1 to 100; got NaN');
  });

  it('reads diversity and minScore as numbers from 0 to 1', () => {
    expect([readUnit('0', 'd'), readUnit('.5', 'd'), readUnit(' 1 ', 'd'), readUnit(0.25, 'd'), readUnit(null, 'd')]).toEqual([
      { value: 0 },
      { value: 0.5 },
      { value: 1 },
      { value: 0.25 },
      {},
    ]);
    for (const bad of ['', ' ', 'NaN', 'abc', '1.5', '-0.1', '0.5x', Number.NaN, 2, -1, Infinity]) {
      expect(readUnit(bad, 'the diversity attribute').error, String(bad)).toMatch(
        /^the diversity attribute must be a number from 0 to 1; got /,
      );
    }
  });

  it('reads id lists as JSON arrays of ids or comma / space separated; broken JSON or non-id entries are errors', () => {
    expect(readIdList('["a", 7]')).toEqual({ value: ['a', 7] });
    expect(readIdList('sku-1, sku-2  sku-3')).toEqual({ value: ['sku-1', 'sku-2', 'sku-3'] });
    expect(readIdList('  ')).toEqual({});
    expect(readIdList(null)).toEqual({});
    expect(readIdList('[1, 2').error).toMatch(/^the exclude-ids attribute must be a JSON array of ids .*got "\[1, 2"/);
    expect(readIdList('["a", {"x":1}, 3]').error).toMatch(/^the exclude-ids attribute must hold only item ids .*got object at position 1/);
  });

  it('checks id lists given as values: a string or null entry is an error, null or undefined is none', () => {
    expect(checkIds(['a', 1], 'p')).toEqual({ value: ['a', 1] });
    expect(checkIds(null, 'p')).toEqual({});
    expect(checkIds(undefined, 'p')).toEqual({});
    expect(checkIds('sku-1', 'the excludeIds property').error).toBe(
      'the excludeIds property must be an array of item ids, e.g. ["sku-1", 42]; got "sku-1"',
    );
    expect(checkIds(['a', null], 'p').error).toMatch(/only item ids .*got null at position 1/);
    // biome-ignore lint/suspicious/noSparseArray: a hole is not an id
    expect(checkIds(['a', , 'b'], 'p').error).toMatch(/position 1/);
  });

  it('reads a filter object, and says why anything else is unusable', () => {
    expect(readFilter('{"category":"Tents"}')).toEqual({ value: { category: 'Tents' } });
    expect(readFilter('[1]').error).toMatch(/^the filter attribute must be a JSON object/);
    expect(readFilter('{oops').error).toMatch(/"\{oops"/);
    expect(readFilter(null)).toEqual({});
  });

  it('combines the reads: defaults for absent options, merged ids, every error named', () => {
    expect(
      listOptions({ k: {}, diversity: {}, minScore: { value: 0.9 }, filter: {}, excludeIds: [{ value: ['a'] }, { value: [2] }] }),
    ).toEqual({
      k: 8,
      minScore: 0.9,
      excludeIds: ['a', 2],
    });
    expect(listOptions({ k: { error: 'k bad' }, diversity: { error: 'd bad' }, minScore: {}, filter: {}, excludeIds: [] })).toEqual({
      k: 8,
      invalid: 'k bad; d bad',
    });
  });
});

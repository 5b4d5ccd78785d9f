import { describe, expect, it } from 'vitest';
import { hashLookup, keyRows } from './key-rows.ts';

describe('rows and hashes by key, one map per keys array', () => {
  it('maps each key to its row, and builds the map once for the same array', () => {
    const keys = ['b', 'a', 'c'];
    const rows = keyRows(keys);
    expect([...rows]).toEqual([
      ['b', 0],
      ['a', 1],
      ['c', 2],
    ]);
    expect(keyRows(keys)).toBe(rows);
    // An equal array of its own is not the same keys section: its own map.
    expect(keyRows([...keys])).not.toBe(rows);
    // A repeated key (no artifact has one: its keys are sorted and distinct) keeps its last row, as the maps it replaced did.
    expect(keyRows(['a', 'b', 'a']).get('a')).toBe(2);
  });

  it('reads hashes through the rows: present keys give their hash, others nothing', () => {
    const lookup = hashLookup(['x', 'y'], ['hx', 'hy']);
    expect([lookup.get('x'), lookup.get('y'), lookup.get('z')]).toEqual(['hx', 'hy', undefined]);
    expect([lookup.has('y'), lookup.has('z')]).toEqual([true, false]);
  });
});

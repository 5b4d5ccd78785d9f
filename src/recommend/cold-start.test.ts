import { describe, expect, it } from 'vitest';
import { exactSignals, SignalLookup } from '../signals/index.ts';
import { createIndex } from '../vector-index/index.ts';
import { Prng } from '../vector-index/prng.ts';
import { fieldSpread, popularStart, SPREAD_REGIONS, vectorSpread } from './cold-start.ts';

/** `perKind` unit vectors around each of `kinds` orthogonal directions, keys `kind-i`, kinds interleaved unevenly. */
function clusteredIndex(kinds: number, perKind: (kind: number) => number) {
  const dims = 16;
  const rng = new Prng(3);
  const keys: string[] = [];
  const rows: number[] = [];
  for (let c = 0; c < kinds; c++)
    for (let i = 0; i < perKind(c); i++) {
      const v = Array.from({ length: dims }, (_, d) => (d === c ? 1 : 0) + 0.1 * (rng.next() - 0.5));
      const norm = Math.hypot(...v);
      keys.push(`${c}-${i}`);
      rows.push(...v.map((x) => x / norm));
    }
  const index = createIndex('flat', dims);
  index.add(keys, new Float32Array(rows));
  return { index, keys };
}

describe('cold start', () => {
  it('spreads over the catalog: the first items come from different regions, the largest first', () => {
    // Kind 0 holds most of the catalog and comes first in the file: file order would show only it.
    const { index, keys } = clusteredIndex(5, (c) => (c === 0 ? 60 : 10));
    const spread = vectorSpread(index, keys);
    expect(new Set(spread.slice(0, 5).map((k) => k.split('-')[0])).size).toBe(5);
    expect(spread[0]!.startsWith('0-')).toBe(true);
    expect(new Set(spread).size).toBe(spread.length);
    // Deterministic: the same keys give the same spread.
    expect(vectorSpread(index, keys)).toEqual(spread);
  });

  it("shows a shop's own products before the add-ons and variants of a product line", () => {
    // Kind 1: a line of add-ons and one standalone item; kind 2: only one line's variants (a region
    // of song packs); kind 3: one item of a line no other item has.
    const { index, keys } = clusteredIndex(5, () => 10);
    const lineOf = (key: string) => {
      const [kind, i] = key.split('-').map(Number);
      if (kind === 1 && i !== 7) return 'game one';
      if (kind === 2) return 'song pack';
      return kind === 3 && i === 0 ? 'a line of one' : undefined;
    };
    const spread = vectorSpread(index, keys, lineOf);
    const tier = (k: string) => (lineOf(k) === undefined ? 0 : ['game one', 'song pack'].includes(lineOf(k)!) ? 2 : 1);
    // The first round holds one item per region, as without lines: lines only order it.
    const plain = vectorSpread(index, keys);
    const round = Math.min(SPREAD_REGIONS, keys.length);
    expect(new Set(spread.slice(0, round))).toEqual(new Set(plain.slice(0, round)));
    const tiers = spread.slice(0, round).map(tier);
    expect(tiers).toEqual([...tiers].sort((x, y) => x - y));
    // Without lines, family members had their regions' turns among the others'.
    const plainTiers = plain.slice(0, round).map(tier);
    expect(plainTiers).not.toEqual([...plainTiers].sort((x, y) => x - y));
    expect(plainTiers).toContain(2);
    expect(new Set(spread)).toEqual(new Set(keys));
    expect(vectorSpread(index, keys, () => undefined)).toEqual(plain);
  });

  it('before vectors: categories interleaved, largest first; evenly over the catalog without one', () => {
    const items = new Map(
      ['tent', 'tent', 'tent', 'stove', 'lamp', 'stove'].map((category, i) => [`p${i}`, { item: { id: `p${i}`, category } }] as const),
    );
    expect(fieldSpread(items).slice(0, 3)).toEqual(['p0', 'p3', 'p4']);
    const plain = new Map(Array.from({ length: 40 }, (_, i) => [`p${i}`, { item: { id: `p${i}` } }] as const));
    // 16 strides over 40 items: the first of each stride (p0..p15), then their seconds (p16...).
    const even = fieldSpread(plain);
    expect(even.slice(0, 3)).toEqual(['p0', 'p1', 'p2']);
    expect(even[16]).toBe('p16');
    expect(new Set(even).size).toBe(40);
  });

  it('with the site signals: the most popular items that pass', () => {
    const ids = ['a', 'b', 'c', 'd'];
    const sessions = [
      ['a', 'b'],
      ['a', 'c'],
      ['a', 'b'],
      ['c', 'a'],
      ['b', 'a'],
    ].map((s, i) => s.map((item) => ({ session: `s${i}`, item })));
    const lookup = new SignalLookup(exactSignals(sessions.flat(), ids, { minSupport: 1 }).signals, ids);
    expect(popularStart(lookup, 2, () => true).map((r) => r.key)).toEqual(['a', 'b']);
    expect(popularStart(lookup, 2, (k) => k !== 'a').map((r) => r.key)).toEqual(['b', 'c']);
  });
});

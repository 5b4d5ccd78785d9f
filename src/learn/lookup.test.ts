import { describe, expect, it } from 'vitest';
import { randomUnitVectors } from '../../test/helpers/vectors.ts';
import { ScoreCalibration } from '../recommend/calibration.ts';
import { createIndex } from '../vector-index/index.ts';
import { Prng } from '../vector-index/prng.ts';
import { projectAll } from './learned-map.ts';
import { LearnedLookup } from './lookup.ts';
import { decodeLearned, encodeLearned } from './section.ts';

describe('LearnedLookup', () => {
  const rng = new Prng(5);
  const inDims = 32;
  const outDims = 8;
  const map = { inDims, outDims, weights: Float32Array.from({ length: outDims * inDims }, () => rng.gaussian()) };
  const keys = ['a', 'b', 'c', 'd'];
  const bytes = encodeLearned({ map, sides: 2, count: 4, vectors: [randomUnitVectors(4, outDims, 1), randomUnitVectors(4, outDims, 2)] });

  it("places an item the build never saw exactly where the build's projection puts it, on both sides", () => {
    const lookup = new LearnedLookup(decodeLearned(bytes, 4, inDims), keys);
    const text = randomUnitVectors(1, inDims, 3);
    expect(lookup.place(['a', 'new', 'no-vector'], (key) => (key === 'new' ? text : undefined))).toBe(1);
    const built = projectAll(decodeLearned(bytes, 4, inDims).map, text);
    expect(lookup.query('new')).toEqual(built);
    expect(lookup.targets.vector('new')).toEqual(built);
    expect({ size: lookup.size, placed: lookup.placed }).toEqual({ size: 5, placed: 1 });
    // Already placed: nothing more.
    expect(lookup.place(['new'], () => text)).toBe(0);
  });

  it('tells the items the logs never named (both sides equal, through the int8 codes) and placed ones', () => {
    const query = randomUnitVectors(4, outDims, 1);
    const target = randomUnitVectors(4, outDims, 2);
    const none = new LearnedLookup(decodeLearned(encodeLearned({ map, sides: 2, count: 4, vectors: [query, target] }), 4, inDims), keys);
    const raw = ScoreCalibration.orFlat([0, 1]);
    const index = createIndex('flat', inDims);
    // No item ranks by its text: no fallback, so no search for candidates no filter would pass.
    expect(keys.map(none.textOnly)).toEqual([false, false, false, false]);
    expect(none.textFallback(index, raw)).toBeUndefined();
    target.set(query.subarray(outDims, 2 * outDims), outDims);
    const b = new LearnedLookup(decodeLearned(encodeLearned({ map, sides: 2, count: 4, vectors: [query, target] }), 4, inDims), keys);
    expect(keys.map(b.textOnly)).toEqual([false, true, false, false]);
    expect(b.textFallback(index, raw)?.covers('b')).toBe(true);
    none.place(['new'], () => randomUnitVectors(1, inDims, 3));
    expect(none.textOnly('new')).toBe(true);
    expect(none.textFallback(index, raw)).toBeDefined();
  });

  it('searches targets with an item’s query side, and calibrates on random query . target pairs', () => {
    const space = decodeLearned(bytes, 4, inDims);
    const lookup = new LearnedLookup(space, keys);
    const q = lookup.query('b')!;
    const hits = lookup.targets.search(q, 4);
    const dot = (i: number) => {
      let s = 0;
      for (let k = 0; k < outDims; k++) s += q[k]! * space.vectors[1]![i * outDims + k]!;
      return s;
    };
    const expected = keys.map((key, i) => ({ key, score: dot(i) })).sort((x, y) => y.score - x.score);
    expect(hits.map((h) => h.key)).toEqual(expected.map((h) => h.key));
    const cal = lookup.calibration();
    expect(cal).toBe(lookup.calibration());
    expect(cal.std).toBeGreaterThan(0);
  });

  it('placeCatalog scans a catalog map once, and again only while some of its keys wait for a text vector', () => {
    const lookup = new LearnedLookup(decodeLearned(bytes, 4, inDims), keys);
    const text = randomUnitVectors(1, inDims, 4);
    const entries = new Map(['a', 'b', 'c', 'd', 'new', 'later'].map((k) => [k, {}]));
    let ready = false;
    const asked: string[] = [];
    const vector = (key: string) => {
      asked.push(key);
      return key === 'new' || (key === 'later' && ready) ? text : undefined;
    };
    expect(lookup.placeCatalog(entries, vector)).toBe(1);
    expect(asked).toEqual(['new', 'later']);
    // 'later' has no vector yet: the same map is scanned again, asking for it alone.
    expect(lookup.placeCatalog(entries, vector)).toBe(0);
    expect(asked).toEqual(['new', 'later', 'later']);
    ready = true;
    expect(lookup.placeCatalog(entries, vector)).toBe(1);
    expect(lookup.has('later')).toBe(true);
    // Everything placed: the map is not scanned again; a new map (an edited catalog) is.
    asked.length = 0;
    expect(lookup.placeCatalog(entries, vector)).toBe(0);
    expect(asked).toEqual([]);
    const edited = new Map([...entries, ['added', {}]]);
    expect(lookup.placeCatalog(edited, () => text)).toBe(1);
    expect(lookup.size).toBe(7);
  });

  it('popular: targets by the mean query side, through the filter, from the whole space when the filter takes most', () => {
    const d = 2;
    const n = 40;
    // Query sides all point along x, so the mean does too; target i leans on x by i (highest last).
    const queries = new Float32Array(n * d);
    const targets = new Float32Array(n * d);
    for (let i = 0; i < n; i++) {
      queries[i * d] = 1;
      const angle = (Math.PI / 2) * (1 - i / n);
      targets[i * d] = Math.cos(angle);
      targets[i * d + 1] = Math.sin(angle);
    }
    const ids = Array.from({ length: n }, (_, i) => `k${i}`);
    const space = {
      map: { inDims: 4, outDims: d, weights: new Float32Array(4 * d) },
      sides: 2 as const,
      count: n,
      vectors: [queries, targets],
    };
    const lookup = new LearnedLookup(space, ids);
    expect(keysOf(lookup.popular(3, () => true))).toEqual(['k39', 'k38', 'k37']);
    // Beyond the first pool (4k): the filter keeps the least expected items only.
    expect(keysOf(lookup.popular(2, (key) => Number(key.slice(1)) < 5))).toEqual(['k4', 'k3']);
    expect(lookup.popular(0, () => true)).toEqual([]);
  });

  it('names a key list that does not fit the space', () => {
    expect(() => new LearnedLookup(decodeLearned(bytes, 4, inDims), ['a'])).toThrow(/holds 4 items, 1 keys given/);
  });
});

function keysOf(items: readonly { key: string }[]): string[] {
  return items.map((r) => r.key);
}

import { describe, expect, it } from 'vitest';
import { randomUnitVectors } from '../../test/helpers/vectors.ts';
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

  it('names a key list that does not fit the space', () => {
    expect(() => new LearnedLookup(decodeLearned(bytes, 4, inDims), ['a'])).toThrow(/holds 4 items, 1 keys given/);
  });
});

import { describe, expect, it } from 'vitest';
import type { CatalogEntry } from '../../catalog/index.ts';
import { CatalogState } from './catalog-state.ts';

const DIMS = 4;
const entry = (key: string, hash: string): CatalogEntry => ({ key, item: { id: key }, text: key, hash });
const rows = (n: number, v: number) => new Float32Array(n * DIMS).fill(v);

describe('catalog state: stand-in vectors (the artifact head)', () => {
  it('counts them apart from real vectors, and real vectors replace them', () => {
    const s = new CatalogState(DIMS, 'flat');
    const a = entry('a', 'h1');
    const b = entry('b', 'h2');
    s.setEntries([a, b]);
    s.addVectors([a], rows(1, 0.5));
    s.addCoarse([b], rows(1, 0.5));
    expect({ indexed: s.indexed, coarse: s.coarseShare, current: s.isCurrent(b) }).toEqual({ indexed: 1, coarse: 0.5, current: false });
    s.addVectors([b], rows(1, 0.5));
    expect({ indexed: s.indexed, coarse: s.coarseShare, current: s.isCurrent(b) }).toEqual({ indexed: 2, coarse: 0, current: true });
  });

  it("a stand-in over an older text's vector drops that text's hash, so nothing reuses the stand-in as real", () => {
    const s = new CatalogState(DIMS, 'flat');
    const old = entry('a', 'old');
    s.setEntries([old]);
    s.addVectors([old], rows(1, 0.5));
    expect(s.indexedHashOf('a')).toBe('old');
    const changed = entry('a', 'new');
    s.setEntries([changed]);
    s.addCoarse([changed], rows(1, 0.25));
    expect(s.indexedHashOf('a')).toBeUndefined();
    expect(s.indexedHashes.has('a')).toBe(false);
    expect(s.isCurrent(old)).toBe(false);
    // Their real vectors never came: the row goes, and the key has no vector at all.
    s.dropCoarse();
    expect({ indexed: s.indexed, coarse: s.coarseShare, size: s.index?.size }).toEqual({ indexed: 0, coarse: 0, size: 0 });
  });
});

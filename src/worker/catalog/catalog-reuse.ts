/** Vectors a catalog update can take from the index instead of embedding them again. */
import type { CatalogEntry } from '../../catalog/index.ts';
import type { CatalogState } from './catalog-state.ts';

/**
 * Vectors already in the index for the content hashes of those `entries` that lack a current one
 * (another key with the same text, or this key before a rename): copied from the index, so no
 * float copy of the catalog has to be kept beside it. Returns the entries it found vectors for and
 * those vectors.
 */
export function reusableVectors(state: CatalogState, given: readonly CatalogEntry[]): { found: CatalogEntry[]; vectors: Float32Array } {
  // A first visit has nothing to reuse: skip the passes over every entry (100k items on the way to the first answer).
  if (state.indexedHashes.size === 0) return { found: [], vectors: new Float32Array(0) };
  const entries = given.filter((e) => !state.isCurrent(e));
  const keyOfHash = new Map<string, string>();
  for (const [key, hash] of state.indexedHashes) keyOfHash.set(hash, key);
  const found: CatalogEntry[] = [];
  const rows: Float32Array[] = [];
  for (const e of entries) {
    const key = keyOfHash.get(e.hash);
    const v = key === undefined ? undefined : state.index?.vector(key);
    if (!v) continue;
    found.push(e);
    rows.push(v);
  }
  const vectors = new Float32Array(found.length * state.dims);
  rows.forEach((r, i) => {
    vectors.set(r, i * state.dims);
  });
  return { found, vectors };
}

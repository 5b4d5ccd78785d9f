/**
 * Ranking over a vector index: similar items, "for you" from history anchors, and semantic search.
 * Pure functions of their inputs, so Node (eval, tests) and the worker run the same code.
 */
import type { RowFilter, VectorIndex } from '../vector-index/index.ts';
import type { HistoryProfile } from './history.ts';
import type { RankedItem } from './types.ts';

/** Items most similar to `key`, never `key` itself, never a dismissed item. */
export function similarItems(
  index: VectorIndex,
  key: string,
  k: number,
  filter: RowFilter | undefined,
  dismissed: ReadonlySet<string>,
): RankedItem[] {
  const query = index.vector(key);
  if (!query) return [];
  const exclude = new Set(dismissed);
  exclude.add(key);
  return index.search(query, k, { filter, exclude });
}

/**
 * "For you": each anchor's nearest neighbours, merged by max of weight x similarity; each result
 * names the anchor that put it there. Seen and dismissed items are excluded during the scan, so a
 * full list comes back whenever enough items qualify.
 */
export function forYouItems(index: VectorIndex, profile: HistoryProfile, k: number, filter: RowFilter | undefined): RankedItem[] {
  const exclude = new Set([...profile.seen, ...profile.dismissed]);
  const best = new Map<string, RankedItem>();
  for (const anchor of profile.anchors) {
    const query = index.vector(anchor.key);
    if (!query) continue;
    for (const hit of index.search(query, k, { filter, exclude })) {
      const score = hit.score * anchor.weight;
      const current = best.get(hit.key);
      if (!current || score > current.score) best.set(hit.key, { key: hit.key, score, because: { key: anchor.key, type: anchor.type } });
    }
  }
  return [...best.values()].sort((a, b) => b.score - a.score || (a.key < b.key ? -1 : 1)).slice(0, k);
}

/** Items closest to an embedded query; dismissed items left out. */
export function searchItems(
  index: VectorIndex,
  query: Float32Array,
  k: number,
  filter: RowFilter | undefined,
  dismissed: ReadonlySet<string>,
): RankedItem[] {
  return index.search(query, k, { filter, exclude: dismissed });
}

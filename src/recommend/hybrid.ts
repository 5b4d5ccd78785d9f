/**
 * Hybrid search: keyword (BM25, `KeywordIndex`) and vector hits fused into one list. A convex
 * combination of normalised scores (Bruch et al. 2023, "An Analysis of Fusion Functions for Hybrid
 * Retrieval": beats reciprocal rank fusion once its weight is tuned): keyword scores are divided by
 * the best keyword score of the query, cosines are min-max scaled over the vector hits, and an item
 * missing from one list gets 0 from it. The weight is chosen on the validation queries of the
 * search eval (eval/search-eval.ts), per query type, and the one default is the best on all.
 */
import type { RankedItem } from './types.ts';

/** Weight of the keyword side (the vector side gets 1 - this). */
export const HYBRID_KEYWORD_WEIGHT = 0.5;

/** Hits taken from each side before fusing (enough for k <= 20 with room for disagreement). */
export const HYBRID_DEPTH = 50;

/** Fuses `keyword` and `vector` hits (each best first) into the best `k`; ties by key. */
export function hybridMerge(
  keyword: readonly RankedItem[],
  vector: readonly RankedItem[],
  k: number,
  keywordWeight = HYBRID_KEYWORD_WEIGHT,
  vectorScale: 'minmax' | 'cosine' = 'cosine',
): RankedItem[] {
  const scores = new Map<string, number>();
  const top = keyword.length ? Math.max(...keyword.map((h) => h.score)) : 0;
  for (const h of keyword) scores.set(h.key, top > 0 ? (keywordWeight * h.score) / top : 0);
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const h of vector) {
    lo = Math.min(lo, h.score);
    hi = Math.max(hi, h.score);
  }
  const span = hi - lo;
  for (const h of vector) {
    const v = vectorScale === 'cosine' ? h.score : span > 0 ? (h.score - lo) / span : 1;
    scores.set(h.key, (scores.get(h.key) ?? 0) + (1 - keywordWeight) * v);
  }
  return [...scores]
    .map(([key, score]) => ({ key, score }))
    .sort((a, b) => b.score - a.score || (a.key < b.key ? -1 : 1))
    .slice(0, k);
}

/** Reciprocal rank fusion (k = 60) of the same lists, the parameter-free alternative the eval compares with. */
export function reciprocalRankMerge(keyword: readonly RankedItem[], vector: readonly RankedItem[], k: number): RankedItem[] {
  const scores = new Map<string, number>();
  for (const list of [keyword, vector]) list.forEach((h, rank) => scores.set(h.key, (scores.get(h.key) ?? 0) + 1 / (61 + rank)));
  return [...scores]
    .map(([key, score]) => ({ key, score }))
    .sort((a, b) => b.score - a.score || (a.key < b.key ? -1 : 1))
    .slice(0, k);
}

/**
 * Hybrid search: keyword (BM25, `KeywordIndex`) and vector hits fused into one list by a convex
 * combination of scores (Bruch et al. 2023, "An Analysis of Fusion Functions for Hybrid
 * Retrieval": a tuned convex combination beats reciprocal rank fusion), the keyword side trusted as
 * far as it matched the query's strong words: its weight runs from `HYBRID_KEYWORD_WEIGHT` (no hit
 * matched any word) to `HYBRID_FULL_MATCH_WEIGHT` (some hit holds every strong word). Keyword
 * scores are divided by the query's best keyword score (BM25 has no fixed scale); cosines are used
 * as they are (their scale is fixed, so a weak vector list cannot be stretched to look strong, as
 * min-max scaling would). An item missing from one list gets 0 from it.
 *
 * Keyword order used to stand whenever a hit held every query word (a full-match weight of 1 keeps
 * that): on known-item queries (an item's own title words, eval/search-eval.ts) the cosine rarely
 * improves BM25's order. On the judged shopper queries (eval/search-truth) it does: "red racing
 * game" is better answered by racing games than by the one DLC that says "red" and "racing".
 * Chosen on both validation sets together: the full-match weight with the best natural-query
 * NDCG@10 among those that keep known-item search within `KNOWN_ITEM_TOLERANCE` MRR of keyword
 * search on every catalog (validation, keyword weight .2; natural NDCG, then the worst catalog's
 * known-item MRR against keyword): 0.6 .731 (Office -.027), 0.7 .726 (Office -.006), 0.8 .713
 * (Steam -.001, Office +.000, MovieLens +.010), 0.9 .701, 1 .687. A shopper typing a product's own
 * title words loses nothing measurable; one describing what they want gains.
 */
import type { KeywordHit } from './keyword.ts';
import type { RankedItem } from './types.ts';

/** Keyword weight when no keyword hit matched any query word (the vector side gets 1 - this); chosen on validation queries. */
export const HYBRID_KEYWORD_WEIGHT = 0.2;

/** Keyword weight when some keyword hit holds every strong query word; chosen on validation queries. */
export const HYBRID_FULL_MATCH_WEIGHT = 0.8;

/**
 * How far below keyword search hybrid may put the known-item queries of a catalog (MRR, all query
 * types pooled) when a fusion is chosen: about a tenth of the paired 95% interval's width there
 * (+-.008), so noise does not pick the weight.
 */
export const KNOWN_ITEM_TOLERANCE = 0.005;

/** Hits taken from each side before fusing (enough for k <= 20 with room for disagreement). */
export const HYBRID_DEPTH = 50;

/** Fuses `keyword` and `vector` hits (each best first) into the best `k`, per the module comment. */
export function hybridMerge(
  keyword: readonly KeywordHit[],
  vector: readonly RankedItem[],
  k: number,
  keywordWeight = HYBRID_KEYWORD_WEIGHT,
  fullMatchWeight = HYBRID_FULL_MATCH_WEIGHT,
  scaleVectors = false,
): RankedItem[] {
  let matched = 0;
  for (const h of keyword) matched = Math.max(matched, h.matched);
  if (matched >= 1 && fullMatchWeight >= 1) {
    const seen = new Set(keyword.map((h) => h.key));
    return [...keyword, ...vector.filter((h) => !seen.has(h.key))].slice(0, k).map(({ key, score }) => ({ key, score }));
  }
  const top = vector.reduce((m, h) => Math.max(m, h.score), 0);
  const scaled = scaleVectors && top > 0 ? vector.map((h) => ({ key: h.key, score: h.score / top })) : vector;
  return convexMerge(keyword, scaled, k, keywordWeight + (fullMatchWeight - keywordWeight) * matched);
}

/** The convex combination alone (every query; the eval compares it with `hybridMerge`); ties by key. */
export function convexMerge(keyword: readonly RankedItem[], vector: readonly RankedItem[], k: number, keywordWeight: number): RankedItem[] {
  const scores = new Map<string, number>();
  let top = 0;
  for (const h of keyword) top = Math.max(top, h.score);
  for (const h of keyword) scores.set(h.key, top > 0 ? (keywordWeight * h.score) / top : 0);
  for (const h of vector) scores.set(h.key, (scores.get(h.key) ?? 0) + (1 - keywordWeight) * h.score);
  return [...scores]
    .map(([key, score]) => ({ key, score }))
    .sort((a, b) => b.score - a.score || (a.key < b.key ? -1 : 1))
    .slice(0, k);
}

/** Reciprocal rank fusion (k = 60) of the same lists, the parameter-free alternative the eval compares with. */
export function reciprocalRankMerge(keyword: readonly RankedItem[], vector: readonly RankedItem[], k: number): RankedItem[] {
  const scores = new Map<string, number>();
  for (const list of [keyword, vector])
    for (const [rank, h] of list.entries()) scores.set(h.key, (scores.get(h.key) ?? 0) + 1 / (61 + rank));
  return [...scores]
    .map(([key, score]) => ({ key, score }))
    .sort((a, b) => b.score - a.score || (a.key < b.key ? -1 : 1))
    .slice(0, k);
}

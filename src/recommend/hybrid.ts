/**
 * Hybrid search: keyword (BM25, `KeywordIndex`) and vector hits fused into one list, the keyword
 * side trusted as far as it matched the query's words.
 *
 * - Some keyword hit matched every word of the query (exactly, by a typo or as a prefix): keyword
 *   order as it is. Measured on the search eval's validation queries, the query's cosine reorders
 *   such lists for the worse more often than for the better (it lifts a lower answer above
 *   keyword's first in 18 of 56 Office title-word queries, but puts keyword's second above a right
 *   first answer in 56 of 181). Vector hits only fill a list keyword search cannot.
 * - Otherwise (the shopper's words are not the catalog's: "holiday" for "vacation", or a typo too
 *   far off): a convex combination of scores (Bruch et al. 2023, "An Analysis of Fusion Functions
 *   for Hybrid Retrieval": a tuned convex combination beats reciprocal rank fusion) whose keyword
 *   weight runs from `HYBRID_KEYWORD_WEIGHT` (no hit matched any word) toward 1 with the share of
 *   the query's words the best-matching hit has: two words of three still mostly keyword order,
 *   one of three mostly the vectors. Keyword scores are divided by the query's best keyword score
 *   (BM25 has no fixed scale); cosines are used as they are (their scale is fixed, so a weak
 *   vector list cannot be stretched to look strong, as min-max scaling would). An item missing
 *   from one list gets 0 from it.
 *
 * The weight is chosen on the validation queries of the search eval (eval/search-eval.ts).
 */
import type { KeywordHit } from './keyword.ts';
import type { RankedItem } from './types.ts';

/** Keyword weight when no keyword hit matched any query word (the vector side gets 1 - this); chosen on validation queries, see docs/quality.md. */
export const HYBRID_KEYWORD_WEIGHT = 0.3;

/** Hits taken from each side before fusing (enough for k <= 20 with room for disagreement). */
export const HYBRID_DEPTH = 50;

/** Fuses `keyword` and `vector` hits (each best first) into the best `k`, per the module comment. */
export function hybridMerge(
  keyword: readonly KeywordHit[],
  vector: readonly RankedItem[],
  k: number,
  keywordWeight = HYBRID_KEYWORD_WEIGHT,
  fullMatchWeight = 1,
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

/**
 * The last steps of hybrid search after both halves have their hits: fuse them (hybrid.ts), apply
 * the relevance cut-off on the query's own scale, re-rank a broad query by its first hits
 * (search-feedback.ts), then the product lines (add-ons weighed down, at most two cards per line
 * ahead of the rest), then diversity by rank.
 */
import {
  applyMinScore,
  arrangeLines,
  hybridMerge,
  isBroadQuery,
  type KeywordHit,
  mmrRerank,
  type RankedItem,
  rerankByFeedback,
  type ScoreCalibration,
  type SearchLines,
} from '../recommend/index.ts';
import { dotF32 } from '../vector-index/dot.ts';
import type { VectorIndex } from '../vector-index/index.ts';

/** How one search call fuses: its `k`, `diversity`, `minScore`, hits per side (`depth`) and the query's scale. */
export interface SearchFusion {
  k: number;
  diversity: number | undefined;
  minScore: number;
  depth: number;
  /** The query's cosines with the catalog (`ScoreCalibration.fromQuery`); needed when `minScore` > 0. */
  scale: ScoreCalibration | undefined;
  /** The fusion's keyword weight when no keyword hit matched a query word (hybrid.ts). */
  keywordWeight: number;
  /** The keyword weight when a keyword hit holds every strong query word (1: keyword order stands; hybrid.ts). */
  fullMatchWeight: number;
  /** Divide the vector side's cosines by the query's best before blending (hybrid.ts). */
  scaleVectors: boolean;
  /**
   * The keyword hits holding every word the shopper typed, when the keyword half searched more than
   * that (label words: search.ts); by default those of `matched` 1 among the hits.
   */
  exact?: ReadonlySet<string>;
  /**
   * The query's text and each item's product line and title: add-ons the query did not ask for
   * weigh less, and a line shows at most twice before the rest (product-line.ts).
   */
  lines?: SearchLines;
  /**
   * How alike two results are (word overlap's described view) and how many first results the rest
   * are compared with, for a broad query: one that `FEEDBACK_MIN_FULL` results hold every word of.
   * Without it the fused order stands.
   */
  feedback?: { similarity: (a: string, b: string) => number; hits: number };
}

/**
 * The best `k` of the fused hits. The cut-off judges a result's cosine with the query against the
 * same query's cosines with the catalog: a short query scores far lower against items than items
 * do against each other, so the item-pair scale of the other modes would cut exact matches. A
 * keyword hit holding every query word (a typo or the typed prefix counts, as for hybrid order) is
 * never cut, nor is an item without a vector.
 */
export function fuseSearch(
  index: VectorIndex,
  query: Float32Array,
  keywordHits: readonly KeywordHit[] | undefined,
  vectorHits: readonly RankedItem[],
  o: SearchFusion,
): RankedItem[] {
  const merged = keywordHits
    ? hybridMerge(keywordHits, vectorHits, o.depth, o.keywordWeight, o.fullMatchWeight, o.scaleVectors)
    : [...vectorHits];
  const exact = o.exact ?? new Set(keywordHits?.filter((h) => h.matched === 1).map((h) => h.key));
  const { scale } = o;
  const kept =
    scale && o.minScore > 0
      ? applyMinScore(merged, o.minScore, scale, (r) => {
          const v = index.vector(r.key);
          return exact.has(r.key) || !v ? Number.POSITIVE_INFINITY : dotF32(query, 0, v, 0, v.length);
        })
      : merged;
  const { feedback } = o;
  const broad = feedback !== undefined && isBroadQuery(kept, exact);
  const fed = broad ? rerankByFeedback(kept, feedback.similarity, feedback.hits) : kept;
  const lined = o.lines ? arrangeLines(fed, o.lines) : fed;
  return o.diversity ? diversifyByRank(lined, (key) => index.vector(key), o.k, o.diversity) : lined.slice(0, o.k);
}

/**
 * MMR over a hybrid search list by rank: its scores mix BM25 (keyword order) and cosines (vector
 * fill-ins), which one min-max scale would squash to 0 for the fill-ins. Items keep their scores.
 */
function diversifyByRank(
  ranked: readonly RankedItem[],
  vectorOf: (key: string) => Float32Array | undefined,
  k: number,
  diversity: number,
): RankedItem[] {
  const byKey = new Map(ranked.map((r) => [r.key, r]));
  const byRank = ranked.map((r, i) => ({ key: r.key, score: -i }));
  return mmrRerank(byRank, vectorOf, k, diversity).map((r) => byKey.get(r.key)!);
}

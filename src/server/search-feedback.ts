/**
 * The page's re-ranking of a broad search by its own first results (recommend/search-feedback.ts,
 * applied by modes/search-fusion.ts), on the database's word tables: when `FEEDBACK_MIN_FULL` or
 * more results hold every strong word typed, the results after the first are ordered by how much
 * they resemble the first `FEEDBACK_HITS`, in word overlap's described view (an item's words and
 * labels, its own name weighing little: words.ts), fused with the list's own order. The page's
 * re-ranker itself runs here; the resemblances are the page's cosines unrounded (the page keeps
 * its weights in 8 bits, within .0025 of these), so near-ties far down a list may break the other
 * way, and the page's list differs where its fusion does (typo and prefix matches, its cut-off).
 */
import { FEEDBACK_HITS, isBroadQuery, rerankByFeedback } from '../recommend/index.ts';
import type { SqlClient } from './sql-client.ts';
import { describedSimilarities } from './words.ts';

/**
 * `ranked` re-ordered by its first results when `full` (the keys holding every strong query word)
 * holds `FEEDBACK_MIN_FULL` of it, else as it is. `n` is the catalog's size (the IDFs').
 */
export async function feedbackOrder<T extends { key: string; score: number }>(
  sql: SqlClient,
  n: number,
  ranked: readonly T[],
  full: ReadonlySet<string>,
): Promise<T[]> {
  if (!isBroadQuery(ranked, full)) return [...ranked];
  const keys = ranked.map((r) => r.key);
  const resemblance = await describedSimilarities(sql, n, keys.slice(0, FEEDBACK_HITS), keys);
  return rerankByFeedback(ranked, (other, hit) => resemblance.get(hit)?.get(other) ?? 0, FEEDBACK_HITS);
}

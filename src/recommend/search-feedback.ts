/**
 * A broad search re-ranked by its own first answers (pseudo-relevance feedback, as search engines
 * have done since Rocchio): when many items hold every word of "puzzle game", the query says little
 * about which of them the shopper means, and its best hits say more. The hits that resemble them
 * move up; a title that only shares a word falls back.
 *
 * Resemblance is word overlap's described view (word-overlap.ts, the view "similar" reads): an
 * item's words and labels, its own name weighing little. The new order is a reciprocal-rank fusion
 * of the list's own order and the order by resemblance (so a list whose first hits agree keeps its
 * head), and the first result stays first: a query that names one product (three words of its
 * title) has one right answer, which resembles the other hits least.
 *
 * Chosen on the validation split (docs/quality.md#search-feedback, notes/quality-ideas.md): natural
 * NDCG@10 Office .893 -> .912, MovieLens .730 -> .739, Steam .802 -> .820; known-item MRR@10 through
 * the same ranker within .002 of before on every catalog. Without the first result held and the
 * broad-query gate the natural queries gained more (+.017 to +.035) and known-item search lost up to .16.
 */

/** First hits read as the query's meaning (validation: 5 .824, 10 .821, 20 .820 mean natural NDCG@10). */
export const FEEDBACK_HITS = 5;
/** Hits holding every word typed that make a query broad enough for feedback (validation: 3 and 5 alike). */
export const FEEDBACK_MIN_FULL = 3;
/** Reciprocal-rank fusion's constant (Cormack et al. 2009), as `reciprocalRankMerge` (hybrid.ts): ranks far down differ little. */
const RRF_K = 60;

/**
 * Whether a query is broad enough for feedback: `FEEDBACK_MIN_FULL` of its results `ranked` are in
 * `full` (the results holding every word typed). The page's fusion and the server ask the same.
 */
export function isBroadQuery(ranked: readonly { key: string }[], full: ReadonlySet<string>): boolean {
  return ranked.filter((r) => full.has(r.key)).length >= FEEDBACK_MIN_FULL;
}

/**
 * `ranked` (best first) with its first item kept first and the rest re-ordered by their resemblance
 * to the first `hits` items (rank i weighing 1 / log2(i + 2), as NDCG discounts it; an item resembles
 * itself fully), fused with their own order. `similarity` is a [0, 1] resemblance of two keys.
 * Nothing is added or dropped, and the scores stay where they were: each result takes the score of
 * the place it lands in, so a later step that sorts by score (the add-ons weighed down,
 * product-line.ts) keeps this order instead of restoring the old one. `hits` 0 leaves the list as it is.
 */
export function rerankByFeedback<T extends { key: string; score: number }>(
  ranked: readonly T[],
  similarity: (a: string, b: string) => number,
  hits = FEEDBACK_HITS,
): T[] {
  if (hits <= 0 || ranked.length < 3) return [...ranked];
  const top = ranked.slice(0, hits).map((r) => r.key);
  const rest = ranked.slice(1);
  const resemblance = rest.map((r) =>
    top.reduce((sum, key, i) => sum + (key === r.key ? 1 : similarity(r.key, key)) / Math.log2(i + 2), 0),
  );
  // Ties in resemblance keep the list's order (a stable sort of positions).
  const byResemblance = rest.map((_, i) => i).sort((a, b) => resemblance[b]! - resemblance[a]!);
  const resemblanceRank = new Array<number>(rest.length);
  byResemblance.forEach((i, rank) => {
    resemblanceRank[i] = rank;
  });
  const fused = rest.map((_, i) => 1 / (RRF_K + i) + 1 / (RRF_K + resemblanceRank[i]!));
  const reordered = rest
    .map((_, i) => i)
    .sort((a, b) => fused[b]! - fused[a]! || a - b)
    .map((i, place) => ({ ...rest[i]!, score: rest[place]!.score }));
  return [ranked[0]!, ...reordered];
}

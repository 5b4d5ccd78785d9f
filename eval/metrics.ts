/**
 * Ranking metrics over a FULL catalog ranking, with ties counted as their expectation: when items
 * share a score, every order among them is equally likely, and each metric is its average over
 * those orders. That makes a constant scorer (random) and a coarse one (counts) comparable with a
 * continuous one, with no tie-break luck in the numbers.
 */

/** Metrics for one query with one relevant item. */
export interface NextItemMetrics {
  hr10: number;
  ndcg10: number;
  hr20: number;
  /** Expected 1-based rank among the candidates. */
  rank: number;
}

/** Metrics for one query with a set of relevant items. */
export interface SetMetrics {
  hr10: number;
  recall10: number;
  ndcg10: number;
}

/** 1 / log2(p + 1) for positions 1..n, so NDCG sums index a table instead of calling log. */
const DISCOUNT = Array.from({ length: 1025 }, (_, p) => (p === 0 ? 0 : 1 / Math.log2(p + 1)));

/**
 * Where `target` falls among the candidates: every row not in `excluded` and not the target.
 * `scores[row]` may be -Infinity ("never recommended": tied at the bottom).
 */
export function nextItemMetrics(scores: ArrayLike<number>, target: number, excluded: ReadonlySet<number>): NextItemMetrics {
  const s = scores[target]!;
  let greater = 0;
  let ties = 0;
  for (let j = 0; j < scores.length; j++) {
    if (j === target || excluded.has(j)) continue;
    const v = scores[j]!;
    if (v > s) greater++;
    else if (v === s) ties++;
  }
  return {
    hr10: hitProbability(greater, ties, 10),
    ndcg10: expectedGain(greater, ties, 10),
    hr20: hitProbability(greater, ties, 20),
    rank: greater + 1 + ties / 2,
  };
}

/** P(the target lands in the first `k`) when it is uniform over positions greater+1 .. greater+ties+1. */
function hitProbability(greater: number, ties: number, k: number): number {
  return Math.max(0, Math.min(1, (k - greater) / (ties + 1)));
}

function expectedGain(greater: number, ties: number, k: number): number {
  let sum = 0;
  for (let p = greater + 1; p <= Math.min(greater + ties + 1, k); p++) sum += DISCOUNT[p]!;
  return sum / (ties + 1);
}

/**
 * HR@10 (at least one relevant item in the first 10), Recall@10 (relevant items found in the first
 * 10 over min(|relevant|, 10), so a perfect list scores 1 even when 40 items are relevant) and
 * NDCG@10 (binary gains), ranking every row except the query and `excluded`.
 */
export function setMetrics(
  scores: ArrayLike<number>,
  query: number,
  relevant: readonly number[],
  excluded: ReadonlySet<number> = new Set(),
  k = 10,
): SetMetrics {
  const isRelevant = new Set(relevant);
  const rows: number[] = [];
  for (let j = 0; j < scores.length; j++) if (j !== query && !excluded.has(j)) rows.push(j);
  rows.sort((a, b) => (scores[b]! > scores[a]! ? 1 : scores[b]! < scores[a]! ? -1 : 0));
  let position = 0; // slots already filled
  let hits = 0;
  let dcg = 0;
  let pNoHit = 1;
  for (let start = 0; start < rows.length && position < k; ) {
    let end = start;
    let r = 0;
    const v = scores[rows[start]!]!;
    while (end < rows.length && scores[rows[end]!]! === v) r += isRelevant.has(rows[end++]!) ? 1 : 0;
    const t = end - start;
    const slots = Math.min(t, k - position);
    // Each slot taken from a tie group holds a relevant item with probability r / t.
    for (let p = position + 1; p <= position + slots; p++) dcg += (r / t) * DISCOUNT[p]!;
    hits += (r * slots) / t;
    // P(no relevant item among `slots` drawn without replacement from t items, r relevant).
    for (let i = 0; i < slots && pNoHit > 0; i++) pNoHit *= Math.max(0, t - r - i) / (t - i);
    position += slots;
    start = end;
  }
  const ideal = Math.min(relevant.length, k);
  let idcg = 0;
  for (let p = 1; p <= ideal; p++) idcg += DISCOUNT[p]!;
  return { hr10: 1 - pNoHit, recall10: ideal ? hits / ideal : 0, ndcg10: idcg ? dcg / idcg : 0 };
}

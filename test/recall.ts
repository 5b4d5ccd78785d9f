/** Recall@k of a compact code's ranking against exact float32 ranking, for artifact measurements. */

/** Indices of the `k` rows of `rows` (n x dims) with the highest dot product with `query`, `skip` left out; ties by index. */
export function topK(rows: Float32Array, dims: number, query: Float32Array, k: number, skip: number): number[] {
  const n = rows.length / dims;
  const best: { s: number; i: number }[] = [];
  for (let i = 0; i < n; i++) {
    if (i === skip) continue;
    let s = 0;
    for (let d = 0, off = i * dims; d < dims; d++) s += query[d]! * rows[off + d]!;
    if (best.length === k && s <= best[k - 1]!.s) continue;
    let at = best.length;
    while (at > 0 && best[at - 1]!.s < s) at--;
    best.splice(at, 0, { s, i });
    if (best.length > k) best.pop();
  }
  return best.map((b) => b.i);
}

/** Evenly spread query rows: `count` of `n`, deterministic. */
export function queryRows(n: number, count: number): number[] {
  const step = n / Math.min(count, n);
  return Array.from({ length: Math.min(count, n) }, (_, i) => Math.floor(i * step));
}

/**
 * Mean recall@k of ranking `decoded` rows against the truth of ranking `exact` rows, each query
 * being row q itself (left out of its own results), as `similar(item)` ranks. `symmetric`: the
 * query is the decoded row too (both sides from the artifact); otherwise the float32 row (a query
 * the page embeds itself, as `search()` does).
 */
export function recallAtK(
  exact: Float32Array,
  decoded: Float32Array,
  dims: number,
  queries: readonly number[],
  k: number,
  symmetric: boolean,
): number {
  let hits = 0;
  for (const q of queries) {
    const truth = new Set(topK(exact, dims, exact.subarray(q * dims, (q + 1) * dims), k, q));
    const query = (symmetric ? decoded : exact).subarray(q * dims, (q + 1) * dims);
    for (const i of topK(decoded, dims, query, k, q)) if (truth.has(i)) hits++;
  }
  return hits / (queries.length * k);
}

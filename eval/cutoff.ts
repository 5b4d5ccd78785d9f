/**
 * The relevance cut-off (`minScore` on the calibrated scale of src/recommend/calibration.ts) on
 * item-to-item lists: for each threshold, the precision of the results kept in the top 10 (share
 * relevant) against how much is cut (results removed, lists shortened, lists emptied). A useful
 * scale raises precision as it cuts; a meaningless one cuts relevant and irrelevant alike.
 */
import { applyMinScore, type ScoreCalibration, similarBlended } from '../src/recommend/index.ts';
import { dotF32 } from '../src/vector-index/dot.ts';
import { Bootstrap } from './bootstrap.ts';
import type { RelevanceTask } from './dataset.ts';
import type { ItemVectors } from './methods.ts';

/** Thresholds on the percentile scale: none, then closer than 90%, 95%, ... 99.9% of random pairs. */
export const CUTOFFS = [0, 0.9, 0.95, 0.98, 0.99, 0.995, 0.999];

const f = (x: number) =>
  x
    .toFixed(4)
    .replace(/^0\./, '.')
    .replace(/^1\.0000$/, '1');
const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

/** Markdown table of the cut-off on one relevance task with `similar()` top-10 lists. */
export function cutoffTable(task: RelevanceTask, vectors: ItemVectors, calibration: ScoreCalibration, maxQueries?: number): string {
  const queries = task.queries.slice(0, maxQueries);
  const lists = queries.map((q) => ({
    relevant: new Set(q.relevant.map((r) => vectors.ids[r]!)),
    query: vectors.ids[q.row]!,
    // What similar() ships without signals: the content blend, cosine plus word overlap.
    hits: similarBlended(vectors.index, vectors.ids[q.row]!, 10, undefined, new Set(), { calibration, wordOverlap: vectors.wordOverlap }),
  }));
  // The cut-off judges the cosine with the query item, as the worker does (src/worker/ranking/router.ts).
  const cosine = (a: string, b: string) => {
    const va = vectors.index.vector(a)!;
    const vb = vectors.index.vector(b)!;
    return dotF32(va, 0, vb, 0, va.length);
  };
  const out = [
    `**minScore cut-off, item to item (${task.field}, similar() top 10, ${queries.length.toLocaleString('en-US')} lists)**: precision of the kept results vs what is cut`,
    '',
    '| minScore (percentile vs random pairs) | precision of kept [95%] | results cut | lists shortened | lists emptied |',
    '|---|---|---|---|---|',
  ];
  const boot = new Bootstrap(queries.length, 1000);
  for (const t of CUTOFFS) {
    // Precision as a ratio of sums is resampled by query: per-query hits and kept counts, then the ratio.
    const hits = new Float64Array(queries.length);
    const kept = new Float64Array(queries.length);
    let shortened = 0;
    let emptied = 0;
    lists.forEach((list, i) => {
      const k = applyMinScore(list.hits, t, calibration, (r) => cosine(r.key, list.query));
      kept[i] = k.length;
      hits[i] = k.filter((x) => list.relevant.has(x.key)).length;
      if (k.length < list.hits.length) shortened++;
      if (!k.length) emptied++;
    });
    const sum = (a: Float64Array) => a.reduce((s, x) => s + x, 0);
    const precision = sum(hits) / Math.max(1, sum(kept));
    const [lo, hi] = ratioInterval(boot, hits, kept);
    const total = lists.reduce((s, l) => s + l.hits.length, 0);
    out.push(
      `| ${t === 0 ? '0 (no cut)' : t} | ${f(precision)} [${f(lo)}, ${f(hi)}] | ${pct(1 - sum(kept) / total)} | ${pct(shortened / lists.length)} | ${pct(emptied / lists.length)} |`,
    );
  }
  return out.join('\n');
}

/** 95% bootstrap interval of sum(a) / sum(b), resampling queries (shared draws via `boot`). */
function ratioInterval(boot: Bootstrap, a: Float64Array, b: Float64Array): [number, number] {
  // mean(a - r * b) = 0 at the ratio r: bisect the interval's ends via the bootstrap of a - r*b.
  const solve = (side: 0 | 1) => {
    let lo = 0;
    let hi = 1;
    for (let i = 0; i < 30; i++) {
      const r = (lo + hi) / 2;
      const d = Float64Array.from(a, (x, j) => x - r * b[j]!);
      const ci = boot.interval(d);
      if (ci[side]! > 0) lo = r;
      else hi = r;
    }
    return (lo + hi) / 2;
  };
  return [solve(0), solve(1)];
}

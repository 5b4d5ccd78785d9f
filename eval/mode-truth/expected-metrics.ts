/**
 * Graded metrics (eval/graded-metrics.ts: NDCG@10 with gains 2^g - 1, P@8, HR@10) over a FULL
 * score array, with ties counted as their exact expectation, as eval/metrics.ts does for binary
 * relevance: when rows share a score every order among them is equally likely, so each slot of a
 * tie group holds the group's mean gain. A constant scorer (random) and a coarse one (counts, a
 * category) are then comparable with a continuous one, with no tie-break luck in the numbers.
 *
 * Only the groups that reach the first 10 slots are looked at (one pass over the scores), so a
 * 32k-item catalog costs a scan, not a sort, per query. A score of -Infinity means "not in the
 * list": such a row never takes a slot, so a ranker's short list stays short (a page shows no card
 * there) instead of being filled at random.
 */
import type { Grades } from '../graded-metrics.ts';

/** One query's metrics. */
export interface ExpectedMetrics {
  ndcg10: number;
  p8: number;
  hr10: number;
}

/** Rows tied at one score, best group first; the slots they take start at `position` (0-based). */
export interface TieGroup {
  rows: number[];
  position: number;
}

const DEPTH = 10;
const discount = (position: number) => 1 / Math.log2(position + 2);
const gain = (grade: number) => 2 ** grade - 1;

/** The tie groups filling the first `depth` slots of `scores` (rows in `excluded` take none). */
export function topGroups(scores: ArrayLike<number>, excluded: ReadonlySet<number>, depth = DEPTH): TieGroup[] {
  // The depth-th largest score (with multiplicity) is the value of the last group that gets a slot.
  const top: number[] = [];
  for (let j = 0; j < scores.length; j++) {
    const v = scores[j]!;
    if (v === Number.NEGATIVE_INFINITY || excluded.has(j) || (top.length === depth && v <= top[depth - 1]!)) continue;
    let i = Math.min(top.length, depth - 1);
    while (i > 0 && top[i - 1]! < v) i--;
    top.splice(i, 0, v);
    if (top.length > depth) top.pop();
  }
  if (!top.length) return [];
  const cut = top[top.length - 1]!;
  const above: number[] = [];
  const last: number[] = [];
  for (let j = 0; j < scores.length; j++) {
    if (excluded.has(j) || scores[j] === Number.NEGATIVE_INFINITY) continue;
    if (scores[j]! > cut) above.push(j);
    else if (scores[j]! === cut) last.push(j);
  }
  above.sort((a, b) => scores[b]! - scores[a]! || a - b);
  const groups: TieGroup[] = [];
  for (let start = 0; start < above.length; ) {
    let end = start;
    while (end < above.length && scores[above[end]!] === scores[above[start]!]) end++;
    groups.push({ rows: above.slice(start, end), position: start });
    start = end;
  }
  groups.push({ rows: last, position: above.length });
  return groups;
}

/** NDCG@10, P@8 and HR@10 of `scores` against `grades` (relevant: grade >= 1), ties as their expectation. */
export function expectedMetrics(scores: ArrayLike<number>, grades: Grades, excluded: ReadonlySet<number>): ExpectedMetrics {
  let dcg = 0;
  let inFirst8 = 0;
  let pNoHit = 1;
  for (const g of topGroups(scores, excluded)) {
    const t = g.rows.length;
    let gains = 0;
    let relevant = 0;
    for (const row of g.rows) {
      const grade = grades.get(row) ?? 0;
      if (grade > 0) {
        gains += gain(grade);
        relevant++;
      }
    }
    const slots = Math.min(t, DEPTH - g.position);
    for (let p = g.position; p < g.position + slots; p++) dcg += (gains / t) * discount(p);
    inFirst8 += (relevant / t) * Math.max(0, Math.min(slots, 8 - g.position));
    // P(no relevant row among `slots` drawn without replacement from t rows, `relevant` of them relevant).
    for (let i = 0; i < slots && pNoHit > 0; i++) pNoHit *= Math.max(0, t - relevant - i) / (t - i);
  }
  const ideal = [...grades.values()].filter((g) => g > 0).sort((a, b) => b - a);
  let idcg = 0;
  for (let p = 0; p < Math.min(DEPTH, ideal.length); p++) idcg += gain(ideal[p]!) * discount(p);
  return { ndcg10: idcg > 0 ? dcg / idcg : 0, p8: inFirst8 / 8, hr10: 1 - pNoHit };
}

/** Expected number of `marked` rows among the first `k` of `scores` (e.g. items also in another list). */
export function expectedMarked(scores: ArrayLike<number>, marked: ReadonlySet<number>, excluded: ReadonlySet<number>, k = 8): number {
  let count = 0;
  for (const g of topGroups(scores, excluded, k)) {
    let m = 0;
    for (const row of g.rows) if (marked.has(row)) m++;
    count += (m / g.rows.length) * Math.min(g.rows.length, k - g.position);
  }
  return count;
}

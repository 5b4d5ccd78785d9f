/**
 * Metrics of one ranked list against graded judgments (0 not relevant, 1 relevant, 2 highly
 * relevant), for the modes judged on their own truth (substitutes, complements, search): NDCG@10
 * with gains 2^g - 1 over the ideal order of every judged item, P@8 (the share of the first 8
 * that are relevant: a widget shows 8 cards), success@8 (at least one relevant item in the first
 * 8) and whether the list is empty (what an unanswerable query should get).
 */

/** Grades by item row (rows not in the map are grade 0). */
export type Grades = ReadonlyMap<number, number>;

/** One list's metrics. */
export interface GradedMetrics {
  ndcg10: number;
  p8: number;
  success8: number;
  empty: number;
}

const discount = (position: number) => 1 / Math.log2(position + 1);
const gain = (grade: number) => 2 ** grade - 1;

/** The metrics of `ranked` (rows, best first) against `grades`. */
export function gradedMetrics(ranked: readonly number[], grades: Grades): GradedMetrics {
  let dcg = 0;
  for (let i = 0; i < Math.min(10, ranked.length); i++) dcg += gain(grades.get(ranked[i]!) ?? 0) * discount(i + 1);
  const ideal = [...grades.values()].filter((g) => g > 0).sort((a, b) => b - a);
  let idcg = 0;
  for (let i = 0; i < Math.min(10, ideal.length); i++) idcg += gain(ideal[i]!) * discount(i + 1);
  const first8 = ranked.slice(0, 8).filter((row) => (grades.get(row) ?? 0) > 0).length;
  return {
    ndcg10: idcg > 0 ? dcg / idcg : 0,
    p8: first8 / 8,
    success8: first8 > 0 ? 1 : 0,
    empty: ranked.length === 0 ? 1 : 0,
  };
}

/** How many rows of `a` are also in `b` (the overlap of two lists shown side by side). */
export function overlap(a: readonly number[], b: readonly number[]): number {
  const set = new Set(b);
  return a.filter((row) => set.has(row)).length;
}

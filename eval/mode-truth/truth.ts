/**
 * A mode's truth: for each query item, which items are right answers and how right (grade 2
 * highly relevant, 1 relevant, absent 0). Grades are computed per query on demand: on MovieLens a
 * genre rule makes thousands of items relevant to each of 9,742 queries, too many pairs to hold.
 */
import type { Grades } from '../graded-metrics.ts';

/** One truth over a catalog's rows. */
export interface GradedTruth {
  /** Short name for the report, e.g. "substitutes". */
  name: string;
  /** The rule in one line (docs/mode-truth.md has the long form). */
  rule: string;
  /** Query rows, ascending: every item with at least one relevant item other than itself. */
  queries: number[];
  /** The grades of one query's candidates (never the query itself). */
  grades(row: number): Grades;
  /** How many items of grade >= 1 and of grade 2 a query has, when cheaper than `grades` (for `truthStats`). */
  counts?(row: number): [relevant: number, grade2: number];
}

/** The distribution of a truth: relevant items per query. */
export interface TruthStats {
  name: string;
  queries: number;
  /** Items of grade >= 1 per query: median, 10th and 90th percentile. */
  relevant: { p10: number; median: number; p90: number };
  /** Items of grade 2 per query, median (0 for a binary truth). */
  grade2Median: number;
  /** Share of queries with fewer than 8 relevant items (where P@8 cannot reach 1). */
  underEight: number;
}

/** A truth from fixed lists, grade by row (queries: the rows with a non-empty list). */
export function listTruth(name: string, rule: string, lists: ReadonlyMap<number, Grades>): GradedTruth {
  const queries = [...lists.keys()].filter((row) => lists.get(row)!.size > 0).sort((a, b) => a - b);
  const empty: Grades = new Map();
  return { name, rule, queries, grades: (row) => lists.get(row) ?? empty };
}

const percentile = (sorted: readonly number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;

/** Relevant items per query over every query of `truth` (one pass of `grades`). */
export function truthStats(truth: GradedTruth): TruthStats {
  const relevant: number[] = [];
  const grade2: number[] = [];
  for (const row of truth.queries) {
    const [r, g2] = truth.counts?.(row) ?? countGrades(truth.grades(row));
    relevant.push(r);
    grade2.push(g2);
  }
  relevant.sort((a, b) => a - b);
  grade2.sort((a, b) => a - b);
  return {
    name: truth.name,
    queries: truth.queries.length,
    relevant: { p10: percentile(relevant, 0.1), median: percentile(relevant, 0.5), p90: percentile(relevant, 0.9) },
    grade2Median: percentile(grade2, 0.5),
    underEight: relevant.length ? relevant.filter((r) => r < 8).length / relevant.length : 0,
  };
}

function countGrades(grades: Grades): [number, number] {
  let r = 0;
  let g2 = 0;
  for (const g of grades.values()) {
    if (g >= 1) r++;
    if (g >= 2) g2++;
  }
  return [r, g2];
}

/** Population count of a 32-bit mask. */
export function popcount(x: number): number {
  let v = x - ((x >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

/**
 * The search-truth evaluation: every judged query of a split answered by each method (a function
 * from a query to ranked rows), scored with the graded metrics (eval/graded-metrics.ts): NDCG@10
 * and P@8 on natural and hand queries, success@8 on every answerable query, and the share answered
 * with no result at all on unanswerable and gibberish queries. Means come with 95% bootstrap
 * intervals over queries, and every method is compared with every other by a paired difference on
 * NDCG@10 (the same resampled queries for both), with its interval.
 *
 * The methods are parameters, so a candidate ranking can be compared with the shipped one on the
 * validation split before a default changes (`evaluateSearchTruth(catalogs, { shipped, candidate }, 'validation')`).
 */
import { Bootstrap, mean } from '../bootstrap.ts';
import { gradedMetrics } from '../graded-metrics.ts';
import type { JudgedQuery, QueryKind, TruthSplit } from './types.ts';

/** A method under test: the ranked rows (best first) it answers a query with. */
export type SearchMethod = (query: JudgedQuery) => Promise<readonly number[]>;

/** A mean with its 95% bootstrap interval. */
export interface Stat {
  mean: number;
  ci: [number, number];
}

/** One method on one dataset, split and query kind. */
export interface TruthRow {
  dataset: string;
  split: TruthSplit;
  kind: QueryKind;
  method: string;
  queries: number;
  /** natural and hand queries */
  ndcg10?: Stat;
  p8?: Stat;
  /** answerable queries: share with at least one relevant item in the first 8 */
  success8?: Stat;
  /** unanswerable and gibberish: share answered with an empty list */
  empty?: Stat;
  /** natural and hand queries: this method's NDCG@10 minus each other method's, paired by query */
  ndcgVs?: Record<string, Stat>;
}

/** Per-query metrics of every method, and the rows. */
export interface TruthResult {
  rows: TruthRow[];
  /** `perQuery[method][i]` are the metrics of `queries[i]`. */
  perQuery: Record<string, ReturnType<typeof gradedMetrics>[]>;
  queries: JudgedQuery[];
  /** Milliseconds spent answering, by method. */
  ms: Record<string, number>;
}

const ANSWERABLE: ReadonlySet<QueryKind> = new Set(['natural', 'hand']);
const KINDS: readonly QueryKind[] = ['natural', 'hand', 'unanswerable', 'gibberish'];

/**
 * Evaluates `methods` on the queries of `split` ('all': both halves), every dataset's queries in
 * one list (`JudgedQuery.dataset` says which catalog a method must search). Queries are answered
 * one at a time, in order.
 */
export async function evaluateSearchTruth(
  queries: readonly JudgedQuery[],
  methods: Readonly<Record<string, SearchMethod>>,
  split: TruthSplit | 'all',
  rounds = 1000,
): Promise<TruthResult> {
  const chosen = queries.filter((q) => split === 'all' || q.split === split);
  const perQuery: TruthResult['perQuery'] = {};
  const ms: Record<string, number> = {};
  for (const [name, method] of Object.entries(methods)) {
    const start = performance.now();
    const out: ReturnType<typeof gradedMetrics>[] = [];
    for (const q of chosen) out.push(gradedMetrics(await method(q), q.grades));
    perQuery[name] = out;
    ms[name] = performance.now() - start;
  }
  return { rows: truthRows(chosen, perQuery, rounds), perQuery, queries: chosen, ms };
}

/** The rows of per-query metrics: per dataset, split and kind, every method. */
export function truthRows(queries: readonly JudgedQuery[], perQuery: TruthResult['perQuery'], rounds = 1000): TruthRow[] {
  const methods = Object.keys(perQuery);
  const rows: TruthRow[] = [];
  const datasets = [...new Set(queries.map((q) => q.dataset))];
  for (const dataset of datasets)
    for (const split of ['validation', 'test'] as const)
      for (const kind of KINDS) {
        const idx = queries.flatMap((q, i) => (q.dataset === dataset && q.split === split && q.kind === kind ? [i] : []));
        if (!idx.length) continue;
        const boot = new Bootstrap(idx.length, rounds);
        const pick = (m: string, key: 'ndcg10' | 'p8' | 'success8' | 'empty') => Float64Array.from(idx, (i) => perQuery[m]![i]![key]);
        const stat = (v: Float64Array): Stat => ({ mean: mean(v), ci: boot.interval(v) });
        for (const method of methods) {
          const row: TruthRow = { dataset, split, kind, method, queries: idx.length };
          if (ANSWERABLE.has(kind)) {
            const ndcg = pick(method, 'ndcg10');
            Object.assign(row, { ndcg10: stat(ndcg), p8: stat(pick(method, 'p8')), success8: stat(pick(method, 'success8')) });
            row.ndcgVs = {};
            for (const other of methods.filter((m) => m !== method)) {
              const b = pick(other, 'ndcg10');
              row.ndcgVs[other] = { mean: mean(ndcg) - mean(b), ci: boot.difference(ndcg, b) };
            }
          } else row.empty = stat(pick(method, 'empty'));
          rows.push(row);
        }
      }
  return rows;
}

/**
 * One per-mode task: every method scores every query (awaiting the rankers, which may be async),
 * per-query metrics are kept in query order, and `summarise` (eval/evaluate.ts) turns them into
 * means, 95% bootstrap intervals and paired differences to the strongest baseline.
 */
import { type MethodSpec, type Run, summarise, type TaskResult } from '../evaluate.ts';

/** A scorer of one query: one score per catalog row (higher first; -Infinity never shown). */
export type QueryScorer<Q> = (query: Q) => Float64Array | Promise<Float64Array>;

/** A method of a per-mode task. */
export type ModeMethod<Q> = MethodSpec<QueryScorer<Q>>;

/** What a task needs besides its methods and queries. */
export interface TaskSetup<Q> {
  /** The task's name in the report. */
  task: string;
  /** Metric names, the first one choosing the reference baseline. */
  metrics: string[];
  /** The metrics of one query's scores. */
  measure(scores: Float64Array, query: Q): Record<string, number>;
  /** Bootstrap rounds. */
  rounds: number;
  onProgress?: (message: string) => void;
}

/** Runs `methods` on `queries` (undefined when there is no query). */
export async function runModeTask<Q>(
  methods: ModeMethod<Q>[],
  queries: readonly Q[],
  setup: TaskSetup<Q>,
): Promise<TaskResult | undefined> {
  if (!queries.length || !methods.length) return undefined;
  const runs: Run[] = [];
  for (const method of methods) {
    setup.onProgress?.(`${setup.task}: ${method.name}`);
    const metrics: Record<string, Float64Array> = {};
    for (const name of setup.metrics) metrics[name] = new Float64Array(queries.length);
    let ms = 0;
    for (let i = 0; i < queries.length; i++) {
      const start = performance.now();
      const scores = await method.scorer(queries[i]!);
      ms += performance.now() - start;
      const values = setup.measure(scores, queries[i]!);
      for (const name of setup.metrics) metrics[name]![i] = values[name] ?? 0;
    }
    runs.push({ metrics, ms });
  }
  return summarise(setup.task, methods, runs, setup.metrics, setup.rounds);
}

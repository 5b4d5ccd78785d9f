/**
 * Runs every method, baseline and project, on the same split of one dataset and collects
 * per-query metrics, means, bootstrap intervals and paired differences against a reference
 * baseline. Vectors come from the caller (Node encoder, cached), so this file does no I/O.
 */
import { ScoreCalibration } from '../src/recommend/index.ts';
import { Prng } from '../src/vector-index/prng.ts';
import * as baselines from './baselines.ts';
import { Bootstrap, mean } from './bootstrap.ts';
import type { Dataset } from './dataset.ts';
import type * as methods from './methods.ts';
import { nextItemMetrics, setMetrics } from './metrics.ts';
import { itemToItemSpecs, nextItemSpecs, type SpecOptions } from './specs.ts';
import { nextItemSplit, type Split, type UserQuery } from './split.ts';

/** Who a method's numbers belong to. */
export type MethodKind = 'baseline' | 'shipped' | 'proposed' | 'variant';

/** One method's result on one task. */
export interface MethodResult {
  name: string;
  kind: MethodKind;
  description: string;
  /** Mean of each metric over the task's queries. */
  values: Record<string, number>;
  /** 95% bootstrap interval of each mean. */
  ci95: Record<string, [number, number]>;
  /** Wall-clock milliseconds for scoring every query (ranking cost, not metric bookkeeping). */
  ms: number;
  /** Mean difference to the task's reference baseline with its paired 95% interval. */
  vsReference?: Record<string, { delta: number; ci95: [number, number] }>;
  /** Each metric per query, in the task's query order: for paired comparisons across runs. */
  perQuery?: Record<string, Float64Array>;
}

/** One task (next-item, or item-to-item on one relevance field) with all methods side by side. */
export interface TaskResult {
  task: string;
  queries: number;
  metrics: string[];
  /** The baseline every project method is compared with (the strongest one by the first metric). */
  reference: string;
  methods: MethodResult[];
}

/** A method to run: its name, kind, one-line description and scorer. */
export interface MethodSpec<S> {
  name: string;
  kind: MethodKind;
  description: string;
  scorer: S;
}

/** Options for `evaluate`. */
export interface EvaluateOptions {
  /** Item vectors in dataset row order; without them only baselines run. */
  vectors?: methods.ItemVectors;
  /** Extra vectors (e.g. an int8 index over the same rows) for index variants. */
  int8Vectors?: methods.ItemVectors;
  /** Bootstrap rounds (default 1000). */
  rounds?: number;
  /** Evaluate only the first N users / query items (quick runs). */
  maxQueries?: number;
  /** Called with a short message while a method runs. */
  onProgress?: (message: string) => void;
  /** The catalog's random-pair score scale (sampled from `vectors` when absent). */
  calibration?: ScoreCalibration;
  /** Leave out the int8-index variants and RRF fusions (quick runs). */
  quick?: boolean;
}

/** Name of the cold-start next-item task. */
export const COLD_TASK = 'next-item, cold targets (10% of items new: no interactions in the logs)';

/** The cold-start variant of a split: 10% of items (seeded) removed from the logs; users whose target is one of them. */
export function coldStartSplit(split: Split, items: number): Split {
  const rng = new Prng(1307);
  const fresh = new Set<number>();
  while (fresh.size < Math.round(items / 10)) fresh.add(rng.int(items));
  return {
    name: split.name,
    users: split.users.filter((u) => fresh.has(u.target)),
    train: split.train.map((s) => s.filter((r) => !fresh.has(r))),
  };
}

/** All tasks the dataset supports: next-item when it has interactions, item-to-item per relevance field. */
export function evaluate(data: Dataset, options: EvaluateOptions = {}): TaskResult[] {
  const tasks: TaskResult[] = [];
  const v = options.vectors;
  const opts = { ...options, calibration: options.calibration ?? (v && ScoreCalibration.fromVectors(v.vectors, v.dims)) };
  if (data.sequences.length) {
    const split = nextItemSplit(data, 'test');
    const users = split.users.slice(0, options.maxQueries);
    tasks.push(nextItemTask(data, opts, split, users, 'next-item'));
    // Cold start: a seeded 10% of items become "new" (every interaction with them removed from the
    // logs the baselines and signals learn from); the users whose target is one of them are scored.
    const cold = coldStartSplit(split, data.items.length);
    const coldUsers = cold.users.slice(0, options.maxQueries);
    if (coldUsers.length) tasks.push(nextItemTask(data, opts, cold, coldUsers, COLD_TASK));
  }
  for (const relevance of data.relevance) tasks.push(itemToItemTask(data, relevance, opts));
  return tasks;
}

function nextItemTask(data: Dataset, options: EvaluateOptions, split: Split, users: readonly UserQuery[], task: string): TaskResult {
  const n = data.items.length;
  // Trained on every user's history, never on a target (also when maxQueries trims the evaluated users).
  const train = split.train;
  const co = baselines.cooccurrenceScorer(new baselines.Cooccurrence(n, train));
  const specs: MethodSpec<baselines.HistoryScorer>[] = [
    { name: 'random', kind: 'baseline', description: 'uniformly random order (exact expectation)', scorer: baselines.randomScorer(n) },
    {
      name: 'popularity',
      kind: 'baseline',
      description: 'interaction count in the training histories',
      scorer: baselines.popularityScorer(baselines.popularityCounts(n, train)),
    },
    {
      name: 'co-occurrence',
      kind: 'baseline',
      description: `sum of item co-occurrence cosines with the last ${baselines.COOCCURRENCE_WINDOW} items`,
      scorer: co,
    },
    {
      name: 'transitions',
      kind: 'baseline',
      description: 'first-order transition counts from the last item',
      scorer: baselines.transitionScorer(n, train),
    },
  ];
  if (options.vectors) specs.push(...nextItemSpecs(options.vectors, train, co, options as SpecOptions));
  const runs = runAll(
    specs,
    users,
    (spec, u) => spec.scorer(u.history),
    (scores, u) => nextItemMetrics(scores, u.target, new Set(u.history)),
    (name) => options.onProgress?.(`${task}: ${name}`),
  );
  return summarise(task, specs, runs, ['hr10', 'ndcg10', 'hr20'], options.rounds);
}

function itemToItemTask(data: Dataset, relevance: Dataset['relevance'][number], options: EvaluateOptions): TaskResult {
  const n = data.items.length;
  const queries = relevance.queries.slice(0, options.maxQueries);
  // Item-to-item has no held-out target, so the interaction baselines use every interaction.
  const counts = baselines.popularityCounts(n, data.sequences);
  const specs: MethodSpec<baselines.ItemScorer>[] = [
    { name: 'random', kind: 'baseline', description: 'uniformly random order (exact expectation)', scorer: baselines.randomScorer(n) },
    { name: 'popularity', kind: 'baseline', description: 'interaction count', scorer: baselines.popularityScorer(counts) },
    {
      name: 'same category, then popularity',
      kind: 'baseline',
      description: "items of the query item's category first, each group by popularity",
      scorer: baselines.sameCategoryScorer(
        data.items.map((i) => i.category),
        counts,
      ),
    },
  ];
  const model = data.sequences.length ? new baselines.Cooccurrence(n, data.sequences) : undefined;
  if (model)
    specs.push({
      name: 'co-occurrence',
      kind: 'baseline',
      description: 'item co-occurrence cosine over all interactions',
      scorer: baselines.cooccurrenceItemScorer(model),
    });
  if (options.vectors) specs.push(...itemToItemSpecs(options.vectors, data.sequences, model, options as SpecOptions));
  const runs = runAll(
    specs,
    queries,
    (spec, q) => spec.scorer(q.row),
    (scores, q) => setMetrics(scores, q.row, q.relevant),
    (name) => options.onProgress?.(`${relevance.field}: ${name}`),
  );
  return summarise(`item-to-item: ${relevance.field}`, specs, runs, ['hr10', 'recall10', 'ndcg10'], options.rounds);
}

/** One method's per-query metrics on one task, and the time its scorer took. */
export interface Run {
  /** Per-query value of each metric, in query order (paired across methods). */
  metrics: Record<string, Float64Array>;
  /** Time spent in the scorer only. */
  ms: number;
}

/** Scores every query with every method, timing the scorer and keeping per-query metrics. */
function runAll<S, Q>(
  specs: MethodSpec<S>[],
  queries: readonly Q[],
  score: (spec: MethodSpec<S>, query: Q) => Float64Array,
  measure: (scores: Float64Array, query: Q) => object,
  progress: (name: string) => void,
): Run[] {
  return specs.map((spec) => {
    progress(spec.name);
    const metrics: Record<string, Float64Array> = {};
    let ms = 0;
    queries.forEach((query, i) => {
      const start = performance.now();
      const scores = score(spec, query);
      ms += performance.now() - start;
      for (const [name, value] of Object.entries(measure(scores, query))) {
        metrics[name] ??= new Float64Array(queries.length);
        metrics[name][i] = value as number;
      }
    });
    return { metrics, ms };
  });
}

/**
 * Means, 95% bootstrap intervals and paired differences to the strongest baseline (by the first
 * metric) of every method's `runs` on one task: the table row of each method.
 */
export function summarise(task: string, specs: MethodSpec<unknown>[], runs: Run[], metricNames: string[], rounds = 1000): TaskResult {
  const perQuery = runs.map((r) => r.metrics);
  const queries = perQuery[0]![metricNames[0]!]!.length;
  const boot = new Bootstrap(queries, rounds);
  const first = metricNames[0]!;
  // The reference is the strongest baseline by the first metric: project methods must beat the best, not the weakest.
  let ref = 0;
  specs.forEach((s, i) => {
    if (s.kind === 'baseline' && mean(perQuery[i]![first]!) > mean(perQuery[ref]![first]!)) ref = i;
  });
  const results = specs.map((spec, i): MethodResult => {
    const values: Record<string, number> = {};
    const ci95: Record<string, [number, number]> = {};
    const vs: NonNullable<MethodResult['vsReference']> = {};
    for (const m of metricNames) {
      const a = perQuery[i]![m]!;
      values[m] = mean(a);
      ci95[m] = boot.interval(a);
      if (spec.kind !== 'baseline') vs[m] = { delta: mean(a) - mean(perQuery[ref]![m]!), ci95: boot.difference(a, perQuery[ref]![m]!) };
    }
    return {
      name: spec.name,
      kind: spec.kind,
      description: spec.description,
      values,
      ci95,
      ms: Math.round(runs[i]!.ms),
      ...(spec.kind !== 'baseline' ? { vsReference: vs } : {}),
      perQuery: perQuery[i]!,
    };
  });
  return { task, queries, metrics: metricNames, reference: specs[ref]!.name, methods: results };
}

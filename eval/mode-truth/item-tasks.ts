/**
 * The item modes on their own truth: "similar" on substitutes (and, on Office, on the raw
 * also_viewed lists measured before), "complements" on complements (and on the raw also_bought
 * lists), with how many items each complements list shares with the similar list of the same item.
 */
import type { SignalLookup } from '../../src/signals/index.ts';
import * as baselines from '../baselines.ts';
import type { Dataset } from '../dataset.ts';
import type { TaskResult } from '../evaluate.ts';
import { type ItemVectors, similarScorer } from '../methods.ts';
import { expectedMarked, expectedMetrics } from './expected-metrics.ts';
import type { ModeTruths } from './mode-truths.ts';
import type { ModeRunner } from './rankers.ts';
import { inSplit, type ModeSplit } from './split.ts';
import { type ModeMethod, runModeTask } from './task.ts';
import type { GradedTruth } from './truth.ts';

/** What the item tasks read. */
export interface ItemTaskInput {
  data: Dataset;
  vectors: ItemVectors;
  runner: ModeRunner;
  truths: ModeTruths;
  /** The site's signals from every interaction (item-to-item has no held-out target); undefined without interactions. */
  signals: SignalLookup | undefined;
  split: ModeSplit;
  rounds: number;
  maxQueries?: number;
  onProgress?: (message: string) => void;
}

/** A method of an item task: scores for one query row. */
export type ItemMethod = ModeMethod<number>;

/** The peers' item-to-item baselines: random, popularity, same category, co-occurrence over every sequence. */
export function peerMethods(data: Dataset): ItemMethod[] {
  const n = data.items.length;
  const out: ItemMethod[] = [
    { name: 'random', kind: 'baseline', description: 'uniformly random order (exact expectation)', scorer: baselines.randomScorer(n) },
  ];
  const counts = baselines.popularityCounts(n, data.sequences);
  if (data.sequences.length)
    out.push({ name: 'popularity', kind: 'baseline', description: 'interaction count', scorer: baselines.popularityScorer(counts) });
  if (data.items.some((i) => i.category !== undefined))
    out.push({
      name: 'same category, then popularity',
      kind: 'baseline',
      description: "items of the query item's category (Office category_id, else the first genre) first, each group by popularity",
      scorer: baselines.sameCategoryScorer(
        data.items.map((i) => i.category),
        counts,
      ),
    });
  // Built on first use and shared by both item modes (MovieLens: a 9,742-square matrix).
  let co: baselines.ItemScorer | undefined;
  if (data.sequences.length)
    out.push({
      name: 'co-occurrence',
      kind: 'baseline',
      description: 'item co-occurrence cosine over all interactions',
      scorer: (row) => {
        co ??= baselines.cooccurrenceItemScorer(new baselines.Cooccurrence(n, data.sequences));
        return co(row);
      },
    });
  return out;
}

function queriesOf(input: ItemTaskInput, truth: GradedTruth): number[] {
  return inSplit(truth.queries, (row) => input.data.items[row]!.id, input.split).slice(0, input.maxQueries);
}

/** "similar" on substitutes (NDCG@10, P@8, HR@10) and, where the data has it, on the raw also_viewed lists. */
export async function similarTasks(input: ItemTaskInput, peers: ItemMethod[]): Promise<TaskResult[]> {
  const { runner, signals, truths } = input;
  const methods: ItemMethod[] = [
    ...peers,
    {
      name: 'similar, content only',
      kind: 'shipped',
      description: 'RANKERS.similar without site signals (content blend: cosine plus word overlap)',
      scorer: runner.itemScorer('similar', undefined),
    },
  ];
  if (signals)
    methods.push({
      name: 'similar + site signals',
      kind: 'shipped',
      description: 'RANKERS.similar with the site signals built from every interaction',
      scorer: runner.itemScorer('similar', signals),
    });
  methods.push({
    name: 'cosine only',
    kind: 'variant',
    description: 'nearest neighbours by cosine alone',
    scorer: similarScorer(input.vectors),
  });
  const out: TaskResult[] = [];
  for (const truth of [truths.substitutes, truths.alsoViewed]) {
    if (!truth) continue;
    const setup = {
      task: `similar: ${truth.name}`,
      metrics: ['ndcg10', 'p8', 'hr10'],
      measure: (scores: Float64Array, row: number) => ({ ...expectedMetrics(scores, truth.grades(row), new Set([row])) }),
      rounds: input.rounds,
      onProgress: input.onProgress,
    };
    const result = await runModeTask(methods, queriesOf(input, truth), setup);
    if (result) out.push(result);
  }
  return out;
}

/**
 * "complements" on complements (HR@10, NDCG@10, P@8) and on the raw also_bought lists, each with
 * `overlap8`: how many of its first 8 are also in the first 8 of similar (with the same signals).
 */
export async function complementTasks(input: ItemTaskInput, peers: ItemMethod[]): Promise<TaskResult[]> {
  const { runner, signals, truths } = input;
  if (!truths.complements || !signals) return [];
  const methods: ItemMethod[] = [
    ...peers.filter((m) => m.name !== 'same category, then popularity'),
    {
      name: 'complements',
      kind: 'shipped',
      description: 'RANKERS.complements with the site signals ("together" list, then content fill-ins)',
      scorer: runner.itemScorer('complements', signals),
    },
  ];
  const out: TaskResult[] = [];
  for (const truth of [truths.complements, truths.alsoBought]) {
    if (!truth) continue;
    const queries = queriesOf(input, truth);
    const similarTop = new Map<number, Set<number>>();
    for (const row of queries) similarTop.set(row, new Set((await runner.item('similar', row, signals)).slice(0, 8)));
    const setup = {
      task: `complements: ${truth.name}`,
      metrics: ['hr10', 'ndcg10', 'p8', 'overlap8'],
      measure: (scores: Float64Array, row: number) => {
        const excluded = new Set([row]);
        return {
          ...expectedMetrics(scores, truth.grades(row), excluded),
          overlap8: expectedMarked(scores, similarTop.get(row)!, excluded),
        };
      },
      rounds: input.rounds,
      onProgress: input.onProgress,
    };
    const result = await runModeTask(methods, queries, setup);
    if (result) out.push(result);
  }
  return out;
}

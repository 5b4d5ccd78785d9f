/**
 * "For you" on its own truth, two ways:
 *
 * - next item, as the eval measured it before (eval/split.ts: test = each user's last item,
 *   validation = the second-to-last; signals and baselines from the histories before it), now
 *   with P@8 beside HR@10 and NDCG@10;
 * - cold targets: next item where the target is one of a seeded 10% of items removed from the logs
 *   (eval/evaluate.ts `coldStartSplit`): only content (or a space placing items from their text)
 *   can reach them;
 * - the cold visitor: a new visitor with an empty history, whose FIRST item (pos 0) is the target.
 *   The site's logs are every sequence without its first item, so no target reaches them; users
 *   fall in the validation or test half by a hash of their index (split.ts).
 */
import type { SignalLookup } from '../../src/signals/index.ts';
import * as baselines from '../baselines.ts';
import { splitSignals } from '../blend-eval.ts';
import type { Dataset } from '../dataset.ts';
import { coldStartSplit, type TaskResult } from '../evaluate.ts';
import type { ItemVectors } from '../methods.ts';
import { nextItemSplit, type UserQuery } from '../split.ts';
import { categorySpread } from './cold-baselines.ts';
import { expectedMetrics } from './expected-metrics.ts';
import { listScores, type ModeRunner } from './rankers.ts';
import { inSplit, type ModeSplit } from './split.ts';
import { type ModeMethod, runModeTask } from './task.ts';

/** What the user tasks read. */
export interface UserTaskInput {
  data: Dataset;
  vectors: ItemVectors;
  runner: ModeRunner;
  split: ModeSplit;
  rounds: number;
  maxQueries?: number;
  onProgress?: (message: string) => void;
}

type UserMethod = ModeMethod<UserQuery>;

const METRICS = ['hr10', 'ndcg10', 'p8'];

function measure(scores: Float64Array, u: UserQuery) {
  return { ...expectedMetrics(scores, new Map([[u.target, 1]]), new Set(u.history)) };
}

/** Next item: the shipped forYou (content only, and with the split's signals) against the peers' baselines. */
export async function nextItemTask(input: UserTaskInput): Promise<TaskResult | undefined> {
  const { data } = input;
  const split = nextItemSplit(data, input.split === 'validation' ? 'validation' : 'test');
  const n = data.items.length;
  const train = split.train;
  const history = (scorer: baselines.HistoryScorer) => (u: UserQuery) => scorer(u.history);
  // One co-occurrence model, built on first use (MovieLens: a 9,742-square matrix).
  let co: baselines.HistoryScorer | undefined;
  const methods: UserMethod[] = [
    {
      name: 'random',
      kind: 'baseline',
      description: 'uniformly random order (exact expectation)',
      scorer: history(baselines.randomScorer(n)),
    },
    {
      name: 'popularity',
      kind: 'baseline',
      description: 'interaction count in the logs',
      scorer: history(baselines.popularityScorer(baselines.popularityCounts(n, train))),
    },
    {
      name: 'co-occurrence',
      kind: 'baseline',
      description: `co-occurrence cosines with the last ${baselines.COOCCURRENCE_WINDOW} items`,
      scorer: (u) => {
        co ??= baselines.cooccurrenceScorer(new baselines.Cooccurrence(n, train));
        return co(u.history);
      },
    },
    {
      name: 'transitions',
      kind: 'baseline',
      description: 'transitions from the last item',
      scorer: history(baselines.transitionScorer(n, train)),
    },
    ...shippedMethods(input, train, 'the signals built from the logs'),
  ];
  const users = split.users.slice(0, input.maxQueries);
  return runModeTask(methods, users, {
    task: `for-you: next item (${split.name})`,
    metrics: METRICS,
    measure,
    rounds: input.rounds,
    onProgress: input.onProgress,
  });
}

/** The shipped "for you" of a history, without site signals and with `signals` built from `logs`. */
function shippedMethods(input: UserTaskInput, logs: readonly (readonly number[])[], signals: string): UserMethod[] {
  const forYou = input.runner.forYouScorer(undefined);
  const withSignals = input.runner.forYouScorer(splitSignals(input.vectors, logs));
  return [
    {
      name: 'forYou, content only',
      kind: 'shipped',
      description: 'RANKERS["for-you"] without site signals',
      scorer: (u) => forYou(u.history),
    },
    {
      name: 'forYou + site signals',
      kind: 'shipped',
      description: `RANKERS["for-you"] with ${signals}`,
      scorer: (u) => withSignals(u.history),
    },
  ];
}

/**
 * Cold targets: users whose next item the logs never name. The signals (and, in
 * eval/learned-space.ts, the learned space) come from logs without those items.
 */
export async function coldTargetTask(input: UserTaskInput): Promise<TaskResult | undefined> {
  const { data } = input;
  const n = data.items.length;
  const split = coldStartSplit(nextItemSplit(data, input.split === 'validation' ? 'validation' : 'test'), n);
  const methods: UserMethod[] = [
    { name: 'random', kind: 'baseline', description: 'uniformly random order (exact expectation)', scorer: () => new Float64Array(n) },
    ...shippedMethods(input, split.train, 'the signals built from the logs without the cold items'),
  ];
  return runModeTask(methods, split.users.slice(0, input.maxQueries), {
    task: `for-you: cold targets (${split.name})`,
    metrics: METRICS,
    measure,
    rounds: input.rounds,
    onProgress: input.onProgress,
  });
}

/** The cold visitor: the target is each user's first item, the history empty. */
export async function coldVisitorTask(input: UserTaskInput): Promise<TaskResult | undefined> {
  const { data, runner } = input;
  const n = data.items.length;
  const logs = data.sequences.map((s) => s.slice(1));
  const counts = baselines.popularityCounts(n, logs);
  const signals: SignalLookup = splitSignals(input.vectors, logs);
  // Every method gives every new visitor the same list: rank once, score each user's target.
  const once = (scores: () => Float64Array | Promise<Float64Array>) => {
    let cached: Promise<Float64Array> | undefined;
    return () => (cached ??= Promise.resolve(scores()));
  };
  const sitePopularity = Float64Array.from(input.vectors.ids, (id) => signals.popularity(id));
  const methods: UserMethod[] = [
    { name: 'random', kind: 'baseline', description: 'uniformly random order (exact expectation)', scorer: () => new Float64Array(n) },
    { name: 'popularity', kind: 'baseline', description: 'interaction count in the logs', scorer: () => counts },
    {
      name: 'popularity (site signals)',
      kind: 'baseline',
      description: "the signals' popularity byte (log scale) from the logs: what a page has",
      scorer: () => sitePopularity,
    },
    {
      name: 'category spread',
      kind: 'baseline',
      description: 'round-robin over categories (Office category_id, else the first genre), each by popularity, categories by theirs',
      scorer: once(() => listScores(n, categorySpread(data, counts))),
    },
    {
      name: 'forYou, empty history',
      kind: 'shipped',
      description: 'RANKERS["for-you"] with no history and the site signals',
      scorer: once(async () => listScores(n, await runner.forYou([], signals))),
    },
  ];
  const users = inSplit(
    data.sequences.map((s, i) => ({ id: `user ${i}`, target: s[0]! })),
    (u) => u.id,
    input.split,
  )
    .slice(0, input.maxQueries)
    .map((u): UserQuery => ({ history: [], target: u.target }));
  return runModeTask(methods, users, {
    task: 'for-you: cold visitor (first item)',
    metrics: METRICS,
    measure,
    rounds: input.rounds,
    onProgress: input.onProgress,
  });
}

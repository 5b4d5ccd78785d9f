/**
 * The per-mode eval (issue 27): each mode judged on its own truth, over the rankers a page runs
 * (`RANKERS`, or the caller's), on one half of the queries. `npm run eval` reports the test half;
 * tuning code calls `evaluateModes(input, { split: 'validation', rankers, options })` to choose
 * defaults without looking at a test query. docs/mode-truth.md describes the truths and metrics.
 */
import type { LearnedLookup } from '../../src/learn/lookup.ts';
import { splitSignals } from '../blend-eval.ts';
import type { Dataset } from '../dataset.ts';
import type { TaskResult } from '../evaluate.ts';
import type { ItemVectors } from '../methods.ts';
import { EvalCatalog } from '../mode-context.ts';
import { complementTasks, type ItemTaskInput, peerMethods, similarTasks } from './item-tasks.ts';
import { modeTruths } from './mode-truths.ts';
import { JUDGED_MODES, type JudgedMode, type ModeOptions, type ModeRankers, ModeRunner, SHIPPED_RANKERS } from './rankers.ts';
import type { ModeSplit } from './split.ts';
import { type TruthStats, truthStats } from './truth.ts';
import { coldTargetTask, coldVisitorTask, nextItemTask, type UserTaskInput } from './user-tasks.ts';

/** A dataset ready to rank: its items, their vectors (with word overlap) and the texts embedded. */
export interface ModeEvalInput {
  data: Dataset;
  vectors: ItemVectors;
  texts: readonly string[];
  /** The modes `npm run eval` judges on this input (default: every mode its truths allow). */
  modes?: readonly JudgedMode[];
}

/** Options of `evaluateModes`. */
export interface ModeEvalOptions {
  /** Which half of the queries (default `test`; tune on `validation`; `all` for comparisons with earlier numbers). */
  split?: ModeSplit;
  /** Rankers to judge instead of the shipped ones, by mode. */
  rankers?: Partial<ModeRankers>;
  /** Options each mode's calls get (e.g. `{ similar: { diversity: 0.2 } }`). */
  options?: ModeOptions;
  /** The modes to judge (default all three). */
  modes?: readonly JudgedMode[];
  /** Bootstrap rounds (default 1000). */
  rounds?: number;
  /**
   * The shop's learned space, trained on this split's logs (eval/learned-space.ts): "for you" then
   * ranks in it, as a page with the artifact's `learned` section does.
   */
  learned?: LearnedLookup;
  /** At most this many queries per task (quick runs). */
  maxQueries?: number;
  onProgress?: (message: string) => void;
}

/** One mode's tasks. */
export interface ModeResult {
  mode: JudgedMode;
  tasks: TaskResult[];
}

/** Every judged mode of one dataset on one split. */
export interface ModeEvalResult {
  dataset: string;
  split: ModeSplit;
  /** The truths' distributions (relevant items per query, over all queries of both halves). */
  truths: TruthStats[];
  modes: ModeResult[];
  /** Whether "for you" with an empty history shows the catalog's file order (the goal: never). */
  coldIsFileOrder: boolean;
  seconds: number;
}

/** Judges each mode of `input` on its own truth (modes without a truth or without data are left out). */
export async function evaluateModes(input: ModeEvalInput, options: ModeEvalOptions = {}): Promise<ModeEvalResult> {
  const start = performance.now();
  const { data, vectors } = input;
  const split = options.split ?? 'test';
  const modes = options.modes ?? JUDGED_MODES;
  const catalog = new EvalCatalog(data, vectors, input.texts);
  const runner = new ModeRunner(catalog, { ...SHIPPED_RANKERS, ...options.rankers }, options.options, options.learned);
  const truths = modeTruths(data);
  const common = {
    data,
    vectors,
    runner,
    split,
    rounds: options.rounds ?? 1000,
    maxQueries: options.maxQueries,
    onProgress: options.onProgress,
  };
  const itemInput: ItemTaskInput = {
    ...common,
    truths,
    signals: data.sequences.length ? splitSignals(vectors, data.sequences) : undefined,
  };
  const peers = peerMethods(data);
  const results: ModeResult[] = [];
  if (modes.includes('similar')) results.push({ mode: 'similar', tasks: await similarTasks(itemInput, peers) });
  if (modes.includes('complements')) results.push({ mode: 'complements', tasks: await complementTasks(itemInput, peers) });
  if (modes.includes('for-you') && data.sequences.length) {
    const userInput: UserTaskInput = common;
    const tasks = [await nextItemTask(userInput), await coldTargetTask(userInput), await coldVisitorTask(userInput)].filter(
      (t): t is TaskResult => !!t,
    );
    results.push({ mode: 'for-you', tasks });
  }
  const cold = await runner.forYou([], itemInput.signals);
  return {
    dataset: data.name,
    coldIsFileOrder: cold.length > 0 && cold.every((row, i) => row === i),
    split,
    truths: Object.values(truths).map(truthStats),
    modes: results.filter((r) => r.tasks.length),
    seconds: (performance.now() - start) / 1000,
  };
}

/**
 * Chooses the site signals' build options (co-occurrence window, neighbours kept per item) together
 * with the blend weights, on the VALIDATION split: for each option the blend is re-tuned
 * (eval/tune.ts) and the option with the best geometric mean of HR@10 over the datasets wins. The
 * window is tried first (at the shipped `maxNeighbours`), then the other `NEIGHBOURS` at the chosen
 * window; `minSupport` stays 2 (privacy; its row in the report is measured at the chosen options).
 */
import { type BlendWeights, DEFAULT_BLEND, ScoreCalibration } from '../src/recommend/index.ts';
import { DEFAULT_SIGNALS_OPTIONS, type ExactSignalsOptions, MAX_NEIGHBOURS } from '../src/signals/index.ts';
import type { PrivacyOptions } from '../src/signals/private.ts';
import type { PairWeighting } from '../src/signals/weighting.ts';
import { splitSignals, userTables } from './blend-eval.ts';
import { type Dataset, loadDataset } from './dataset.ts';
import { embeddedItems } from './embedded-items.ts';
import type { ItemVectors } from './methods.ts';
import { nextItemSplit, type Split } from './split.ts';
import { datasetTexts } from './texts.ts';
import { type TuneResult, type TuneSet, tuneWeights } from './tune.ts';

/** Co-occurrence windows tried (positions either side; Infinity = the whole session). */
export const WINDOWS = [Number.POSITIVE_INFINITY, 5, 10, 20];
/** Neighbours per item tried at the chosen window (24: the wire budget's upper bound). */
export const NEIGHBOURS = [20, MAX_NEIGHBOURS];
/** The blend weights tuned for every option. */
export const FREE_WEIGHTS: (keyof BlendWeights)[] = ['together', 'next', 'popularity', 'signalDecay', 'contentDecay', 'wordOverlap'];

/** One dataset's validation split and vectors. */
export interface SplitInput {
  data: Dataset;
  vectors: ItemVectors;
  calibration: TuneSet['calibration'];
  split: Split;
}

/** `dir`'s dataset with its vectors and validation split; undefined when it has no interactions. */
export async function validationInput(dir: string): Promise<SplitInput | undefined> {
  const data = loadDataset(dir);
  if (!data.sequences.length) return undefined;
  const { texts } = datasetTexts(data, undefined);
  const { vectors, embedded: e } = await embeddedItems(data, texts);
  return { data, vectors, calibration: ScoreCalibration.fromVectors(e.vectors, e.dims), split: nextItemSplit(data, 'validation') };
}

/** Signal build options as the eval varies them. */
export type SignalOptions = Required<Pick<ExactSignalsOptions, 'window' | 'maxNeighbours' | 'minSupport'>>;

/** One option tried: what, the tuned blend and its validation HR@10. */
export interface SignalTrial {
  options: SignalOptions;
  result: TuneResult;
  /** Geometric mean of HR@10 over the datasets. */
  geo: number;
}

/** Validation tables of every dataset with signals built with `options` (and `weighting`, default the shipped one). */
export function signalTuneSets(
  splits: readonly SplitInput[],
  options: ExactSignalsOptions,
  weighting?: PairWeighting,
  privacy?: PrivacyOptions,
): TuneSet[] {
  return splits.map((s) => ({
    name: s.data.name,
    calibration: s.calibration,
    tables: userTables(s.vectors, s.split, splitSignals(s.vectors, s.split.train, options, weighting, privacy ?? 'exact')),
  }));
}

/** The geometric mean of per-dataset HR@10 (each dataset counts equally). */
export const geoMean = (hr: Record<string, number>): number => {
  const v = Object.values(hr);
  return Math.exp(v.reduce((s, x) => s + Math.log(Math.max(x, 1e-9)), 0) / v.length);
};

/** Tries the windows, then the neighbour counts; returns every trial and the chosen one (ties keep the earlier). */
export function chooseSignalOptions(
  splits: readonly SplitInput[],
  log: (m: string) => void,
): { trials: SignalTrial[]; chosen: SignalTrial } {
  const trials: SignalTrial[] = [];
  const run = (options: SignalOptions) => {
    log(`validation: signals window ${options.window}, maxNeighbours ${options.maxNeighbours}: tables and blend`);
    const result = tuneWeights(signalTuneSets(splits, options), DEFAULT_BLEND, FREE_WEIGHTS);
    const trial = { options, result, geo: geoMean(result.hr10) };
    trials.push(trial);
    return trial;
  };
  const base = { minSupport: DEFAULT_SIGNALS_OPTIONS.minSupport, maxNeighbours: DEFAULT_SIGNALS_OPTIONS.maxNeighbours };
  let chosen: SignalTrial | undefined;
  for (const window of WINDOWS) {
    const t = run({ ...base, window });
    if (!chosen || t.geo > chosen.geo + 1e-12) chosen = t;
  }
  for (const maxNeighbours of NEIGHBOURS) {
    if (maxNeighbours === chosen!.options.maxNeighbours) continue;
    const t = run({ ...chosen!.options, maxNeighbours });
    if (t.geo > chosen!.geo + 1e-12) chosen = t;
  }
  return { trials, chosen: chosen! };
}

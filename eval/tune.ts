/**
 * Chooses the blend's weights on the VALIDATION split (each user's second-to-last item; signals
 * from the sequences without their last two items), never on test targets. One set of weights for
 * every catalog: coordinate ascent on the geometric mean of HR@10 over the datasets, so each
 * dataset counts equally whatever its scale. The result is compared with the shipped defaults
 * (src/recommend/blend.ts) and the report says loudly when they differ.
 */
import type { BlendWeights, ScoreCalibration } from '../src/recommend/index.ts';
import { tableHr10, type UserTable } from './blend-eval.ts';
import { mean } from './bootstrap.ts';

/** The values tried for each weight. */
export const GRID: Record<keyof BlendWeights, number[]> = {
  contentDecay: [0.5, 0.6, 0.7, 0.85],
  content: [1],
  // The best anchor alone (0) for the raw space; the learned space's is chosen in eval/learned-space.ts.
  contentMean: [0],
  wordOverlap: [0, 0.5, 1, 2, 3, 4, 6, 8],
  wordOverlapUnlisted: [0, 1, 2, 4, 6, 8],
  together: [0, 1, 2, 4, 8, 16, 32, 64],
  next: [0, 2, 4, 8, 16, 32, 64, 128, 256],
  popularity: [0, 0.25, 0.5, 1, 2, 4],
  signalDecay: [0.3, 0.5, 0.7, 0.85],
};

/** One dataset's validation tables. */
export interface TuneSet {
  name: string;
  tables: UserTable[];
  calibration: ScoreCalibration;
}

/** What tuning found. */
export interface TuneResult {
  weights: BlendWeights;
  /** Validation HR@10 per dataset at the chosen weights. */
  hr10: Record<string, number>;
  /** Every point evaluated, for the report. */
  evaluated: number;
}

/**
 * Coordinate ascent from `start` over `GRID` (only the keys in `free`), maximising the geometric
 * mean of validation HR@10 over `sets`; ties keep the earlier (smaller) grid value. Deterministic.
 */
export function tuneWeights(sets: readonly TuneSet[], start: Readonly<BlendWeights>, free: readonly (keyof BlendWeights)[]): TuneResult {
  const cache = new Map<string, Record<string, number>>();
  const score = (w: BlendWeights) => {
    const key = JSON.stringify(w);
    let r = cache.get(key);
    if (!r) {
      r = Object.fromEntries(sets.map((s) => [s.name, mean(tableHr10(s.tables, w, s.calibration))]));
      cache.set(key, r);
    }
    return { per: r, geo: Math.exp(mean(Float64Array.from(Object.values(r), (x) => Math.log(Math.max(x, 1e-9))))) };
  };
  let best = { ...start };
  let bestScore = score(best).geo;
  for (let round = 0; round < 4; round++) {
    let changed = false;
    for (const key of free) {
      for (const value of GRID[key]) {
        const trial = { ...best, [key]: value };
        const s = score(trial).geo;
        if (s > bestScore + 1e-12) {
          best = trial;
          bestScore = s;
          changed = true;
        }
      }
    }
    if (!changed) break;
  }
  return { weights: best, hr10: score(best).per, evaluated: cache.size };
}

/** True when two weightings are the same. */
export function sameWeights(a: Readonly<BlendWeights>, b: Readonly<BlendWeights>): boolean {
  return (Object.keys(a) as (keyof BlendWeights)[]).every((k) => a[k] === b[k]);
}

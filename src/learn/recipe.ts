/**
 * The recipe `inpage-rec build --interactions` trains with: the best on validation so far
 * (docs/notes/learned-space.md), a directional space on forward pairs within 3 steps, per-item
 * offsets at penalty 1e-3, 1,024 anchors per step. 48 dimensions so the two sides cost 96 bytes per
 * item in the artifact (the budget); chosen over 64 on validation (docs/notes/learned-space.md).
 * Graph propagation after training, chosen per site on held-out sessions. One place: the build, the
 * eval and the tests read it from here.
 */
import { DEFAULT_SIGNALS_OPTIONS } from '../signals/build.ts';
import type { PairOptions } from './pairs.ts';
import type { TrainOptions } from './train.ts';

/** Pair and training options of the build's learned space. */
export interface LearnRecipe {
  pairs: Readonly<Partial<PairOptions>>;
  train: Readonly<Partial<TrainOptions>>;
  /**
   * Items get an offset only when at least this many distinct sessions hold them (`supportedItems`):
   * the site signals' minimum support, so no item's place is learned from one shopper's visits.
   */
  offsetSupport: number;
  /**
   * Graph propagation is chosen per site (choose-propagation.ts) by a space trained without some
   * sessions' last items (held-out.ts) and scored on them. Logs of up to `retrainUpToRows`
   * interaction rows then train the space again on every session (twice the training, cheap at
   * that size; the held-out items are the logs' most recent, and a space without them scored lower
   * on validation). Above it the choice's space is the one shipped: its held-out items (at most
   * 3,000) are under 0.3% of the rows, and a second training would break the time budget.
   */
  choose: Readonly<{ retrainUpToRows: number }>;
}

/** The build's recipe. */
export const BUILD_RECIPE: Readonly<LearnRecipe> = Object.freeze({
  pairs: Object.freeze({ window: 3, directions: 'forward' as const }),
  train: Object.freeze({ outDims: 48, offsetPenalty: 1e-3, directional: true, batchAnchors: 1024 }),
  offsetSupport: DEFAULT_SIGNALS_OPTIONS.minSupport,
  choose: Object.freeze({ retrainUpToRows: 1_000_000 }),
});

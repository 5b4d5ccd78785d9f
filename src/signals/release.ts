/**
 * The signals a build publishes: neighbour lists and popularity computed from the noisy counts of
 * the private release (private.ts) alone, weighted as the exact aggregation weighs them.
 */
import { createError, ErrorCodes } from '../errors.ts';
import type { FlatSessions } from './build.ts';
import { fnv1a } from './hash.ts';
import { EMPTY_LIST } from './lookup.ts';
import { cryptoRandom } from './noise.ts';
import {
  DEFAULT_EPSILON,
  DEFAULT_MAX_ITEMS,
  DEFAULT_MIN_COUNT,
  type NoisyCells,
  noisyPopularityBytes,
  PRIVACY_SHARES,
  type PrivacyOptions,
  type PrivacyReport,
  releaseCounts,
} from './private.ts';
import { quantizeWeight } from './quantize.ts';
import type { NeighbourList, SiteSignals } from './types.ts';
import { DEFAULT_WEIGHTING, type PairWeighting } from './weighting.ts';

/** Largest epsilon accepted: above it the noise hides too little for the word "private". */
export const MAX_EPSILON = 8;

/** `privacy` with its defaults; throws INVALID_OPTION naming a bad value. */
export function privacyDefaults(privacy: PrivacyOptions = {}): Required<PrivacyOptions> {
  const o = {
    epsilon: privacy.epsilon ?? DEFAULT_EPSILON,
    maxItemsPerSession: privacy.maxItemsPerSession ?? DEFAULT_MAX_ITEMS,
    minCount: privacy.minCount ?? DEFAULT_MIN_COUNT,
    random: privacy.random ?? cryptoRandom(),
    shares: privacy.shares ?? PRIVACY_SHARES,
  };
  const shareSum = o.shares.popularity + o.shares.together + o.shares.next;
  if (![o.shares.popularity, o.shares.together, o.shares.next].every((x) => x >= 0) || Math.abs(shareSum - 1) > 1e-9)
    throw createError(ErrorCodes.INVALID_OPTION, `signals option "shares" must be >= 0 and sum to 1, got ${JSON.stringify(o.shares)}`);
  if (!(o.epsilon > 0 && o.epsilon <= MAX_EPSILON))
    throw createError(ErrorCodes.INVALID_OPTION, `signals option "epsilon" must be in (0, ${MAX_EPSILON}], got ${o.epsilon}`);
  if (!Number.isInteger(o.maxItemsPerSession) || o.maxItemsPerSession < 2 || o.maxItemsPerSession > 64)
    throw createError(
      ErrorCodes.INVALID_OPTION,
      `signals option "maxItemsPerSession" must be an integer 2..64, got ${o.maxItemsPerSession}`,
    );
  if (!Number.isInteger(o.minCount) || o.minCount < 1)
    throw createError(ErrorCodes.INVALID_OPTION, `signals option "minCount" must be a positive integer, got ${o.minCount}`);
  return o;
}

/**
 * The published signals of `sessions` (rows of `itemIds`): epsilon-DP per session, see private.ts.
 * `shape` sets the co-occurrence window and the neighbours kept per list.
 */
export function privateSignals(
  sessions: FlatSessions,
  itemIds: readonly string[],
  shape: { window: number; maxNeighbours: number },
  privacy: PrivacyOptions = {},
  weighting: Readonly<PairWeighting> = DEFAULT_WEIGHTING,
): { signals: SiteSignals; privacy: PrivacyReport } {
  const count = itemIds.length;
  const noisy = releaseCounts(sessions, count, shape.window, privacyDefaults(privacy));
  const size = (row: number, c: number) => Math.max(noisy.popularity[row]!, c, 1);
  const plausible = plausibleCells(noisy.popularity, noisy.report.slack);
  const { thresholds } = noisy.report;
  const together = lists(count, shape.maxNeighbours, plausible(noisy.together, thresholds.together), true, (a, b, c) =>
    weighting.together(c, size(a, c), size(b, c)),
  );
  const next = lists(count, shape.maxNeighbours, plausible(noisy.next, thresholds.next), false, (a, b, c) =>
    weighting.next(c, size(a, c), size(b, c)),
  );
  return {
    signals: {
      count,
      idsHash: fnv1a(itemIds),
      together,
      next,
      popularity: noisyPopularityBytes(noisy.popularity, noisy.report.thresholds.popularity),
    },
    privacy: noisy.report,
  };
}

/**
 * Cells whose count exceeds an item's popularity by more than `slack`: no pair is held by more
 * sessions than hold either item. Between items whose popularity is below the cell threshold
 * (`threshold`) such a cell is noise (typically a cell no session holds, drawn above the
 * threshold, between two rarely seen items) and is dropped: its weight would otherwise be the
 * largest possible (count / popularity capped at 1). Between items seen at least that often it is
 * a real pair whose noise came out high, typically items bought together in every session that
 * holds one of them: 2 sd of slack dropped such a pair about once in 25 releases. It is kept,
 * its count cut to that popularity. Post-processing of noisy values: no privacy cost.
 */
function plausibleCells(popularity: Float64Array, slack: number): (cells: NoisyCells, threshold: number) => NoisyCells {
  return (cells, threshold) => {
    const kept: NoisyCells = { a: [], b: [], c: [] };
    cells.a.forEach((a, k) => {
      const b = cells.b[k]!;
      const least = Math.min(popularity[a]!, popularity[b]!);
      let c = cells.c[k]!;
      if (c > least + slack) {
        if (least < threshold) return;
        c = least;
      }
      kept.a.push(a);
      kept.b.push(b);
      kept.c.push(c);
    });
    return kept;
  };
}

/** Each item's strongest `max` cells by weight (ties by row), rows ascending; `both`: a cell lists in both rows. */
function lists(
  count: number,
  max: number,
  cells: NoisyCells,
  both: boolean,
  weight: (a: number, b: number, c: number) => number,
): NeighbourList[] {
  const candidates: { j: number; w: number }[][] = Array.from({ length: count }, () => []);
  for (let k = 0; k < cells.a.length; k++) {
    const a = cells.a[k]!;
    const b = cells.b[k]!;
    const c = cells.c[k]!;
    candidates[a]!.push({ j: b, w: weight(a, b, c) });
    if (both) candidates[b]!.push({ j: a, w: weight(b, a, c) });
  }
  return candidates.map((kept) => {
    if (!kept.length) return EMPTY_LIST;
    kept.sort((x, y) => y.w - x.w || x.j - y.j);
    const top = kept.slice(0, max).sort((x, y) => x.j - y.j);
    return { rows: Uint32Array.from(top, (x) => x.j), weights: Uint8Array.from(top, (x) => quantizeWeight(x.w)) };
  });
}

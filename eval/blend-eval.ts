/**
 * The blended "for you" (src/recommend/blend.ts) on one split: signals built from the split's logs
 * with src/signals, one candidate table per user (src/recommend/candidates.ts, the code the
 * library runs), then any number of weightings scored on those tables. Tables are built once per
 * signals configuration, so a grid of weights costs milliseconds per user, not a search.
 */
import { profileFromHistory } from '../src/recommend/history.ts';
import { type BlendWeights, blendScores, type CandidateTable, gatherCandidates, type ScoreCalibration } from '../src/recommend/index.ts';
import { flattenSessions } from '../src/signals/build.ts';
import { aggregate, DEFAULT_SIGNALS_OPTIONS, type ExactSignalsOptions, SignalLookup } from '../src/signals/index.ts';
import { seededRandom } from '../src/signals/noise.ts';
import type { PrivacyOptions } from '../src/signals/private.ts';
import { privateSignals } from '../src/signals/release.ts';
import { DEFAULT_WEIGHTING, type PairWeighting } from '../src/signals/weighting.ts';
import type { HistoryEvent } from '../src/types/index.ts';
import { CachedIndex } from './cached-index.ts';
import type { ItemVectors } from './methods.ts';
import type { Split } from './split.ts';

/** The noise seed of the eval's releases: reproducible numbers (a build's noise is never seeded). */
export const EVAL_NOISE_SEED = 7;

/**
 * Signals built from a split's logs, by catalog key: by default the release a build publishes
 * (differentially private, src/signals/private.ts, with seeded noise); `'exact'` for the exact
 * counts (the reference the signal options and the blend were chosen on; never published).
 * `weighting`: how pair counts become weights, default the shipped one.
 */
export function splitSignals(
  vectors: ItemVectors,
  train: readonly (readonly number[])[],
  options: ExactSignalsOptions = {},
  weighting: Readonly<PairWeighting> = DEFAULT_WEIGHTING,
  privacy: PrivacyOptions | 'exact' = {},
): SignalLookup {
  const o = { ...DEFAULT_SIGNALS_OPTIONS, ...options };
  if (privacy === 'exact')
    return new SignalLookup(
      aggregate(train, vectors.ids, { maxNeighbours: o.maxNeighbours, window: o.window, minSupport: o.minSupport }, weighting),
      vectors.ids,
    );
  const seeded = { random: seededRandom(EVAL_NOISE_SEED), ...privacy };
  return new SignalLookup(privateSignals(flattenSessions(train), vectors.ids, o, seeded, weighting).signals, vectors.ids);
}

/** History rows (oldest first) as the widget records them: one `view` event each, newest first. */
export function viewEvents(ids: readonly string[], history: readonly number[]): HistoryEvent[] {
  return history.map((row, i) => ({ type: 'view' as const, itemId: ids[row]!, ts: i })).reverse();
}

const cachedIndexes = new WeakMap<ItemVectors, CachedIndex>();

/** One caching wrapper per vectors object, shared by every table build over them. */
export function cachedIndex(vectors: ItemVectors): CachedIndex {
  let index = cachedIndexes.get(vectors);
  if (!index) {
    index = new CachedIndex(vectors.index);
    cachedIndexes.set(vectors, index);
  }
  return index;
}

/** One user's table and where the target is in it. */
export interface UserTable {
  table: CandidateTable;
  /** Index of the target among the table's candidates, or -1. */
  target: number;
  /** Catalog rows that are neither candidates nor excluded nor the target (tied last when the target is not a candidate). */
  rest: number;
}

/** How `userTables` builds a table besides the signals: the last anchor only ("similar" of it), or expanded anchor queries. */
export interface TableOptions {
  /** Only the newest anchor (a proxy for `similar()` on the next-item split). */
  lastOnly?: boolean;
  /** The query vector of an anchor (see `CandidateSources.anchorQuery`). */
  anchorQuery?: (key: string) => Float32Array | undefined;
}

/** Builds every user's candidate table for `split` (signals optional). */
export function userTables(
  vectors: ItemVectors,
  split: Split,
  signals: SignalLookup | undefined,
  users = split.users,
  options: TableOptions = {},
): UserTable[] {
  const index = cachedIndex(vectors);
  const n = vectors.ids.length;
  return users.map((u) => {
    const profile = profileFromHistory(viewEvents(vectors.ids, u.history));
    const exclude = new Set([...profile.seen, ...profile.dismissed]);
    const anchors = options.lastOnly ? profile.anchors.slice(0, 1) : profile.anchors;
    // Word candidates are always gathered, so any `terms` weight can be scored on one table. The
    // shipped code gathers none at weight 0 (blended.ts); validation at 0 is the same as before word
    // overlap existed (.1246 / .1656 with signals, .0740 / .0410 without), so the extra candidates
    // change nothing there.
    const table = gatherCandidates(
      anchors,
      { index, signals, anchorQuery: options.anchorQuery, wordOverlap: vectors.wordOverlap },
      undefined,
      exclude,
    );
    const target = table.keys.indexOf(vectors.ids[u.target]!);
    return { table, target, rest: n - table.keys.length - exclude.size - (target < 0 ? 1 : 0) };
  });
}

/** Per-user HR@10 of one weighting (ties counted as their expectation, as in metrics.ts). */
export function tableHr10(
  tables: readonly UserTable[],
  weights: Readonly<BlendWeights>,
  calibration: ScoreCalibration | undefined,
): Float64Array {
  const out = new Float64Array(tables.length);
  tables.forEach((u, q) => {
    if (u.target < 0) {
      const greater = u.table.keys.length;
      out[q] = Math.max(0, Math.min(1, (10 - greater) / (u.rest + 1)));
      return;
    }
    const { scores } = blendScores(u.table, weights, calibration);
    const t = scores[u.target]!;
    let greater = 0;
    let ties = 0;
    scores.forEach((s, i) => {
      if (i === u.target) return;
      if (s > t) greater++;
      else if (s === t) ties++;
    });
    out[q] = Math.max(0, Math.min(1, (10 - greater) / (ties + 1)));
  });
  return out;
}

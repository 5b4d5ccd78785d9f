/**
 * Aggregates a site's interactions into per-item neighbour lists, the way item-to-item
 * collaborative filtering has been done since Amazon's 2003 paper: count, per pair of items, the
 * sessions (or orders) holding both; normalise by each item's session count (cosine); keep each
 * item's strongest neighbours. Transitions are counted the same way for consecutive items.
 * Deterministic: the same interactions and ids give the same lists, whatever the session ids.
 */
import { createError, ErrorCodes } from '../errors.ts';
import { InteractionCollector } from './collect.ts';
import { fnv1a } from './hash.ts';
import { EMPTY_LIST } from './lookup.ts';
import { quantizePopularity, quantizeWeight } from './quantize.ts';
import type { BuildSignalsOptions, Interaction, NeighbourList, SignalsReport, SiteSignals } from './types.ts';

/**
 * Defaults, chosen on the validation split (eval/signal-choice.ts, the blend re-tuned for each):
 * `window` 10 (co-occurrence counts items at most 10 positions apart in a session) lifts validation
 * HR@10 to .1258 (Office) / .1607 (MovieLens) from .1142 / .1328 with whole sessions (window 5:
 * .1250 / .1443, 20: .1223 / .1459); `maxNeighbours` 24 (the wire budget's upper bound) at window
 * 10: .1246 / .1656 vs .1258 / .1607 at 20 (a higher geometric mean). `minSupport` 2 is measured
 * there too (eval/validation.ts) and keeps pairs seen in one session out of the artifact.
 */
export const DEFAULT_SIGNALS_OPTIONS: Readonly<Required<Omit<BuildSignalsOptions, 'events'>>> = Object.freeze({
  maxNeighbours: 24,
  window: 10,
  minSupport: 2,
});

/** Upper bound of `maxNeighbours`: 2 lists x (3-byte row delta + 1-byte weight) x 24 + counts stays <= 200 bytes. */
export const MAX_NEIGHBOURS = 24;

/**
 * Neighbour lists for the items `itemIds` (row i = itemIds[i]) from `interactions`. Sessions are
 * ordered by `ts` (stable: equal or missing times keep input order, a row without `ts` staying
 * after the rows it followed); an item repeated in a session counts once. Throws INVALID_OPTION
 * for a bad option.
 */
export function buildSignals(
  interactions: Iterable<Interaction>,
  itemIds: readonly string[],
  options: BuildSignalsOptions = {},
): { signals: SiteSignals; report: SignalsReport } {
  checkOptions(options);
  const collector = new InteractionCollector(itemIds, options.events);
  for (const it of interactions) collector.add(it.session, it.item, it.ts ?? Number.NaN, it.event);
  return signalsFromCollector(collector, itemIds, options);
}

/**
 * `buildSignals` for interactions already fed to `collector` (made for the same `itemIds` and
 * `options.events`): the CLI streams its file into one. Spends the collector.
 */
export function signalsFromCollector(
  collector: InteractionCollector,
  itemIds: readonly string[],
  options: BuildSignalsOptions = {},
): { signals: SiteSignals; report: SignalsReport; sessions: FlatSessions } {
  const o = checkOptions(options);
  const collected = collector.finish();
  const signals = aggregate(collected.sessions, itemIds, o);
  const report: SignalsReport = {
    sessions: collected.sessions.start.length - 1,
    interactions: collected.interactions,
    unknownItems: collected.unknownItems,
    filteredEvents: collected.filteredEvents,
    unknownIds: collected.unknownIds,
    itemsWithTogether: signals.together.filter((l) => l.rows.length > 0).length,
    itemsWithNext: signals.next.filter((l) => l.rows.length > 0).length,
  };
  // The sessions too: the build's learned space trains on them (src/learn).
  return { signals, report, sessions: collected.sessions };
}

/** The options with defaults filled in; throws INVALID_OPTION naming a bad one. */
function checkOptions(options: BuildSignalsOptions): Required<Omit<BuildSignalsOptions, 'events'>> {
  const o = { ...DEFAULT_SIGNALS_OPTIONS, ...options };
  if (!Number.isInteger(o.maxNeighbours) || o.maxNeighbours < 1 || o.maxNeighbours > MAX_NEIGHBOURS)
    throw createError(
      ErrorCodes.INVALID_OPTION,
      `signals option "maxNeighbours" must be an integer 1..${MAX_NEIGHBOURS}, got ${o.maxNeighbours}`,
    );
  if (!(o.window >= 1)) throw createError(ErrorCodes.INVALID_OPTION, `signals option "window" must be >= 1, got ${o.window}`);
  if (!Number.isInteger(o.minSupport) || o.minSupport < 1)
    throw createError(ErrorCodes.INVALID_OPTION, `signals option "minSupport" must be a positive integer, got ${o.minSupport}`);
  return o;
}

/** How a pair's session count `c` becomes a weight in (0, 1], given both items' session counts. */
export interface PairWeighting {
  /** "Together" weight of j in i's list. */
  together: (c: number, countI: number, countJ: number) => number;
  /** "Next" weight of j in i's list (c = sessions where j directly follows i). */
  next: (c: number, countI: number, countJ: number) => number;
}

/** The shipped weighting: cosine for "together", P(j follows i) for "next". */
export const DEFAULT_WEIGHTING: Readonly<PairWeighting> = Object.freeze({
  together: (c: number, ci: number, cj: number) => c / Math.sqrt(ci * cj),
  next: (c: number, ci: number) => c / ci,
});

/**
 * Sessions as one flat list of rows: session s is `rows[start[s]]` up to (not including)
 * `rows[start[s + 1]]`. Millions of sessions cost two typed arrays rather than an array each.
 */
export interface FlatSessions {
  start: Uint32Array;
  rows: Uint32Array;
}

/** `sessions` (arrays of rows) as one `FlatSessions`. */
export function flattenSessions(sessions: readonly (readonly number[])[]): FlatSessions {
  const start = new Uint32Array(sessions.length + 1);
  sessions.forEach((rows, s) => {
    start[s + 1] = start[s]! + rows.length;
  });
  const rows = new Uint32Array(start[sessions.length]!);
  sessions.forEach((r, s) => {
    rows.set(r, start[s]!);
  });
  return { start, rows };
}

/**
 * The lists from sessions already reduced to distinct rows in order, as arrays or flat. Exported
 * for the eval, which holds its splits as row sequences (and tries other weightings with `weighting`).
 */
export function aggregate(
  sessions: readonly (readonly number[])[] | FlatSessions,
  itemIds: readonly string[],
  options: Required<Omit<BuildSignalsOptions, 'events'>>,
  weighting: Readonly<PairWeighting> = DEFAULT_WEIGHTING,
): SiteSignals {
  const count = itemIds.length;
  const { start: sessionStart, rows: sessionRows } = isFlat(sessions) ? sessions : flattenSessions(sessions);
  const sessionCount = sessionStart.length - 1;
  // Where each item occurs: flat (session, position) pairs grouped by item (a CSR inverted index).
  const sessionsOf = new Float64Array(count);
  for (const r of sessionRows) sessionsOf[r]!++;
  const start = new Uint32Array(count + 1);
  for (let i = 0; i < count; i++) start[i + 1] = start[i]! + sessionsOf[i]!;
  const fill = start.slice(0, count);
  const occSession = new Uint32Array(start[count]!);
  const occPos = new Uint32Array(start[count]!);
  for (let s = 0; s < sessionCount; s++) {
    for (let k = sessionStart[s]!; k < sessionStart[s + 1]!; k++) {
      const r = sessionRows[k]!;
      occSession[fill[r]!] = s;
      occPos[fill[r]!] = k - sessionStart[s]!;
      fill[r]!++;
    }
  }
  // One item at a time, counts in dense scratch arrays (typed-array increments, ~10x a Map); only touched rows are reset.
  const pairCount = new Uint32Array(count);
  const stepCount = new Uint32Array(count);
  const touched: number[] = [];
  const stepped: number[] = [];
  const together: NeighbourList[] = [];
  const next: NeighbourList[] = [];
  const popularity = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    // Like a pair, an item's count is published only from minSupport sessions up: the artifact
    // never says "one order held this item".
    popularity[i] = sessionsOf[i]! >= options.minSupport ? quantizePopularity(sessionsOf[i]!) : 0;
    for (let o = start[i]!; o < start[i + 1]!; o++) {
      const s = occSession[o]!;
      const base = sessionStart[s]!;
      const length = sessionStart[s + 1]! - base;
      const p = occPos[o]!;
      const lo = Math.max(0, p - options.window);
      const hi = Math.min(length - 1, p + options.window);
      // Rows are distinct within a session, so each pair and each step counts once per session.
      for (let b = lo; b <= hi; b++) {
        if (b === p) continue;
        const j = sessionRows[base + b]!;
        if (pairCount[j] === 0) touched.push(j);
        pairCount[j]!++;
      }
      if (p + 1 < length) {
        const j = sessionRows[base + p + 1]!;
        if (stepCount[j] === 0) stepped.push(j);
        stepCount[j]!++;
      }
    }
    together.push(topNeighbours(touched, pairCount, options, (j, c) => weighting.together(c, sessionsOf[i]!, sessionsOf[j]!)));
    // P(j follows i): transitions out of i over the sessions holding i (not the last item everywhere).
    next.push(topNeighbours(stepped, stepCount, options, (j, c) => weighting.next(c, sessionsOf[i]!, sessionsOf[j]!)));
    for (const j of touched) pairCount[j] = 0;
    for (const j of stepped) stepCount[j] = 0;
    touched.length = 0;
    stepped.length = 0;
  }
  return { count, idsHash: fnv1a(itemIds), together, next, popularity };
}

function isFlat(sessions: readonly (readonly number[])[] | FlatSessions): sessions is FlatSessions {
  return !Array.isArray(sessions);
}

/** The strongest `maxNeighbours` of the touched rows with count >= minSupport; ties by row; rows returned ascending. */
function topNeighbours(
  rows: readonly number[],
  counts: Uint32Array,
  options: Required<Omit<BuildSignalsOptions, 'events'>>,
  weight: (j: number, c: number) => number,
): NeighbourList {
  const kept: { j: number; w: number }[] = [];
  for (const j of rows) if (counts[j]! >= options.minSupport) kept.push({ j, w: weight(j, counts[j]!) });
  if (!kept.length) return EMPTY_LIST;
  kept.sort((a, b) => b.w - a.w || a.j - b.j);
  const top = kept.slice(0, options.maxNeighbours).sort((a, b) => a.j - b.j);
  return { rows: Uint32Array.from(top, (x) => x.j), weights: Uint8Array.from(top, (x) => quantizeWeight(x.w)) };
}

/**
 * From a site's interactions to its signals. The published ones (`buildSignals`,
 * `signalsFromCollector`) are a differentially private release (release.ts): the logs are other
 * shoppers' histories. The exact aggregation (`exactSignals`, `aggregate`) is item-to-item
 * collaborative filtering as in Amazon's 2003 paper: count, per pair of items, the sessions (or
 * orders) holding both; normalise by each item's session count (cosine); keep each item's
 * strongest neighbours, and the same for consecutive items. It is the eval's reference and never
 * leaves the build machine.
 */
import { createError, ErrorCodes } from '../errors.ts';
import { InteractionCollector } from './collect.ts';
import { fnv1a } from './hash.ts';
import { EMPTY_LIST } from './lookup.ts';
import { occurrencesOf, visitNeighbours } from './occurrences.ts';
import { quantizePopularity, quantizeWeight } from './quantize.ts';
import { privateSignals } from './release.ts';
import type {
  BuildSignalsOptions,
  ExactSignalsOptions,
  Interaction,
  NeighbourList,
  SignalsReport,
  SignalsShape,
  SiteSignals,
} from './types.ts';
import { DEFAULT_WEIGHTING, type PairWeighting } from './weighting.ts';

/**
 * Defaults, chosen on the validation split (eval/signal-choice.ts, the blend re-tuned for each):
 * `window` 10 (co-occurrence counts items at most 10 positions apart in a session) lifts validation
 * HR@10 to .1258 (Office) / .1607 (MovieLens) from .1142 / .1328 with whole sessions (window 5:
 * .1250 / .1443, 20: .1223 / .1459); `maxNeighbours` 24 (the wire budget's upper bound) at window
 * 10: .1246 / .1656 vs .1258 / .1607 at 20 (a higher geometric mean), both with exact counts.
 * `minSupport` (exact aggregation only) 2 keeps pairs seen in one session out.
 */
export const DEFAULT_SIGNALS_OPTIONS: Readonly<Required<Omit<ExactSignalsOptions, 'events'>>> = Object.freeze({
  maxNeighbours: 24,
  window: 10,
  minSupport: 2,
});

/** Upper bound of `maxNeighbours`: 2 lists x (3-byte row delta + 1-byte weight) x 24 + counts stays <= 200 bytes. */
export const MAX_NEIGHBOURS = 24;

/**
 * The published signals for the items `itemIds` (row i = itemIds[i]) from `interactions`:
 * epsilon-DP per session (`options.privacy`). Sessions are ordered by `ts` (stable: equal or
 * missing times keep input order, a row without `ts` staying after the rows it followed); an item
 * repeated in a session counts once. Throws INVALID_OPTION for a bad option.
 */
export function buildSignals(
  interactions: Iterable<Interaction>,
  itemIds: readonly string[],
  options: BuildSignalsOptions = {},
): { signals: SiteSignals; report: SignalsReport } {
  checkShape(options);
  return signalsFromCollector(collect(interactions, itemIds, options.events), itemIds, options);
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
  const shape = checkShape(options);
  const collected = collector.finish();
  const { signals, privacy } = privateSignals(collected.sessions, itemIds, shape, options.privacy);
  // The sessions too: the build's learned space trains on them (src/learn).
  return { signals, report: { ...reportOf(collected, signals), privacy }, sessions: collected.sessions };
}

/**
 * The exact signals (no noise, `minSupport` the only filter), for the eval's reference and for
 * tests that need known lists. Never published: the build writes `buildSignals`'s release.
 */
export function exactSignals(
  interactions: Iterable<Interaction>,
  itemIds: readonly string[],
  options: ExactSignalsOptions = {},
): { signals: SiteSignals; report: SignalsReport } {
  const o = checkExact(options);
  const collected = collect(interactions, itemIds, options.events).finish();
  const signals = aggregate(collected.sessions, itemIds, o);
  return { signals, report: reportOf(collected, signals) };
}

function collect(interactions: Iterable<Interaction>, itemIds: readonly string[], events?: readonly string[]): InteractionCollector {
  const collector = new InteractionCollector(itemIds, events);
  for (const it of interactions) collector.add(it.session, it.item, it.ts ?? Number.NaN, it.event);
  return collector;
}

function reportOf(collected: ReturnType<InteractionCollector['finish']>, signals: SiteSignals): SignalsReport {
  return {
    sessions: collected.sessions.start.length - 1,
    interactions: collected.interactions,
    unknownItems: collected.unknownItems,
    filteredEvents: collected.filteredEvents,
    unknownIds: collected.unknownIds,
    itemsWithTogether: signals.together.filter((l) => l.rows.length > 0).length,
    itemsWithNext: signals.next.filter((l) => l.rows.length > 0).length,
  };
}

/** The list shape with defaults filled in; throws INVALID_OPTION naming a bad value. */
function checkShape(options: SignalsShape): Required<SignalsShape> {
  const o = {
    maxNeighbours: options.maxNeighbours ?? DEFAULT_SIGNALS_OPTIONS.maxNeighbours,
    window: options.window ?? DEFAULT_SIGNALS_OPTIONS.window,
  };
  if (!Number.isInteger(o.maxNeighbours) || o.maxNeighbours < 1 || o.maxNeighbours > MAX_NEIGHBOURS)
    throw createError(
      ErrorCodes.INVALID_OPTION,
      `signals option "maxNeighbours" must be an integer 1..${MAX_NEIGHBOURS}, got ${o.maxNeighbours}`,
    );
  if (!(o.window >= 1)) throw createError(ErrorCodes.INVALID_OPTION, `signals option "window" must be >= 1, got ${o.window}`);
  return o;
}

/** The exact options with defaults filled in; throws INVALID_OPTION naming a bad one. */
function checkExact(options: ExactSignalsOptions): Required<Omit<ExactSignalsOptions, 'events'>> {
  const minSupport = options.minSupport ?? DEFAULT_SIGNALS_OPTIONS.minSupport;
  if (!Number.isInteger(minSupport) || minSupport < 1)
    throw createError(ErrorCodes.INVALID_OPTION, `signals option "minSupport" must be a positive integer, got ${minSupport}`);
  return { ...checkShape(options), minSupport };
}

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
  options: Required<Omit<ExactSignalsOptions, 'events'>>,
  weighting: Readonly<PairWeighting> = DEFAULT_WEIGHTING,
): SiteSignals {
  const count = itemIds.length;
  const flat = isFlat(sessions) ? sessions : flattenSessions(sessions);
  const occ = occurrencesOf(flat, count);
  const { sessionsOf } = occ;
  // One item at a time, counts in dense scratch arrays (typed-array increments, ~10x a Map); only touched rows are reset.
  const pairCount = new Uint32Array(count);
  const stepCount = new Uint32Array(count);
  const touched: number[] = [];
  const stepped: number[] = [];
  // Rows are distinct within a session, so each pair and each step counts once per session.
  const visit = (j: number) => {
    if (pairCount[j] === 0) touched.push(j);
    pairCount[j]!++;
  };
  const step = (j: number) => {
    if (stepCount[j] === 0) stepped.push(j);
    stepCount[j]!++;
  };
  const together: NeighbourList[] = [];
  const next: NeighbourList[] = [];
  const popularity = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    // Like a pair, an item's count is published only from minSupport sessions up: the artifact
    // never says "one order held this item".
    popularity[i] = sessionsOf[i]! >= options.minSupport ? quantizePopularity(sessionsOf[i]!) : 0;
    for (let o = occ.start[i]!; o < occ.start[i + 1]!; o++) visitNeighbours(flat, occ, o, options.window, visit, step);
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
  options: Required<Omit<ExactSignalsOptions, 'events'>>,
  weight: (j: number, c: number) => number,
): NeighbourList {
  const kept: { j: number; w: number }[] = [];
  for (const j of rows) if (counts[j]! >= options.minSupport) kept.push({ j, w: weight(j, counts[j]!) });
  if (!kept.length) return EMPTY_LIST;
  kept.sort((a, b) => b.w - a.w || a.j - b.j);
  const top = kept.slice(0, options.maxNeighbours).sort((a, b) => a.j - b.j);
  return { rows: Uint32Array.from(top, (x) => x.j), weights: Uint8Array.from(top, (x) => quantizeWeight(x.w)) };
}

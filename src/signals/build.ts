/**
 * Aggregates a site's interactions into per-item neighbour lists, the way item-to-item
 * collaborative filtering has been done since Amazon's 2003 paper: count, per pair of items, the
 * sessions (or orders) holding both; normalise by each item's session count (cosine); keep each
 * item's strongest neighbours. Transitions are counted the same way for consecutive items.
 * Deterministic: the same interactions and ids give the same lists, whatever the session ids.
 */
import { createError, ErrorCodes } from '../errors.ts';
import { fnv1a } from './hash.ts';
import { EMPTY_LIST } from './lookup.ts';
import { quantizePopularity, quantizeWeight } from './quantize.ts';
import type { BuildSignalsOptions, Interaction, NeighbourList, SignalsReport, SiteSignals } from './types.ts';

/** Defaults, chosen by `npm run eval` on the validation split (see eval/tune-signals.ts). */
export const DEFAULT_SIGNALS_OPTIONS: Readonly<Required<Omit<BuildSignalsOptions, 'events'>>> = Object.freeze({
  maxNeighbours: 20,
  window: Number.POSITIVE_INFINITY,
  minSupport: 2,
});

/** Upper bound of `maxNeighbours`: 2 lists x (3-byte row delta + 1-byte weight) x 24 + counts stays <= 200 bytes. */
export const MAX_NEIGHBOURS = 24;

/**
 * Neighbour lists for the items `itemIds` (row i = itemIds[i]) from `interactions`. Sessions are
 * ordered by `ts` (stable: equal or missing times keep input order); an item repeated in a session
 * counts once. Throws INVALID_OPTION for a bad option.
 */
export function buildSignals(
  interactions: Iterable<Interaction>,
  itemIds: readonly string[],
  options: BuildSignalsOptions = {},
): { signals: SiteSignals; report: SignalsReport } {
  const o = { ...DEFAULT_SIGNALS_OPTIONS, ...options };
  if (!Number.isInteger(o.maxNeighbours) || o.maxNeighbours < 1 || o.maxNeighbours > MAX_NEIGHBOURS)
    throw createError(
      ErrorCodes.INVALID_OPTION,
      `signals option "maxNeighbours" must be an integer 1..${MAX_NEIGHBOURS}, got ${o.maxNeighbours}`,
    );
  if (!(o.window >= 1)) throw createError(ErrorCodes.INVALID_OPTION, `signals option "window" must be >= 1, got ${o.window}`);
  if (!Number.isInteger(o.minSupport) || o.minSupport < 1)
    throw createError(ErrorCodes.INVALID_OPTION, `signals option "minSupport" must be a positive integer, got ${o.minSupport}`);
  const rowOf = new Map<string, number>();
  itemIds.forEach((id, row) => {
    if (!rowOf.has(id)) rowOf.set(id, row);
  });
  const events = options.events ? new Set(options.events) : undefined;
  const report: SignalsReport = {
    sessions: 0,
    interactions: 0,
    unknownItems: 0,
    filteredEvents: 0,
    itemsWithTogether: 0,
    itemsWithNext: 0,
  };

  const bySession = new Map<string, { row: number; ts: number; n: number }[]>();
  let n = 0;
  for (const it of interactions) {
    if (events && it.event !== undefined && !events.has(it.event)) {
      report.filteredEvents++;
      continue;
    }
    const row = rowOf.get(it.item);
    if (row === undefined) {
      report.unknownItems++;
      continue;
    }
    report.interactions++;
    let list = bySession.get(it.session);
    if (!list) {
      list = [];
      bySession.set(it.session, list);
    }
    list.push({ row, ts: it.ts ?? 0, n: n++ });
  }
  report.sessions = bySession.size;
  const signals = aggregate([...bySession.values()].map(sessionRows), itemIds, o);
  report.itemsWithTogether = signals.together.filter((l) => l.rows.length > 0).length;
  report.itemsWithNext = signals.next.filter((l) => l.rows.length > 0).length;
  return { signals, report };
}

/** A session's rows in time order (stable), each item once at its first position. */
function sessionRows(list: { row: number; ts: number; n: number }[]): number[] {
  list.sort((a, b) => a.ts - b.ts || a.n - b.n);
  const seen = new Set<number>();
  const rows: number[] = [];
  for (const e of list) {
    if (seen.has(e.row)) continue;
    seen.add(e.row);
    rows.push(e.row);
  }
  return rows;
}

/**
 * The lists from sessions already reduced to distinct rows in order. Exported for the eval, which
 * holds its splits as row sequences.
 */
export function aggregate(
  sessions: readonly (readonly number[])[],
  itemIds: readonly string[],
  options: Required<Omit<BuildSignalsOptions, 'events'>>,
): SiteSignals {
  const count = itemIds.length;
  const sessionsOf = new Float64Array(count);
  const pairs: (Map<number, number> | undefined)[] = new Array(count);
  const steps: (Map<number, number> | undefined)[] = new Array(count);
  const bump = (table: (Map<number, number> | undefined)[], i: number, j: number) => {
    let m = table[i];
    if (!m) {
      m = new Map();
      table[i] = m;
    }
    m.set(j, (m.get(j) ?? 0) + 1);
  };
  for (const rows of sessions) {
    for (let a = 0; a < rows.length; a++) {
      const i = rows[a]!;
      sessionsOf[i]!++;
      const end = Math.min(rows.length, a + 1 + options.window);
      for (let b = a + 1; b < end; b++) {
        bump(pairs, i, rows[b]!);
        bump(pairs, rows[b]!, i);
      }
      // Rows are distinct within a session, so each pair and each step counts once per session.
      if (a + 1 < rows.length) bump(steps, i, rows[a + 1]!);
    }
  }
  const together: NeighbourList[] = [];
  const next: NeighbourList[] = [];
  const popularity = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    popularity[i] = quantizePopularity(sessionsOf[i]!);
    together.push(topNeighbours(pairs[i], options, (j, c) => c / Math.sqrt(sessionsOf[i]! * sessionsOf[j]!)));
    // P(j follows i): transitions out of i over the sessions holding i (not the last item everywhere).
    next.push(topNeighbours(steps[i], options, (_j, c) => c / sessionsOf[i]!));
  }
  return { count, idsHash: fnv1a(itemIds), together, next, popularity };
}

/** The strongest `maxNeighbours` entries with support >= minSupport; ties by row; rows returned ascending. */
function topNeighbours(
  counts: Map<number, number> | undefined,
  options: Required<Omit<BuildSignalsOptions, 'events'>>,
  weight: (j: number, c: number) => number,
): NeighbourList {
  if (!counts) return EMPTY_LIST;
  const kept: { j: number; w: number }[] = [];
  for (const [j, c] of counts) if (c >= options.minSupport) kept.push({ j, w: weight(j, c) });
  if (!kept.length) return EMPTY_LIST;
  kept.sort((a, b) => b.w - a.w || a.j - b.j);
  const top = kept.slice(0, options.maxNeighbours).sort((a, b) => a.j - b.j);
  return { rows: Uint32Array.from(top, (x) => x.j), weights: Uint8Array.from(top, (x) => quantizeWeight(x.w)) };
}

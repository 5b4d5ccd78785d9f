/**
 * Where each item occurs in a set of sessions: flat (session, position) pairs grouped by item (a
 * CSR inverted index), so the aggregations walk one item's sessions at a time with typed arrays.
 */
import type { FlatSessions } from './build.ts';

/** Item i occurs at `session[o]`, position `pos[o]`, for o in start[i] .. start[i + 1] - 1. */
export interface Occurrences {
  /** Sessions holding each item (its session count: rows are distinct within a session). */
  sessionsOf: Float64Array;
  start: Uint32Array;
  session: Uint32Array;
  pos: Uint32Array;
}

/** The occurrence index of `sessions` over `count` items. */
export function occurrencesOf(sessions: FlatSessions, count: number): Occurrences {
  const { start: sessionStart, rows } = sessions;
  const sessionsOf = new Float64Array(count);
  for (const r of rows) sessionsOf[r]!++;
  const start = new Uint32Array(count + 1);
  for (let i = 0; i < count; i++) start[i + 1] = start[i]! + sessionsOf[i]!;
  const fill = start.slice(0, count);
  const session = new Uint32Array(start[count]!);
  const pos = new Uint32Array(start[count]!);
  for (let s = 0; s + 1 < sessionStart.length; s++) {
    for (let k = sessionStart[s]!; k < sessionStart[s + 1]!; k++) {
      const r = rows[k]!;
      session[fill[r]!] = s;
      pos[fill[r]!] = k - sessionStart[s]!;
      fill[r]!++;
    }
  }
  return { sessionsOf, start, session, pos };
}

/**
 * Calls `visit(j)` for every item within `window` positions of one occurrence `o` of an item (not
 * the item itself), and `step(j)` for the item right after it, if any.
 */
export function visitNeighbours(
  sessions: FlatSessions,
  occ: Occurrences,
  o: number,
  window: number,
  visit: (j: number) => void,
  step: (j: number) => void,
): void {
  const base = sessions.start[occ.session[o]!]!;
  const length = sessions.start[occ.session[o]! + 1]! - base;
  const p = occ.pos[o]!;
  const lo = Math.max(0, p - window);
  const hi = Math.min(length - 1, p + window);
  for (let b = lo; b <= hi; b++) if (b !== p) visit(sessions.rows[base + b]!);
  if (p + 1 < length) step(sessions.rows[base + p + 1]!);
}

/**
 * Training pairs for the learned map: two items a visitor met within `window` steps of each other
 * in one session, in both directions (the map serves similar, complements and "for you", so
 * neither order is privileged). Each session contributes at most `maxPerSession` pairs, so one
 * long session cannot dominate what the map learns (and bounds any one shopper's share).
 */

import type { FlatSessions } from '../signals/build.ts';

/** Pair-building options. */
export interface PairOptions {
  /** Items at most this many positions apart form a pair. */
  window: number;
  /** At most this many pairs (both directions counted) from one session; the nearest steps first. */
  maxPerSession: number;
  /** 'both': (a, b) and (b, a); 'forward': only (earlier, later), for a directional space. */
  directions: 'both' | 'forward';
}

/** Starting values, not yet chosen on validation (see `DEFAULT_TRAIN_OPTIONS`). */
export const DEFAULT_PAIR_OPTIONS: Readonly<PairOptions> = Object.freeze({ window: 3, maxPerSession: 200, directions: 'both' });

/** Pairs as two parallel arrays of item rows: `from[p]` is the query, `to[p]` its positive. */
export interface Pairs {
  from: Int32Array;
  to: Int32Array;
}

/**
 * The pairs of `sessions` (item rows, in order; arrays, or flat as the build's collector gives
 * them). A repeat of the same item is not a pair.
 */
export function sessionPairs(sessions: readonly (readonly number[])[] | FlatSessions, options: Readonly<Partial<PairOptions>> = {}): Pairs {
  const o = { ...DEFAULT_PAIR_OPTIONS, ...options };
  const from: number[] = [];
  const to: number[] = [];
  for (const s of eachSession(sessions)) {
    let taken = 0;
    // Step distance 1 first, then 2, ...: the cap keeps the closest pairs.
    for (let gap = 1; gap <= o.window && taken < o.maxPerSession; gap++) {
      for (let i = 0; i + gap < s.length && taken < o.maxPerSession; i++) {
        const a = s[i]!;
        const b = s[i + gap]!;
        if (a === b) continue;
        from.push(a);
        to.push(b);
        taken++;
        if (o.directions === 'forward') continue;
        from.push(b);
        to.push(a);
        taken++;
      }
    }
  }
  return { from: Int32Array.from(from), to: Int32Array.from(to) };
}

/**
 * Which of `n` items may have an offset: 1 for an item in at least `minSupport` distinct sessions
 * (the site signals' minimum support), so no item's place is learned from one shopper's visits.
 * The build and the eval both read this (an item left at 0 ranks by f(text) alone).
 */
export function supportedItems(sessions: readonly (readonly number[])[] | FlatSessions, n: number, minSupport: number): Uint8Array {
  const count = new Uint32Array(n);
  const last = new Int32Array(n).fill(-1);
  let k = 0;
  for (const s of eachSession(sessions)) {
    for (let i = 0; i < s.length; i++) {
      const row = s[i]!;
      if (last[row] !== k) count[row]!++;
      last[row] = k;
    }
    k++;
  }
  return Uint8Array.from(count, (c) => (c >= minSupport ? 1 : 0));
}

/** Each session's rows, from arrays or from the flat form. */
export function* eachSession(sessions: readonly (readonly number[])[] | FlatSessions): Iterable<ArrayLike<number>> {
  if (Array.isArray(sessions)) {
    yield* sessions as readonly (readonly number[])[];
    return;
  }
  const { start, rows } = sessions as FlatSessions;
  for (let k = 0; k + 1 < start.length; k++) yield rows.subarray(start[k]!, start[k + 1]!);
}

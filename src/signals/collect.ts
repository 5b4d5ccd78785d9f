/**
 * Interactions held compactly while a log streams in, for `buildSignals`: a build may read tens of
 * millions of rows, and one object per row (plus the file as one string) cost 2.2 GB at 5M rows.
 * Here a kept row is 16 bytes in typed-array blocks (session number, catalog row, time), added a
 * block at a time so growing never copies; session ids are interned to numbers as they arrive and
 * their strings dropped once read; rows of unknown items or filtered events are only counted.
 */
import type { FlatSessions } from './build.ts';

/** How many unknown item ids a report names. */
export const UNKNOWN_ID_SAMPLE = 5;
/** Distinct event names remembered for messages (a free-text column could hold millions). */
const MAX_EVENT_NAMES = 50;
/** Rows per storage block (1 MB of columns): small enough that the last block's slack is negligible. */
const BLOCK_BITS = 16;
const BLOCK = 1 << BLOCK_BITS;
const MASK = BLOCK - 1;

/** What an `InteractionCollector` holds once every row is in. */
export interface CollectedInteractions {
  /** Per session (in order of its first kept row): its distinct catalog rows in time order. */
  sessions: FlatSessions;
  /** Rows kept (known item, event allowed). */
  interactions: number;
  /** Rows naming an item not in the id list (skipped). */
  unknownItems: number;
  /** Rows left out by the `events` filter. */
  filteredEvents: number;
  /** The first few distinct unknown item ids, in file order. */
  unknownIds: string[];
}

/**
 * Accumulates interactions (`add`) against a fixed item id list, then groups them into ordered
 * sessions (`finish`, once). Order within a session: by time, stable, and a row without a time
 * takes the time of the row before it in the session (or sorts first when no row before it has
 * one), so "equal or missing times keep input order" holds: a row without a time never jumps
 * ahead of rows it followed in the file.
 */
export class InteractionCollector {
  /** Rows naming an item not in the id list. */
  unknownItems = 0;
  /** Rows left out by the events filter. */
  filteredEvents = 0;
  /** The first `UNKNOWN_ID_SAMPLE` distinct unknown item ids. */
  readonly unknownIds: string[] = [];
  /** Distinct event names seen (the first 50), for messages about the events filter. */
  readonly eventNames = new Set<string>();
  /** Rows per event name of the filter (0: the name never occurs). */
  readonly eventCounts: Map<string, number> | undefined;
  private readonly rowOf = new Map<string, number>();
  private readonly itemCount: number;
  private sessionIds = new Map<string, number>();
  private sessionOf: Uint32Array[] = [];
  private rowAt: Uint32Array[] = [];
  private tsAt: Float64Array[] = [];
  private length = 0;
  private lastSession: string | undefined;
  private lastIndex = 0;

  /** Rows are numbered by `itemIds` (the first occurrence of a repeated id wins); `events`, when given, is the filter. */
  constructor(itemIds: readonly string[], events?: readonly string[]) {
    itemIds.forEach((id, row) => {
      if (!this.rowOf.has(id)) this.rowOf.set(id, row);
    });
    this.itemCount = itemIds.length;
    this.eventCounts = events ? new Map(events.map((e) => [e, 0])) : undefined;
  }

  /** Rows kept so far. */
  get interactions(): number {
    return this.length;
  }

  /** One interaction: `ts` NaN when unknown, `event` undefined when the row has none (such rows pass any filter). */
  add(session: string, item: string, ts: number, event: string | undefined): void {
    if (event !== undefined) {
      if (this.eventNames.size < MAX_EVENT_NAMES && !this.eventNames.has(event)) this.eventNames.add(detach(event));
      if (this.eventCounts) {
        const n = this.eventCounts.get(event);
        if (n === undefined) {
          this.filteredEvents++;
          return;
        }
        this.eventCounts.set(event, n + 1);
      }
    }
    const row = this.rowOf.get(item);
    if (row === undefined) {
      this.unknownItems++;
      if (this.unknownIds.length < UNKNOWN_ID_SAMPLE && !this.unknownIds.includes(item)) this.unknownIds.push(detach(item));
      return;
    }
    // Logs usually list a session's rows together: comparing with the previous row's session skips
    // most lookups in a map of millions.
    let s = session === this.lastSession ? this.lastIndex : this.sessionIds.get(session);
    if (s === undefined) {
      s = this.sessionIds.size;
      this.sessionIds.set(detach(session), s);
    }
    this.lastSession = session;
    this.lastIndex = s;
    const b = this.length >>> BLOCK_BITS;
    if (b === this.rowAt.length) {
      this.sessionOf.push(new Uint32Array(BLOCK));
      this.rowAt.push(new Uint32Array(BLOCK));
      this.tsAt.push(new Float64Array(BLOCK));
    }
    const k = this.length & MASK;
    this.sessionOf[b]![k] = s;
    this.rowAt[b]![k] = row;
    this.tsAt[b]![k] = ts;
    this.length++;
  }

  /** Groups the rows into sessions and releases the row arrays; the collector is spent afterwards. */
  finish(): CollectedInteractions {
    const n = this.length;
    const count = this.sessionIds.size;
    // Session ids were only needed to group rows as they came; the numbers do from here on.
    this.sessionIds = new Map();
    this.lastSession = undefined;
    const { sessionOf, rowAt, tsAt } = this;
    this.sessionOf = [];
    this.rowAt = [];
    this.tsAt = [];
    this.length = 0;
    // A counting sort by session keeps each session's rows in input order.
    const start = new Uint32Array(count + 1);
    for (let i = 0; i < n; i++) start[sessionOf[i >>> BLOCK_BITS]![i & MASK]! + 1]!++;
    for (let s = 0; s < count; s++) start[s + 1]! += start[s]!;
    const fill = start.slice(0, count);
    const order = new Uint32Array(n);
    for (let i = 0; i < n; i++) order[fill[sessionOf[i >>> BLOCK_BITS]![i & MASK]!]!++] = i;
    sessionOf.length = 0; // no longer needed: free it before the output is allocated
    const seenIn = new Int32Array(this.itemCount).fill(-1); // the session an item was last kept in
    // Distinct rows never outnumber rows: the flat output fits in `n`.
    const flat = new Uint32Array(n);
    const sessionStart = new Uint32Array(count + 1);
    let end = 0;
    const times: number[] = [];
    const rows: number[] = [];
    for (let s = 0; s < count; s++) {
      times.length = 0;
      rows.length = 0;
      let previous = Number.NEGATIVE_INFINITY;
      let sorted = true;
      for (let o = start[s]!; o < start[s + 1]!; o++) {
        const i = order[o]!;
        const stamp = tsAt[i >>> BLOCK_BITS]![i & MASK]!;
        const t = Number.isNaN(stamp) ? previous : stamp;
        if (t < previous) sorted = false;
        previous = t;
        times.push(t);
        rows.push(rowAt[i >>> BLOCK_BITS]![i & MASK]!);
      }
      // An item repeated in a session counts once, at its first position.
      for (const r of sorted ? rows : stableOrder(rows, times)) {
        if (seenIn[r] === s) continue;
        seenIn[r] = s;
        flat[end++] = r;
      }
      sessionStart[s + 1] = end;
    }
    return {
      sessions: { start: sessionStart, rows: flat.subarray(0, end) },
      interactions: n,
      unknownItems: this.unknownItems,
      filteredEvents: this.filteredEvents,
      unknownIds: [...this.unknownIds],
    };
  }
}

/** `rows` ordered by `times`, ties in their given order. */
function stableOrder(rows: readonly number[], times: readonly number[]): number[] {
  const at = rows.map((_, k) => k);
  at.sort((a, b) => (times[a]! < times[b]! ? -1 : times[a]! > times[b]! ? 1 : a - b));
  return at.map((k) => rows[k]!);
}

/**
 * A copy of `s` that does not share memory with the line it was cut from. V8 keeps a substring of
 * 13+ characters as a view into its parent, so a long session id kept as a map key would keep its
 * whole input chunk (64 KB from a file stream) alive; the concatenation forces a fresh string.
 */
function detach(s: string): string {
  return ` ${s}`.slice(1);
}

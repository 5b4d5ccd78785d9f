/**
 * Types of the site's aggregated signals: what a site's own order and session logs say about its
 * items ("bought together", "viewed next", how popular), reduced to per-item neighbour lists of
 * catalog row numbers and quantized weights. Nothing in them names a visitor, a session or a time.
 */
import type { PrivacyOptions, PrivacyReport } from './private.ts';

/** One interaction from the site's logs: an item seen, carted or bought in a session or order. */
export interface Interaction {
  /** Session, order or (pseudonymous) visitor id: groups interactions; never kept in the output. */
  session: string;
  /** Catalog item id. */
  item: string;
  /**
   * Any increasing number (epoch seconds, milliseconds, a position): orders a session. Equal times
   * keep input order; a row without one stays after the row it followed in its session.
   */
  ts?: number;
  /** Event type (`view`, `cart`, `purchase`, ...), for `BuildSignalsOptions.events`. */
  event?: string;
}

/**
 * One item's neighbours: `rows[i]` (a row of the item id list the signals were built for) with the
 * quantized weight `weights[i]` (1..255, see `dequantize`). Rows are ascending (compact on the wire);
 * callers rank by weight.
 */
export interface NeighbourList {
  rows: Uint32Array;
  weights: Uint8Array;
}

/** Per-item signals for a catalog of `count` items (rows 0..count-1 of the id list given to `buildSignals`). */
export interface SiteSignals {
  /** Number of items (rows). */
  count: number;
  /** FNV-1a hash of the item id list, so a decoder can refuse lists built for another catalog. */
  idsHash: number;
  /** Co-occurrence ("bought / viewed together"): cosine of session counts, strongest `maxNeighbours`. */
  together: NeighbourList[];
  /** Transitions ("viewed next"): P(next item | this item), strongest `maxNeighbours`. */
  next: NeighbourList[];
  /** Log-scale session counts per row (see `popularityCount`); 0 = never seen. */
  popularity: Uint8Array;
}

/** The shape of the lists, shared by the published and the exact signals. */
export interface SignalsShape {
  /** Neighbours kept per item and per list (default 24, also the most allowed: it keeps the wire size <= 200 bytes per item). */
  maxNeighbours?: number;
  /** Co-occurrence counts pairs at most this many positions apart in a session (default 10; Infinity: the whole session). */
  window?: number;
}

/** Options of `buildSignals`. Defaults are chosen by `npm run eval` on a validation split. */
export interface BuildSignalsOptions extends SignalsShape {
  /**
   * Only interactions with one of these event types count, compared exactly (default: all). Rows
   * without an `event` always count: a log that records no event type says nothing to filter on.
   */
  events?: readonly string[];
  /** The differential-privacy budget of the release (src/signals/private.ts); epsilon 1 per session by default. */
  privacy?: PrivacyOptions;
}

/** Options of the exact aggregation (`exactSignals`, `aggregate`): the eval's reference, never published. */
export interface ExactSignalsOptions extends SignalsShape {
  /** A pair or transition must occur in at least this many distinct sessions to be kept (default 2). */
  minSupport?: number;
  /** As in `BuildSignalsOptions`. */
  events?: readonly string[];
}

/** What `buildSignals` used and skipped, for the build CLI's report. */
export interface SignalsReport {
  sessions: number;
  interactions: number;
  /** Interactions naming an item not in the id list (skipped). */
  unknownItems: number;
  /** The first few distinct unknown item ids, in input order (so an id mix-up, e.g. SKUs for ids, shows). */
  unknownIds: string[];
  /** Interactions left out by the `events` filter. */
  filteredEvents: number;
  /** Items with at least one co-occurrence / transition neighbour. */
  itemsWithTogether: number;
  itemsWithNext: number;
  /** What the private release spent and published (absent for the exact aggregation). */
  privacy?: PrivacyReport;
}

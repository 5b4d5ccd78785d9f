/**
 * What a list's status line says, from what the list knows. One pure function for the element and
 * the React component, so both say the same thing in the same state:
 * - before the first results: "Loading…" (beside placeholder cards), or the embedding progress;
 * - quick (keyword) results shown before any progress is known (the catalog or the model still
 *   loading): "Quick matches for now…", so the line is never empty over warming results;
 * - a first visit's stand-ins from the build's starter file: "Popular items for now…" (or
 *   "A selection…"), until the catalog is in;
 * - while the catalog embeds: "Warming up…", then "(n of N)" once a first share is done (not
 *   "(0 of N)" while the first batches run), and a progress bar; never once it is done;
 * - while prebuilt vectors download: "Loading recommendations (p%)" and the bar;
 * - after a failure: "Showing simpler results." over fallback results, "Recommendations are
 *   unavailable." only when nothing is shown: never results under an "unavailable" message.
 */
import type { MessageVars, StringKey } from './strings.ts';

/** What the list knows about its recommender and its results. */
export interface ListState {
  /** The results shown, or undefined before the first ones arrived. */
  count: number | undefined;
  /** The shown results come from the warming-up (lexical) fallback. */
  warming: boolean;
  /** The shown results are a first visit's stand-ins from the build's starter file (their `basis`). */
  starter?: 'popular' | 'sample';
  /** Embedding progress while it runs (`done < total`); `unit: 'bytes'` while prebuilt vectors download. */
  progress?: { done: number; total: number; unit?: 'items' | 'bytes' };
  /** The recommender reported a failure, or never answered. */
  failed: boolean;
  /** The last fetch of this list failed. */
  fetchFailed: boolean;
}

/** The status line: a message (or none), the progress bar value (or none), and its tone. */
export interface StatusLine {
  key?: StringKey;
  vars?: MessageVars;
  /** 0..1 while embedding; undefined hides the bar. */
  progress?: number;
  /** True while the first results are still coming (placeholder cards are shown). */
  busy: boolean;
  tone: 'info' | 'warning';
}

/** The status line for `s`. */
export function statusLine(s: ListState): StatusLine {
  const shown = s.count ?? 0;
  if (s.failed || s.fetchFailed) {
    if (shown === 0) return { key: 'status.unavailable', busy: false, tone: 'warning' };
    // Results are on screen: say so plainly when they are the simpler ones, else keep quiet.
    return s.warming ? { key: 'status.simpler', busy: false, tone: 'warning' } : { busy: false, tone: 'info' };
  }
  const busy = s.count === undefined;
  // Stand-ins on screen: say what they are, whatever downloads meanwhile.
  if (s.starter && shown > 0) return { key: s.starter === 'popular' ? 'status.popular' : 'status.sample', busy, tone: 'info' };
  if (s.progress && s.progress.done < s.progress.total) {
    const { done, total } = s.progress;
    if (s.progress.unit === 'bytes') {
      const percent = total ? Math.floor((done * 100) / total) : 0;
      return { key: 'status.downloading', vars: { percent }, progress: total ? done / total : 0, busy, tone: 'info' };
    }
    const progress = total ? done / total : 0;
    if (done === 0) return { key: 'status.warming-start', progress, busy, tone: 'info' };
    return { key: 'status.warming', vars: { done, total, count: total }, progress, busy, tone: 'info' };
  }
  if (busy) return { key: 'status.loading', busy, tone: 'info' };
  return s.warming && shown > 0 ? { key: 'status.quick', busy, tone: 'info' } : { busy, tone: 'info' };
}

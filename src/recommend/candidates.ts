/**
 * The candidates of one "for you" / "similar" request and everything the blend scores them by,
 * gathered once: each anchor's nearest neighbours by content, its "together" and "next"
 * neighbours from the site's signals, and the most popular items. For every candidate the table
 * holds its cosine with EVERY anchor (not only the one that found it) and its signal weight from
 * every anchor, so `blendScores` can weigh anchors without searching again (and the eval can try
 * many weightings on one table).
 */
import type { SignalLookup } from '../signals/lookup.ts';
import { dotF32 } from '../vector-index/dot.ts';
import type { RowFilter, VectorIndex } from '../vector-index/index.ts';
import type { Anchor } from './history.ts';
import type { WordOverlapLookup } from './word-overlap.ts';

/** Content neighbours gathered per anchor; the blend re-ranks them (not tuned). */
export const CONTENT_CANDIDATES = 50;
/** Popular items added as candidates when signals are present. */
export const POPULAR_CANDIDATES = 50;
/** Word-overlap neighbours gathered per anchor when a term index is given (not tuned). */
export const WORD_OVERLAP_CANDIDATES = 50;

/** Per-candidate, per-anchor inputs of the blend. Matrices are row-major: candidate x anchor. */
export interface CandidateTable {
  keys: string[];
  anchors: Anchor[];
  /** Cosine of candidate i with anchor a at [i * anchors.length + a]; NaN when either has no vector. */
  cosine: Float32Array;
  /** "Together" weight of candidate i in anchor a's list (0 when absent). */
  together: Float32Array;
  /** "Next" weight of candidate i in anchor a's list (0 when absent). */
  next: Float32Array;
  /** Popularity of each candidate in [0, 1] (0 without signals). */
  popularity: Float32Array;
  /** TF-IDF cosine of candidate i's text with anchor a's at [i * anchors.length + a] (0 without a term index). */
  wordOverlap: Float32Array;
  /** 1 for an anchor with a published "together" or "next" list, else 0 (see `BlendWeights.wordOverlapUnlisted`). */
  listed: Uint8Array;
}

/**
 * A second space for the items the first one can only place from their text (the learned space's
 * items the logs never named): their candidates come from the text index, and their cosine with
 * each anchor is the text cosine mapped onto the first space's scale (`rescale`, by z-score), so
 * the blend weighs them as the raw space would.
 */
export interface TextFallback {
  /** The text vectors' index (the page's own). */
  index: VectorIndex;
  /** Whether the first space places `key` from its text alone. */
  covers: (key: string) => boolean;
  /** A text cosine on the first space's scale. */
  rescale: (cosine: number) => number;
}

/** Where candidates come from. */
export interface CandidateSources {
  index: VectorIndex;
  signals?: SignalLookup;
  /** Content neighbours per anchor (default `CONTENT_CANDIDATES`). */
  contentCandidates?: number;
  /** Popular items added (default `POPULAR_CANDIDATES`; only with signals). */
  popularCandidates?: number;
  /** Word overlap of item texts (see word-overlap.ts): its neighbours become candidates and its cosine a blend input. */
  wordOverlap?: WordOverlapLookup;
  /**
   * The query vector of an anchor (default: its own vector, `index.vector`). Candidates and their
   * cosines come from it; the eval tries expanded queries here (eval/expansion.ts).
   */
  anchorQuery?: (key: string) => Float32Array | undefined;
  /** Keys the page can show (its catalog): a signal neighbour outside it is never a candidate. Default: every key. */
  known?: (key: string) => boolean;
  /**
   * Whether the signals' lists ("together", "next", popular) bring candidates of their own (default
   * true). Without, the signals only weigh the content candidates: what "similar" uses, so that
   * bought-together items never enter a list of substitutes.
   */
  signalCandidates?: boolean;
  /** Items ranked by their text vectors instead of `index`'s (see `TextFallback`). */
  textFallback?: TextFallback;
}

/**
 * Gathers candidates for `anchors`: never an excluded item, never one the filter rejects. Anchors
 * without a vector still contribute their signal and word neighbours (a new item in the catalog,
 * not yet embedded, or an item only the site's logs know).
 */
export function gatherCandidates(
  anchors: readonly Anchor[],
  sources: CandidateSources,
  filter: RowFilter | undefined,
  exclude: ReadonlySet<string>,
): CandidateTable {
  const { index, signals, known } = sources;
  // A key without a vector comes only from the signals: kept when the catalog has it (not yet embedded).
  const keep = (key: string) => !exclude.has(key) && (!filter || filter(key)) && (index.has(key) || (!!signals && (!known || known(key))));
  const keys: string[] = [];
  const slot = new Map<string, number>();
  const add = (key: string) => {
    if (!slot.has(key) && keep(key)) {
      slot.set(key, keys.length);
      keys.push(key);
    }
  };
  const vectors = anchors.map((a) => (sources.anchorQuery ? sources.anchorQuery(a.key) : index.vector(a.key)));
  vectors.forEach((v) => {
    if (v) for (const hit of index.search(v, sources.contentCandidates ?? CONTENT_CANDIDATES, { filter, exclude })) add(hit.key);
  });
  const { textFallback: text } = sources;
  const textVectors = text ? anchors.map((a) => text.index.vector(a.key)) : [];
  if (text) {
    const textFilter: RowFilter = (key) => text.covers(key) && (!filter || filter(key));
    for (const v of textVectors)
      if (v)
        for (const hit of text.index.search(v, sources.contentCandidates ?? CONTENT_CANDIDATES, { filter: textFilter, exclude }))
          add(hit.key);
  }
  const lists = anchors.map((a) => ({ together: signals?.together(a.key) ?? [], next: signals?.next(a.key) ?? [] }));
  if (sources.signalCandidates !== false) {
    for (const l of lists) {
      for (const n of l.together) add(n.key);
      for (const n of l.next) add(n.key);
    }
    if (signals) for (const key of signals.popular(sources.popularCandidates ?? POPULAR_CANDIDATES)) add(key);
  }
  const { wordOverlap: words } = sources;
  if (words) for (const a of anchors) for (const n of words.neighbours(a.key, WORD_OVERLAP_CANDIDATES)) add(n.key);

  const m = anchors.length;
  const cosine = new Float32Array(keys.length * m).fill(Number.NaN);
  const together = new Float32Array(keys.length * m);
  const next = new Float32Array(keys.length * m);
  const popularity = new Float32Array(keys.length);
  const wordOverlap = new Float32Array(keys.length * m);
  keys.forEach((key, i) => {
    if (words)
      anchors.forEach((a, j) => {
        wordOverlap[i * m + j] = words.similarity(a.key, key);
      });
    const t = text?.covers(key) ? text.index.vector(key) : undefined;
    const v = t ? undefined : index.vector(key);
    if (t)
      textVectors.forEach((a, j) => {
        if (a) cosine[i * m + j] = text!.rescale(dotF32(a, 0, t, 0, t.length));
      });
    else if (v)
      vectors.forEach((a, j) => {
        if (a) cosine[i * m + j] = dotF32(a, 0, v, 0, v.length);
      });
    if (signals) popularity[i] = signals.popularity(key);
  });
  lists.forEach((l, j) => {
    for (const n of l.together) if (slot.has(n.key)) together[slot.get(n.key)! * m + j] = n.weight;
    for (const n of l.next) if (slot.has(n.key)) next[slot.get(n.key)! * m + j] = n.weight;
  });
  const listed = Uint8Array.from(lists, (l) => (l.together.length + l.next.length > 0 ? 1 : 0));
  return { keys, anchors: [...anchors], cosine, together, next, popularity, wordOverlap, listed };
}

/**
 * The ranking modes over content AND the site's signals: "for you" (history anchors), "similar"
 * (one anchor) and "complements" ("frequently bought together"). Each gathers candidates, blends
 * their scores (`blendScores`), cuts at a calibrated `minScore` when given, then optionally diversifies (MMR).
 * Without signals they rank by content alone with the same code. Pure functions: the worker and
 * the eval run the same code.
 */
import type { SignalLookup } from '../signals/lookup.ts';
import type { RowFilter, VectorIndex } from '../vector-index/index.ts';
import { type BlendWeights, blendScores, CONTENT_BLEND, DEFAULT_BLEND, weighsWordOverlap } from './blend.ts';
import type { ScoreCalibration } from './calibration.ts';
import { CONTENT_CANDIDATES, gatherCandidates, type TextFallback } from './candidates.ts';
import type { Anchor, HistoryProfile } from './history.ts';
import { mmrRerank } from './mmr.ts';
import type { RankedItem } from './types.ts';
import type { WordOverlapLookup } from './word-overlap.ts';

/** What the blended modes rank with. Everything is optional: without signals it is content only. */
export interface BlendOptions {
  /** The site's signals (see src/signals); without them the content-only defaults apply. */
  signals?: SignalLookup;
  /** The catalog's random-pair scale; without it raw cosines are blended (weights then fit less well). */
  calibration?: ScoreCalibration;
  /** Blend weights (default `DEFAULT_BLEND` with signals, `CONTENT_BLEND` without). */
  weights?: Readonly<BlendWeights>;
  /** MMR diversity 0..1 (default 0: relevance order). */
  diversity?: number;
  /** Word overlap of the item texts (see word-overlap.ts); without it content is the cosine alone. */
  wordOverlap?: WordOverlapLookup;
  /**
   * Keys the page can show (its catalog). The site's signals name items by the artifact's ids, and
   * an item removed from the catalog since the build would otherwise take a slot and be dropped
   * later, leaving the list short. Default: every key.
   */
  known?: (key: string) => boolean;
  /**
   * The relevance cut-off (`minScore`), applied to the whole ranked list BEFORE it is cut to `k`
   * and diversified: a blended score is not monotone in the cosine the cut judges, and MMR would
   * otherwise spend slots on items the cut then drops.
   */
  cut?: (ranked: RankedItem[]) => RankedItem[];
  /** Whether the signals bring candidates of their own (default true; see `CandidateSources`). */
  signalCandidates?: boolean;
  /** The query vector of an anchor (see `CandidateSources.anchorQuery`): the learned space's query side. */
  anchorQuery?: (key: string) => Float32Array | undefined;
  /** Items ranked by their text vectors instead of `index`'s (see `TextFallback`). */
  textFallback?: TextFallback;
}

/**
 * "For you" from the visitor's history anchors, blended with the site's signals when given. Seen
 * and dismissed items never come back; each result names the anchor that contributed most.
 * Replaces `forYouItems` in the engine (same inputs plus `options`).
 */
export function forYouBlended(
  index: VectorIndex,
  profile: HistoryProfile,
  k: number,
  filter: RowFilter | undefined,
  options: BlendOptions = {},
): RankedItem[] {
  const exclude = new Set([...profile.seen, ...profile.dismissed]);
  return rankAnchors(index, profile.anchors, k, filter, exclude, options);
}

/**
 * "Similar" to one item, blended with its "together" and "next" neighbours when signals are given
 * (the same weights as "for you", one anchor). Never the item itself or a dismissed item.
 */
export function similarBlended(
  index: VectorIndex,
  key: string,
  k: number,
  filter: RowFilter | undefined,
  dismissed: ReadonlySet<string>,
  options: BlendOptions = {},
): RankedItem[] {
  const exclude = new Set(dismissed);
  exclude.add(key);
  const anchor: Anchor = { key, type: 'view', weight: 1 };
  return rankAnchors(index, [anchor], k, filter, exclude, options).map(({ because: _, ...r }) => r);
}

function rankAnchors(
  index: VectorIndex,
  anchors: readonly Anchor[],
  k: number,
  filter: RowFilter | undefined,
  exclude: ReadonlySet<string>,
  options: BlendOptions,
): RankedItem[] {
  const weights = options.weights ?? (options.signals ? DEFAULT_BLEND : CONTENT_BLEND);
  // Word overlap only when it weighs something: its candidates and similarities cost ~1 ms at 100k.
  const wordOverlap = weighsWordOverlap(weights) ? options.wordOverlap : undefined;
  const diversity = options.diversity ?? 0;
  // At least k content neighbours per anchor, so a list of k > 50 fills. Not k times MMR's pool
  // factor: the defaults were chosen on validation with 50 (the eval ranks 20 with MMR), and a
  // larger pool per anchor changed them (MovieLens content-only for-you .0508 -> .0492).
  const contentCandidates = Math.max(CONTENT_CANDIDATES, k);
  const sources = {
    index,
    signals: options.signals,
    wordOverlap,
    contentCandidates,
    known: options.known,
    signalCandidates: options.signalCandidates,
    anchorQuery: options.anchorQuery,
    textFallback: options.textFallback,
  };
  const table = gatherCandidates(anchors, sources, filter, exclude);
  const { scores, because } = blendScores(table, weights, options.calibration);
  const sorted = table.keys
    .map((key, i): RankedItem => {
      const a = table.anchors[because[i]!]!;
      return { key, score: scores[i]!, because: { key: a.key, type: a.type } };
    })
    .sort((a, b) => b.score - a.score || (a.key < b.key ? -1 : 1));
  const ranked = options.cut ? options.cut(sorted) : sorted;
  return diversity > 0 ? mmrRerank(ranked, (key) => index.vector(key), k, diversity) : ranked.slice(0, k);
}

/** What `complementItems` returns. */
export interface Complements {
  items: RankedItem[];
  /** How many of `items` (the first ones) come from the "bought together" list; the rest are content-similar items. */
  fromSignals: number;
  /** True when none came from signals (the item has no "together" list, or no signals were given): a content-only list. */
  fallback: boolean;
}

/**
 * "Frequently bought together": the item's strongest co-occurrence neighbours that pass the
 * filter (and `content.known`), then (when fewer than `k`) the items `similarBlended` ranks from
 * content alone (cosine plus word overlap when `content.wordOverlap` is given; `content.diversity` and
 * `content.cut` apply to these fill-ins only: the signal items are bought together, whatever their
 * text) to fill the list; each item's `basis`, `fromSignals` and `fallback` say which is which so
 * a page can label them. Word overlap in the fill-ins lifted Office also_bought HR@10 from .7123
 * to .7307 (docs/quality.md). `content.weights`: the fill-ins' blend (default `CONTENT_BLEND`).
 */
export function complementItems(
  index: VectorIndex,
  key: string,
  k: number,
  filter: RowFilter | undefined,
  dismissed: ReadonlySet<string>,
  signals: SignalLookup | undefined,
  content: Pick<
    BlendOptions,
    'calibration' | 'wordOverlap' | 'diversity' | 'cut' | 'known' | 'weights' | 'anchorQuery' | 'textFallback'
  > = {},
): Complements {
  const items = togetherItems(key, k, filter, dismissed, signals, content.known);
  const fromSignals = items.length;
  if (items.length < k && index.has(key)) {
    const exclude = new Set(dismissed);
    for (const i of items) exclude.add(i.key);
    const fill = similarBlended(index, key, k - items.length, filter, exclude, content);
    // Content scores (z-units) follow the signal items: shifted to end just below the weakest of them.
    const shift = fromSignals && fill.length ? fill[0]!.score - items[fromSignals - 1]!.score + 1 : 0;
    for (const hit of fill) items.push({ key: hit.key, score: hit.score - shift, basis: 'content' });
  }
  return { items, fromSignals, fallback: fromSignals === 0 };
}

/**
 * The first part of "frequently bought together": `key`'s strongest "together" neighbours that pass
 * the filter, are not dismissed and are `known` (in the page's catalog), marked `basis: 'signals'`.
 */
export function togetherItems(
  key: string,
  k: number,
  filter: RowFilter | undefined,
  dismissed: ReadonlySet<string>,
  signals: SignalLookup | undefined,
  known?: (key: string) => boolean,
): RankedItem[] {
  const keep = (x: string) => x !== key && !dismissed.has(x) && (!filter || filter(x)) && (!known || known(x));
  return (signals?.together(key) ?? [])
    .filter((n) => keep(n.key))
    .slice(0, k)
    .map((n) => ({ key: n.key, score: n.weight, basis: 'signals' }));
}
